"""Honest difficulty tables for a bundled Sudoku model, measured through the product itself
(`grid-reasoner eval`, onnxruntime-node, one version of each puzzle):

    /usr/bin/python3 -m training.scripts.eval_graded models/sudoku-9x9.json          # graded 9x9 + shared CSVs
    /usr/bin/python3 -m training.scripts.eval_graded models/sudoku-6x6.json --fresh 400

9x9: the committed held-out files `data/heldout/sudoku-9x9-{singles,deductions,guessing}.csv` (22-36 givens,
graded by data/sudoku_grade.py) split by givens 22-26 / 27-31 / 32-36, and the first `--shared` puzzles of the
../shared/data 17-clue and forum-hardest CSVs. `--fresh N` (any size): N new generator puzzles (seed 777001,
mixed and minimal, deduplicated against the held-out set). Each row is measured twice: 16 steps (the card's
setting, the reference's evaluation) and stopping at the first step with q_halt > 0 (the engine's default).
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from typing import List, Tuple

from ..data import heldout, sudoku, sudoku_grade

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))   # the repository

GIVENS_BANDS = [(22, 26), (27, 31), (32, 36)]


def givens(q: str) -> int:
    return sum(ch not in ".0" for ch in q)


def write(path: str, rows: List[dict]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["source", "question", "answer", "rating"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def cli_eval(model: str, path: str, halt: bool) -> Tuple[int, float]:
    cmd = ["node", os.path.join(ROOT, "bin", "grid-reasoner.js"), "eval", path, "--json", "--model", model,
           "--augmentations", "1", "--steps", "16"] + ([] if halt else ["--no-halt"])
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    lines = [x for x in r.stdout.splitlines() if x.startswith("{")]
    if r.returncode != 0 or not lines:
        raise SystemExit(f"grid-reasoner eval failed on {path}: {r.stderr.strip()[-500:]}")
    d = json.loads(lines[-1])
    return int(d["puzzles"]), float(d["exact_accuracy"])


def graded_sets(tmp: str, shared: int) -> List[Tuple[str, str]]:
    out = []
    for level in sudoku_grade.LEVELS:
        with open(heldout.graded_path(level)) as f:
            rows = list(csv.DictReader(f))
        p = os.path.join(tmp, f"{level}.csv")
        write(p, rows)
        out.append((f"{level}, 22-36 givens", p))
        for lo, hi in GIVENS_BANDS:
            sel = [r for r in rows if lo <= givens(r["question"]) <= hi]
            if sel:
                p = os.path.join(tmp, f"{level}-{lo}.csv")
                write(p, sel)
                out.append((f"{level}, {lo}-{hi} givens", p))
    for name in ("puzzles2_17_clue", "puzzles5_forum_hardest_1905_11+"):
        src = os.path.join(heldout.SHARED, "sudoku", name + ".csv")
        with open(src) as f:
            rows = [r for _, r in zip(range(shared), csv.DictReader(f))]
        p = os.path.join(tmp, name + ".csv")
        write(p, rows)
        out.append((f"../shared/data {name} (first {len(rows)})", p))
    return out


def fresh_sets(tmp: str, n: int, count: int) -> List[Tuple[str, str]]:
    banned = {sudoku.signature(p.question) for p in heldout.load_sudoku(n)}
    mixed = heldout.SUDOKU_SPECS[n][1]
    out = []
    for name, mg in (("mixed givens as the held-out set", mixed), ("minimal puzzles", (0,))):
        seen, keep = set(banned), []
        for p in sudoku.generate(n, count, 777_001, mg):
            s = sudoku.signature(p.question)
            if s not in seen:
                seen.add(s)
                keep.append(p)
        path = os.path.join(tmp, f"fresh-{len(out)}.csv")
        sudoku.save_csv(path, keep, f"fresh-{n}x{n}")
        out.append((f"fresh {n}x{n}, {name}", path))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.scripts.eval_graded",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="NAME.json of a bundled Sudoku model")
    ap.add_argument("--shared", type=int, default=250, help="puzzles taken from each shared CSV (9x9)")
    ap.add_argument("--fresh", type=int, default=0, help="also N fresh generator puzzles of the model's size")
    a = ap.parse_args(argv)
    with open(a.model) as f:
        n = int(json.load(f)["grid"]["rows"])
    with tempfile.TemporaryDirectory() as tmp:
        sets = graded_sets(tmp, a.shared) if n == 9 else []
        if a.fresh:
            sets += fresh_sets(tmp, n, a.fresh)
        print("| puzzles | n | exact, 16 steps | exact, stop at first q_halt > 0 |")
        print("|---|---|---|---|")
        for label, path in sets:
            count, ex16 = cli_eval(a.model, path, halt=False)
            _, exh = cli_eval(a.model, path, halt=True)
            print(f"| {label} | {count} | {100 * ex16:.1f}% | {100 * exh:.1f}% |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
