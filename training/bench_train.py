"""Training throughput per configuration (puzzle-steps/s = batch slots x optimizer steps / s; one optimizer step
is one supervision step for every slot, with the T-1 no-grad cycles, backward, AdamW and the EMA update).
Prints one JSON line per config. Used by bench/training.bench.ts; by hand:
    /usr/bin/python3 training/bench_train.py [--seconds 4] [--threads 1] [--only NAME]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

from model import TRM, TRMConfig  # noqa: E402
from train import EMA, TrainStep, sequence_ce  # noqa: E402

CONFIGS = [
    # name, model settings, batch
    ("sudoku4 mlp D64 T2 n2 P4 (fixture)", dict(vocab_size=6, seq_len=16, hidden_size=64, prefix_len=4, T=2, n=2,
                                                 ffn_multiple=16), 256),
    ("sudoku6 mlp D128 T3 n4 P4", dict(vocab_size=8, seq_len=36, hidden_size=128, prefix_len=4, T=3, n=4,
                                       ffn_multiple=16), 128),
    ("sudoku9 mlp D128 T3 n6 P16", dict(vocab_size=11, seq_len=81, hidden_size=128, prefix_len=16, T=3, n=6,
                                        ffn_multiple=64), 64),
    ("sudoku9 attn+rope D128 H4 T3 n6 P16", dict(vocab_size=11, seq_len=81, hidden_size=128, prefix_len=16, T=3,
                                                 n=6, variant="attn", heads=4, pos_encoding="rope",
                                                 ffn_multiple=64), 64),
    ("maze15 attn+rope D128 H4 T3 n4 P4", dict(vocab_size=6, seq_len=225, hidden_size=128, prefix_len=4, T=3, n=4,
                                               variant="attn", heads=4, pos_encoding="rope", ffn_multiple=64), 32),
    ("sudoku9 mlp D512 T3 n6 P16 (paper size)", dict(vocab_size=11, seq_len=81, hidden_size=512, prefix_len=16,
                                                      T=3, n=6), 8),
]


def bench(cfg_kw, batch, seconds, device="cpu"):
    torch.manual_seed(0)
    cfg = TRMConfig(**cfg_kw)
    model = TRM(cfg).to(device)
    step = TrainStep(model)
    ema = EMA(model, 0.999)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    tok = torch.randint(1, cfg.vocab_size, (batch, cfg.seq_len), device=device)
    lab = torch.randint(1, cfg.vocab_size, (batch, cfg.seq_len), device=device)
    pid = torch.zeros(batch, dtype=torch.long, device=device)
    y, z = model.initial_state(batch, device)

    def one():
        nonlocal y, z
        y2, z2, logits, q = step(tok, pid, y, z)
        loss = sequence_ce(logits, lab, "stablemax").sum() / batch + 0.1 * q.sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        ema.update(model)
        y, z = y2.detach(), z2.detach()

    one()
    n, t0 = 0, time.time()
    while n < 1 or time.time() - t0 < seconds:
        one()
        n += 1
    dt = time.time() - t0
    # inference (evaluation) throughput: full step, no grad
    model.eval()
    n2, t1 = 0, time.time()
    with torch.no_grad():
        x = model.input_embeddings(tok, model.puzzle_vectors(pid), torch.float32)
        yy, zz = model.initial_state(batch, device)
        while n2 < 1 or time.time() - t1 < seconds / 2:
            yy, zz, _, _ = model.step(x, yy, zz, grad_last_cycle=False)
            n2 += 1
    di = time.time() - t1
    return {"params": model.num_params(), "batch": batch, "steps": n, "seconds": round(dt, 2),
            "train_puzzle_steps_per_s": round(n * batch / dt, 1),
            "eval_puzzle_steps_per_s": round(n2 * batch / di, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    for name, kw, batch in CONFIGS:
        if a.only and a.only not in name:
            continue
        r = bench(kw, batch, a.seconds)
        r.update({"config": name, "threads": a.threads, "torch": torch.__version__})
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
