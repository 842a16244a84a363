"""The attention core alone, as the step graphs export it, for bench/attention_core.ts: q, k, v [B, S, H * hd]
in, softmax(q k^T / sqrt(hd)) v out, written once unfused (model.scaled_dot_attention: MatMul, Softmax, MatMul)
and once fused (fused_attention.fused_attention_core: one com.microsoft MultiHeadAttention node).

    /usr/bin/python3 -m bench.attention_core OUT_DIR [S H HD]     (from the repository root; default 916 8 64,
                                                                  the paper's maze/ARC attention)
"""
import os
import sys
import warnings

import training  # noqa: F401  (picks the OpenBLAS kernels before torch loads them)
import torch

from training import model as M
from training.fused_attention import fused_attention_core


class Core(torch.nn.Module):
    def __init__(self, core, heads: int, head_dim: int):
        super().__init__()
        self.core, self.heads, self.head_dim = core, heads, head_dim

    def forward(self, q, k, v):
        B, S, _ = q.shape
        return self.core(*(t.reshape(B, S, self.heads, self.head_dim) for t in (q, k, v)))


def main() -> int:
    out = sys.argv[1]
    S, H, hd = (int(v) for v in (sys.argv[2:5] if len(sys.argv) >= 5 else (916, 8, 64)))
    os.makedirs(out, exist_ok=True)
    x = torch.zeros(1, S, H * hd)
    for name, core in (("unfused", M.scaled_dot_attention), ("fused", fused_attention_core)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(Core(core, H, hd), (x, x, x), os.path.join(out, f"{name}.onnx"),
                              input_names=["q", "k", "v"], output_names=["o"],
                              dynamic_axes={n: {0: "batch"} for n in ("q", "k", "v", "o")}, opset_version=17,
                              custom_opsets={"com.microsoft": 1} if name == "fused" else None)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
