"""Write the held-out test sets to training/data/heldout/ (small files, committed) and provide the
training-side pools that never share a puzzle with them (dedupe up to augmentation).

    /usr/bin/python3 -m training.data.heldout      (from the repository root)  rewrites every held-out file

The files are deterministic: the same code writes the same bytes.
"""
from __future__ import annotations

import json
import os
import random
import sys
from typing import Dict, List

from . import arc, maze, sudoku, sudoku_grade

HERE = os.path.dirname(os.path.abspath(__file__))
HELDOUT = os.path.join(HERE, "heldout")
SHARED = os.environ.get("GRID_REASONER_DATA", os.path.join(HERE, "..", "..", "..", "shared", "data"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"

HELDOUT_SEED = 1_000_003  # training pools use other seeds and are filtered against these sets anyway

# per size: how many held-out puzzles, and the min_givens cycle (0 = minimal puzzle) that mixes bands
SUDOKU_SPECS = {4: (300, (0, 7, 8)), 6: (300, (0, 15, 18)), 9: (300, (0, 34, 41))}
# maze model size -> (count, maze sizes cycled, loop fraction)
MAZE_SPECS = {9: (300, [5, 7, 9], 0.1), 15: (300, [9, 11, 13, 15], 0.1), 30: (300, list(range(11, 31)), 0.1)}
# The Maze-Hard style set (maze.make_hard_maze, as the product generates mazes): 30x30, paths of 110+ cells, the
# band the TRM paper's Maze-Hard set is said to use; the mazes with loops above have far shorter paths (median 28).
MAZE_HARD_SPEC = (100, 30, 110)
ARC_CANVASES = [10]


def sudoku_path(n: int) -> str:
    return os.path.join(HELDOUT, f"sudoku-{n}x{n}.csv")


def maze_path(n: int) -> str:
    return os.path.join(HELDOUT, f"maze-{n}x{n}.csv")


def maze_hard_path() -> str:
    return os.path.join(HELDOUT, "maze-hard-30x30.csv")


def arc_path(canvas: int) -> str:
    return os.path.join(HELDOUT, f"arc-{canvas}x{canvas}.json")


def write_sudoku(n: int) -> None:
    count, mg = SUDOKU_SPECS[n]
    ps = sudoku.generate(n, count, HELDOUT_SEED, min_givens=mg)
    seen, uniq = set(), []
    for p in ps:  # the test set itself holds no two copies of one puzzle
        s = sudoku.signature(p.question)
        if s not in seen:
            seen.add(s)
            uniq.append(p)
    sudoku.save_csv(sudoku_path(n), uniq, f"grid-reasoner-heldout-{n}x{n}")


GRADED_SEED = 2_000_029
GRADED_PER_LEVEL = 150
GRADED_GIVENS = (22, 36)   # the range published 9x9 puzzles use


def graded_path(level: str) -> str:
    return os.path.join(HELDOUT, f"sudoku-9x9-{level}.csv")


def write_graded_sudoku() -> None:
    """9x9 puzzles with 22-36 givens, one file per technique level (data/sudoku_grade.py), the same number
    in each: random puzzles are generated until every level is full (singles-only puzzles are the most
    common, deductions-without-guessing the rarest). `rating` = guesses of the exact solver."""
    import random
    rng = random.Random(f"graded-9x9-{GRADED_SEED}")
    banned = {sudoku.signature(p.question) for p in load_sudoku(9)}
    got: Dict[str, List[sudoku.Puzzle]] = {lv: [] for lv in sudoku_grade.LEVELS}
    lo, hi = GRADED_GIVENS
    while any(len(v) < GRADED_PER_LEVEL for v in got.values()):
        p = sudoku.make_puzzle(9, rng, min_givens=rng.randint(lo, hi))
        if not lo <= p.givens <= hi:
            continue
        sig = sudoku.signature(p.question)
        if sig in banned:
            continue
        level, _ = sudoku_grade.grade(p.question)
        if len(got[level]) < GRADED_PER_LEVEL:
            banned.add(sig)
            got[level].append(p)
    for level, ps in got.items():
        sudoku.save_csv(graded_path(level), ps, f"grid-reasoner-heldout-9x9-{level}")


def write_maze(n: int) -> None:
    count, sizes, loops = MAZE_SPECS[n]
    ms = maze.generate(n, count, HELDOUT_SEED, loops=loops, sizes=sizes)
    seen, uniq = set(), []
    for m in ms:
        s = maze.signature(m.question)
        if s not in seen:
            seen.add(s)
            uniq.append(m)
    maze.save_csv(maze_path(n), uniq, f"grid-reasoner-heldout-maze-{n}x{n}")


def write_maze_hard() -> None:
    count, size, min_len = MAZE_HARD_SPEC
    rng = random.Random(f"maze-hard-{HELDOUT_SEED}")
    seen, uniq = set(), []
    while len(uniq) < count:
        m = maze.make_hard_maze(size, rng, min_len)
        s = maze.signature(m.question)
        if s not in seen:
            seen.add(s)
            uniq.append(m)
    maze.save_csv(maze_hard_path(), uniq, "grid-reasoner-heldout-maze-hard-30x30")


def write_arc(canvas: int) -> None:
    ds = arc.build(os.path.join(SHARED, "arc-agi-1", "training"), os.path.join(SHARED, "arc-agi-1", "evaluation"),
                   canvas, versions=1)
    with open(arc_path(canvas), "w") as f:
        json.dump({"canvas": canvas, "source": "ARC-AGI-1 evaluation tasks whose grids all fit the canvas; "
                   "test pairs (the demonstrations are training data, as the reference does)",
                   "tasks": sorted({t["task"] for t in ds.test}), "test": ds.test}, f, separators=(",", ":"))
        f.write("\n")


def load_sudoku(n: int) -> List[sudoku.Puzzle]:
    return sudoku.load_csv(sudoku_path(n))


def load_graded_sudoku() -> Dict[str, List[sudoku.Puzzle]]:
    """The graded 9x9 sets by technique level (write_graded_sudoku)."""
    return {lv: sudoku.load_csv(graded_path(lv)) for lv in sudoku_grade.LEVELS}


def load_maze(n: int) -> List[maze.Maze]:
    return maze.load_csv(maze_path(n))


def load_maze_hard() -> List[maze.Maze]:
    return maze.load_csv(maze_hard_path())


def load_arc(canvas: int) -> dict:
    with open(arc_path(canvas)) as f:
        return json.load(f)


def sudoku_train_pool(n: int, count: int, seed: int, min_givens=(0,)) -> List[sudoku.Puzzle]:
    """Training puzzles: generated with another seed and filtered against the held-out sets (for 9x9 also the
    graded ones) by the augmentation-invariant signature."""
    if seed in (HELDOUT_SEED, GRADED_SEED):
        raise ValueError("the training seed must differ from the held-out seeds")
    held = load_sudoku(n) + ([p for ps in load_graded_sudoku().values() for p in ps] if n == 9 else [])
    banned = {sudoku.signature(p.question) for p in held}
    return [p for p in sudoku.generate(n, count, seed, min_givens) if sudoku.signature(p.question) not in banned]


def maze_train_pool(n: int, count: int, seed: int) -> List[maze.Maze]:
    if seed == HELDOUT_SEED:
        raise ValueError("the training seed must differ from the held-out seed")
    _, sizes, loops = MAZE_SPECS[n]
    banned = {maze.signature(m.question) for m in load_maze(n)}
    return [m for m in maze.generate(n, count, seed, loops=loops, sizes=sizes)
            if maze.signature(m.question) not in banned]


def main(argv: List[str]) -> int:
    os.makedirs(HELDOUT, exist_ok=True)
    if argv[:1] == ["graded"]:  # only the graded 9x9 Sudoku sets
        write_graded_sudoku()
        return 0
    for n in SUDOKU_SPECS:
        write_sudoku(n)
    for n in MAZE_SPECS:
        write_maze(n)
    write_maze_hard()
    if argv[:1] == ["maze"]:  # only the maze sets (no ARC build)
        return 0
    write_graded_sudoku()
    for c in ARC_CANVASES:
        write_arc(c)
    for name in sorted(os.listdir(HELDOUT)):
        print(name, os.path.getsize(os.path.join(HELDOUT, name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
