"""Sudoku data: an exact solver that counts guesses, a seeded generator of unique-solution puzzles graded by
difficulty, rule-preserving augmentation, canonical forms for train/test de-duplication, and a loader for the
`source,question,answer,rating` CSVs (the Sudoku-Extreme layout used by ../shared/data/sudoku).

Tokens (reference): 0 = <pad>, 1 = blank, 2.. = digits 1.. (digit + 1). Symbols are '1'..'9','A'..'G'.
"""
from __future__ import annotations

import csv
import random
from typing import List, Optional, Sequence, Tuple

import numpy as np

SYMBOLS = "123456789ABCDEFG"
BOX = {4: (2, 2), 6: (2, 3), 9: (3, 3), 16: (4, 4)}


def box_shape(n: int) -> Tuple[int, int]:
    if n not in BOX:
        raise ValueError(f"unsupported Sudoku size {n} (supported: {sorted(BOX)})")
    return BOX[n]


def vocab(n: int) -> List[str]:
    return ["<pad>", "."] + list(SYMBOLS[:n])


class Geometry:
    def __init__(self, n: int):
        self.n = n
        self.br, self.bc = box_shape(n)
        self.cells = n * n
        self.row = [i // n for i in range(self.cells)]
        self.col = [i % n for i in range(self.cells)]
        self.box = [(r // self.br) * (n // self.bc) + (c // self.bc) for r, c in zip(self.row, self.col)]
        units = [[r * n + c for c in range(n)] for r in range(n)]
        units += [[r * n + c for r in range(n)] for c in range(n)]
        units += [[i for i in range(self.cells) if self.box[i] == b] for b in range(n)]
        self.units = units
        self.full = (1 << n) - 1


_GEOM = {}


def geometry(n: int) -> Geometry:
    if n not in _GEOM:
        _GEOM[n] = Geometry(n)
    return _GEOM[n]


def _popcount(x: int) -> int:
    return bin(x).count("1")


class _Search:
    """Depth-first search with naked- and hidden-single propagation and fewest-candidates branching.
    `guesses` counts the branch decisions taken (0 = solved by singles alone), the tdoku-style rating."""

    def __init__(self, g: Geometry, limit: int, rng: Optional[random.Random]):
        self.g, self.limit, self.rng = g, limit, rng
        self.solutions: List[List[int]] = []
        self.guesses = 0

    def propagate(self, grid: List[int], rows, cols, boxes) -> bool:
        g = self.g
        changed = True
        while changed:
            changed = False
            for i in range(g.cells):
                if grid[i]:
                    continue
                cand = g.full & ~(rows[g.row[i]] | cols[g.col[i]] | boxes[g.box[i]])
                if cand == 0:
                    return False
                if cand & (cand - 1) == 0:
                    self.place(grid, rows, cols, boxes, i, cand.bit_length())
                    changed = True
            if changed:
                continue
            # hidden singles
            for unit in g.units:
                seen_once = 0
                seen_more = 0
                placed = 0
                for i in unit:
                    if grid[i]:
                        placed |= 1 << (grid[i] - 1)
                        continue
                    cand = g.full & ~(rows[g.row[i]] | cols[g.col[i]] | boxes[g.box[i]])
                    seen_more |= seen_once & cand
                    seen_once |= cand
                if (seen_once | placed) != g.full:
                    return False
                only = seen_once & ~seen_more
                if only:
                    for i in unit:
                        if grid[i]:
                            continue
                        cand = g.full & ~(rows[g.row[i]] | cols[g.col[i]] | boxes[g.box[i]])
                        if cand & only:
                            bit = cand & only
                            if bit & (bit - 1):
                                return False
                            self.place(grid, rows, cols, boxes, i, bit.bit_length())
                            changed = True
                            break
                    if changed:
                        break
        return True

    def place(self, grid, rows, cols, boxes, i, d):
        g = self.g
        grid[i] = d
        b = 1 << (d - 1)
        rows[g.row[i]] |= b
        cols[g.col[i]] |= b
        boxes[g.box[i]] |= b

    def run(self, grid, rows, cols, boxes) -> None:
        if len(self.solutions) >= self.limit:
            return
        if not self.propagate(grid, rows, cols, boxes):
            return
        g = self.g
        best, best_cand, best_n = -1, 0, 99
        for i in range(g.cells):
            if grid[i]:
                continue
            cand = g.full & ~(rows[g.row[i]] | cols[g.col[i]] | boxes[g.box[i]])
            k = _popcount(cand)
            if k < best_n:
                best, best_cand, best_n = i, cand, k
                if k == 2:
                    break
        if best < 0:
            self.solutions.append(list(grid))
            return
        digits = [d + 1 for d in range(g.n) if best_cand >> d & 1]
        if self.rng is not None:
            self.rng.shuffle(digits)
        for d in digits:
            if len(self.solutions) >= self.limit:
                return
            self.guesses += 1
            g2, r2, c2, b2 = list(grid), list(rows), list(cols), list(boxes)
            self.place(g2, r2, c2, b2, best, d)
            self.run(g2, r2, c2, b2)


def solve(puzzle: Sequence[int], n: int, limit: int = 2, rng: Optional[random.Random] = None):
    """puzzle: n*n ints, 0 = blank, 1..n digits. Returns (solutions (up to limit), guesses)."""
    g = geometry(n)
    grid = [int(v) for v in puzzle]
    rows, cols, boxes = [0] * n, [0] * n, [0] * n
    for i, d in enumerate(grid):
        if d:
            b = 1 << (d - 1)
            if rows[g.row[i]] & b or cols[g.col[i]] & b or boxes[g.box[i]] & b:
                return [], 0
            rows[g.row[i]] |= b
            cols[g.col[i]] |= b
            boxes[g.box[i]] |= b
    s = _Search(g, limit, rng)
    s.run(grid, rows, cols, boxes)
    return s.solutions, s.guesses


def rating(puzzle: Sequence[int], n: int) -> int:
    """Guesses the solver needs to find the first solution (0 = singles suffice)."""
    sols, guesses = solve(puzzle, n, limit=1)
    return guesses


def random_solution(n: int, rng: random.Random) -> List[int]:
    sols, _ = solve([0] * (n * n), n, limit=1, rng=rng)
    return sols[0]


def make_puzzle(n: int, rng: random.Random, min_givens: int = 0) -> Tuple[List[int], List[int]]:
    """Removes givens in random order while the solution stays unique, down to min_givens (or minimal)."""
    sol = random_solution(n, rng)
    puzzle = list(sol)
    order = list(range(n * n))
    rng.shuffle(order)
    givens = n * n
    for i in order:
        if givens <= min_givens:
            break
        keep = puzzle[i]
        puzzle[i] = 0
        sols, _ = solve(puzzle, n, limit=2)
        if len(sols) != 1:
            puzzle[i] = keep
        else:
            givens -= 1
    return puzzle, sol


# ---------- augmentation and canonical forms ----------

def random_geometry(n: int, rng: np.random.Generator) -> np.ndarray:
    """A random rule-preserving cell permutation: band/stack order, rows/cols within them, transpose
    (square boxes only). Returns perm with new[i] = old[perm[i]]."""
    br, bc = box_shape(n)
    bands, stacks = n // br, n // bc
    rows = np.concatenate([b * br + rng.permutation(br) for b in rng.permutation(bands)])
    cols = np.concatenate([s * bc + rng.permutation(bc) for s in rng.permutation(stacks)])
    idx = rows[:, None] * n + cols[None, :]
    if br == bc and rng.random() < 0.5:
        idx = idx.T
    return idx.reshape(-1)


def augment(inputs: np.ndarray, labels: np.ndarray, n: int, rng: np.random.Generator):
    """Batch augmentation on token arrays [B, n*n] (tokens: 1 blank, 2.. digits): geometry + digit relabel."""
    B = inputs.shape[0]
    perms = np.stack([random_geometry(n, rng) for _ in range(B)])
    rows = np.arange(B)[:, None]
    x, y = inputs[rows, perms], labels[rows, perms]
    # digit relabelling: map token 2+d -> 2+pi(d); tokens 0 and 1 fixed
    maps = np.empty((B, n + 2), dtype=inputs.dtype)
    maps[:, 0], maps[:, 1] = 0, 1
    maps[:, 2:] = 2 + np.argsort(rng.random((B, n)), axis=1)
    return maps[rows, x], maps[rows, y]


def all_geometries(n: int) -> np.ndarray:
    """Every rule-preserving cell permutation (4x4: 128, 6x6: 3456). Not for 9x9."""
    import itertools
    br, bc = box_shape(n)
    bands, stacks = n // br, n // bc

    def orders(groups, size):
        out = []
        for gp in itertools.permutations(range(groups)):
            for inner in itertools.product(list(itertools.permutations(range(size))), repeat=groups):
                out.append(np.concatenate([g * size + np.array(inner[k]) for k, g in enumerate(gp)]))
        return out

    rs, cs = orders(bands, br), orders(stacks, bc)
    perms = []
    for r in rs:
        for c in cs:
            idx = r[:, None] * n + c[None, :]
            perms.append(idx.reshape(-1))
            if br == bc:
                perms.append(idx.T.reshape(-1))
    return np.unique(np.stack(perms), axis=0)


def _relabel_first_seen(a: np.ndarray, n: int) -> np.ndarray:
    """a: [K, L] with 0 = blank, 1..n digits; renames digits by order of first appearance."""
    K, L = a.shape
    pos = np.arange(L)
    first = np.where(a[:, :, None] == np.arange(1, n + 1)[None, None, :], pos[None, :, None], L).min(1)  # [K,n]
    order = np.argsort(first, axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(K)[:, None], order] = np.arange(n)[None, :]
    lut = np.concatenate([np.zeros((K, 1), dtype=np.int64), rank + 1], axis=1)
    return lut[np.arange(K)[:, None], a]


def canonical_keys(puzzles: np.ndarray, n: int, chunk: int = 64) -> List[bytes]:
    """Canonical form of each puzzle (0 = blank, 1..n) under the whole augmentation group for n <= 6; for
    larger n under digit relabelling and transpose only (the full group is too large to enumerate)."""
    if n <= 6:
        perms = all_geometries(n)
    else:
        L = n * n
        ident = np.arange(L)
        perms = np.stack([ident, ident.reshape(n, n).T.reshape(-1)])
    keys: List[bytes] = []
    for s in range(0, len(puzzles), chunk):
        p = puzzles[s:s + chunk].astype(np.int64)
        K = p.shape[0]
        allv = p[:, perms].reshape(K * len(perms), -1)
        rel = _relabel_first_seen(allv, n).reshape(K, len(perms), -1).astype(np.uint8)
        for k in range(K):
            rows = rel[k]
            # lexicographic minimum row
            best = rows[np.lexsort(rows.T[::-1])[0]]
            keys.append(best.tobytes())
    return keys


# ---------- files ----------

def to_digits(s: str, n: int) -> List[int]:
    out = []
    for ch in s.strip():
        if ch in ".0":
            out.append(0)
        else:
            k = SYMBOLS.find(ch.upper())
            if k < 0 or k >= n:
                raise ValueError(f"bad Sudoku character {ch!r}")
            out.append(k + 1)
    if len(out) != n * n:
        raise ValueError(f"expected {n * n} cells, got {len(out)}")
    return out


def load_csv(path: str, limit: Optional[int] = None):
    """Reads `source,question,answer,rating` (Sudoku-Extreme layout). Returns (puzzles, solutions, ratings)
    as int arrays with 0 = blank, 1..n digits."""
    qs, ans, rts = [], [], []
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        if not r.fieldnames or "question" not in r.fieldnames and "q" not in r.fieldnames:
            raise ValueError(f"{path}: expected a header with question/answer columns")
        for row in r:
            q = row.get("question", row.get("q"))
            a = row.get("answer", row.get("a"))
            n = int(round(len(q) ** 0.5))
            qs.append(to_digits(q, n))
            ans.append(to_digits(a, n))
            rts.append(int(float(row.get("rating") or 0)))
            if limit and len(qs) >= limit:
                break
    return np.array(qs, dtype=np.uint8), np.array(ans, dtype=np.uint8), np.array(rts, dtype=np.int32)


def digits_to_tokens(a: np.ndarray) -> np.ndarray:
    """0 blank -> 1, digit d -> d + 1."""
    return (a.astype(np.int64) + 1).astype(np.uint8)


# ---------- dataset builder (the format train.py reads) ----------

def givens_band(n: int, givens: int) -> str:
    cells = n * n
    frac = givens / cells
    if frac >= 0.55:
        return "easy"
    if frac >= 0.4:
        return "medium"
    return "hard"


BANDS = ["easy", "medium", "hard"]


def build(n: int, n_train: int, n_test: int, seed: int, out_dir: str, givens_min: int, givens_max: int) -> dict:
    """Writes out_dir/{dataset.json, train.npz, test.npz}. Test puzzles are generated first; a training puzzle
    whose canonical form (under the augmentation group) matches a test puzzle is dropped, so augmented
    training never shows a test puzzle. Each puzzle removes givens down to a random target in
    [givens_min, givens_max] (or to a minimal puzzle, whichever comes first)."""
    import json
    import os
    rng = random.Random(seed)

    def gen(count: int, banned: set, seen):
        """seen: a set to keep puzzles distinct (test set), or None to allow repeats (training set)."""
        qs, sols = [], []
        tries = 0
        while len(qs) < count:
            cand = [make_puzzle(n, rng, rng.randint(givens_min, givens_max)) for _ in range(256)]
            tries += len(cand)
            if tries > count * 50:
                raise RuntimeError(f"could not find {count} distinct {n}x{n} puzzles (got {len(qs)})")
            keys = canonical_keys(np.array([q for q, _ in cand], dtype=np.uint8), n)
            for (q, s), key in zip(cand, keys):
                if key in banned or (seen is not None and key in seen) or len(qs) >= count:
                    continue
                if seen is not None:
                    seen.add(key)
                qs.append(q)
                sols.append(s)
        return np.array(qs, dtype=np.uint8), np.array(sols, dtype=np.uint8)

    test_keys: set = set()
    tq, ts = gen(n_test, set(), test_keys)
    trq, trs = gen(n_train, test_keys, None)
    os.makedirs(out_dir, exist_ok=True)
    for name, q, s in (("train", trq, trs), ("test", tq, ts)):
        givens = (q > 0).sum(1)
        band = np.array([BANDS.index(givens_band(n, int(g))) for g in givens], dtype=np.int32)
        np.savez_compressed(os.path.join(out_dir, f"{name}.npz"), inputs=digits_to_tokens(q),
                            labels=digits_to_tokens(s), puzzle_ids=np.zeros(len(q), dtype=np.int32),
                            band=band, givens=givens.astype(np.int32))
    meta = {
        "kind": "sudoku", "grid": {"rows": n, "cols": n}, "vocab": vocab(n), "seq_len": n * n,
        "num_puzzle_ids": 1, "augment": f"sudoku{n}", "bands": BANDS,
        "band_rule": "givens/cells >= 0.55 easy, >= 0.40 medium, else hard",
        "source": f"training/sudoku_data.py --size {n} --train {n_train} --test {n_test} --seed {seed} "
                  f"--givens {givens_min} {givens_max}",
        "train_count": int(len(trq)), "test_count": int(len(tq)),
    }
    with open(os.path.join(out_dir, "dataset.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description="Generate a Sudoku dataset (unique solutions) for train.py")
    ap.add_argument("--size", type=int, default=4)
    ap.add_argument("--train", type=int, default=2000)
    ap.add_argument("--test", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--givens", type=int, nargs=2, default=None, metavar=("MIN", "MAX"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    lo, hi = a.givens if a.givens else (0, a.size * a.size // 2)
    m = build(a.size, a.train, a.test, a.seed, a.out, lo, hi)
    print(f"wrote {a.out}: {m['train_count']} train, {m['test_count']} test")
