"""Held-out exact match of a checkpoint's EMA weights, for the per-sitting row of a run's history
(training/checkpoints/NAME.history.json), after 16 supervision steps (and at 1, 2, 4, 8). Mazes: the first
`--per-file` mazes of each held-out file, padded with walls to the checkpoint's canvas (the Maze-Hard style set
too, on a 30x30 canvas). 9x9 Sudoku: the first
`--per-file` puzzles of the held-out set, of each graded level (22-36 givens) and of each ../shared/data CSV.

    OPENBLAS_NUM_THREADS=1 nice /usr/bin/python3 -m training.eval_checkpoint training/runs/maze-30x30/last.pt
    OPENBLAS_NUM_THREADS=1 nice /usr/bin/python3 -m training.eval_checkpoint training/runs/sudoku-9x9/last.pt --per-file 150

Prints one JSON object: {"step", "puzzle_steps", "wall_time_s", "exact": {file label: exact@16}, "tables"}.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import torch

from . import eval_model
from .data import dataset_dir, sudoku_grade
from .model import TRM, TRMConfig


class HeldOut:
    """A split as eval_model.evaluate reads it, from arrays."""

    def __init__(self, inputs, labels, puzzle_ids, band):
        self.inputs, self.labels, self.puzzle_ids, self.band = inputs, labels, puzzle_ids, band

    def __len__(self):
        return len(self.inputs)


# label, held-out file side, what its mazes are
HELDOUT = [("maze-30x30 (sides 11-30)", 30), ("maze-15x15 (sides 9-15)", 15), ("maze-9x9 (sides 5-9)", 9)]


HARD_LABEL = "maze-hard-30x30 (30x30, no loops, paths 110+)"


def maze_sets(canvas: int):
    for label, side in HELDOUT:
        if side <= canvas:
            bands = dataset_dir.MAZE_SIZE_BANDS if side == 30 else dataset_dir.MAZE_BANDS
            yield label, dataset_dir.maze_test(side, canvas), bands
    if canvas >= 30:
        yield HARD_LABEL, dataset_dir.maze_hard_test(canvas), dataset_dir.MAZE_HARD_BANDS


def sudoku_sets():
    """(label, arrays, band names) of the 9x9 held-out sets; each graded level and CSV apart, so that
    `--per-file` takes the first puzzles of each."""
    yield "sudoku-9x9 held-out", dataset_dir.sudoku_test(9), dataset_dir.SUDOKU_BANDS
    x, y, ids, bands = dataset_dir.graded_test()
    bands = np.asarray(bands)
    for i, level in enumerate(sudoku_grade.LEVELS):
        m = bands == i
        yield f"graded {level} (22-36 givens)", (x[m], y[m], np.asarray(ids)[m], np.zeros(int(m.sum()))), [level]
    x, y, ids, bands = dataset_dir.csv_test()
    half = len(x) // 2   # csv_test holds the first 250 of the 17-clue file, then of the forum-hardest file
    for label, sl in (("17-clue", slice(0, half)), ("forum-hardest", slice(half, None))):
        yield label, (x[sl], y[sl], np.asarray(ids)[sl], np.asarray(bands)[sl]), dataset_dir.RATING_BANDS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.eval_checkpoint",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", help="a train.py checkpoint (last.pt, best.pt) or a committed one (checkpoints/NAME.pt)")
    ap.add_argument("--per-file", type=int, default=60, help="mazes or puzzles of each held-out file (the first ones)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    ck = torch.load(a.checkpoint, map_location="cpu")
    cfg = TRMConfig.from_dict(ck["config"])
    model = TRM(cfg)
    model.load_state_dict(ck["ema"])
    model.eval()
    kind = ck.get("meta", {}).get("kind", "maze")
    sets = sudoku_sets() if kind == "sudoku" else maze_sets(cfg.grid_shape[0])
    what = ("puzzles of the held-out set, of each graded level and of each ../shared/data CSV" if kind == "sudoku"
            else "mazes of each held-out file, padded to {0}x{0}".format(cfg.grid_shape[0]))
    out = {"step": ck.get("step"), "puzzle_steps": ck.get("puzzle_steps"), "wall_time_s": round(ck.get("wall_time_s", 0.0)),
           "evaluated_on": f"first {a.per_file} {what}, EMA weights, 16 steps", "exact": {}, "tables": {}}
    for label, (x, y, ids, bands), band_names in sets:
        k = a.per_file
        split = HeldOut(x[:k], y[:k], np.asarray(ids[:k], np.int64), np.asarray(bands[:k], np.int64))
        r = eval_model.evaluate(model, split, {"kind": kind, "bands": band_names}, 32 if kind == "maze" else 256,
                                "cpu", steps=16)
        out["exact"][label] = round(r["overall"]["exact@16"], 4)
        out["tables"][label] = {band: {s: row[f"exact@{s}"] for s in r["steps"]} for band, row in r["bands"].items()}
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
