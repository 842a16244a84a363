"""training/data/sudoku.py: generator uniqueness, grading, augmentation validity, dedupe, loaders."""
import os
import unittest

import numpy as np

from training.data import heldout, sudoku


class SudokuGenerator(unittest.TestCase):
    def test_generated_puzzles_have_one_solution_matching_the_answer(self):
        for n in (4, 6, 9):
            for p in sudoku.generate(n, 4, seed=7, min_givens=(0, n * n // 2)):
                res = sudoku.solve(p.question, limit=2)
                self.assertEqual(len(res.solutions), 1, f"{n}x{n} puzzle is not unique")
                self.assertTrue(np.array_equal(res.solutions[0], p.answer))
                self.assertTrue(sudoku.is_valid_solution(p.answer, p.question))
                self.assertEqual(p.givens, int(np.count_nonzero(p.question)))

    def test_seeded_generation_is_reproducible(self):
        a = sudoku.generate(6, 3, seed=11)
        b = sudoku.generate(6, 3, seed=11)
        c = sudoku.generate(6, 3, seed=12)
        self.assertEqual([sudoku.to_string(p.question) for p in a], [sudoku.to_string(p.question) for p in b])
        self.assertNotEqual([sudoku.to_string(p.question) for p in a], [sudoku.to_string(p.question) for p in c])

    def test_minimal_puzzles_lose_uniqueness_when_any_given_is_removed(self):
        p = sudoku.generate(4, 1, seed=3)[0]
        for r, c in zip(*np.nonzero(p.question)):
            q = p.question.copy()
            q[r, c] = 0
            self.assertFalse(sudoku.solve(q, limit=2).unique)

    def test_solver_detects_multiple_and_no_solutions(self):
        self.assertEqual(len(sudoku.solve(np.zeros((4, 4), np.int8), limit=2).solutions), 2)
        bad = np.zeros((4, 4), np.int8)
        bad[0, 0] = bad[0, 1] = 1
        self.assertEqual(len(sudoku.solve(bad, limit=2).solutions), 0)

    @unittest.skipUnless(os.path.isdir(heldout.SHARED), "SKIPPED: ../shared/data is not on this machine")
    def test_rating_counts_guesses_on_the_shared_data(self):
        path = os.path.join(heldout.SHARED, "sudoku", "puzzles5_forum_hardest_1905_11+.csv")
        hard = sudoku.load_csv(path, limit=3)
        self.assertEqual(len(hard), 3)
        for p in hard:
            self.assertTrue(sudoku.is_valid_solution(p.answer, p.question))
            self.assertGreater(sudoku.rating(p.question), 0)  # the hardest list always needs guesses
        easy = sudoku.generate(9, 1, seed=5, min_givens=(50,))[0]
        self.assertEqual(sudoku.rating(easy.question), 0)


class SudokuAugmentation(unittest.TestCase):
    def test_augmentation_preserves_validity_and_uniqueness(self):
        rng = np.random.default_rng(0)
        for n in (4, 6, 9):
            p = sudoku.generate(n, 1, seed=1)[0]
            for _ in range(5):
                q, a = sudoku.augment(p.question, p.answer, rng)
                self.assertTrue(sudoku.is_valid_solution(a, q))
                self.assertEqual(int(np.count_nonzero(q)), p.givens)
                res = sudoku.solve(q, limit=2)
                self.assertTrue(res.unique and np.array_equal(res.solutions[0], a))

    def test_signature_is_invariant_under_augmentation_and_separates_puzzles(self):
        rng = np.random.default_rng(1)
        ps = sudoku.generate(9, 3, seed=2, min_givens=(0, 30, 40))
        for p in ps:
            s = sudoku.signature(p.question)
            for _ in range(10):
                q, _ = sudoku.augment(p.question, p.answer, rng)
                self.assertEqual(sudoku.signature(q), s)
        self.assertEqual(len({sudoku.signature(p.question) for p in ps}), 3)

    def test_encode_decode_and_strings(self):
        p = sudoku.generate(9, 1, seed=4)[0]
        t = sudoku.encode(p.question)
        self.assertEqual(t.shape, (81,))
        self.assertTrue(((t >= 1) & (t <= 10)).all())
        self.assertTrue(np.array_equal(sudoku.decode(t, 9), p.question))
        self.assertTrue(np.array_equal(sudoku.parse_string(sudoku.to_string(p.question)), p.question))
        with self.assertRaises(ValueError):
            sudoku.parse_string("12")


class SudokuHeldout(unittest.TestCase):
    def test_heldout_files_are_valid_and_training_pools_never_share_a_puzzle(self):
        for n in (4, 6, 9):
            test = heldout.load_sudoku(n)
            self.assertGreater(len(test), 100)
            sigs = {sudoku.signature(p.question) for p in test}
            self.assertEqual(len(sigs), len(test), "held-out set holds two copies of one puzzle")
            for p in test[:20]:
                self.assertTrue(sudoku.solve(p.question, limit=2).unique)
        # a training pool drawn with the held-out seed would collide; with another seed nothing is shared
        pool = heldout.sudoku_train_pool(4, 60, seed=5)
        banned = {sudoku.signature(p.question) for p in heldout.load_sudoku(4)}
        self.assertTrue(all(sudoku.signature(p.question) not in banned for p in pool))
        with self.assertRaises(ValueError):
            heldout.sudoku_train_pool(4, 1, seed=heldout.HELDOUT_SEED)


if __name__ == "__main__":
    unittest.main()
