"""Rule-preserving augmentation of token batches while training (train.py's `augment` of dataset.json).

The transforms are the data modules' own, applied to whole batches at once: Sudoku's from
sudoku.random_transform (digit relabelling, transpose with square boxes, bands and stacks, rows and columns
inside them; the pools use the same through sudoku.augment), and the dihedral transforms of dihedral.py
that keep a grid's shape (all 8 when it is square). Tokens as the reference lays them out: 0 pad, 1 blank
(Sudoku), 2.. digits.
"""
from __future__ import annotations

from typing import List

import numpy as np

from . import sudoku
from .dihedral import dihedral


def sudoku_cell_permutation(n: int, rng: np.random.Generator) -> tuple:
    """(perm, digits) of one random Sudoku transform: new cell i = old cell perm[i]; digit d becomes digits[d]."""
    digits, transpose, rows, cols = sudoku.random_transform(n, rng)
    idx = np.arange(n * n).reshape(n, n)
    cells = (idx.T if transpose else idx)[np.ix_(rows, cols)]
    return cells.reshape(-1), digits


def sudoku_batch(inputs: np.ndarray, labels: np.ndarray, n: int, rng: np.random.Generator):
    """One random Sudoku transform per row of token arrays [B, n*n]."""
    B = inputs.shape[0]
    perms, maps = np.empty((B, n * n), np.int64), np.empty((B, n + 2), inputs.dtype)
    for b in range(B):
        perms[b], digits = sudoku_cell_permutation(n, rng)
        # token 0 (pad) and 1 (blank) stay; token d + 1 (digit d) becomes digits[d] + 1
        maps[b, 0] = 0
        maps[b, 1:] = digits.astype(np.int64) + 1
    rows = np.arange(B)[:, None]
    x, y = inputs[rows, perms], labels[rows, perms]
    return maps[rows, x], maps[rows, y]


def dihedral_perms(rows: int, cols: int) -> List[np.ndarray]:
    """Cell permutations of the dihedral transforms that keep a rows x cols grid's shape (8 when square, else 4)."""
    idx = np.arange(rows * cols).reshape(rows, cols)
    out = []
    for tid in range(8):
        t = dihedral(idx, tid)
        if t.shape == idx.shape:
            out.append(np.ascontiguousarray(t).reshape(-1))
    return out
