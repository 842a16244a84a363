"""The accelerator run (issue 9 item 4): ONE call of at most 9 minutes on one GPU (written for an H200,
Python 3.12, torch 2.x with CUDA, onnx; no network) that trains the Sudoku 9x9 MLP-TRM for a fixed
wall-clock budget with bf16, evaluates it on the held-out sets, and writes the fp16 ONNX step model, its
metadata and its model card to $OUT (at most 8 files, each under 16 MB).

    python3 -m training.scripts.accelerator_run --out "$OUT"                        # on the device, from the repo root
    /usr/bin/python3 -m training.scripts.accelerator_run --out /tmp/acc --cpu-test   # logic check on CPU (~2 minutes)

Steps: (1) the training pool: training/runs/data/sudoku-9x9.npz when carried along (built here by
`python3 -m training.data.pools sudoku 9 ...`), else generated on the spot with all CPU cores; (2) the dataset
directory (data/dataset_dir.py: held-out 9x9 + the ../shared/data CSV sample); (3) train.py for --budget
seconds (D = --hidden, default the paper's 512; batch 768; bf16 autocast-style forward on CUDA); (4)
bundle_model.py on the GPU: held-out tables, fp16 export, NAME.json, NAME.md. The EMA checkpoint
(fp16 state dict) is also written to $OUT so the model can be re-exported elsewhere if the export fails.
Every phase is timed and logged to $OUT/run.log; the phases after training are budgeted so the call ends
within --deadline seconds.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import sys
import time

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the package directory


def log(msg: str, fh=None) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    if fh:
        fh.write(line + "\n")
        fh.flush()


def _gen_chunk(args):
    seed, count = args
    from ..data import heldout
    _, mg = heldout.SUDOKU_SPECS[9]
    ps = heldout.sudoku_train_pool(9, count, seed, min_givens=mg)
    from ..data import sudoku
    return [(sudoku.encode(p.question), sudoku.encode(p.answer), p.givens) for p in ps]


def build_pool(path: str, count: int, workers: int, fh) -> None:
    """Generate `count` 9x9 training puzzles in parallel (seeds 100.. per chunk; filtered against held-out)."""
    import numpy as np
    chunks = max(1, workers * 4)
    per = -(-count // chunks)
    t0 = time.time()
    with mp.Pool(workers) as pool:
        parts = pool.map(_gen_chunk, [(100 + i, per) for i in range(chunks)])
    rows = [r for part in parts for r in part]
    x = np.stack([r[0] for r in rows]).astype(np.uint8)
    y = np.stack([r[1] for r in rows]).astype(np.uint8)
    meta = {"kind": "sudoku", "size": 9, "generated": per * chunks, "kept": len(rows),
            "dropped_heldout": per * chunks - len(rows), "aug": 1, "seed": f"100..{100 + chunks - 1} (one per chunk)",
            "min_givens_cycle": [0, 34, 41], "command": f"accelerator_run.build_pool(count={count})",
            "seconds": round(time.time() - t0, 1)}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez_compressed(path, inputs=x, labels=y, puzzle_ids=np.zeros(len(x), np.int32), meta=np.array(json.dumps(meta)))
    log(f"generated {len(rows)} puzzles in {time.time() - t0:.0f}s with {workers} workers -> {path}", fh)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.scripts.accelerator_run",
                                 description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("OUT"), help="result folder (default $OUT)")
    ap.add_argument("--budget", type=float, default=330, help="training seconds (wall clock)")
    ap.add_argument("--deadline", type=float, default=530, help="whole call must end within this many seconds")
    ap.add_argument("--hidden", type=int, default=512, help="D (the paper: 512)")
    ap.add_argument("--T", type=int, default=3)
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--batch", type=int, default=768)
    ap.add_argument("--lr", type=float, default=7e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--pool", default=os.path.join(TRAINING, "runs", "data", "sudoku-9x9.npz"))
    ap.add_argument("--pool-count", type=int, default=12000, help="puzzles to generate when no pool is carried")
    ap.add_argument("--name", default="sudoku-9x9")
    ap.add_argument("--cpu-test", action="store_true",
                    help="check the logic on CPU: tiny model, 20 s budget, few eval steps, small pool")
    a = ap.parse_args(argv)
    if not a.out:
        print("accelerator_run.py: give --out or set $OUT", file=sys.stderr)
        return 2
    t_start = time.time()
    os.makedirs(a.out, exist_ok=True)
    fh = open(os.path.join(a.out, "run.log"), "w")

    import torch
    cuda = torch.cuda.is_available() and not a.cpu_test
    if a.cpu_test:
        a.hidden, a.T, a.n, a.batch, a.budget, a.warmup = 32, 1, 2, 32, 20, 5
        a.pool_count = min(a.pool_count, 64)
    elif not cuda:
        log("no CUDA device: use --cpu-test for a logic check on CPU", fh)
        return 2
    log(f"torch {torch.__version__}, cuda {torch.version.cuda}, device "
        f"{torch.cuda.get_device_name(0) if cuda else 'cpu'}, python {sys.version.split()[0]}", fh)

    # (1) pool
    work = os.path.join(a.out, "_work") if a.cpu_test else "/tmp/grid-reasoner-acc"
    pool = a.pool
    if a.cpu_test or not os.path.exists(pool):
        pool = os.path.join(work, "pool-9x9.npz")
        build_pool(pool, a.pool_count, max(1, (os.cpu_count() or 2) - 1), fh)
    else:
        log(f"using the carried pool {pool}", fh)
    # (2) dataset directory
    from ..data import dataset_dir
    ds = os.path.join(work, "ds-9x9")
    dataset_dir.build("sudoku", 9, pool, ds, csv_eval=True)
    log(f"dataset ready at {ds} ({time.time() - t_start:.0f}s)", fh)

    # (3) train for the budget (train.py; resumable checkpoint in the run dir)
    run = os.path.join(work, "run-9x9")
    if a.cpu_test and os.path.exists(run):
        shutil.rmtree(run)
    budget = min(a.budget, a.deadline - (time.time() - t_start) - (60 if a.cpu_test else 150))
    targs = ["--data", ds, "--out", run, "--variant", "mlp", "--hidden", str(a.hidden), "--T", str(a.T), "--n", str(a.n),
             "--prefix-len", "16", "--ffn-multiple", "256" if a.hidden >= 256 else "16", "--batch", str(a.batch),
             "--lr", str(a.lr), "--warmup", str(a.warmup), "--ema", str(a.ema), "--wd", "1.0",
             "--time", str(max(5, budget)), "--log-every", "20" if cuda else "5", "--ckpt-every", "120",
             "--eval-examples", "64", "--seed", "0"]
    if a.cpu_test:
        targs += ["--max-steps", "4", "--threads", "2", "--prefix-len", "1"]
    else:
        targs += ["--device", "cuda", "--dtype", "bf16"]
    from .. import train as trainer
    log("train.py " + " ".join(targs), fh)
    res = trainer.train(trainer.parse_args(targs))
    log(f"trained: {res['step']} optimizer steps, {res['puzzle_steps']:,} puzzle-steps in {res['wall_time_s']:.0f}s "
        f"({res['puzzle_steps'] / max(1, res['wall_time_s']):.0f} puzzle-steps/s); quick eval "
        f"{json.dumps(res.get('eval', {}).get('overall', {}))}", fh)
    # fp16 EMA checkpoint for re-export elsewhere
    ck = torch.load(os.path.join(run, "last.pt"), map_location="cpu")
    torch.save({"config": ck["config"], "ema": {k: (v.half() if v.is_floating_point() else v) for k, v in ck["ema"].items()},
                "step": ck["step"], "puzzle_steps": ck["puzzle_steps"], "wall_time_s": ck["wall_time_s"],
                "hardware": ck.get("hardware")}, os.path.join(a.out, f"{a.name}.ema-fp16.pt"))

    # (4) bundle: evaluate on the GPU, export fp16, metadata and card
    recipe = os.path.join(work, "recipe.sh")
    with open(recipe, "w") as f:
        f.write("# on one GPU (the device machine), from the repository root, within one call:\n"
                f"python3 -m training.scripts.accelerator_run --out \"$OUT\" --budget {a.budget:g} --hidden {a.hidden} "
                f"--T {a.T} --n {a.n} --batch {a.batch} --lr {a.lr:g} --warmup {a.warmup} --ema {a.ema:g}\n"
                "# (it runs: training.data.pools/training.data.dataset_dir -> training.train " + " ".join(targs)
                + " -> training.bundle_model)\n")
    notes = os.path.join(work, "notes.md")
    with open(notes, "w") as f:
        f.write(("This is a CPU logic check of training/scripts/accelerator_run.py, NOT a bundled model.\n" if a.cpu_test else
                 f"Trained in one call on {ck.get('hardware')} by `training/scripts/accelerator_run.py` "
                 f"(budget {a.budget:g} s of training inside a 9-minute call). The paper's full Sudoku run is about "
                 f"50 million puzzle-steps; this one is {ck['puzzle_steps']:,}.\n"))
    from .. import bundle_model
    bargs = ["--name", a.name, "--run", run, "--data", ds, "--out", a.out, "--recipe", recipe, "--notes", notes,
             "--device", "cuda" if cuda else "cpu"]
    if a.cpu_test:
        bargs += ["--max-steps", "4"]
    t_b = time.time()
    try:
        rc = bundle_model.main(bargs)
    except Exception:  # keep the checkpoint and logs: the model can be bundled elsewhere from the .pt
        import traceback
        log("bundle_model.py failed:\n" + traceback.format_exc(), fh)
        log(f"re-bundle elsewhere: python3 -m training.bundle_model --run {a.name}.ema-fp16.pt --data DS ...", fh)
        rc = 1
    log(f"bundle_model.py rc {rc} in {time.time() - t_b:.0f}s", fh)
    if os.path.exists(os.path.join(run, "eval.json")):
        shutil.copy(os.path.join(run, "eval.json"), os.path.join(a.out, "train-eval.json"))
    if a.cpu_test:
        shutil.rmtree(work, ignore_errors=True)
    files = sorted(os.listdir(a.out))
    log(f"done in {time.time() - t_start:.0f}s; $OUT holds {files}", fh)
    fh.close()
    return rc


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
