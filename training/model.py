"""Tiny Recursive Model (TRM) in PyTorch.

Written for Grid Reasoner from the description in the TRM paper (arXiv 2510.04871) and the notes in
../shared/notes/trm.md. One shared network of `layers` blocks is applied recursively:

    one supervision step = T times { n times  z = net(z, y + x);   y = net(y, z) }
    net(h, inj) = blocks(h + inj)

Blocks are post-norm with a weightless RMSNorm, SwiGLU feed-forward, and either self-attention with RoPE
("attn") or the MLP-mixer token-mixing SwiGLU over the sequence axis ("mlp", the reference's `mlp_t`).
Parameters are kept in fp32 (or fp16 for export) and cast to the activation dtype where they are used, like
the reference's CastedLinear, so bf16 autocast on CUDA and fp16-weight ONNX export both work.

The module names mirror the reference checkpoint keys after stripping `_orig_mod.model.inner.` (see
convert_reference.py), so a reference state dict loads with a plain rename.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

RMS_EPS = 1e-5


@dataclass
class TRMConfig:
    vocab_size: int = 11
    seq_len: int = 81
    hidden_size: int = 512
    prefix_len: int = 16          # puzzle-embedding prefix tokens (reference: puzzle_emb_len = 16)
    num_puzzle_ids: int = 1       # rows of the puzzle-embedding table (0 = no puzzle embedding)
    variant: str = "mlp"          # "mlp" (token-mixing SwiGLU), "attn", or "conv" (3x3 convolution over the grid)
    grid_rows: int = 0            # conv: the grid the seq_len tokens cover (0: square, sqrt(seq_len))
    grid_cols: int = 0
    heads: int = 8
    expansion: float = 4.0
    ffn_multiple: int = 256       # SwiGLU width rounds up to a multiple of this (reference: 256)
    layers: int = 2
    T: int = 3                    # H_cycles
    n: int = 6                    # L_cycles
    max_steps: int = 16           # N_sup
    pos_encoding: str = "none"    # "none" | "rope" | "learned"
    rope_theta: float = 10000.0

    @property
    def grid_shape(self) -> Tuple[int, int]:
        if self.grid_rows and self.grid_cols:
            return self.grid_rows, self.grid_cols
        side = int(round(math.sqrt(self.seq_len)))
        return side, side

    @property
    def seq_total(self) -> int:
        return self.seq_len + self.prefix_len

    def validate(self) -> None:
        if self.variant not in ("mlp", "attn", "conv"):
            raise ValueError(f"variant must be 'mlp', 'attn' or 'conv', got {self.variant!r}")
        if self.variant == "conv":
            r, c = self.grid_shape
            if r * c != self.seq_len:
                raise ValueError(f"conv: grid {r}x{c} does not cover seq_len {self.seq_len}")
            if self.prefix_len < 1:
                raise ValueError("conv: needs prefix_len >= 1 (the halting head reads prefix token 0)")
        if self.pos_encoding not in ("none", "rope", "learned"):
            raise ValueError(f"pos_encoding must be none, rope or learned, got {self.pos_encoding!r}")
        if self.variant == "attn" and self.hidden_size % self.heads:
            raise ValueError(f"hidden_size {self.hidden_size} is not divisible by heads {self.heads}")
        if self.pos_encoding == "rope" and self.variant != "attn":
            raise ValueError("rope needs the attention variant")
        for name in ("vocab_size", "seq_len", "hidden_size", "layers", "T", "n", "max_steps"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1")
        if self.prefix_len < 0 or self.num_puzzle_ids < 0:
            raise ValueError("prefix_len and num_puzzle_ids must be >= 0")
        if self.num_puzzle_ids > 0 and self.prefix_len < 1:
            raise ValueError("a puzzle embedding needs prefix_len >= 1")

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "TRMConfig":
        names = {f.name for f in dataclasses.fields(TRMConfig)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown model settings: {sorted(unknown)}")
        return TRMConfig(**d)


def swiglu_width(in_features: int, expansion: float, multiple: int) -> int:
    w = round(expansion * in_features * 2 / 3)
    return -(w // -multiple) * multiple


def trunc_normal_(t: torch.Tensor, std: float) -> torch.Tensor:
    # truncated at +-2 std, then the std is the requested one (close enough for initialisation)
    with torch.no_grad():
        return nn.init.trunc_normal_(t, mean=0.0, std=std, a=-2 * std, b=2 * std)


def rms_norm(x: torch.Tensor, eps: float = RMS_EPS) -> torch.Tensor:
    dtype = x.dtype
    x32 = x.float()
    x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps)
    return x32.to(dtype)


class Linear(nn.Module):
    """Bias-free (optionally biased) linear whose weight is cast to the input dtype when used."""

    def __init__(self, in_features: int, out_features: int, bias: bool = False):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        trunc_normal_(self.weight, 1.0 / math.sqrt(in_features))
        self.bias = nn.Parameter(torch.zeros(out_features)) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight.to(x.dtype)
        b = self.bias.to(x.dtype) if self.bias is not None else None
        return F.linear(x, w, b)


class Embedding(nn.Module):
    def __init__(self, num: int, dim: int, std: float):
        super().__init__()
        self.embedding_weight = nn.Parameter(torch.empty(num, dim))
        trunc_normal_(self.embedding_weight, std)

    def forward(self, ids: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        return F.embedding(ids, self.embedding_weight).to(dtype)


class SwiGLU(nn.Module):
    def __init__(self, dim: int, expansion: float, multiple: int):
        super().__init__()
        inter = swiglu_width(dim, expansion, multiple)
        self.gate_up_proj = Linear(dim, 2 * inter)
        self.down_proj = Linear(inter, dim)
        self.inter = inter

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # split, not two slices: a slice's backward fills a zero tensor of gu's size for each half
        gate, up = self.gate_up_proj(x).split(self.inter, dim=-1)
        return self.down_proj(F.silu(gate) * up)


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.heads = cfg.heads
        self.head_dim = cfg.hidden_size // cfg.heads
        self.qkv_proj = Linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.o_proj = Linear(cfg.hidden_size, cfg.hidden_size)

    def forward(self, h: torch.Tensor, rope: Optional[Tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
        B, S, D = h.shape
        qkv = self.qkv_proj(h).reshape(B, S, 3, self.heads, self.head_dim)
        q, k, v = qkv[:, :, 0], qkv[:, :, 1], qkv[:, :, 2]          # [B, S, H, hd]
        if rope is not None:
            cos, sin = rope                                            # [S, hd] fp32
            cos, sin = cos[:, None, :], sin[:, None, :]
            dt = q.dtype
            q32, k32 = q.float(), k.float()
            q = (q32 * cos + rotate_half(q32) * sin).to(dt)
            k = (k32 * cos + rotate_half(k32) * sin).to(dt)
        return self.o_proj(attention_core(q, k, v))


def scaled_dot_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """softmax(q k^T / sqrt(hd)) v per head: q, k, v [B, S, H, hd] -> [B, S, H * hd]."""
    B, S, H, hd = q.shape
    q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # [B, H, S, hd]
    att = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(hd)), dim=-1)
    return torch.matmul(att, v).transpose(1, 2).reshape(B, S, H * hd)


# what Attention calls, looked up at each call so the exporter can swap in one fused node
# (fused_attention.py) without touching the training code
attention_core = scaled_dot_attention


class ConvMixer(nn.Module):
    """Token mixing whose cost is linear in the grid: a 3x3 convolution over the grid cells (zero padding at the
    edges), plus a global path between the grid and the prefix tokens: the prefix receives a projection of the
    mean and the max of the grid, every grid cell receives a projection of prefix token 0. The weights do not
    depend on the grid size, so one trained model can be exported for any grid."""

    def __init__(self, cfg: TRMConfig):
        super().__init__()
        D = cfg.hidden_size
        self.rows, self.cols = cfg.grid_shape
        self.prefix = cfg.prefix_len
        self.conv = nn.Conv2d(D, D, 3, padding=1, bias=False)
        trunc_normal_(self.conv.weight, 1.0 / math.sqrt(9 * D))
        self.pool_proj = Linear(2 * D, D)
        self.broadcast_proj = Linear(D, D)

    def grid_shape(self, cells: int) -> Tuple[int, int]:
        if cells == self.rows * self.cols:
            return self.rows, self.cols
        side = int(round(math.sqrt(cells)))      # another square grid than the config's (training curriculum)
        if side * side != cells:
            raise ValueError(f"conv: {cells} cells are neither the {self.rows}x{self.cols} grid nor a square")
        return side, side

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        B, S, D = h.shape
        P = self.prefix
        rows, cols = self.grid_shape(S - P)
        # one split rather than two slices of h: each slice's backward would fill a zero tensor of h's size
        prefix, grid = h.split([P, S - P], dim=1)                    # [B, P, D], [B, L, D]
        img = grid.reshape(B, rows, cols, D).permute(0, 3, 1, 2)     # channels-last NCHW view
        w = self.conv.weight.to(h.dtype)
        mixed = F.conv2d(img, w, padding=1).permute(0, 2, 3, 1).reshape(B, S - P, D)
        pooled = torch.cat((grid.mean(1), grid.amax(1)), dim=-1)    # [B, 2D]
        to_grid = self.broadcast_proj(prefix[:, 0]).unsqueeze(1)          # [B, 1, D]
        to_prefix = self.pool_proj(pooled).unsqueeze(1).expand(B, P, D)
        return torch.cat((to_prefix, mixed + to_grid), dim=1)


class Block(nn.Module):
    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.variant = cfg.variant
        if cfg.variant == "attn":
            self.self_attn = Attention(cfg)
        elif cfg.variant == "conv":
            self.conv_mix = ConvMixer(cfg)
        else:
            self.mlp_t = SwiGLU(cfg.seq_total, cfg.expansion, cfg.ffn_multiple)
        self.mlp = SwiGLU(cfg.hidden_size, cfg.expansion, cfg.ffn_multiple)

    def forward(self, h: torch.Tensor, rope) -> torch.Tensor:
        if self.variant == "attn":
            h = rms_norm(h + self.self_attn(h, rope))
        elif self.variant == "conv":
            h = rms_norm(h + self.conv_mix(h))
        else:
            B, S, D = h.shape
            hT = h.transpose(1, 2).reshape(B * D, S)      # token mixing as one 2-D matmul
            hT = rms_norm(hT + self.mlp_t(hT))             # the norm runs over the sequence axis
            h = hT.reshape(B, D, S).transpose(1, 2).contiguous()
        return rms_norm(h + self.mlp(h))


class ReasoningModule(nn.Module):
    def __init__(self, cfg: TRMConfig):
        super().__init__()
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.layers)])

    def forward(self, h: torch.Tensor, inj: torch.Tensor, rope) -> torch.Tensor:
        h = h + inj
        for layer in self.layers:
            h = layer(h, rope)
        return h


class TRM(nn.Module):
    """The TRM inner model. State tensors are y (reference z_H) and z (reference z_L), [B, S, D]."""

    def __init__(self, cfg: TRMConfig):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        D = cfg.hidden_size
        self.embed_scale = math.sqrt(D)
        self.embed_tokens = Embedding(cfg.vocab_size, D, 1.0 / math.sqrt(D))
        self.lm_head = Linear(D, cfg.vocab_size)
        self.q_head = Linear(D, 2, bias=True)
        with torch.no_grad():
            self.q_head.weight.zero_()
            self.q_head.bias.fill_(-5.0)
        if cfg.num_puzzle_ids > 0:
            # learned puzzle-id table (reference: a sparse embedding, zero-initialised)
            self.puzzle_emb = nn.Parameter(torch.zeros(cfg.num_puzzle_ids, D))
        else:
            self.puzzle_emb = None
        if cfg.pos_encoding == "learned":
            self.embed_pos = Embedding(cfg.seq_total, D, 1.0 / math.sqrt(D))
        if cfg.pos_encoding == "rope":
            hd = D // cfg.heads
            inv = 1.0 / (cfg.rope_theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
            freqs = torch.outer(torch.arange(cfg.seq_total, dtype=torch.float32), inv)
            emb = torch.cat((freqs, freqs), dim=-1)
            self.register_buffer("rope_cos", emb.cos(), persistent=False)
            self.register_buffer("rope_sin", emb.sin(), persistent=False)
        self.L_level = ReasoningModule(cfg)
        # initial states: buffers, saved but never trained (as the reference)
        self.register_buffer("H_init", trunc_normal_(torch.empty(D), 1.0))
        self.register_buffer("L_init", trunc_normal_(torch.empty(D), 1.0))

    # ----- pieces -----
    def rope(self):
        if self.cfg.pos_encoding == "rope":
            return (self.rope_cos.float(), self.rope_sin.float())
        return None

    def puzzle_vectors(self, puzzle_ids: torch.Tensor) -> torch.Tensor:
        """Rows of the puzzle-embedding table, [B, D] (zeros without a table)."""
        if self.puzzle_emb is None:
            return torch.zeros(puzzle_ids.shape[0], self.cfg.hidden_size, device=puzzle_ids.device)
        return F.embedding(puzzle_ids, self.puzzle_emb).float()

    def input_embeddings(self, tokens: torch.Tensor, puzzle_vec: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        cfg = self.cfg
        x = self.embed_tokens(tokens, dtype)
        if cfg.prefix_len > 0:
            B = tokens.shape[0]
            first = puzzle_vec.to(dtype).reshape(B, 1, cfg.hidden_size)
            if cfg.prefix_len > 1:
                rest = torch.zeros(B, cfg.prefix_len - 1, cfg.hidden_size, dtype=dtype, device=tokens.device)
                x = torch.cat((first, rest, x), dim=1)
            else:
                x = torch.cat((first, x), dim=1)
        if cfg.pos_encoding == "learned":
            x = 0.7071067811865476 * (x + self.embed_pos.embedding_weight.to(dtype))
        return self.embed_scale * x

    def initial_state(self, batch: int, device=None, dtype=torch.float32,
                      seq_len: Optional[int] = None) -> Tuple[torch.Tensor, torch.Tensor]:
        """y_init / z_init at every position; `seq_len` other than the config's only for the conv variant,
        whose weights fit any grid."""
        S = self.cfg.seq_total if seq_len is None else seq_len + self.cfg.prefix_len
        D = self.cfg.hidden_size
        y = self.H_init.to(device=device, dtype=dtype).reshape(1, 1, D).expand(batch, S, D).contiguous()
        z = self.L_init.to(device=device, dtype=dtype).reshape(1, 1, D).expand(batch, S, D).contiguous()
        return y, z

    def heads(self, y: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        logits = self.lm_head(y[:, self.cfg.prefix_len:]).float()
        q = self.q_head(y[:, 0]).float()
        return logits, q[:, 0]

    # ----- one supervision step (step.py: who calls which, and why there are two wrappers) -----
    def step(self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor, grad_last_cycle: bool = True):
        """T cycles of (n latent updates, one answer update) on the input embeddings x, then the heads. With
        grad_last_cycle only the last cycle is differentiated (the reference's T-1 cycles without gradient).
        Returns (y, z, logits, q_halt)."""
        cfg, net, rope = self.cfg, self.L_level, self.rope()
        if grad_last_cycle and cfg.T > 1 and torch.is_grad_enabled():
            with torch.no_grad():
                for _ in range(cfg.T - 1):
                    for _ in range(cfg.n):
                        z = net(z, y + x, rope)
                    y = net(y, z, rope)
            cycles = 1
        else:
            cycles = cfg.T
        for _ in range(cycles):
            for _ in range(cfg.n):
                z = net(z, y + x, rope)
            y = net(y, z, rope)
        logits, q_halt = self.heads(y)
        return y, z, logits, q_halt

    def supervision_step(self, tokens: torch.Tensor, puzzle_vec: torch.Tensor, y: torch.Tensor, z: torch.Tensor,
                         dtype: torch.dtype, grad_last_cycle: bool):
        """One supervision step from the puzzle: embeddings of (tokens, puzzle_vec) and the state (y, z), in
        `dtype`, through `step`. Returns (y, z, logits, q_halt)."""
        x = self.input_embeddings(tokens, puzzle_vec, dtype)
        return self.step(x, y.to(dtype), z.to(dtype), grad_last_cycle=grad_last_cycle)

    def forward(self, tokens: torch.Tensor, puzzle_vec: torch.Tensor, y: torch.Tensor, z: torch.Tensor):
        """The exported step (step.StepModel traces it): (tokens, puzzle_vec, y, z) -> (y_next, z_next, logits,
        q_halt), fp32 activations, inputs and outputs whatever the stored weight dtype (fp16 weights are cast
        where they are used)."""
        return self.supervision_step(tokens, puzzle_vec.float(), y, z, torch.float32, grad_last_cycle=False)

    def num_params(self) -> int:
        return sum(p.numel() for n_, p in self.named_parameters() if n_ != "puzzle_emb")


def load_config_json(path: str) -> TRMConfig:
    with open(path) as f:
        return TRMConfig.from_dict(json.load(f))
