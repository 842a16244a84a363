"""Sudoku data for the TRM: generator (4x4, 6x6, 9x9, unique solutions, graded), exact solver with the
`rating` measure (number of guesses), rule-preserving augmentation, CSV loaders, token encoding.

Tokens follow the reference (docs/model-format.md): 0 = <pad>, 1 = blank, digit d -> d + 1.
Grids are numpy int8 arrays [N, N] with 0 = blank and 1..N = digits.

Everything is seeded: `generate(size, count, seed)` returns the same puzzles for the same arguments.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np

# (box rows, box cols) per grid size
BOX = {4: (2, 2), 6: (2, 3), 9: (3, 3)}


def box_shape(n: int) -> Tuple[int, int]:
    if n not in BOX:
        raise ValueError(f"unsupported Sudoku size {n} (supported: {sorted(BOX)})")
    return BOX[n]


# ---------------------------------------------------------------------------------------------------
# Exact solver: bitmask candidates, naked + hidden singles, MRV branching. `guesses` counts branch
# decisions (each value tried at a cell with >1 candidate), the measure tdoku reports as `rating`
# (0 = solved by propagation alone). Our propagation is singles only, so counts are comparable in
# spirit, not identical to tdoku's (which also uses locked candidates).
# ---------------------------------------------------------------------------------------------------
class _Geometry:
    _cache: dict = {}

    def __init__(self, n: int):
        br, bc = box_shape(n)
        self.n = n
        self.full = (1 << n) - 1
        units = []
        for r in range(n):
            units.append([r * n + c for c in range(n)])
        for c in range(n):
            units.append([r * n + c for r in range(n)])
        for b0 in range(0, n, br):
            for b1 in range(0, n, bc):
                units.append([(b0 + i) * n + b1 + j for i in range(br) for j in range(bc)])
        self.units = units
        peers = [set() for _ in range(n * n)]
        for u in units:
            for cell in u:
                peers[cell].update(u)
        for i in range(n * n):
            peers[i].discard(i)
        self.peers = [sorted(p) for p in peers]

    @classmethod
    def get(cls, n: int) -> "_Geometry":
        g = cls._cache.get(n)
        if g is None:
            g = cls._cache[n] = _Geometry(n)
        return g


def _bits(mask: int) -> List[int]:
    out = []
    v = 1
    while mask:
        if mask & 1:
            out.append(v)
        mask >>= 1
        v += 1
    return out


class _Search:
    def __init__(self, n: int, limit: int, rng: Optional[random.Random]):
        self.g = _Geometry.get(n)
        self.limit = limit
        self.rng = rng
        self.solutions: List[List[int]] = []
        self.guesses = 0
        self.guesses_to_first: Optional[int] = None

    def propagate(self, cand: List[int], vals: List[int]) -> bool:
        """Apply naked and hidden singles until nothing changes. False on contradiction."""
        g = self.g
        changed = True
        while changed:
            changed = False
            for i in range(len(cand)):
                if vals[i] == 0:
                    m = cand[i]
                    if m == 0:
                        return False
                    if m & (m - 1) == 0:
                        if not self.assign(cand, vals, i, m.bit_length()):
                            return False
                        changed = True
            for u in g.units:
                for v in range(1, g.n + 1):
                    bit = 1 << (v - 1)
                    where = -1
                    count = 0
                    placed = False
                    for i in u:
                        if vals[i] == v:
                            placed = True
                            break
                        if vals[i] == 0 and cand[i] & bit:
                            count += 1
                            where = i
                    if placed:
                        continue
                    if count == 0:
                        return False
                    if count == 1:
                        if not self.assign(cand, vals, where, v):
                            return False
                        changed = True
        return True

    def assign(self, cand: List[int], vals: List[int], i: int, v: int) -> bool:
        bit = 1 << (v - 1)
        if not cand[i] & bit:
            return False
        vals[i] = v
        cand[i] = bit
        for p in self.g.peers[i]:
            if vals[p] == v:
                return False
            if vals[p] == 0:
                cand[p] &= ~bit
                if cand[p] == 0:
                    return False
        return True

    def run(self, cand: List[int], vals: List[int]) -> None:
        if len(self.solutions) >= self.limit:
            return
        if not self.propagate(cand, vals):
            return
        best, best_count = -1, 99
        for i in range(len(vals)):
            if vals[i] == 0:
                c = bin(cand[i]).count("1")
                if c < best_count:
                    best, best_count = i, c
                    if c == 2:
                        break
        if best < 0:
            self.solutions.append(list(vals))
            if self.guesses_to_first is None:
                self.guesses_to_first = self.guesses
            return
        options = _bits(cand[best])
        if self.rng is not None:
            self.rng.shuffle(options)
        for v in options:
            if len(self.solutions) >= self.limit:
                return
            self.guesses += 1
            c2, v2 = list(cand), list(vals)
            if self.assign(c2, v2, best, v):
                self.run(c2, v2)


def _start(grid: np.ndarray) -> Tuple[List[int], List[int], bool]:
    n = grid.shape[0]
    g = _Geometry.get(n)
    cand = [g.full] * (n * n)
    vals = [0] * (n * n)
    s = _Search(n, 1, None)
    for i, v in enumerate(grid.reshape(-1).tolist()):
        if v:
            if not s.assign(cand, vals, i, int(v)):
                return cand, vals, False
    return cand, vals, True


@dataclass
class SolveResult:
    solutions: List[np.ndarray]  # up to `limit`
    guesses: int  # guesses needed to find the first solution (the `rating`); total if none found

    @property
    def unique(self) -> bool:
        return len(self.solutions) == 1


def solve(grid: np.ndarray, limit: int = 2, rng: Optional[random.Random] = None) -> SolveResult:
    n = grid.shape[0]
    cand, vals, ok = _start(grid)
    s = _Search(n, limit, rng)
    if ok:
        s.run(cand, vals)
    sols = [np.array(v, dtype=np.int8).reshape(n, n) for v in s.solutions]
    return SolveResult(sols, s.guesses_to_first if s.guesses_to_first is not None else s.guesses)


def rating(grid: np.ndarray) -> int:
    """Guesses the deterministic (MRV, lowest value first) solver needs to reach the first solution."""
    return solve(grid, limit=1).guesses


def is_valid_solution(grid: np.ndarray, puzzle: Optional[np.ndarray] = None) -> bool:
    n = grid.shape[0]
    g = _Geometry.get(n)
    flat = grid.reshape(-1)
    want = set(range(1, n + 1))
    for u in g.units:
        if set(int(flat[i]) for i in u) != want:
            return False
    if puzzle is not None:
        p = puzzle.reshape(-1)
        if np.any((p != 0) & (p != flat)):
            return False
    return True


# ---------------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------------
@dataclass
class Puzzle:
    question: np.ndarray  # [N, N] int8, 0 = blank
    answer: np.ndarray  # [N, N] int8
    givens: int
    rating: int  # guesses (see `rating`)


def random_solution(n: int, rng: random.Random) -> np.ndarray:
    res = solve(np.zeros((n, n), dtype=np.int8), limit=1, rng=rng)
    return res.solutions[0]


def make_puzzle(n: int, rng: random.Random, min_givens: int = 0) -> Puzzle:
    """A random solution grid, then cells removed in random order while the solution stays unique,
    stopping at `min_givens` (0 = remove as many as possible: a minimal puzzle)."""
    sol = random_solution(n, rng)
    q = sol.copy()
    order = list(range(n * n))
    rng.shuffle(order)
    givens = n * n
    for i in order:
        if givens <= min_givens:
            break
        r, c = divmod(i, n)
        keep = q[r, c]
        q[r, c] = 0
        if solve(q, limit=2).unique:
            givens -= 1
        else:
            q[r, c] = keep
    return Puzzle(q, sol, int(np.count_nonzero(q)), rating(q))


def generate(n: int, count: int, seed: int, min_givens: Sequence[int] = (0,)) -> List[Puzzle]:
    """`count` puzzles of size n; the i-th uses min_givens[i % len(min_givens)] (mixes difficulties)."""
    rng = random.Random(f"sudoku-{n}-{seed}")
    return [make_puzzle(n, rng, min_givens[i % len(min_givens)]) for i in range(count)]


# ---------------------------------------------------------------------------------------------------
# Augmentation (rule-preserving): digit relabelling, transpose (square boxes only), band and stack
# permutations, row permutations within bands, column permutations within stacks.
# ---------------------------------------------------------------------------------------------------
def random_transform(n: int, rng: np.random.Generator):
    br, bc = box_shape(n)
    digits = np.concatenate([[0], rng.permutation(n) + 1]).astype(np.int8)
    transpose = bool(br == bc and rng.random() < 0.5)
    bands = rng.permutation(n // br)
    rows = np.concatenate([b * br + rng.permutation(br) for b in bands])
    stacks = rng.permutation(n // bc)
    cols = np.concatenate([s * bc + rng.permutation(bc) for s in stacks])
    return digits, transpose, rows, cols


def apply_transform(grid: np.ndarray, t) -> np.ndarray:
    digits, transpose, rows, cols = t
    g = grid.T if transpose else grid
    return digits[g[np.ix_(rows, cols)]]


def augment(question: np.ndarray, answer: np.ndarray, rng: np.random.Generator):
    t = random_transform(question.shape[0], rng)
    return apply_transform(question, t), apply_transform(answer, t)


def signature(question: np.ndarray) -> tuple:
    """An invariant of a puzzle under the augmentation group: equal for any two augmented versions of
    one puzzle (so dedupe never misses a copy; rare collisions of different puzzles only drop a
    training puzzle). Built from given counts per row / column grouped by band / stack, per box, the
    sorted histogram of digits, and per-row / per-column profiles of the crossing lines' counts."""
    n = question.shape[0]
    br, bc = box_shape(n)
    filled = question != 0
    rowc = filled.sum(1)
    colc = filled.sum(0)
    bands = tuple(sorted(tuple(sorted(rowc[b:b + br].tolist())) for b in range(0, n, br)))
    stacks = tuple(sorted(tuple(sorted(colc[s:s + bc].tolist())) for s in range(0, n, bc)))
    boxes = tuple(sorted(int(filled[a:a + br, b:b + bc].sum()) for a in range(0, n, br) for b in range(0, n, bc)))
    hist = tuple(sorted(np.bincount(question.reshape(-1), minlength=n + 1)[1:].tolist()))
    geo = (bands, stacks) if br != bc else tuple(sorted([bands, stacks]))
    prof_r = tuple(sorted(tuple(sorted(colc[filled[r]].tolist())) for r in range(n)))
    prof_c = tuple(sorted(tuple(sorted(rowc[filled[:, c]].tolist())) for c in range(n)))
    prof = (prof_r, prof_c) if br != bc else tuple(sorted([prof_r, prof_c]))
    return (n, int(filled.sum()), geo, boxes, hist, prof)


# ---------------------------------------------------------------------------------------------------
# Encoding and loaders
# ---------------------------------------------------------------------------------------------------
def encode(grid: np.ndarray) -> np.ndarray:
    """[N, N] grid (0 blank) -> int64 tokens [N*N] (blank 1, digit d -> d + 1)."""
    return grid.reshape(-1).astype(np.int64) + 1


def decode(tokens: np.ndarray, n: int) -> np.ndarray:
    t = np.asarray(tokens).reshape(n, n).astype(np.int64) - 1
    return np.clip(t, 0, n).astype(np.int8)


_SYMBOLS = "123456789ABCDEFG"


def vocab(n: int) -> List[str]:
    return ["<pad>", "."] + list(_SYMBOLS[:n])


def parse_string(s: str, n: Optional[int] = None) -> np.ndarray:
    s = s.strip()
    if n is None:
        n = int(round(len(s) ** 0.5))
    if len(s) != n * n:
        raise ValueError(f"Sudoku string has {len(s)} characters, expected {n * n}")
    out = np.zeros(n * n, dtype=np.int8)
    for i, ch in enumerate(s):
        if ch in ".0":
            continue
        k = _SYMBOLS.find(ch.upper())
        if k < 0 or k >= n:
            raise ValueError(f"bad Sudoku character {ch!r} at {i}")
        out[i] = k + 1
    return out.reshape(n, n)


def to_string(grid: np.ndarray) -> str:
    return "".join("." if v == 0 else _SYMBOLS[v - 1] for v in grid.reshape(-1).tolist())


def load_csv(path: str, limit: Optional[int] = None) -> List[Puzzle]:
    """Read a `source,question,answer,rating` CSV (the Sudoku-Extreme layout, ../shared/data)."""
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            q = parse_string(row["question"])
            a = parse_string(row["answer"])
            out.append(Puzzle(q, a, int(np.count_nonzero(q)), int(row.get("rating") or 0)))
            if limit is not None and len(out) >= limit:
                break
    return out


def save_csv(path: str, puzzles: Iterable[Puzzle], source: str) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "question", "answer", "rating"])
        for p in puzzles:
            w.writerow([source, to_string(p.question), to_string(p.answer), p.rating])


def givens_band(n: int, givens: int) -> str:
    """Difficulty band by the fraction of givens (fewer givens = harder)."""
    frac = givens / (n * n)
    if frac >= 0.5:
        return "easy"
    if frac >= 0.4:
        return "medium"
    return "hard"


def rating_band(r: int) -> str:
    if r == 0:
        return "0 guesses"
    if r <= 2:
        return "1-2 guesses"
    if r <= 10:
        return "3-10 guesses"
    return "11+ guesses"
