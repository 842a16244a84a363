"""Fresh mazes for every training slot, generated while training runs (no fixed pool to memorise).

Each maze gets a random size from `min_size` to the current canvas, one of the 8 dihedral transforms (applied
before padding, so the padding stays right and below as the engine pads), and is padded with walls to the
canvas. Mazes equal to a committed held-out maze (any canvas, up to the dihedral transforms) are dropped: they
are compared by `crop_signature`, which ignores the wall padding. Generation costs about 12 ms for a 30x30 maze,
a few per optimizer step, so it is a small share of a step that takes seconds.
"""
from __future__ import annotations

import os
import random
from typing import Iterable, List, Optional, Set, Tuple

import numpy as np

from . import maze
from .dihedral import dihedral


def crop(question: np.ndarray) -> np.ndarray:
    """The maze without its wall padding: the bounding box of the non-wall cells plus one wall all round."""
    open_rc = np.argwhere(question != maze.WALL)
    if len(open_rc) == 0:
        return question
    r0, c0 = np.maximum(open_rc.min(0) - 1, 0)
    r1, c1 = open_rc.max(0) + 2
    return question[r0:r1, c0:c1]


def crop_signature(question: np.ndarray) -> bytes:
    """Equal for two mazes that are the same up to the 8 dihedral transforms and wall padding."""
    return maze.signature(np.ascontiguousarray(crop(question)))


def heldout_signatures(paths: Iterable[str]) -> Set[bytes]:
    out: Set[bytes] = set()
    for p in paths:
        if os.path.exists(p):
            out.update(crop_signature(m.question) for m in maze.load_csv(p))
    return out


class MazeStream:
    """`take(k, canvas)` -> (inputs, labels) int64 [k, canvas * canvas], token ids as docs/model-format.md."""

    def __init__(self, seed: int, min_size: int = 5, loops: float = 0.1, banned: Optional[Set[bytes]] = None,
                 hard: float = 0.0):
        self.rng = random.Random(f"maze-stream-{seed}")
        self.np_rng = np.random.default_rng(seed)
        self.min_size = min_size
        self.loops = loops
        self.banned = banned or set()
        self.dropped = 0
        # The share of Maze-Hard style mazes (maze.make_hard_maze: no loops, the farthest goal), whose paths are
        # several times longer than those of the mazes with loops; they get a side from half the canvas up.
        self.hard = hard

    def one(self, canvas: int) -> Tuple[np.ndarray, np.ndarray]:
        while True:
            if self.hard > 0 and self.rng.random() < self.hard:
                s = self.rng.randint(max(min(self.min_size, canvas), canvas // 2), canvas)
                m = maze.make_hard_maze(s, self.rng)
            else:
                s = self.rng.randint(min(self.min_size, canvas), canvas)
                m = maze.make_maze(s, s, self.rng, min_len=min(2, s * s // 4), loops=self.loops)
            if self.banned and crop_signature(m.question) in self.banned:
                self.dropped += 1
                continue
            t = int(self.np_rng.integers(8))
            q = np.ascontiguousarray(dihedral(m.question, t))
            a = np.ascontiguousarray(dihedral(m.answer, t))
            return maze.pad(q, canvas).reshape(-1), maze.pad(a, canvas).reshape(-1)

    def take(self, k: int, canvas: int) -> Tuple[np.ndarray, np.ndarray]:
        pairs: List[Tuple[np.ndarray, np.ndarray]] = [self.one(canvas) for _ in range(k)]
        x = np.stack([p[0] for p in pairs]).astype(np.int64)
        y = np.stack([p[1] for p in pairs]).astype(np.int64)
        return x, y
