"""Turn a training run into a bundled model (issue 9): evaluate the EMA weights on the held-out sets, export
the ONNX step model (fp16 weights when the held-out accuracy holds, else fp32), and write NAME.onnx,
NAME.json (docs/model-format.md) and the model card NAME.md.

    /usr/bin/python3 -m training.bundle_model --name sudoku-4x4 --run training/runs/sudoku-4x4 \
        --data training/runs/ds/sudoku-4x4 --out models --recipe training/runs/sudoku-4x4/recipe.sh

`--recipe` is a shell file holding the exact commands that produced the run; it is copied into the card.
`--max-steps` limits the evaluation steps (default: the model's N_sup). Nothing here trains.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from typing import Dict, List, Optional

import torch

from . import eval_model
from . import train as trainer
from .data import heldout
from .model import TRM, TRMConfig

HERE = os.path.dirname(os.path.abspath(__file__))

OPSET = 17
HISTORY: Dict[str, str] = {}


def load_run(run_dir: str):
    path = run_dir if os.path.isfile(run_dir) else os.path.join(run_dir, "last.pt")  # a run dir or a checkpoint
    if not os.path.exists(path):
        raise SystemExit(f"bundle_model.py: no checkpoint {path}")
    ck = torch.load(path, map_location="cpu")
    cfg = TRMConfig.from_dict(ck["config"])
    model = TRM(cfg)
    model.load_state_dict(ck["ema"])
    model.eval()
    return ck, cfg, model


def fp16_roundtrip(model: TRM) -> TRM:
    """A copy whose weights went through float16 (what the fp16 ONNX stores), computing in fp32."""
    import copy
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.half().float())
    return m


def export(model: TRM, path: str, fp16: bool) -> None:
    """helper-3's export_onnx.export_graph (fp16 initialisers + Cast, no constant folding), forcing the
    TorchScript exporter on torch >= 2.9 whose default is the dynamo exporter (needs onnxscript)."""
    import inspect
    from . import export_onnx
    orig = torch.onnx.export
    if "dynamo" in inspect.signature(orig).parameters:
        def legacy(*args, **kw):
            kw.setdefault("dynamo", False)
            return orig(*args, **kw)
        torch.onnx.export = legacy
    try:
        # an attention core as one MultiHeadAttention node, as export_onnx.py and convert_reference.py write
        # it by default (docs/model-format.md, "Fused attention"); the metadata's "requires" says so
        export_onnx.export_graph(model, path, fp16=fp16, opset=OPSET, fused_attn=True)
    finally:
        torch.onnx.export = orig


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def evaluate_all(model: TRM, data_dir: str, meta: dict, max_steps: int, device=None, limit: Optional[int] = None,
                 extra: bool = True) -> Dict:
    """Held-out tables: train.evaluate on test.npz (per band x steps, halting; the first `limit` only when
    given); 9x9 also csv_test.npz; generated-maze datasets also their smaller held-out sets padded to the
    canvas (`extra_tests`, when `extra`); ARC also the voting evaluation over every trained version."""
    out = {}
    device = device or torch.device("cpu")
    model = model.to(device)
    test = trainer.Split(os.path.join(data_dir, "test.npz"))
    batch = 256 if model.cfg.seq_total < 512 else 32
    out["heldout"] = eval_model.evaluate(model, test, meta, batch, device, torch.float32, max_examples=limit,
                                      steps=max_steps)
    for name in (meta.get("extra_tests", {}) if extra else {}):
        split, split_meta = trainer.extra_test(data_dir, meta, name)
        out.setdefault("extra", {})[name] = eval_model.evaluate(model, split, split_meta, batch, device,
                                                             torch.float32, steps=max_steps)
    csv_path = os.path.join(data_dir, "csv_test.npz")
    if os.path.exists(csv_path):
        m2 = dict(meta, bands=meta["csv_bands"])
        out["shared_csv"] = eval_model.evaluate(model, trainer.Split(csv_path), m2, 256, device,
                                             torch.float32, steps=max_steps)
    model.cpu()
    if meta["kind"] == "arc":
        out["arc_voting"] = eval_model.evaluate_arc(model, heldout.load_arc(meta["grid"]["rows"]), meta["identifiers"],
                                                    meta["grid"]["rows"], max_steps=max_steps)
    return out


def ev16_on(ev: Dict, n: int) -> float:
    """The headline of `ev` (whole set) or, when the fp32 check used a subset, the subset's headline."""
    return ev.get("fp16_subset_headline", headline(ev)) if n != ev["heldout"]["examples"] else headline(ev)


def headline(ev: Dict) -> float:
    """The number fp16 must preserve: exact match at the last step (ARC: pass@2 at the last step)."""
    if "arc_voting" in ev:
        p = ev["arc_voting"]["pass2"]
        return p[max(p, key=int)]
    h = ev["heldout"]
    return h["overall"][f"exact@{h['max_steps']}"]


def puzzle_embedding_spec(model: TRM, meta: dict, out_dir: str, name: str, fp16: bool) -> dict:
    if meta["kind"] != "arc":
        vec = model.puzzle_vectors(torch.zeros(1, dtype=torch.long))[0]
        return {"shared": [float(v) for v in vec.tolist()]}
    table = model.puzzle_emb.detach().float().numpy()
    dtype = "float16" if fp16 else "float32"
    fname = f"{name}.puzzle_emb.bin"
    table.astype("<f2" if fp16 else "<f4").tofile(os.path.join(out_dir, fname))
    ids = {n: i for i, n in enumerate(meta["identifiers"])}
    return {"file": fname, "dtype": dtype, "rows": int(table.shape[0]), "identifiers": ids}


@torch.no_grad()
def parity_sample(model: TRM, data_dir: str, meta: dict, steps: int, count: int = 8, device=None) -> dict:
    """The first `count` held-out inputs and PyTorch's predicted tokens after `steps` steps (weights as
    bundled), so tests/models.test.ts can check that the .onnx reproduces them."""
    test = trainer.Split(os.path.join(data_dir, "test.npz"))
    device = device or torch.device("cpu")
    model = model.to(device)
    tok = torch.from_numpy(test.inputs[:count]).long().to(device)
    pv = model.puzzle_vectors(torch.from_numpy(test.puzzle_ids[:count]).long().to(device))
    pred = None
    for _, pred, _ in eval_model.run_steps(model, tok, pv, steps):
        pass
    model.cpu()
    pred = pred.cpu()
    tok = tok.cpu()
    return {"steps": steps, "tokens": tok.tolist(), "puzzle_rows": test.puzzle_ids[:count].tolist(),
            "predicted": pred.tolist()}


def md_eval_table(ev: Dict, title: str) -> str:
    steps = ev["steps"]
    sudoku_like = "blank_cell@1" in ev["overall"]
    lines = [f"**{title}** ({ev['examples']} puzzles, all run for {ev['max_steps']} supervision steps; "
             "exact = every cell right; cell = accuracy over "
             + ("the blank cells" if sudoku_like else "all labelled cells (maze: walls included; ARC: colours and EOS)")
             + ")", "",
             "| band | n | " + " | ".join(f"exact@{s}" for s in steps) + " | exact at halt | "
             + " | ".join(f"cell@{s}" for s in steps) + " |",
             "|---|---|" + "---|" * (2 * len(steps) + 1)]
    rows = [(k, v) for k, v in ev["bands"].items() if k != "all"] + [("all", ev["overall"])]
    for name, r in rows:
        ck = "blank_cell" if f"blank_cell@{steps[0]}" in r else "cell"
        lines.append(f"| {name} | {r['count']} | " + " | ".join(f"{100 * r[f'exact@{s}']:.1f}%" for s in steps)
                     + f" | {100 * r['exact@halt']:.1f}% | " + " | ".join(f"{100 * r[f'{ck}@{s}']:.1f}%" for s in steps) + " |")
    lines += ["", "Halting (first step with q_halt > 0): "
              + ", ".join(f"step {k}: {v}" if k != "never" else f"never: {v}" for k, v in ev["halting"].items())
              + f"; mean halting step {ev['mean_halt_step']:.2f} (never = {ev['max_steps']}).", ""]
    return "\n".join(lines)


VARIANT_WORDS = {"mlp": "MLP-mixer token mixing", "attn": "self-attention",
                 "conv": "3x3 convolution over the grid as the token mixer plus a mean/max path through prefix "
                         "token 0; cost linear in the grid, weights independent of the grid size"}


def history_table(path: str) -> List[str]:
    """The per-sitting table of a run that spans sittings (training/checkpoints/NAME.history.json)."""
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        rows = json.load(f)
    # the held-out sets of every sitting, in the order they were first measured (a set added later is blank before)
    labels = list(dict.fromkeys(k for r in rows for k in r["exact"]))
    out = ["## Sittings", "", "Held-out exact match (16 steps) of the checkpoint kept after each sitting; compute is "
           "cumulative. Decoding: `argmax` = the likeliest token of every cell (before 2026-12-03), `cell rules` = "
           "the engine's decoding since (docs/model-format.md: the question's givens, walls, S and G kept, a blank "
           "cell's likeliest allowed symbol).", "",
           "| sitting | date | optimizer steps | puzzle-steps | training wall time | decoding | " +
           " | ".join(labels) + " |",
           "|---|---|---|---|---|---|" + "---|" * len(labels)]
    for i, r in enumerate(rows, 1):
        out.append(f"| {r.get('sitting', i)} | {r['date']} | {r['step']:,} | {r['puzzle_steps']:,} | "
                   f"{r['wall_time_s'] / 3600:.2f} h | {r.get('decoding', 'argmax')} | "
                   + " | ".join(f"{100 * r['exact'][k]:.1f}%" if k in r["exact"] else "not measured" for k in labels)
                   + " |")
    return out + [""]


def write_card(path: str, name: str, cfg: TRMConfig, meta: dict, ck: dict, ev: Dict, fp16: bool, onnx_path: str,
               recipe: str, notes: str, ev32: Optional[Dict]) -> None:
    pool = meta.get("pool", {})
    kind = meta["kind"]
    rows = meta["grid"]["rows"]
    hw = ck.get("hardware", "?")
    wall = ck.get("wall_time_s", 0.0)
    size_kb = os.path.getsize(onnx_path) / 1024
    L = [f"# {name}", ""]
    what = {"sudoku": f"Solves {rows}x{rows} Sudoku", "maze": f"Finds the shortest path in mazes up to {rows}x{rows}",
            "arc": f"ARC-AGI-1 tasks whose grids all fit a {rows}x{rows} canvas"}[kind]
    L += [f"{what}: a Tiny Recursive Model (TRM, arXiv 2510.04871) trained from scratch for Grid Reasoner. "
          f"Files: `{name}.onnx` (one supervision step, {size_kb:.0f} KB, {'float16' if fp16 else 'float32'} weights, "
          f"float32 inputs/outputs), `{name}.json` (metadata, docs/model-format.md)"
          + (f", `{name}.puzzle_emb.bin` (puzzle-embedding table)" if kind == "arc" else "") + ".", ""]
    L += ["## Model", "",
          f"- variant `{cfg.variant}` ({VARIANT_WORDS.get(cfg.variant, cfg.variant)}), "
          f"D = {cfg.hidden_size}, {cfg.layers} blocks, T = {cfg.T}, n = {cfg.n}, N_sup = {cfg.max_steps}, "
          f"prefix {cfg.prefix_len}, {TRM(cfg).num_params():,} parameters"
          + (f" plus a {cfg.num_puzzle_ids} x {cfg.hidden_size} puzzle-embedding table" if kind == "arc" else "") + ".",
          f"- Weights: the EMA copy (as the reference). ONNX opset {OPSET}, "
          + ("float16 weights (held-out accuracy with fp16-rounded weights was checked against fp32, below)."
             if fp16 else "float32 weights (fp16 rounding changed the held-out accuracy, so fp32 is kept)."), ""]
    L += ["## Data", ""]
    if kind == "sudoku":
        L += [f"- Training: {pool.get('kept')} puzzles from `training/data/sudoku.py` (seed {pool.get('seed')}, "
              f"unique solutions; givens cycle {pool.get('min_givens_cycle')} where 0 = minimal puzzle; "
              f"{pool.get('dropped_heldout')} generated puzzles dropped because they equal a held-out puzzle up to "
              f"augmentation), stored with {pool.get('aug')} augmented copies each, plus on-the-fly augmentation "
              "(digit relabelling, transpose for square boxes, band/stack and row/column permutations).",
              f"- Held-out: `training/data/heldout/sudoku-{rows}x{rows}.csv` ({ev['heldout']['examples']} puzzles, "
              "other seed, no two equal up to augmentation); bands by the fraction of givens: easy >= 50%, "
              "medium 40-50%, hard < 40%."]
        if "shared_csv" in ev:
            L += ["- Also the first 250 puzzles of each `../shared/data/sudoku/*.csv` (17-clue and forum-hardest), "
                  "banded by their tdoku `rating` (guesses)."]
    elif kind == "maze" and "generator" in meta:
        gen = meta["generator"]
        L += [f"- Training: fresh mazes generated while training (`training/data/maze_stream.py`: `maze.py` "
              f"perfect mazes with loops {gen.get('loops')}, unique shortest path, random side {gen.get('min_size')}.."
              "canvas, one of the 8 dihedral transforms, padded with walls right and below), never a committed "
              "held-out maze (compared up to the dihedral transforms and the padding); the canvas grew during "
              f"training (`--canvas-schedule {ck.get('args', {}).get('canvas_schedule')}`: side@optimizer step), so "
              "no maze was seen twice.",
              f"- Held-out: `training/data/heldout/maze-{rows}x{rows}.csv` ({ev['heldout']['examples']} mazes, "
              "sides 11-30, 15 of each), banded by the maze side (an even side reads one less, its last walls look "
              "like padding); also `maze-15x15.csv` and `maze-9x9.csv` padded to the canvas, banded by path length "
              "(cells incl. S and G): short < side, medium < 2 side, long >= 2 side."]
    elif kind == "maze":
        L += [f"- Training: {pool.get('kept')} mazes from `training/data/maze.py` (seed {pool.get('seed')}; "
              f"sizes {pool.get('maze_sizes')} padded with walls to {rows}x{rows}; loops {pool.get('loops')}; "
              f"unique shortest path; {pool.get('dropped_heldout')} dropped as equal to a held-out maze up to the "
              "8 dihedral transforms), with dihedral augmentation.",
              f"- Held-out: `training/data/heldout/maze-{rows}x{rows}.csv` ({ev['heldout']['examples']} mazes), "
              f"bands by path length (cells incl. S and G): short < {rows}, medium < {2 * rows}, long >= {2 * rows}."]
    else:
        L += [f"- Training: `training/data/arc.py` on ARC-AGI-1 (../shared/data/arc-agi-1): the {pool.get('tasks')} "
              f"training+evaluation tasks whose grids fit {rows}x{rows}; every demonstration pair (and the test pairs "
              f"of training-set tasks) in {pool.get('versions')} versions per task (dihedral x colour permutation, "
              "translation), one puzzle-embedding row per version, as the reference does; "
              f"{pool.get('dropped_duplicates_of_test_pairs')} pairs equal to a held-out pair up to augmentation dropped.",
              f"- Held-out: the test pairs of those evaluation-set tasks (`training/data/heldout/arc-{rows}x{rows}.json`)."]
    L += ["", "## Compute", "",
          f"- Hardware: {hw}; the 2 cores were shared with other jobs during training, so throughput varied.",
          f"- Wall time {wall / 60:.1f} min, {ck.get('step')} optimizer steps, {ck.get('puzzle_steps'):,} puzzle-steps "
          f"(batch {ck.get('args', {}).get('batch')} slots x 1 supervision step per optimizer step).", "",
          "## Held-out results (measured, EMA weights"
          + (", float16-rounded as bundled" if fp16 else "") + ")", ""]
    L.append(md_eval_table(ev["heldout"], "Held-out test pairs, each with its task's identity version only (no voting)"
                           if kind == "arc" else "Held-out set"))
    if "shared_csv" in ev:
        L.append(md_eval_table(ev["shared_csv"], "../shared/data Sudoku CSVs by tdoku rating band"))
    for name, e in ev.get("extra", {}).items():
        caption = meta["extra_tests"].get(name, {}).get("caption")
        L.append(md_eval_table(e, caption or f"Held-out `{name}.csv`, padded with walls to {rows}x{rows}"))
    L += history_table(HISTORY.get("path", ""))
    if "arc_voting" in ev:
        L.append(eval_model.arc_markdown(ev["arc_voting"], "ARC held-out test pairs, voted over versions"))
    if ev32 is not None:
        sub = ev32["heldout"]["examples"]
        e16 = ev16_on(ev, sub)
        L += [f"fp32 weights for comparison: headline {100 * headline(ev32):.1f}% vs "
              f"{100 * e16:.1f}% with fp16-rounded weights"
              + (f" (on the first {sub} held-out puzzles)." if sub != ev["heldout"]["examples"] else "."), ""]
    if notes:
        L += ["## Notes", "", notes, ""]
    L += ["## Reproduce", "", "The exact commands that produced this model (train.py resumes from the run's "
          "`last.pt` when rerun, so a run can span sittings; `--time` is per sitting):", "",
          "```sh", recipe.strip(), "```", ""]
    with open(path, "w") as f:
        f.write("\n".join(L))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.bundle_model",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "models"))
    ap.add_argument("--recipe", required=True, help="file with the exact commands that produced the run")
    ap.add_argument("--notes", default="", help="file with extra card notes (optional)")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--fp32", action="store_true", help="force float32 weights")
    ap.add_argument("--tolerance", type=float, default=0.01, help="largest headline drop accepted for fp16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", help="evaluation device (cpu or cuda)")
    ap.add_argument("--fp32-check-examples", type=int, default=None,
                    help="compare fp16 with fp32 on the first N held-out puzzles only (big grids are slow)")
    ap.add_argument("--history", default="", help="per-sitting history JSON for the card (runs spanning sittings)")
    a = ap.parse_args(argv)
    HISTORY["path"] = a.history
    dev = torch.device(a.device)
    torch.set_num_threads(a.threads)
    ck, cfg, model = load_run(a.run)
    with open(os.path.join(a.data, "dataset.json")) as f:
        meta = json.load(f)
    steps = a.max_steps or cfg.max_steps
    t0 = time.time()
    lim = a.fp32_check_examples
    ev32 = evaluate_all(model, a.data, meta, steps, dev, limit=lim, extra=a.fp32 or lim is None)
    fp16 = False
    ev = ev32
    if not a.fp32:
        m16 = fp16_roundtrip(model)
        ev16 = evaluate_all(m16, a.data, meta, steps, dev, limit=lim, extra=lim is None)
        if headline(ev16) >= headline(ev32) - a.tolerance:
            fp16, ev = True, ev16
            if lim is not None:   # the bundled (fp16) weights on the whole held-out sets
                ev = evaluate_all(m16, a.data, meta, steps, dev)
                ev["fp16_subset_headline"] = headline(ev16)
    if lim is not None and not fp16:
        ev = evaluate_all(model, a.data, meta, steps, dev)
    print(f"evaluated in {time.time() - t0:.0f}s; fp32 headline {headline(ev32):.4f}; bundling "
          f"{'fp16' if fp16 else 'fp32'}", flush=True)
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, f"{a.name}.onnx")
    export(model, onnx_path, fp16)
    recipe = open(a.recipe).read()
    notes = open(a.notes).read() if a.notes else ""
    md = {
        "format": "grid-reasoner-trm", "format_version": 1, "name": a.name, "kind": meta["kind"],
        "grid": meta["grid"], "vocab": meta["vocab"], "seq_len": cfg.seq_len, "prefix_len": cfg.prefix_len,
        "hidden_size": cfg.hidden_size, "vocab_size": cfg.vocab_size,
        "arch": {"variant": cfg.variant, "T": cfg.T, "n": cfg.n, "layers": cfg.layers,
                 "heads": cfg.heads if cfg.variant == "attn" else 0, "expansion": cfg.expansion,
                 "pos_encoding": cfg.pos_encoding},
        "max_steps": cfg.max_steps,
        "y_init": [float(v) for v in model.H_init.float().tolist()],
        "z_init": [float(v) for v in model.L_init.float().tolist()],
        "puzzle_embedding": puzzle_embedding_spec(model, meta, a.out, a.name, fp16),
        "training": {"data": {k: v for k, v in meta.get("pool", {}).items() if k != "identifiers"},
                     "puzzle_steps": int(ck.get("puzzle_steps", 0)), "optimizer_steps": int(ck.get("step", 0)),
                     "hardware": ck.get("hardware", ""), "wall_time_s": round(float(ck.get("wall_time_s", 0.0)), 1),
                     "args": ck.get("args", {}), "recipe": recipe.strip(), "torch": torch.__version__,
                     "python": platform.python_version()},
        "accuracy": {"weights": "float16" if fp16 else "float32", **ev},
        "check": parity_sample(fp16_roundtrip(model) if fp16 else model, a.data, meta, steps, device=dev),
        "sha256": sha256(onnx_path),
    }
    from .export_onnx import requires
    if requires(model, True):
        md["requires"] = requires(model, True)
    with open(os.path.join(a.out, f"{a.name}.json"), "w") as f:
        json.dump(md, f, indent=1)
    write_card(os.path.join(a.out, f"{a.name}.md"), a.name, cfg, meta, ck, ev, fp16, onnx_path, recipe, notes,
               ev32 if fp16 else None)
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes), {a.name}.json, {a.name}.md")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
