"""The small checkpoint a sitting commits so that the next one resumes with the same command.

    /usr/bin/python3 -m training.commit_checkpoint training/runs/maze-30x30/last.pt training/checkpoints/maze-30x30.pt

Keeps what resuming needs: model and EMA weights in fp32 (small models: a few hundred KB each), AdamW moments
in bf16 (train.py casts them back; dropping them is also fine, `--no-moments`, then train.py warms up again),
the step and compute counters, the best held-out score so far, config, args and dataset metadata. Prints the
size; the history grows by about that much per sitting.
"""
from __future__ import annotations

import argparse
import os
import sys

import torch


def slim(ck: dict, moments: bool) -> dict:
    out = {k: ck[k] for k in ("config", "model", "ema", "step", "puzzle_steps", "wall_time_s", "meta", "args",
                              "hardware", "best") if k in ck}
    if moments and ck.get("optimizer") is not None:
        opt = ck["optimizer"]
        # bf16, not fp16: the second moments of small gradients are 1e-13..1e-6, below fp16's normal range, and
        # fp16 flushed them to zero or a few bits; the first AdamW step after such a resume moved weights by up
        # to thousands of learning rates. bf16 has fp32's exponent range (relative error 0.4%).
        state = {i: {k: (v.bfloat16() if torch.is_tensor(v) and v.is_floating_point() and v.dim() > 0 else v)
                     for k, v in st.items()} for i, st in opt["state"].items()}
        out["optimizer"] = {"state": state, "param_groups": opt["param_groups"]}
    else:
        out["optimizer"] = None
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.commit_checkpoint",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("src", help="a train.py checkpoint (last.pt)")
    ap.add_argument("dst")
    ap.add_argument("--no-moments", action="store_true", help="leave the AdamW moments out")
    a = ap.parse_args(argv)
    if not os.path.exists(a.src):
        print(f"commit_checkpoint.py: no checkpoint at {a.src}", file=sys.stderr)
        return 2
    ck = torch.load(a.src, map_location="cpu")
    os.makedirs(os.path.dirname(os.path.abspath(a.dst)), exist_ok=True)
    torch.save(slim(ck, not a.no_moments), a.dst)
    print(f"wrote {a.dst}: {os.path.getsize(a.dst) / 1e6:.2f} MB, step {ck['step']}, "
          f"{ck['puzzle_steps']:,} puzzle-steps, {ck.get('wall_time_s', 0) / 3600:.2f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
