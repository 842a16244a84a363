"""The 8 dihedral transforms of a grid, numbered as the reference does (see ../shared/notes/trm.md §3.3):
0 identity, 1-3 rot90 k=1..3, 4 fliplr, 5 flipud, 6 transpose, 7 fliplr(rot90). Shared by the maze and ARC data."""

from __future__ import annotations

import numpy as np

# DIHEDRAL_INVERSE[t] undoes transform t.
DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7]


def dihedral(grid: np.ndarray, tid: int) -> np.ndarray:
    if tid == 0:
        return grid
    if tid in (1, 2, 3):
        return np.rot90(grid, k=tid)
    if tid == 4:
        return np.fliplr(grid)
    if tid == 5:
        return np.flipud(grid)
    if tid == 6:
        return grid.T
    if tid == 7:
        return np.fliplr(np.rot90(grid, k=1))
    raise ValueError(f"dihedral id {tid} not in 0..7")
