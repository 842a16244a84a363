"""PyTorch CPU side of bench/trm.bench.ts: times one supervision step of training/model.py's TRM.

Usage (from the repository root): /usr/bin/python3 -m bench.trm_torch META.json [CHECKPOINT] --batches 1,8,64 --seconds 2 --threads N
Prints one JSON object: {"weights": "...", "results": {"1": ms_per_step, ...}}.
The inputs are the same as the TypeScript side builds: tokens = i % V, puzzle vector = the metadata's
shared vector (or zeros), y/z = y_init/z_init broadcast.
"""
import argparse
import json
import os
import time

import training  # noqa: F401  (picks the OpenBLAS kernels before torch loads them)
import torch

from training.model import TRM, TRMConfig

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def config_from_meta(meta):
    arch = meta["arch"]
    d = dict(
        vocab_size=meta["vocab_size"],
        seq_len=meta["seq_len"],
        hidden_size=meta["hidden_size"],
        prefix_len=meta["prefix_len"],
        num_puzzle_ids=0,
        variant=arch.get("variant", "mlp"),
        layers=arch.get("layers", 2),
        T=arch["T"],
        n=arch["n"],
        max_steps=meta["max_steps"],
        pos_encoding=arch.get("pos_encoding", "none"),
    )
    for k in ("heads", "expansion", "ffn_multiple", "rope_theta"):
        if k in arch and arch[k]:
            d[k] = arch[k]
    return TRMConfig.from_dict(d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("meta")
    ap.add_argument("checkpoint", nargs="?")
    ap.add_argument("--batches", default="1,8,64")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--slow-ms", type=float, default=4000.0, help="skip larger batches after a step this slow")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    meta = json.load(open(a.meta))
    cfg = config_from_meta(meta)
    model = TRM(cfg)
    weights = "random weights with the model's architecture (no checkpoint found)"
    if a.checkpoint and os.path.exists(a.checkpoint):
        # the training run the ONNX file was exported from: the same (EMA) weights
        from training.export_onnx import load_checkpoint
        model, _ = load_checkpoint(a.checkpoint)
        weights = f"the exported weights (checkpoint {os.path.relpath(a.checkpoint, ROOT)})"
    model.eval()
    L, D, V = meta["seq_len"], meta["hidden_size"], meta["vocab_size"]
    pe = meta["puzzle_embedding"]
    vec = torch.tensor(pe["shared"], dtype=torch.float32) if "shared" in pe else torch.zeros(D)
    y0 = torch.tensor(meta["y_init"], dtype=torch.float32)
    z0 = torch.tensor(meta["z_init"], dtype=torch.float32)
    S = L + meta["prefix_len"]
    out = {}
    with torch.no_grad():
        for b in [int(x) for x in a.batches.split(",")]:
            tokens = (torch.arange(b * L) % V).reshape(b, L).long()
            pv = vec.reshape(1, D).expand(b, D).contiguous()
            y = y0.reshape(1, 1, D).expand(b, S, D).contiguous()
            z = z0.reshape(1, 1, D).expand(b, S, D).contiguous()
            model(tokens, pv, y, z)  # warm-up
            n, t0 = 0, time.perf_counter()
            while True:
                model(tokens, pv, y, z)
                n += 1
                el = time.perf_counter() - t0
                if (el >= a.seconds and n >= 2) or n >= 200:
                    break
            out[str(b)] = el / n * 1000.0
            if out[str(b)] > a.slow_ms:
                break
    print(json.dumps({"weights": weights, "threads": torch.get_num_threads(), "results": out}))


if __name__ == "__main__":
    main()
