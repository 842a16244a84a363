"""int8 graphs for shipped models, measured before they ship: for each model NAME (models/NAME.onnx + .json,
exported without constant folding), rebuild the PyTorch TRM from the graph's weights, write NAME.int8.onnx
(export_onnx.write_int8), run both graphs with onnxruntime-node on the held-out set (training/scripts/heldout_onnx.mjs:
exact match after max_steps and at the first q_halt > 0) and keep the int8 graph only when its exact match is
within MAX_DROP points of the float graph's (after max_steps and at the first halt, the engine's default stop),
the float graph solves some of the set (else no drop can show)
and the int8 graph ran the set at least MIN_SPEEDUP times faster (small models gain little from int8).
Writes the "int8" section of NAME.json (with the accuracies) and an
"## int8" section in the card NAME.md; a model that does not qualify keeps no int8 file, and its card says why.

    /usr/bin/python3 -m training.scripts.int8_eval models/sudoku-9x9 [models/maze-9x9 ...]
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from typing import Dict

import numpy as np
import torch

from .. import eval_model
from .. import export_onnx as E
from ..data import dataset_dir

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))   # the repository

MAX_DROP = 0.5  # percentage points of exact match the int8 graph may lose
MIN_SPEEDUP = 1.2  # and clearly faster than the float graph over the same held-out run (beyond this machine's noise)


def heldout_arrays(meta: Dict, model) -> Dict:
    kind, n = meta["kind"], meta["grid"]["rows"]
    if kind == "sudoku":
        x, y, ids, _ = dataset_dir.sudoku_test(n)
        where = f"training/data/heldout/sudoku-{n}x{n}.csv"
    elif kind == "maze":
        x, y, ids, _ = dataset_dir.maze_test(n)
        where = f"training/data/heldout/maze-{n}x{n}.csv"
    else:
        names = sorted(meta["puzzle_embedding"]["identifiers"], key=meta["puzzle_embedding"]["identifiers"].get)
        x, y, ids, _ = dataset_dir.arc_test(n, names)
        where = f"training/data/heldout/arc-{n}x{n}.json test pairs, each with its task's identity version"
    pv = model.puzzle_vectors(torch.from_numpy(np.asarray(ids, np.int64)))
    choices = eval_model.free_cell_choices(kind, meta["vocab_size"])  # the cards' and the engine's decoding
    return {"tokens": np.asarray(x, np.int64).tolist(), "labels": np.asarray(y, np.int64).tolist(),
            "puzzle_vec": pv.tolist(), "where": where,
            "cell_rules": None if choices is None else {"free": choices[0], "allowed": list(choices[1])}}


def run_graphs(meta_path: str, data: Dict, graphs) -> list:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({k: data[k] for k in ("tokens", "labels", "puzzle_vec", "cell_rules")}, f)
        path = f.name
    try:
        r = subprocess.run(["node", os.path.join(HERE, "heldout_onnx.mjs"), meta_path, path, *graphs],
                           capture_output=True, text=True, cwd=ROOT)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        raise SystemExit(f"heldout_onnx.mjs failed: {r.stderr[-2000:]}")
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


def pct(k: int, n: int) -> float:
    return round(100.0 * k / n, 2)


def drop_points(fp: Dict, q8: Dict, n: int) -> float:
    """The points of exact match the int8 graph loses: the worse of after max steps and at the first halt (the
    engine's default stop, so what users get)."""
    return max(pct(fp["exact_last"], n) - pct(q8["exact_last"], n), pct(fp["exact_halt"], n) - pct(q8["exact_halt"], n))


def float_kind(meta: Dict) -> str:
    acc = meta.get("accuracy") if isinstance(meta.get("accuracy"), dict) else {}
    return meta.get("weights") or acc.get("weights") or "float"


def card_section(name: str, meta: Dict, fp: Dict, q8: Dict, where: str, why, size_fp: int, size_q8: int,
                 cell_rules: bool) -> str:
    n = fp["n"]
    fk = float_kind(meta)
    decoding = ("answers decoded under the cell rules as the engine decodes them (a blank cell takes its likeliest "
                "allowed symbol)" if cell_rules else "answers are the plain argmax of every cell")
    drop = drop_points(fp, q8, n)
    speedup = fp["run_ms"] / max(1, q8["run_ms"])
    L = ["## int8", "",
         f"Measured by `training/scripts/int8_eval.py` with onnxruntime-node (1 thread) on {where} ({n} puzzles, "
         f"{meta['max_steps']} supervision steps): the shipped {fk} graph against an int8 "
         f"graph built from the same weights (int8 block matrices holding [-63, 63] with one scale per output channel, activations "
         f"quantised to uint8 per tensor at run time by onnxruntime's DynamicQuantizeMatMul; embeddings, heads and "
         f"norms float); {decoding}.", "",
         "| graph | size | exact after max steps | exact at halt | same answer as float | time for the set |",
         "|---|---:|---:|---:|---:|---:|",
         f"| {fk} (`{name}.onnx`) | {size_fp / 1e3:.0f} KB | {pct(fp['exact_last'], n):.1f}% "
         f"| {pct(fp['exact_halt'], n):.1f}% | - | {fp['run_ms']} ms |",
         f"| int8 (`{name}.int8.onnx`) | {size_q8 / 1e3:.0f} KB | {pct(q8['exact_last'], n):.1f}% | "
         f"{pct(q8['exact_halt'], n):.1f}% | {pct(q8['agree_with_first'], n):.1f}% | {q8['run_ms']} ms |", ""]
    if why is None:
        L.append(f"Ships: the int8 graph loses {drop:.1f} points (after max steps or at halt, the worse; "
                 f"limit {MAX_DROP}) and ran the set {speedup:.2f}x "
                 f"as fast; the engine runs it on the CPU "
                 f"(onnxruntime-node), the float graph elsewhere. Within one batch the activation scale is shared "
                 f"by the batch's puzzles, so a puzzle's int8 answer can depend on what it is batched with.")
    else:
        L.append(f"Not shipped: {why}. Measured on a shared 2-core machine, both graphs in one run.")
    return "\n".join(L) + "\n"


def replace_section(card: str, section: str) -> str:
    m = re.search(r"^## int8\n.*?(?=^## |\Z)", card, flags=re.S | re.M)
    if m:
        return card[:m.start()] + section + ("\n" if card[m.end():] else "") + card[m.end():]
    return card.rstrip("\n") + "\n\n" + section


def process(stem: str) -> Dict:
    stem = stem[:-5] if stem.endswith((".onnx", ".json")) else stem
    name = os.path.basename(stem)
    with open(stem + ".json") as f:
        meta = json.load(f)
    model = E.model_from_onnx(stem)
    # the int8 graph keeps the float graph's form of the attention core (fused or not)
    fused = set(E.FUSED_ATTENTION_REQUIRES["ops"]) <= set((meta.get("requires") or {}).get("ops", []))
    section = E.write_int8(model, stem, fused_attn=fused)
    data = heldout_arrays(meta, model)
    fp, q8 = run_graphs(stem + ".json", data, [stem + ".onnx", stem + ".int8.onnx"])
    n = fp["n"]
    drop = drop_points(fp, q8, n)
    speedup = fp["run_ms"] / max(1, q8["run_ms"])
    if fp["exact_last"] == 0:
        why = "the float graph solves none of the held-out set, so a loss of accuracy could not show"
    elif drop > MAX_DROP:
        why = f"the int8 graph loses {drop:.1f} points of exact match (after max steps or at halt, the worse; limit {MAX_DROP})"
    elif speedup < MIN_SPEEDUP:
        why = f"the int8 graph is not faster here ({speedup:.2f}x the float graph's speed; at least {MIN_SPEEDUP}x needed)"
    else:
        why = None
    ships = why is None
    size_fp, size_q8 = os.path.getsize(stem + ".onnx"), os.path.getsize(stem + ".int8.onnx")
    meta.pop("int8", None)
    if ships:
        section["accuracy"] = {"heldout": data["where"], "n": n, "steps": meta["max_steps"],
                               "exact_float": pct(fp["exact_last"], n), "exact_int8": pct(q8["exact_last"], n),
                               "exact_at_halt_float": pct(fp["exact_halt"], n),
                               "exact_at_halt_int8": pct(q8["exact_halt"], n),
                               "speedup_on_this_set": round(speedup, 2)}
        meta["int8"] = section
    else:
        os.unlink(stem + ".int8.onnx")
    with open(stem + ".json", "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    card = stem + ".md"
    if os.path.exists(card):
        with open(card) as f:
            text = f.read()
        with open(card, "w") as f:
            section = card_section(name, meta, fp, q8, data["where"], why, size_fp, size_q8,
                                   cell_rules=data["cell_rules"] is not None)
            f.write(replace_section(text, section))
    return {"model": name, "n": n, "float": fp, "int8": q8, "drop_points": round(drop, 2), "speedup": round(speedup, 2),
            "ships": ships, "why_not": why}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    for stem in args:
        print(json.dumps(process(stem)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
