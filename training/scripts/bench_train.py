"""Training throughput per configuration (puzzle-steps/s = batch slots x optimizer steps / s; one optimizer step
is one supervision step for every slot, with the T-1 no-grad cycles, backward, AdamW and the EMA update), and
the same as GFLOP/s against this CPU's FP32 peak (`cpu_peak`, from lscpu / /proc/cpuinfo). FLOPs are counted
analytically (2 per multiply-add of the matmuls and convolutions; norms, activations and the optimizer are
left out, so the GFLOP/s is a lower bound); backward counts twice the forward of the differentiated cycle.
Prints one JSON line per config. Used by bench/training.bench.ts; by hand:
    /usr/bin/python3 -m training.scripts.bench_train [--seconds 4] [--threads 1] [--only NAME]
"""
import argparse
import json
import os
import time

# OpenBLAS reads its thread count when torch loads it: set before the imports below.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402

from .. import blas  # noqa: E402
from ..model import TRM, TRMConfig, swiglu_width  # noqa: E402
from ..step import TrainStep  # noqa: E402
from ..train import EMA, sequence_ce  # noqa: E402

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
    ("maze30 conv D64 T3 n2 P1 (maze-30x30 run)", dict(vocab_size=6, seq_len=900, hidden_size=64, prefix_len=1,
                                                          T=3, n=2, variant="conv", ffn_multiple=16), 32),
    ("sudoku9 mlp D512 T3 n6 P16 (paper size)", dict(vocab_size=11, seq_len=81, hidden_size=512, prefix_len=16,
                                                      T=3, n=6), 8),
]


def cpu_peak() -> dict:
    """FP32 peak of one core = clock x FLOP/cycle, assuming two FMA units per core (as Intel's server cores
    with AVX-512 and the AVX2 desktop cores have): 2 units x lanes x 2 (multiply + add)."""
    flags, mhz, model, cores = set(), 0.0, "?", os.cpu_count() or 1
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                k = k.strip()
                if k == "flags" and not flags:
                    flags = set(v.split())
                elif k == "cpu MHz" and not mhz:
                    mhz = float(v)
                elif k == "model name" and model == "?":
                    model = v.strip()
    except OSError:
        pass
    lanes = 16 if "avx512f" in flags else 8 if "avx2" in flags else 4
    fma = 2 if "fma" in flags or lanes == 16 else 1
    per_cycle = 2 * lanes * fma
    return {"model": model, "mhz": mhz, "cores": cores, "simd": "AVX-512" if lanes == 16 else "AVX2" if lanes == 8
            else "SSE", "flop_per_cycle": per_cycle, "peak_gflops_per_core": round(mhz * per_cycle / 1000, 1),
            "amx_bf16": "amx_bf16" in flags}


def net_call_flops(cfg: TRMConfig) -> float:
    """FLOPs of one call of the shared net (all blocks) on one puzzle."""
    D, S, L = cfg.hidden_size, cfg.seq_total, cfg.seq_len
    inter = swiglu_width(D, cfg.expansion, cfg.ffn_multiple)
    per_block = 2 * 3 * D * inter * S                        # channel SwiGLU: gate+up (2 inter) and down
    if cfg.variant == "mlp":
        it = swiglu_width(S, cfg.expansion, cfg.ffn_multiple)
        per_block += 2 * 3 * S * it * D                      # token-mixing SwiGLU over the sequence
    elif cfg.variant == "attn":
        per_block += 2 * (4 * S * D * D + 2 * S * S * D)     # qkv + o projections, scores and weighted sum
    else:
        per_block += 2 * 9 * D * D * L + 2 * 3 * D * D       # 3x3 convolution + the global projections
    return per_block * cfg.layers


def step_flops(cfg: TRMConfig) -> tuple:
    """(training FLOPs, evaluation FLOPs) of one supervision step of one puzzle."""
    call = net_call_flops(cfg)
    calls = cfg.T * (cfg.n + 1)
    grad_calls = cfg.n + 1                                   # the last cycle: forward + backward (2x)
    return call * (calls + 2 * grad_calls), call * calls


def bench(cfg_kw, batch, seconds, device="cpu", bf16=False):
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
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            y2, z2, logits, q = step(tok, pid, y, z)
        loss = sequence_ce(logits.float(), lab, "stablemax").sum() / batch + 0.1 * q.float().sum()
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
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        x = model.input_embeddings(tok, model.puzzle_vectors(pid), torch.float32)
        yy, zz = model.initial_state(batch, device)
        while n2 < 1 or time.time() - t1 < seconds / 2:
            yy, zz, _, _ = model.step(x, yy, zz, grad_last_cycle=False)
            n2 += 1
    di = time.time() - t1
    tf, ef = step_flops(cfg)
    return {"params": model.num_params(), "batch": batch, "steps": n, "seconds": round(dt, 2),
            "train_puzzle_steps_per_s": round(n * batch / dt, 1),
            "eval_puzzle_steps_per_s": round(n2 * batch / di, 1),
            "train_gflops": round(n * batch / dt * tf / 1e9, 1), "eval_gflops": round(n2 * batch / di * ef / 1e9, 1)}


def main():
    ap = argparse.ArgumentParser(prog="python3 -m training.scripts.bench_train")
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", default=None)
    ap.add_argument("--bf16", action="store_true", help="CPU bf16 autocast (AMX where the CPU has it)")
    a = ap.parse_args()
    print(json.dumps({"cpu_peak": cpu_peak()}), flush=True)
    torch.set_num_threads(a.threads)
    for name, kw, batch in CONFIGS:
        if a.only and a.only not in name:
            continue
        r = bench(kw, batch, a.seconds, bf16=a.bf16)
        r.update({"config": name + (" bf16 autocast" if a.bf16 else ""), "threads": a.threads,
                  "torch": torch.__version__, "blas": blas.describe()})
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
