"""Held-out exact match of a maze checkpoint's EMA weights, for the per-sitting row of a run's history
(training/checkpoints/NAME.history.json): the first `--per-file` mazes of each held-out file, padded with walls
to the checkpoint's canvas, after 16 supervision steps (and at 1, 2, 4, 8).

    OPENBLAS_NUM_THREADS=1 nice /usr/bin/python3 -m training.eval_checkpoint training/runs/maze-30x30/last.pt

Prints one JSON object: {"step", "puzzle_steps", "wall_time_s", "exact": {file label: exact@16}, "tables"}.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import torch

from . import eval_model
from .data import dataset_dir
from .model import TRM, TRMConfig


class HeldOut:
    """A split as eval_model.evaluate reads it, from arrays."""

    def __init__(self, inputs, labels, puzzle_ids, band):
        self.inputs, self.labels, self.puzzle_ids, self.band = inputs, labels, puzzle_ids, band

    def __len__(self):
        return len(self.inputs)


# label, held-out file side, what its mazes are
HELDOUT = [("maze-30x30 (sides 11-30)", 30), ("maze-15x15 (sides 9-15)", 15), ("maze-9x9 (sides 5-9)", 9)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.eval_checkpoint",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", help="a train.py checkpoint (last.pt, best.pt) or a committed one (checkpoints/NAME.pt)")
    ap.add_argument("--per-file", type=int, default=60, help="mazes of each held-out file (the first ones)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    ck = torch.load(a.checkpoint, map_location="cpu")
    cfg = TRMConfig.from_dict(ck["config"])
    model = TRM(cfg)
    model.load_state_dict(ck["ema"])
    model.eval()
    canvas = cfg.grid_shape[0]
    out = {"step": ck.get("step"), "puzzle_steps": ck.get("puzzle_steps"), "wall_time_s": round(ck.get("wall_time_s", 0.0)),
           "evaluated_on": f"first {a.per_file} mazes of each held-out file, padded to {canvas}x{canvas}, EMA weights, 16 steps",
           "exact": {}, "tables": {}}
    for label, side in HELDOUT:
        if side > canvas:
            continue
        x, y, ids, bands = dataset_dir.maze_test(side, canvas)
        k = a.per_file
        split = HeldOut(x[:k], y[:k], np.asarray(ids[:k], np.int64), np.asarray(bands[:k], np.int64))
        meta = {"kind": "maze", "bands": dataset_dir.MAZE_SIZE_BANDS if side == 30 else dataset_dir.MAZE_BANDS}
        r = eval_model.evaluate(model, split, meta, 32, "cpu", steps=16)
        out["exact"][label] = round(r["overall"]["exact@16"], 4)
        out["tables"][label] = {band: {s: row[f"exact@{s}"] for s in r["steps"]} for band, row in r["bands"].items()}
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
