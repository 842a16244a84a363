"""training/data/maze.py: shortest path label, uniqueness, dihedral augmentation, format, dedupe."""
import random
import unittest
from collections import deque

import numpy as np

from training.data import heldout, maze


def bfs_len(q):
    s = tuple(np.argwhere(q == maze.START)[0])
    g = tuple(np.argwhere(q == maze.GOAL)[0])
    dist = {s: 0}
    dq = deque([s])
    while dq:
        r, c = dq.popleft()
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            p = (r + dr, c + dc)
            if 0 <= p[0] < q.shape[0] and 0 <= p[1] < q.shape[1] and q[p] != maze.WALL and p not in dist:
                dist[p] = dist[(r, c)] + 1
                dq.append(p)
    return dist[g] + 1


def path_is_connected(a):
    cells = {tuple(x) for x in np.argwhere((a == maze.PATH) | (a == maze.START) | (a == maze.GOAL))}
    s = tuple(np.argwhere(a == maze.START)[0])
    seen = {s}
    dq = deque([s])
    while dq:
        r, c = dq.popleft()
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            p = (r + dr, c + dc)
            if p in cells and p not in seen:
                seen.add(p)
                dq.append(p)
    return seen == cells


class MazeGenerator(unittest.TestCase):
    def test_answer_is_the_unique_shortest_path(self):
        for size, loops in ((9, 0.0), (15, 0.1), (30, 0.05)):
            for m in maze.generate(size, 4, seed=3, loops=loops):
                self.assertEqual(m.question.shape, (size, size))
                self.assertEqual(int((m.question == maze.START).sum()), 1)
                self.assertEqual(int((m.question == maze.GOAL).sum()), 1)
                self.assertFalse((m.question == maze.PATH).any())
                on_path = int((m.answer == maze.PATH).sum()) + 2
                self.assertEqual(on_path, m.path_len)
                self.assertEqual(bfs_len(m.question), m.path_len)
                self.assertTrue(path_is_connected(m.answer))
                _, unique = maze.shortest_path(m.question)
                self.assertTrue(unique)
                keep = m.answer != maze.PATH
                self.assertTrue(np.array_equal(m.answer[keep], m.question[keep]))

    def test_path_length_band_is_respected(self):
        m = maze.make_maze(30, 30, random.Random(1), min_len=110)
        self.assertGreaterEqual(m.path_len, 110)
        with self.assertRaises(ValueError):
            maze.make_maze(31, 31, random.Random(1))

    def test_smaller_mazes_are_padded_with_walls(self):
        for m in maze.generate(11, 3, seed=2, sizes=[5, 7]):
            self.assertEqual(m.question.shape, (11, 11))
            self.assertTrue((m.question[7:, :] == maze.WALL).all())

    def test_dihedral_augmentation_keeps_the_label_a_shortest_path_and_signature_is_invariant(self):
        rng = np.random.default_rng(0)
        m = maze.generate(13, 1, seed=9, loops=0.1)[0]
        for t in range(8):
            q = maze.dihedral(m.question, t)
            a = maze.dihedral(m.answer, t)
            self.assertTrue(np.array_equal(maze.solve(np.ascontiguousarray(q)), a))
            self.assertEqual(maze.signature(np.ascontiguousarray(q)), maze.signature(m.question))
            back = maze.dihedral(q, maze.DIHEDRAL_INVERSE[t])
            self.assertTrue(np.array_equal(back, m.question))
        q, a = maze.augment(m.question, m.answer, rng)
        self.assertTrue(np.array_equal(maze.solve(q), a))

    def test_string_format_round_trips_in_the_maze_hard_charset(self):
        m = maze.generate(30, 1, seed=4)[0]
        s = maze.to_string(m.answer)
        self.assertEqual(len(s), 900)
        self.assertTrue(set(s) <= set("# SGo"))
        self.assertTrue(np.array_equal(maze.parse_string(s), m.answer))
        with self.assertRaises(ValueError):
            maze.parse_string("#x#" * 3)

    def test_heldout_and_training_pool_are_disjoint(self):
        test = heldout.load_maze(9)
        banned = {maze.signature(m.question) for m in test}
        self.assertEqual(len(banned), len(test))
        pool = heldout.maze_train_pool(9, 100, seed=5)
        self.assertTrue(pool)
        self.assertTrue(all(maze.signature(m.question) not in banned for m in pool))


if __name__ == "__main__":
    unittest.main()
