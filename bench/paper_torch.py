"""PyTorch's matrix products on the paper-size shapes, beside bench/paper.bench.ts in the same run: fp32
torch.mm and, where this torch has it, fbgemm's dynamic int8 linear (uint8 activations quantised per call, int8
weights per channel: the same scheme as the int8 graphs). One thread. Prints one JSON line:
{"fp32": {shape: GFLOP/s}, "int8": {shape: GFLOP/s (counted as 2*M*K*N)}, "torch": version, "blas": kernels line}.

    /usr/bin/python3 -m bench.paper_torch --shapes 776x512x3072,916x512x3072 --seconds 2
"""
import argparse
import json
import time

import training  # noqa: F401  (picks the OpenBLAS kernels before torch loads them)
import torch
from training import blas


def rate(fn, flop, seconds):
    fn()
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        el = time.perf_counter() - t0
        if el >= seconds and n >= 3:
            return flop * n / el / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--seconds", type=float, default=2.0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    out = {"torch": torch.__version__, "blas": blas.describe(), "fp32": {}, "int8": {}}
    for s in a.shapes.split(","):
        M, K, N = (int(v) for v in s.split("x"))
        x, w = torch.randn(M, K), torch.randn(N, K) / K ** 0.5
        flop = 2.0 * M * K * N
        out["fp32"][s] = rate(lambda: torch.nn.functional.linear(x, w), flop, a.seconds)
        try:
            torch.backends.quantized.engine = "fbgemm"
            lin = torch.nn.Linear(K, N, bias=False)
            lin.weight.data = w
            q = torch.ao.quantization.quantize_dynamic(torch.nn.Sequential(lin), {torch.nn.Linear},
                                                       dtype=torch.qint8)
            with torch.no_grad():
                out["int8"][s] = rate(lambda: q(x), flop, a.seconds)
        except Exception as e:  # noqa: BLE001 - a torch without fbgemm: say so in the table
            out["int8"][s] = f"not available: {type(e).__name__}"
    print(json.dumps(out))


if __name__ == "__main__":
    main()
