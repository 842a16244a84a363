"""Difficulty of a Sudoku the way people grade it: by the techniques a solver needs.

    singles     naked and hidden singles alone solve it
    deductions  it also needs locked candidates (pointing, claiming), naked pairs/triples or hidden pairs,
                but no guessing
    guessing    those techniques get stuck: it takes trial and error; `guesses` = how many guesses the exact
                solver of sudoku.py needs (singles propagation + fewest-candidates branching), the same kind
                of count as the `rating` of the ../shared/data CSVs (tdoku's counts differ in detail)

Pure Python on bitmasks; about a millisecond for a 9x9 puzzle that singles solve.
"""
from __future__ import annotations

from itertools import combinations
from typing import List, Tuple

import numpy as np

from . import sudoku

LEVELS = ["singles", "deductions", "guessing"]


class _Grid:
    def __init__(self, question: np.ndarray):
        self.n = n = question.shape[0]
        g = sudoku._Geometry.get(n)
        self.units: List[List[int]] = [list(u) for u in g.units]
        self.peers = g.peers
        self.full = (1 << n) - 1
        self.cand = [self.full] * (n * n)
        self.solved = [0] * (n * n)
        for i, v in enumerate(question.reshape(-1).tolist()):
            if v:
                if not self.place(i, v):
                    raise ValueError("the givens contradict each other")

    def place(self, i: int, v: int) -> bool:
        bit = 1 << (v - 1)
        if not self.cand[i] & bit:
            return False
        self.solved[i] = v
        self.cand[i] = bit
        for p in self.peers[i]:
            if self.cand[p] & bit:
                if self.solved[p]:
                    return False
                self.cand[p] &= ~bit
                if not self.cand[p]:
                    return False
        return True

    def done(self) -> bool:
        return all(self.solved)

    def singles(self) -> bool:
        """Naked and hidden singles until none is left. False on a contradiction."""
        progress = True
        while progress:
            progress = False
            for i, c in enumerate(self.cand):
                if not self.solved[i] and c & (c - 1) == 0:
                    if not self.place(i, c.bit_length()):
                        return False
                    progress = True
            for u in self.units:
                for d in range(self.n):
                    bit = 1 << d
                    where = [i for i in u if self.cand[i] & bit]
                    if not where:
                        return False
                    if len(where) == 1 and not self.solved[where[0]]:
                        if not self.place(where[0], d + 1):
                            return False
                        progress = True
        return True

    def _eliminate(self, cells, mask: int) -> bool:
        changed = False
        for i in cells:
            if not self.solved[i] and self.cand[i] & mask:
                self.cand[i] &= ~mask
                changed = True
        return changed

    def deduction(self) -> bool:
        """One round of the techniques beyond singles; True when it removed a candidate."""
        n, units = self.n, self.units
        boxes = units[2 * n:]
        lines = units[:2 * n]
        # locked candidates: a digit confined to one line inside a box (pointing) or to one box inside a line
        for box in boxes:
            for line in lines:
                inter = set(box) & set(line)
                if not inter:
                    continue
                for d in range(n):
                    bit = 1 << d
                    in_box = {i for i in box if self.cand[i] & bit and not self.solved[i]}
                    in_line = {i for i in line if self.cand[i] & bit and not self.solved[i]}
                    if in_box and in_box <= inter and self._eliminate(set(line) - inter, bit):
                        return True
                    if in_line and in_line <= inter and self._eliminate(set(box) - inter, bit):
                        return True
        for u in units:
            open_cells = [i for i in u if not self.solved[i]]
            # naked pairs and triples: k cells whose candidates together are k digits
            for k in (2, 3):
                for combo in combinations(open_cells, k):
                    mask = 0
                    for i in combo:
                        mask |= self.cand[i]
                    if bin(mask).count("1") == k and self._eliminate(set(open_cells) - set(combo), mask):
                        return True
            # hidden pairs: two digits that only two cells of the unit can hold
            places = {d: [i for i in open_cells if self.cand[i] >> d & 1] for d in range(n)}
            for d1, d2 in combinations(range(n), 2):
                if len(places[d1]) == 2 and places[d1] == places[d2]:
                    keep = (1 << d1) | (1 << d2)
                    for i in places[d1]:
                        if self.cand[i] & ~keep:
                            self.cand[i] &= keep
                            return True
        return False


def grade(question: np.ndarray) -> Tuple[str, int]:
    """(level, guesses): level in LEVELS; guesses of the exact solver (0 unless the level is guessing)."""
    g = _Grid(question)
    if not g.singles():
        raise ValueError("the puzzle has no solution")
    if g.done():
        return "singles", 0
    while g.deduction():
        if not g.singles():
            raise ValueError("the puzzle has no solution")
        if g.done():
            return "deductions", 0
    return "guessing", sudoku.rating(question)
