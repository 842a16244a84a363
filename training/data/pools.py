"""Training sets for the bundled models, written as .npz (tokens) for the trainer.

    /usr/bin/python3 -m training.data.pools sudoku 4 --count 4000 --aug 8 --seed 1 --out training/runs/data/sudoku-4x4.npz
    /usr/bin/python3 -m training.data.pools maze 9 --count 6000 --aug 8 --seed 1 --out training/runs/data/maze-9x9.npz
    /usr/bin/python3 -m training.data.pools arc 10 --versions 8 --out training/runs/data/arc-10x10.npz

Every file holds `inputs` and `labels` (uint8 tokens [N, L], the reference layout: 0 = PAD is never a
label), `puzzle_ids` (int32 [N]; Sudoku/maze all 0, ARC the version row), and `meta` (a JSON string:
what was generated, with which seed, how many duplicates of held-out puzzles were dropped).
Puzzles are generated with the training seed and filtered against the held-out sets (heldout.py) up to
augmentation; `--aug K` stores the original plus K-1 augmented copies of each (Sudoku: digits, transpose,
bands/stacks, rows/cols; maze: 8 dihedral transforms, each used at most once per maze).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from . import arc, heldout, maze, sudoku


def sudoku_pool(n: int, count: int, aug: int, seed: int, min_givens=None):
    mg = tuple(min_givens) if min_givens else heldout.SUDOKU_SPECS[n][1]
    ps = heldout.sudoku_train_pool(n, count, seed, min_givens=mg)
    rng = np.random.default_rng(seed)
    inputs, labels = [], []
    for p in ps:
        inputs.append(sudoku.encode(p.question))
        labels.append(sudoku.encode(p.answer))
        for _ in range(aug - 1):
            q, a = sudoku.augment(p.question, p.answer, rng)
            inputs.append(sudoku.encode(q))
            labels.append(sudoku.encode(a))
    meta = {"kind": "sudoku", "size": n, "generated": count, "kept": len(ps), "dropped_heldout": count - len(ps),
            "aug": aug, "seed": seed, "min_givens_cycle": list(mg),
            "givens": {b: sum(1 for p in ps if sudoku.givens_band(n, p.givens) == b) for b in ("easy", "medium", "hard")}}
    return np.stack(inputs), np.stack(labels), np.zeros(len(inputs), np.int32), meta


def maze_pool(n: int, count: int, aug: int, seed: int):
    ms = heldout.maze_train_pool(n, count, seed)
    rng = np.random.default_rng(seed)
    inputs, labels = [], []
    for m in ms:
        for t in [0] + list(rng.permutation(np.arange(1, 8))[: max(0, min(aug, 8) - 1)]):
            inputs.append(np.ascontiguousarray(maze.dihedral(m.question, int(t))).reshape(-1).astype(np.int64))
            labels.append(np.ascontiguousarray(maze.dihedral(m.answer, int(t))).reshape(-1).astype(np.int64))
    _, sizes, loops = heldout.MAZE_SPECS[n]
    meta = {"kind": "maze", "size": n, "maze_sizes": sizes, "loops": loops, "generated": count, "kept": len(ms),
            "dropped_heldout": count - len(ms), "aug": min(aug, 8), "seed": seed}
    return np.stack(inputs), np.stack(labels), np.zeros(len(inputs), np.int32), meta


def arc_pool(canvas: int, versions: int, seed: int):
    d = os.path.join(heldout.SHARED, "arc-agi-1")
    ds = arc.build(os.path.join(d, "training"), os.path.join(d, "evaluation"), canvas, versions, seed=seed)
    meta = {"kind": "arc", "canvas": canvas, "versions": versions, "seed": seed, "tasks": len(ds.tasks),
            "identifiers": ds.identifiers, "dropped_duplicates_of_test_pairs": ds.dropped_duplicates,
            "test_pairs": len(ds.test)}
    return ds.train_inputs, ds.train_labels, ds.train_ids.astype(np.int32), meta


def main(argv) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.data.pools",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["sudoku", "maze", "arc"])
    ap.add_argument("size", type=int, help="Sudoku N, maze side, or ARC canvas side")
    ap.add_argument("--count", type=int, default=2000, help="puzzles to generate (before dedupe)")
    ap.add_argument("--aug", type=int, default=8, help="stored copies per puzzle (original + aug-1 augmented)")
    ap.add_argument("--versions", type=int, default=8, help="ARC: augmented versions per task")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-givens", type=int, nargs="+", default=None,
                    help="Sudoku: givens to stop removing at, cycled over the puzzles (0 = minimal puzzle); "
                         "default: the held-out set's cycle")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.kind == "sudoku":
        x, y, ids, meta = sudoku_pool(a.size, a.count, a.aug, a.seed, a.min_givens)
    elif a.kind == "maze":
        x, y, ids, meta = maze_pool(a.size, a.count, a.aug, a.seed)
    else:
        x, y, ids, meta = arc_pool(a.size, a.versions, a.seed)
    meta["command"] = "python3 -m training.data.pools " + " ".join(argv)
    meta["seconds"] = round(time.time() - t0, 1)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    np.savez_compressed(a.out, inputs=x.astype(np.uint8), labels=y.astype(np.uint8), puzzle_ids=ids,
                        meta=np.array(json.dumps(meta)))
    print(f"{a.out}: {x.shape[0]} examples of {x.shape[1]} tokens; {json.dumps({k: v for k, v in meta.items() if k != 'identifiers'})}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
