"""training/data/sudoku_grade.py: technique levels of 9x9 Sudoku, and the committed graded held-out files."""
import os
import unittest

import numpy as np

from training.data import heldout, sudoku, sudoku_grade


class SudokuGradeTest(unittest.TestCase):
    def test_committed_files_keep_their_level_and_givens_range(self):
        for level in sudoku_grade.LEVELS:
            ps = sudoku.load_csv(heldout.graded_path(level))
            self.assertEqual(len(ps), heldout.GRADED_PER_LEVEL)
            for p in ps[:20]:
                self.assertEqual(sudoku_grade.grade(p.question)[0], level)
                self.assertTrue(22 <= p.givens <= 36)
                self.assertTrue(sudoku.is_valid_solution(p.answer, p.question))

    def test_one_blank_is_singles_and_published_hardest_need_guessing(self):
        p = sudoku.load_csv(heldout.graded_path("singles"))[0]
        q = p.answer.copy()
        q[4, 4] = 0
        self.assertEqual(sudoku_grade.grade(q), ("singles", 0))
        path = os.path.join(heldout.SHARED, "sudoku", "puzzles5_forum_hardest_1905_11+.csv")
        if not os.path.exists(path):
            self.skipTest(f"SKIPPED: {path} is not available")
        for h in sudoku.load_csv(path, limit=5):
            level, guesses = sudoku_grade.grade(h.question)
            self.assertEqual(level, "guessing")
            self.assertGreater(guesses, 0)

    def test_contradictory_givens_are_an_error(self):
        q = np.zeros((9, 9), np.int8)
        q[0, 0] = q[0, 1] = 5
        with self.assertRaises(ValueError):
            sudoku_grade.grade(q)


if __name__ == "__main__":
    unittest.main()
