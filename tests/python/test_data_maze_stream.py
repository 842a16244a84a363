"""training/data/maze_stream.py: fresh training mazes, padded right and below, never a held-out maze."""
import random
import unittest

import numpy as np

from training.data import heldout, maze, maze_stream
from training.data.dihedral import dihedral

from .test_data_maze import bfs_len, path_is_connected


class MazeStreamTest(unittest.TestCase):
    def test_mazes_fit_the_canvas_padded_with_walls_and_labels_are_shortest_paths(self):
        s = maze_stream.MazeStream(seed=3, min_size=5)
        x, y = s.take(24, 12)
        self.assertEqual((x.shape, y.shape), ((24, 144), (24, 144)))
        sides = set()
        for q, a in zip(x.reshape(-1, 12, 12), y.reshape(-1, 12, 12)):
            self.assertEqual((q == maze.START).sum(), 1)
            self.assertEqual((q == maze.GOAL).sum(), 1)
            self.assertTrue(np.all(q[0] == maze.WALL) and np.all(q[:, 0] == maze.WALL))  # padding never top/left
            self.assertTrue(np.array_equal(np.where(a == maze.PATH, maze.OPEN, a), q))
            self.assertTrue(path_is_connected(a))
            self.assertEqual(int(((a == maze.PATH) | (a == maze.START) | (a == maze.GOAL)).sum()), bfs_len(q))
            sides.add(max(maze_stream.crop(q).shape))
        self.assertGreater(len(sides), 2)   # several sizes on one canvas

    def test_crop_signature_ignores_padding_and_dihedral_transforms(self):
        m = maze.make_maze(9, 9, random.Random(4))
        sig = maze_stream.crop_signature(m.question)
        for t in range(8):
            padded = maze.pad(np.ascontiguousarray(dihedral(m.question, t)), 20)
            self.assertEqual(maze_stream.crop_signature(padded), sig)
        other = maze.make_maze(9, 9, random.Random(5))
        self.assertNotEqual(maze_stream.crop_signature(other.question), sig)

    def test_heldout_mazes_are_never_produced(self):
        held = heldout.load_maze(9)
        banned = maze_stream.heldout_signatures([heldout.maze_path(9)])
        # fewer than the mazes: a small maze stored in two orientations is one maze once the padding is ignored
        self.assertTrue(0.8 * len(held) < len(banned) <= len(held))
        s = maze_stream.MazeStream(seed=1, min_size=5, banned=banned)
        x, _ = s.take(300, 7)   # 5x5 .. 7x7: small enough that collisions with the held-out set occur
        self.assertGreater(s.dropped, 0)
        for q in x.reshape(-1, 7, 7):
            self.assertNotIn(maze_stream.crop_signature(q), banned)

    def test_the_30x30_heldout_set_covers_11_to_30(self):
        ms = heldout.load_maze(30)
        self.assertEqual(len(ms), 300)
        sides = {max(maze_stream.crop(m.question).shape) for m in ms}
        self.assertEqual(min(sides), 11)
        self.assertGreaterEqual(max(sides), 29)   # an even side reads one less (its last walls look like padding)

    def test_hard_mazes_have_no_loops_and_the_farthest_goal(self):
        m = maze.make_hard_maze(21, random.Random(7))
        q = m.question
        opens = int((q != maze.WALL).sum())
        edges = sum(int(((q[1:] != maze.WALL) & (q[:-1] != maze.WALL)).sum()) for q in (q, q.T))
        self.assertEqual(edges, opens - 1)   # a tree: connected with no cycle
        s = tuple(int(v) for v in np.argwhere(q == maze.START)[0])
        dist, _ = maze._bfs(q, s)
        self.assertEqual(m.path_len, int(dist.max()) + 1)
        self.assertEqual(int((m.answer == maze.PATH).sum()) + 2, m.path_len)

    def test_the_hard_share_of_the_stream_gives_long_paths(self):
        def median_path(hard):
            _, y = maze_stream.MazeStream(seed=2, min_size=5, hard=hard).take(40, 21)
            return float(np.median((y == maze.PATH).sum(1)))
        self.assertGreater(median_path(1.0), 2 * median_path(0.0))

    def test_the_hard_heldout_set_is_30x30_with_paths_of_110_or_more_and_banned_from_training(self):
        ms = heldout.load_maze_hard()
        self.assertEqual(len(ms), 100)
        self.assertTrue(all(m.question.shape == (30, 30) and m.path_len >= 110 for m in ms))
        banned = maze_stream.heldout_signatures([heldout.maze_hard_path()])
        self.assertEqual(len(banned), 100)


if __name__ == "__main__":
    unittest.main()
