"""Held-out evaluation of a TRM, the one evaluator of training/: exact-match and cell accuracy per difficulty
band and per number of supervision steps (1, 2, 4, 8, 16), the halting-step distribution, and for ARC the
reference's voting over augmented versions (pass@1, pass@2).

Functions take a `model.TRM`, so the same code measures a run while it trains (train.py), a checkpoint
(eval_checkpoint.py) and a model being bundled (bundle_model.py, which writes the tables into the card and
the metadata). A split is anything with `inputs`, `labels`, `puzzle_ids` and `band` arrays and a length
(train.Split reads one from a dataset directory's .npz).
"""
from __future__ import annotations

import collections
from typing import Dict, List, Optional

import numpy as np
import torch

from .data import maze, sudoku

STEP_COUNTS = (1, 2, 4, 8, 16)

# The rules fix most cells of a Sudoku or maze answer: a given digit, a wall, S and G stay as the question has
# them, and only a blank ('.') cell is the model's to answer (a digit; open or path). Decoding each blank over
# the symbols it may take, and copying every other cell, is the engine's decoding too (core/src/trm/encode.ts,
# docs/model-format.md), so the accuracy measured here is the accuracy a user sees.


def free_cell_choices(kind: str, vocab_size: int):
    """(token of a cell the model answers, the tokens its answer may be), or None when every cell is free (ARC)."""
    if kind == "maze":
        v = maze.vocab()
        return v.index("."), (v.index("."), v.index("o"))
    if kind == "sudoku":  # sudoku.vocab(n): <pad> . then the n digits
        blank = sudoku.vocab(1).index(".")
        return blank, tuple(range(blank + 1, vocab_size))
    return None


def rule_decode(logits: torch.Tensor, tokens: torch.Tensor, kind: str) -> torch.Tensor:
    """Predicted tokens [B, L] from logits [B, L, V]: a blank cell takes its most likely allowed symbol, any
    other cell keeps the question's token."""
    choices = free_cell_choices(kind, logits.shape[-1])
    if choices is None:
        return logits.argmax(-1)
    free, allowed = choices
    idx = torch.tensor(allowed, device=logits.device)
    pick = idx[logits.index_select(-1, idx).argmax(-1)]
    return torch.where(tokens == free, pick, tokens)


@torch.no_grad()
def run_steps(model, tokens: torch.Tensor, puzzle_vec: torch.Tensor, steps: int, kind: str = "arc"):
    """Yield (step, predicted tokens [B, L], q_halt [B]) for steps 1..steps (fp32, eval mode)."""
    y, z = model.initial_state(tokens.shape[0], device=tokens.device, seq_len=tokens.shape[1])
    for s in range(1, steps + 1):
        y, z, logits, q = model(tokens, puzzle_vec, y, z)
        yield s, rule_decode(logits, tokens, kind), q


@torch.no_grad()
def evaluate(model, split, meta: dict, batch: int, device, dtype=torch.float32,
             max_examples: Optional[int] = None, steps: Optional[int] = None) -> Dict:
    """Runs every held-out puzzle for max_steps supervision steps (no early halting, as the reference) and
    reports exact and cell accuracy at each step in STEP_COUNTS (<= max_steps), overall and per band, plus the
    halting-step distribution (first step with q_halt > 0) and the accuracy of the answer at that step."""
    model.eval()
    N = len(split) if max_examples is None else min(len(split), max_examples)
    max_steps = steps or model.cfg.max_steps
    report_steps = [s for s in STEP_COUNTS if s <= max_steps]
    if max_steps not in report_steps:
        report_steps.append(max_steps)
    exact = {s: np.zeros(N, bool) for s in report_steps}
    cell = {s: np.zeros(N) for s in report_steps}
    blank_cell = {s: np.zeros(N) for s in report_steps}
    halt_step = np.full(N, 0, np.int64)        # 0 = never halted
    halted_exact = np.zeros(N, bool)
    final_exact = np.zeros(N, bool)
    is_sudoku = meta.get("kind") == "sudoku"
    for s0 in range(0, N, batch):
        sl = slice(s0, min(N, s0 + batch))
        tok = torch.from_numpy(split.inputs[sl]).to(device)
        lab = torch.from_numpy(split.labels[sl]).to(device)
        lab = torch.where(lab == 0, torch.full_like(lab, -100), lab)
        pid = torch.from_numpy(split.puzzle_ids[sl]).to(device)
        B = tok.shape[0]
        y, z = model.initial_state(B, device, dtype, seq_len=tok.shape[1])
        x = model.input_embeddings(tok, model.puzzle_vectors(pid), dtype)
        mask = lab >= 0
        blank = (tok == 1) & mask if is_sudoku else mask
        hs = np.zeros(B, np.int64)
        hx = np.zeros(B, bool)
        for t in range(1, max_steps + 1):
            y, z, logits, q = model.step(x, y, z, grad_last_cycle=False)
            pred = rule_decode(logits, tok, meta.get("kind", "arc"))
            ok = (pred == lab) | ~mask
            ex = ok.all(-1).cpu().numpy()
            newly = (hs == 0) & (q > 0).cpu().numpy()
            hs[newly] = t
            hx[newly] = ex[newly]
            if t in exact:
                exact[t][sl] = ex
                cell[t][sl] = ((ok & mask).sum(-1).float() / mask.sum(-1).clamp(min=1)).cpu().numpy()
                blank_cell[t][sl] = (((pred == lab) & blank).sum(-1).float() /
                                     blank.sum(-1).clamp(min=1)).cpu().numpy()
            if t == max_steps:
                final_exact[sl] = ex
        halt_step[sl] = hs
        halted_exact[sl] = np.where(hs > 0, hx, final_exact[sl])
    bands = meta.get("bands") or ["all"]
    band = split.band[:N]

    def table(sel):
        n = int(sel.sum())
        row = {"count": n}
        for s in report_steps:
            row[f"exact@{s}"] = float(exact[s][sel].mean()) if n else None
            row[f"cell@{s}"] = float(cell[s][sel].mean()) if n else None
            if is_sudoku:
                row[f"blank_cell@{s}"] = float(blank_cell[s][sel].mean()) if n else None
        row["exact@halt"] = float(halted_exact[sel].mean()) if n else None
        return row

    out = {
        "examples": N, "max_steps": max_steps, "steps": report_steps,
        "overall": table(np.ones(N, bool)),
        "bands": {name: table(band == i) for i, name in enumerate(bands) if (band == i).any()},
        "halting": {("never" if k == 0 else str(k)): int((halt_step == k).sum()) for k in np.unique(halt_step)},
        "mean_halt_step": float(np.where(halt_step > 0, halt_step, max_steps).mean()),
    }
    return out


def format_eval(ev: Dict) -> str:
    steps = ev["steps"]
    lines = ["| set | count | " + " | ".join(f"exact@{s}" for s in steps) + " | exact@halt | " +
             " | ".join(f"cell@{s}" for s in steps) + " |",
             "|---|---|" + "---|" * (2 * len(steps) + 1)]
    rows = [("all", ev["overall"])] + list(ev["bands"].items())
    for name, r in rows:
        lines.append(f"| {name} | {r['count']} | " + " | ".join(f"{100 * r[f'exact@{s}']:.1f}" for s in steps) +
                     f" | {100 * r['exact@halt']:.1f} | " +
                     " | ".join(f"{100 * r[f'cell@{s}']:.1f}" for s in steps) + " |")
    lines.append("halting step (first q_halt > 0): " + ", ".join(f"{k}: {v}" for k, v in ev["halting"].items()))
    return "\n".join(lines)


@torch.no_grad()
def evaluate_arc(model, heldout: dict, identifiers: List[str], canvas: int, batch: int = 64,
                 max_steps: int = 16) -> dict:
    """The reference's evaluation on held-out ARC test pairs: every trained version of the task
    (its puzzle-id row) sees the augmented test input at the top-left; predictions are cropped at EOS,
    de-augmented and voted (count, then mean sigmoid(q_halt)). pass@1 / pass@2 per step count, the cell
    accuracy of the top candidate when its shape is right, and the halting distribution (per version)."""
    from .data import arc
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
