"""Mazes in the Maze-Hard format (../shared/data/maze/FORMAT.md) for any size up to 30x30.

Characters: `#` wall, ` ` open, `S` start, `G` goal, `o` path (answers only). The answer marks the
shortest 4-neighbour path from S to G with `o` (S and G stay). Generated mazes have a UNIQUE shortest
path (checked by counting shortest paths), so exact match is a fair metric. Graded by path length.

Tokens (reference): 0 = <pad>, 1 = `#`, 2 = open, 3 = `S`, 4 = `G`, 5 = `o`. A maze smaller than the
model grid is padded with walls on the right and bottom (docs/model-format.md).
"""
from __future__ import annotations

import csv
import random
from collections import deque
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

import numpy as np

from .dihedral import DIHEDRAL_INVERSE, dihedral  # noqa: F401 (part of this module's interface)

CHARSET = "# SGo"
WALL, OPEN, START, GOAL, PATH = 1, 2, 3, 4, 5  # token ids (CHARSET.index + 1)


@dataclass
class Maze:
    question: np.ndarray  # [H, W] int8 tokens 1..4
    answer: np.ndarray  # [H, W] int8 tokens 1..5
    path_len: int  # cells on the path, S and G included (the `rating`)


def _carve(h: int, w: int, rng: random.Random) -> np.ndarray:
    """Perfect maze (randomised depth-first search) on the odd cells of an h x w grid of walls."""
    g = np.full((h, w), WALL, dtype=np.int8)
    cells_r = list(range(1, h - 1, 2))
    cells_c = list(range(1, w - 1, 2))
    if not cells_r or not cells_c:
        raise ValueError(f"maze {h}x{w} is too small (at least 3x3)")
    start = (rng.choice(cells_r), rng.choice(cells_c))
    g[start] = OPEN
    stack = [start]
    while stack:
        r, c = stack[-1]
        nbrs = []
        for dr, dc in ((2, 0), (-2, 0), (0, 2), (0, -2)):
            rr, cc = r + dr, c + dc
            if 1 <= rr < h - 1 and 1 <= cc < w - 1 and g[rr, cc] == WALL:
                nbrs.append((rr, cc))
        if not nbrs:
            stack.pop()
            continue
        rr, cc = rng.choice(nbrs)
        g[(r + rr) // 2, (c + cc) // 2] = OPEN
        g[rr, cc] = OPEN
        stack.append((rr, cc))
    return g


def _bfs(g: np.ndarray, src: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
    """Distances and number of shortest paths (capped at 2) from src over non-wall cells."""
    h, w = g.shape
    dist = np.full((h, w), -1, dtype=np.int32)
    ways = np.zeros((h, w), dtype=np.int32)
    dist[src] = 0
    ways[src] = 1
    q = deque([src])
    while q:
        r, c = q.popleft()
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < h and 0 <= cc < w and g[rr, cc] != WALL:
                if dist[rr, cc] < 0:
                    dist[rr, cc] = dist[r, c] + 1
                    ways[rr, cc] = ways[r, c]
                    q.append((rr, cc))
                elif dist[rr, cc] == dist[r, c] + 1:
                    ways[rr, cc] = min(2, ways[rr, cc] + ways[r, c])
    return dist, ways


def shortest_path(question: np.ndarray) -> Optional[Tuple[List[Tuple[int, int]], bool]]:
    """(path cells from S to G, unique?) or None when G is unreachable."""
    s = tuple(int(v) for v in np.argwhere(question == START)[0])
    gl = tuple(int(v) for v in np.argwhere(question == GOAL)[0])
    dist, ways = _bfs(question, s)
    if dist[gl] < 0:
        return None
    path = [gl]
    cur = gl
    h, w = question.shape
    while cur != s:
        r, c = cur
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < h and 0 <= cc < w and dist[rr, cc] == dist[r, c] - 1 and question[rr, cc] != WALL:
                cur = (rr, cc)
                break
        path.append(cur)
    path.reverse()
    return path, bool(ways[gl] == 1)


def solve(question: np.ndarray) -> np.ndarray:
    res = shortest_path(question)
    if res is None:
        raise ValueError("the goal is unreachable")
    ans = question.copy()
    for r, c in res[0][1:-1]:
        ans[r, c] = PATH
    return ans


def make_maze(h: int, w: int, rng: random.Random, min_len: int = 2, max_len: int = 10 ** 9,
              loops: float = 0.0, tries: int = 50) -> Maze:
    """A maze with a unique shortest S-G path of length (cells, S and G included) in [min_len, max_len].
    `loops` = fraction of removable interior walls knocked out (kept only if the shortest path stays
    unique)."""
    if not (3 <= h <= 30 and 3 <= w <= 30):
        raise ValueError(f"maze size {h}x{w} out of range (3..30)")
    for _ in range(tries):
        g = _carve(h, w, rng)
        if loops > 0:
            cand = [(r, c) for r in range(1, h - 1) for c in range(1, w - 1)
                    if g[r, c] == WALL and ((g[r - 1, c] != WALL and g[r + 1, c] != WALL) or
                                            (g[r, c - 1] != WALL and g[r, c + 1] != WALL))]
            rng.shuffle(cand)
            for rc in cand[: int(len(cand) * loops)]:
                g[rc] = OPEN
        opens = [tuple(int(v) for v in x) for x in np.argwhere(g == OPEN)]
        s = rng.choice(opens)
        dist, ways = _bfs(g, s)
        ok = [p for p in opens if p != s and min_len - 1 <= dist[p] <= max_len - 1 and ways[p] == 1]
        if not ok:
            continue
        far = max(dist[p] for p in ok)
        # prefer long paths inside the band: pick among the farthest third
        ok.sort(key=lambda p: dist[p])
        goal = rng.choice(ok[len(ok) * 2 // 3:]) if far > 0 else rng.choice(ok)
        q = g.copy()
        q[s] = START
        q[goal] = GOAL
        ans = solve(q)
        return Maze(q, ans, int(dist[goal]) + 1)
    raise RuntimeError(f"no {h}x{w} maze with a path of {min_len}..{max_len} cells after {tries} tries")


def make_hard_maze(size: int, rng: random.Random, min_len: int = 2, tries: int = 50) -> Maze:
    """A Maze-Hard style maze, as the product's generator (core/src/io/mazeGen.ts) makes them: a perfect maze
    (no loops, so the path is unique), S at a random open cell and G at the open cell farthest from it, which
    gives the longest paths a maze of this size has; the path has at least `min_len` cells."""
    for _ in range(tries):
        g = _carve(size, size, rng)
        opens = [tuple(int(v) for v in x) for x in np.argwhere(g == OPEN)]
        s = rng.choice(opens)
        dist, _ = _bfs(g, s)
        far = int(dist.max())
        if far + 1 < min_len:
            continue
        goal = rng.choice([tuple(int(v) for v in x) for x in np.argwhere(dist == far)])
        q = g.copy()
        q[s] = START
        q[goal] = GOAL
        return Maze(q, solve(q), far + 1)
    raise RuntimeError(f"no {size}x{size} maze with a path of {min_len}+ cells after {tries} tries")


def generate(size: int, count: int, seed: int, min_len: int = 2, loops: float = 0.0,
             sizes: Optional[List[int]] = None) -> List[Maze]:
    """`count` mazes; `sizes` (default [size]) cycles the maze size, all padded to size x size."""
    rng = random.Random(f"maze-{size}-{seed}")
    out = []
    for i in range(count):
        s = (sizes or [size])[i % len(sizes or [size])]
        m = make_maze(s, s, rng, min_len=min(min_len, s * s // 4), loops=loops)
        out.append(Maze(pad(m.question, size), pad(m.answer, size), m.path_len))
    return out


def pad(grid: np.ndarray, size: int) -> np.ndarray:
    h, w = grid.shape
    if h > size or w > size:
        raise ValueError(f"maze {h}x{w} does not fit {size}x{size}")
    out = np.full((size, size), WALL, dtype=np.int8)
    out[:h, :w] = grid
    return out


def augment(q: np.ndarray, a: np.ndarray, rng: np.random.Generator):
    t = int(rng.integers(8))
    return np.ascontiguousarray(dihedral(q, t)), np.ascontiguousarray(dihedral(a, t))


def signature(question: np.ndarray) -> bytes:
    """Canonical form under the 8 dihedral transforms (exact dedupe up to augmentation)."""
    return min(np.ascontiguousarray(dihedral(question, t)).tobytes() + bytes(question.shape) for t in range(8))


def to_string(grid: np.ndarray) -> str:
    return "".join(CHARSET[v - 1] for v in grid.reshape(-1).tolist())


def parse_string(s: str) -> np.ndarray:
    n = int(round(len(s) ** 0.5))
    if n * n != len(s):
        raise ValueError(f"maze string of {len(s)} characters is not square")
    bad = set(s) - set(CHARSET)
    if bad:
        raise ValueError(f"maze string has characters outside {CHARSET!r}: {sorted(bad)}")
    return np.array([CHARSET.index(ch) + 1 for ch in s], dtype=np.int8).reshape(n, n)


def save_csv(path: str, mazes: Iterable[Maze], source: str) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "question", "answer", "rating"])
        for m in mazes:
            w.writerow([source, to_string(m.question), to_string(m.answer), m.path_len])


def load_csv(path: str, limit: Optional[int] = None) -> List[Maze]:
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out.append(Maze(parse_string(row["question"]), parse_string(row["answer"]), int(row["rating"])))
            if limit is not None and len(out) >= limit:
                break
    return out


def vocab() -> List[str]:
    return ["<pad>", "#", ".", "S", "G", "o"]


def length_band(path_len: int, size: int) -> str:
    """Band by path length (cells, S and G included) relative to the grid side:
    short < side <= medium < 2 side <= long."""
    if path_len < size:
        return "short"
    if path_len < 2 * size:
        return "medium"
    return "long"
