"""Dataset directories for training/train.py (dataset.json + train.npz + test.npz), built from a training
pool (data/pools.py) and the committed held-out set (data/heldout/), so train.py's final evaluation IS the
held-out evaluation.

    /usr/bin/python3 -m training.data.dataset_dir sudoku 4 training/runs/data/sudoku-4x4.npz training/runs/ds/sudoku-4x4
    /usr/bin/python3 -m training.data.dataset_dir sudoku 9 training/runs/data/sudoku-9x9.npz training/runs/ds/sudoku-9x9 --csv-eval
    /usr/bin/python3 -m training.data.dataset_dir maze 9 training/runs/data/maze-9x9.npz training/runs/ds/maze-9x9
    /usr/bin/python3 -m training.data.dataset_dir arc 10 training/runs/data/arc-10x10.npz training/runs/ds/arc-10x10
    /usr/bin/python3 -m training.data.dataset_dir maze 30 stream training/runs/ds/maze-30x30   (mazes made while training)

dataset.json carries kind, grid, vocab, seq_len, the on-the-fly augmentation train.py applies (`sudokuN`
for Sudoku, `dihedral` for mazes, none for ARC whose versions are stored), the band names of test.npz and,
for ARC, num_puzzle_ids and the identifiers (row -> version name). `--csv-eval` (9x9) also writes
csv_test.npz: a sample of the ../shared/data Sudoku CSVs banded by their tdoku rating, and test_graded.npz
(an `extra_tests` entry): the graded 22-36-givens sets banded by the techniques they need.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import sys

import numpy as np

from . import arc, heldout, maze, maze_stream, sudoku, sudoku_grade

SUDOKU_BANDS = ["easy", "medium", "hard"]
MAZE_BANDS = ["short", "medium", "long"]
MAZE_SIZE_BANDS = ["11-15", "16-20", "21-25", "26-30"]  # the 30x30 held-out set, by maze side (crop)
MAZE_HARD_BANDS = ["110-149", "150-199", "200+"]  # the Maze-Hard style set, by path length (cells)
MAZE_HARD_BAND_STARTS = [150, 200]   # the path lengths where the second and third bands begin
RATING_BANDS = ["0 guesses", "1-2 guesses", "3-10 guesses", "11+ guesses"]


def _save(path, inputs, labels, puzzle_ids, band):
    np.savez_compressed(path, inputs=np.asarray(inputs, np.uint8), labels=np.asarray(labels, np.uint8),
                        puzzle_ids=np.asarray(puzzle_ids, np.int32), band=np.asarray(band, np.int32))


def sudoku_test(n: int):
    ps = heldout.load_sudoku(n)
    x = np.stack([sudoku.encode(p.question) for p in ps])
    y = np.stack([sudoku.encode(p.answer) for p in ps])
    b = [SUDOKU_BANDS.index(sudoku.givens_band(n, p.givens)) for p in ps]
    return x, y, np.zeros(len(ps)), b


def csv_test(per_file: int = 250):
    """The first `per_file` puzzles of each ../shared/data Sudoku CSV, banded by their (tdoku) rating."""
    xs, ys, bs = [], [], []
    for name in ("puzzles2_17_clue.csv", "puzzles5_forum_hardest_1905_11+.csv"):
        for p in sudoku.load_csv(os.path.join(heldout.SHARED, "sudoku", name), limit=per_file):
            xs.append(sudoku.encode(p.question))
            ys.append(sudoku.encode(p.answer))
            bs.append(RATING_BANDS.index(sudoku.rating_band(p.rating)))
    return np.stack(xs), np.stack(ys), np.zeros(len(xs)), bs


def graded_test():
    """The graded 9x9 sets (22-36 givens), banded by technique level (data/sudoku_grade.py)."""
    levels = heldout.load_graded_sudoku()
    ps = [(i, p) for i, lv in enumerate(sudoku_grade.LEVELS) for p in levels[lv]]
    x = np.stack([sudoku.encode(p.question) for _, p in ps])
    y = np.stack([sudoku.encode(p.answer) for _, p in ps])
    return x, y, np.zeros(len(ps)), [i for i, _ in ps]


def maze_side(question: np.ndarray) -> int:
    """The side of the maze inside its wall padding (an even-sided maze reads one less: its last row and
    column of walls cannot be told from padding)."""
    return int(max(maze_stream.crop(question).shape))


def maze_size_band(question: np.ndarray) -> int:
    return min(3, max(0, (maze_side(question) - 11) // 5))


def maze_test(n: int, canvas: int = 0):
    """The held-out mazes of `heldout/maze-NxN.csv`, padded with walls to `canvas` (default n); banded by
    path length, the 30x30 set by maze side."""
    ms = heldout.load_maze(n)
    if n == 30:
        b = [maze_size_band(m.question) for m in ms]
    else:
        b = [MAZE_BANDS.index(maze.length_band(m.path_len, n)) for m in ms]
    return maze_arrays(ms, canvas or n, b)


def maze_hard_test(canvas: int = 30):
    """The Maze-Hard style held-out set (heldout/maze-hard-30x30.csv), banded by path length."""
    ms = heldout.load_maze_hard()
    return maze_arrays(ms, canvas, [bisect.bisect_right(MAZE_HARD_BAND_STARTS, m.path_len) for m in ms])


def maze_arrays(ms, canvas: int, bands):
    """(inputs, labels, puzzle ids, bands) of mazes padded with walls to canvas x canvas."""
    x = np.stack([maze.pad(m.question, canvas).reshape(-1) for m in ms]).astype(np.int64)
    y = np.stack([maze.pad(m.answer, canvas).reshape(-1) for m in ms]).astype(np.int64)
    return x, y, np.zeros(len(ms)), bands


def build_stream(size: int, out: str, extra_eval=(15, 9)) -> dict:
    """A dataset directory whose training mazes are generated while training runs (train.py reads the
    `generator` entry); test.npz = the 30x30 held-out set, test_NxN.npz = the smaller held-out sets padded
    to the canvas, test_hard.npz (30x30 only) = the Maze-Hard style set."""
    os.makedirs(out, exist_ok=True)
    meta = {"kind": "maze", "grid": {"rows": size, "cols": size}, "seq_len": size * size, "vocab": maze.vocab(),
            "augment": "none", "num_puzzle_ids": 1,
            "bands": MAZE_SIZE_BANDS if size == 30 else MAZE_BANDS,
            "generator": {"kind": "maze-stream", "min_size": 5, "loops": 0.1,
                          "heldout": [os.path.basename(heldout.maze_path(n)) for n in heldout.MAZE_SPECS]
                          + [os.path.basename(heldout.maze_hard_path())]},
            "extra_tests": {}}
    _save(os.path.join(out, "test.npz"), *maze_test(size))
    for n in extra_eval:
        name = f"test_{n}x{n}.npz"
        _save(os.path.join(out, name), *maze_test(n, size))
        meta["extra_tests"][f"maze-{n}x{n}"] = {"file": name, "bands": MAZE_BANDS}
    if size == 30:
        _save(os.path.join(out, "test_hard.npz"), *maze_hard_test(size))
        meta["extra_tests"]["maze-hard-30x30"] = {
            "file": "test_hard.npz", "bands": MAZE_HARD_BANDS,
            "caption": "Maze-Hard style held-out `maze-hard-30x30.csv` (30x30 mazes without loops, the goal the open "
                       "cell farthest from the start, as the editor's generator makes them: paths of 110-280 cells), "
                       "banded by path length"}
    with open(os.path.join(out, "dataset.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def arc_test(canvas: int, identifiers):
    """Held-out ARC test pairs, each fed with its task's identity version (t0, colours unchanged); the
    voting evaluation over all versions is eval_model.evaluate_arc."""
    rows = {name.split("|||")[0]: i for i, name in enumerate(identifiers) if name.endswith("|||t0|||0123456789")}
    h = heldout.load_arc(canvas)
    xs, ys, ids = [], [], []
    for t in h["test"]:
        if t["task"] not in rows:
            continue
        xs.append(arc.encode(np.array(t["input"], np.int8), canvas))
        ys.append(arc.encode(np.array(t["output"], np.int8), canvas))
        ids.append(rows[t["task"]])
    return np.stack(xs), np.stack(ys), np.array(ids), np.zeros(len(xs))


def build(kind: str, size: int, pool: str, out: str, csv_eval: bool = False) -> dict:
    d = np.load(pool)
    pmeta = json.loads(str(d["meta"]))
    os.makedirs(out, exist_ok=True)
    meta = {"kind": kind, "grid": {"rows": size, "cols": size}, "seq_len": size * size, "pool": pmeta}
    if kind == "sudoku":
        meta.update(vocab=sudoku.vocab(size), augment=f"sudoku{size}", bands=SUDOKU_BANDS, num_puzzle_ids=1)
        test = sudoku_test(size)
    elif kind == "maze":
        meta.update(vocab=maze.vocab(), augment="dihedral", bands=MAZE_BANDS, num_puzzle_ids=1)
        test = maze_test(size)
    else:
        ids = pmeta.pop("identifiers")
        meta.update(vocab=arc.vocab(), augment="none", bands=["all"], num_puzzle_ids=len(ids), identifiers=ids)
        test = arc_test(size, ids)
    _save(os.path.join(out, "train.npz"), d["inputs"], d["labels"], d["puzzle_ids"], np.zeros(len(d["inputs"])))
    _save(os.path.join(out, "test.npz"), *test)
    if csv_eval:
        _save(os.path.join(out, "csv_test.npz"), *csv_test())
        meta["csv_bands"] = RATING_BANDS
        _save(os.path.join(out, "test_graded.npz"), *graded_test())
        meta["extra_tests"] = {"sudoku-9x9-graded": {
            "file": "test_graded.npz", "bands": list(sudoku_grade.LEVELS),
            "caption": "Graded held-out puzzles with 22-36 givens (`training/data/heldout/sudoku-9x9-{singles,"
                       "deductions,guessing}.csv`), by the techniques they need"}}
    with open(os.path.join(out, "dataset.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def main(argv) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.data.dataset_dir",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["sudoku", "maze", "arc"])
    ap.add_argument("size", type=int)
    ap.add_argument("pool", help="a pool .npz, or `stream` (maze: fresh mazes generated while training)")
    ap.add_argument("out")
    ap.add_argument("--csv-eval", action="store_true")
    a = ap.parse_args(argv)
    if a.kind == "maze" and a.pool == "stream":
        m = build_stream(a.size, a.out)
        print(f"{a.out}: maze {m['grid']} generated while training; held-out {sorted(m['extra_tests'])} + {a.size}")
        return 0
    m = build(a.kind, a.size, a.pool, a.out, a.csv_eval)
    print(f"{a.out}: {m['kind']} {m['grid']} vocab {len(m['vocab'])} augment {m['augment']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
