"""The attention core written as one onnxruntime node, com.microsoft MultiHeadAttention, for export only.

Unfused, the exported core is three nodes per block (q k^T as a scaled MatMul, Softmax, weights x v) and the
[B, H, S, S] scores go through memory between them; onnxruntime's CPU kernel of MultiHeadAttention (no mask,
no bias, no past state) runs a tiled flash-attention loop that keeps one tile of scores in cache instead.
RoPE is applied to q and k before the node, exactly as in model.Attention, so only the core changes.

Node layout (onnxruntime contrib op, domain com.microsoft, version 1): query, key, value [B, S, H * hd], attribute
num_heads = H and scale = 1 / sqrt(hd) (written out, not left to the default); output [B, S, H * hd], heads
concatenated in the same order as model.attention_core returns them.
"""
from __future__ import annotations

import math

import torch

from . import model as model_module

DOMAIN = "com.microsoft"
OP = "MultiHeadAttention"
# what a runtime must implement to run such a graph (written into the metadata's "requires")
REQUIRES = {"ops": [f"{DOMAIN}.{OP}"],
            "runtime": "onnxruntime's contrib operators (its CPU and WebAssembly builds have them; checked "
                       "with onnxruntime-node and onnxruntime-web 1.30)"}


class MultiHeadAttentionOp(torch.autograd.Function):
    """PyTorch: the same arithmetic as model.attention_core (so a traced export and its parity fixture agree);
    ONNX: one MultiHeadAttention node."""

    @staticmethod
    def forward(ctx, q, k, v, heads: int, scale: float):  # q, k, v [B, S, H * hd]
        B, S, D = q.shape
        split = [t.reshape(B, S, heads, D // heads) for t in (q, k, v)]
        return model_module.scaled_dot_attention(*split)

    @staticmethod
    def symbolic(g, q, k, v, heads: int, scale: float):
        return g.op(f"{DOMAIN}::{OP}", q, k, v, num_heads_i=heads, scale_f=scale)


def fused_attention_core(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """model.attention_core's signature: q, k, v [B, S, H, hd] -> [B, S, H * hd]."""
    B, S, H, hd = q.shape
    flat = [t.reshape(B, S, H * hd) for t in (q, k, v)]
    # while tracing, sizes read from a shape are graph values; the node's attributes must be plain numbers
    heads, head_dim = int(H), int(hd)
    return MultiHeadAttentionOp.apply(*flat, heads, 1.0 / math.sqrt(head_dim))


class fused_attention:
    """Within this block model.Attention calls fused_attention_core (export only; training code is untouched)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    def __enter__(self):
        self.saved = model_module.attention_core
        if self.enabled:
            model_module.attention_core = fused_attention_core

    def __exit__(self, *exc):
        model_module.attention_core = self.saved
