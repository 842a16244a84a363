"""Held-out evaluation of a TRM (issue 9): exact-match and cell accuracy per difficulty band and per number
of supervision steps (1, 2, 4, 8, 16), the halting-step distribution, and for ARC the reference's voting
over augmented versions (pass@1, pass@2).

Functions take a `model.TRM` (eval mode, fp32) so the same code measures a checkpoint and is called by the
bundling script (build_model.py), which writes the tables into the model card and metadata.
"""
from __future__ import annotations

import collections
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import torch

STEP_COUNTS = (1, 2, 4, 8, 16)


@torch.no_grad()
def run_steps(model, tokens: torch.Tensor, puzzle_vec: torch.Tensor, steps: int):
    """Yield (step, predicted tokens [B, L], q_halt [B]) for steps 1..steps (fp32, eval mode)."""
    y, z = model.initial_state(tokens.shape[0], device=tokens.device, seq_len=tokens.shape[1])
    for s in range(1, steps + 1):
        y, z, logits, q = model(tokens, puzzle_vec, y, z)
        yield s, logits.argmax(-1), q


def _band_row():
    return {"n": 0, "exact": {s: 0 for s in STEP_COUNTS}, "cells": {s: 0 for s in STEP_COUNTS}, "cell_total": 0,
            "exact_at_halt": 0}


@torch.no_grad()
def evaluate_grid(model, inputs: np.ndarray, labels: np.ndarray, bands: Sequence[str], mask: np.ndarray,
                  puzzle_vec: Optional[np.ndarray] = None, batch: int = 64, max_steps: int = 16) -> dict:
    """inputs/labels [N, L] int64 tokens; mask [N, L] bool = the cells that count for cell accuracy (what
    the puzzle asks for); exact match is over every labelled cell (label != 0). Returns a JSON-able dict."""
    N = inputs.shape[0]
    D = model.cfg.hidden_size
    rows: Dict[str, dict] = collections.OrderedDict()
    rank = {"easy": 0, "short": 0, "medium": 1, "hard": 2, "long": 2}
    for b in sorted(set(bands), key=lambda x: (rank.get(x, 3), x)):
        rows[b] = _band_row()
    rows["all"] = _band_row()
    halt_hist = collections.Counter()
    model.eval()
    for i in range(0, N, batch):
        tok = torch.from_numpy(inputs[i:i + batch]).long()
        lab = torch.from_numpy(labels[i:i + batch]).long()
        msk = torch.from_numpy(mask[i:i + batch])
        pv = torch.zeros(tok.shape[0], D) if puzzle_vec is None else torch.from_numpy(puzzle_vec[i:i + batch]).float()
        lbl_mask = lab != 0
        bb = list(bands[i:i + batch])
        halted_at = [None] * tok.shape[0]
        exact_at_halt = [False] * tok.shape[0]
        for s, pred, q in run_steps(model, tok, pv, max_steps):
            ex = ((pred == lab) | ~lbl_mask).all(-1)
            for j in range(tok.shape[0]):
                if halted_at[j] is None and (q[j] > 0 or s == max_steps):
                    halted_at[j] = s if q[j] > 0 else None
                    exact_at_halt[j] = bool(ex[j])
                    if q[j] <= 0:
                        halted_at[j] = -1  # never halted: answered at max_steps
            if s in STEP_COUNTS:
                cell = ((pred == lab) & msk).sum(-1)
                for j, band in enumerate(bb):
                    for key in (band, "all"):
                        rows[key]["exact"][s] += int(ex[j])
                        rows[key]["cells"][s] += int(cell[j])
        tot = msk.sum(-1)
        for j, band in enumerate(bb):
            for key in (band, "all"):
                rows[key]["n"] += 1
                rows[key]["cell_total"] += int(tot[j])
                rows[key]["exact_at_halt"] += int(exact_at_halt[j])
            halt_hist["never" if halted_at[j] == -1 else str(halted_at[j])] += 1
    table = collections.OrderedDict()
    for k, r in rows.items():
        if r["n"] == 0:
            continue
        table[k] = {
            "n": r["n"],
            "exact": {str(s): r["exact"][s] / r["n"] for s in STEP_COUNTS if s <= max_steps},
            "cell": {str(s): r["cells"][s] / max(1, r["cell_total"]) for s in STEP_COUNTS if s <= max_steps},
            "exact_at_halt": r["exact_at_halt"] / r["n"],
        }
    order = [str(s) for s in range(1, max_steps + 1)] + ["never"]
    return {"bands": table, "halting": {k: halt_hist[k] for k in order if halt_hist[k]}}


def markdown_tables(result: dict, title: str) -> str:
    """Render evaluate_grid's result as markdown (exact and cell accuracy per band x steps, halting)."""
    bands = result["bands"]
    steps = list(next(iter(bands.values()))["exact"].keys())
    out = [f"**{title}**", "", "| band | n | " + " | ".join(f"exact@{s}" for s in steps) + " | exact@halt | "
           + " | ".join(f"cell@{s}" for s in steps) + " |",
           "|---|---|" + "---|" * (2 * len(steps) + 1)]
    for b, r in bands.items():
        out.append(f"| {b} | {r['n']} | " + " | ".join(f"{100 * r['exact'][s]:.1f}%" for s in steps)
                   + f" | {100 * r['exact_at_halt']:.1f}% | " + " | ".join(f"{100 * r['cell'][s]:.1f}%" for s in steps) + " |")
    h = result["halting"]
    out += ["", "Halting step (first step with q_halt > 0; `never` = not within the max steps): "
            + ", ".join(f"{k}: {v}" for k, v in h.items()), ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------------
# Task adapters
# ------------------------------------------------------------------------------------------------------
def sudoku_arrays(puzzles, band_fn: Callable) -> tuple:
    from data import sudoku
    inputs = np.stack([sudoku.encode(p.question) for p in puzzles])
    labels = np.stack([sudoku.encode(p.answer) for p in puzzles])
    mask = inputs == 1  # blank cells
    bands = [band_fn(p) for p in puzzles]
    return inputs, labels, mask, bands


def maze_arrays(mazes, size: int) -> tuple:
    from data import maze
    inputs = np.stack([m.question.reshape(-1).astype(np.int64) for m in mazes])
    labels = np.stack([m.answer.reshape(-1).astype(np.int64) for m in mazes])
    mask = inputs == maze.OPEN  # open cells: on the path or not
    bands = [maze.length_band(m.path_len, size) for m in mazes]
    return inputs, labels, mask, bands


@torch.no_grad()
def evaluate_arc(model, heldout: dict, identifiers: List[str], canvas: int, batch: int = 64,
                 max_steps: int = 16) -> dict:
    """The reference's evaluation on held-out ARC test pairs: every trained version of the task
    (its puzzle-id row) sees the augmented test input at the top-left; predictions are cropped at EOS,
    de-augmented and voted (count, then mean sigmoid(q_halt)). pass@1 / pass@2 per step count, the cell
    accuracy of the top candidate when its shape is right, and the halting distribution (per version)."""
    from data import arc
    by_task = collections.defaultdict(list)
    for row, name in enumerate(identifiers):
        if row == 0:
            continue
        task, t, perm = name.split("|||")
        by_task[task].append((row, arc.Version(task, int(t[1:]), np.array([int(c) for c in perm], np.int8))))
    model.eval()
    steps = [s for s in STEP_COUNTS if s <= max_steps]
    res = {s: {"pass1": 0, "pass2": 0, "cell": 0.0} for s in steps}
    halt_hist = collections.Counter()
    n = 0
    for item in heldout["test"]:
        vers = by_task.get(item["task"], [])
        if not vers:
            continue
        n += 1
        inp = np.array(item["input"], np.int8)
        out = np.array(item["output"], np.int8)
        votes = {s: {} for s in steps}
        for i in range(0, len(vers), batch):
            chunk = vers[i:i + batch]
            tok = torch.from_numpy(np.stack([arc.encode(v.apply(inp), canvas) for _, v in chunk])).long()
            pv = model.puzzle_vectors(torch.tensor([r for r, _ in chunk], dtype=torch.long))
            halted = [None] * len(chunk)
            for s, pred, q in run_steps(model, tok, pv, max_steps):
                for j in range(len(chunk)):
                    if halted[j] is None and q[j] > 0:
                        halted[j] = s
                if s in votes:
                    for j, (_, v) in enumerate(chunk):
                        g = v.invert(arc.crop(pred[j].numpy(), canvas))
                        key = bytes(g.shape) + g.tobytes()
                        c, qs, _ = votes[s].get(key, (0, 0.0, g))
                        votes[s][key] = (c + 1, qs + float(torch.sigmoid(q[j])), g)
            for h in halted:
                halt_hist["never" if h is None else str(h)] += 1
        for s in steps:
            ranked = sorted(votes[s].values(), key=lambda t: (-t[0], -t[1] / t[0]))
            top = [g for _, _, g in ranked[:2]]
            ok = [g.shape == out.shape and bool((g == out).all()) for g in top]
            res[s]["pass1"] += int(bool(ok[:1]) and ok[0])
            res[s]["pass2"] += int(any(ok))
            if top and top[0].shape == out.shape:
                res[s]["cell"] += float((top[0] == out).mean())
    order = [str(s) for s in range(1, max_steps + 1)] + ["never"]
    return {"n": n, "versions_per_task": (max(len(v) for v in by_task.values()) if by_task else 0),
            "pass1": {str(s): res[s]["pass1"] / max(1, n) for s in steps},
            "pass2": {str(s): res[s]["pass2"] / max(1, n) for s in steps},
            "cell_top1": {str(s): res[s]["cell"] / max(1, n) for s in steps},
            "halting": {k: halt_hist[k] for k in order if halt_hist[k]}}


def arc_markdown(result: dict, title: str) -> str:
    steps = list(result["pass1"].keys())
    out = [f"**{title}** ({result['n']} test pairs, {result['versions_per_task']} versions per task voted)", "",
           "| metric | " + " | ".join(f"step {s}" for s in steps) + " |", "|---|" + "---|" * len(steps)]
    for k, label in (("pass1", "pass@1"), ("pass2", "pass@2"), ("cell_top1", "cell acc. of top answer (0 if wrong shape)")):
        out.append(f"| {label} | " + " | ".join(f"{100 * result[k][s]:.1f}%" for s in steps) + " |")
    out += ["", "Halting step per version (first step with q_halt > 0): "
            + ", ".join(f"{k}: {v}" for k, v in result["halting"].items()), ""]
    return "\n".join(out)
