"""An independent, functional forward pass of one TRM supervision step written directly against the reference
checkpoint's raw keys (as documented in ../shared/notes/trm.md), used to check the converter's key mapping
(Q|K|V row order, gate|up halves, RoPE, token-mixing norm axis, prefix layout) without training/model.py."""
import math

import torch
import torch.nn.functional as F

P = "_orig_mod.model.inner."


def rms(x):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5)


def swiglu(x, w_gu, w_down):
    g, u = w_gu.chunk(2, dim=0)
    return F.linear(F.silu(F.linear(x, g)) * F.linear(x, u), w_down)


def rope_tables(S, hd, base=10000.0):
    inv = 1.0 / (base ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    f = torch.outer(torch.arange(S, dtype=torch.float32), inv)
    e = torch.cat((f, f), -1)
    return e.cos(), e.sin()


def attn(x, sd, i, heads, rope):
    B, S, D = x.shape
    hd = D // heads
    w = sd[P + f"L_level.layers.{i}.self_attn.qkv_proj.weight"].float()
    q = F.linear(x, w[:D]).view(B, S, heads, hd)
    k = F.linear(x, w[D:2 * D]).view(B, S, heads, hd)
    v = F.linear(x, w[2 * D:]).view(B, S, heads, hd)
    if rope is not None:
        cos, sin = rope
        cos, sin = cos[:, None], sin[:, None]

        def rot(t):
            return torch.cat((-t[..., hd // 2:], t[..., :hd // 2]), -1)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
    s = torch.einsum("bshd,bthd->bhst", q, k) / math.sqrt(hd)
    o = torch.einsum("bhst,bthd->bshd", s.softmax(-1), v).reshape(B, S, D)
    return F.linear(o, sd[P + f"L_level.layers.{i}.self_attn.o_proj.weight"].float())


def net(h, inj, sd, layers, mlp_t, heads, rope):
    h = h + inj
    for i in range(layers):
        pre = P + f"L_level.layers.{i}."
        if mlp_t:
            t = h.transpose(1, 2)
            t = rms(t + swiglu(t, sd[pre + "mlp_t.gate_up_proj.weight"].float(), sd[pre + "mlp_t.down_proj.weight"].float()))
            h = t.transpose(1, 2)
        else:
            h = rms(h + attn(h, sd, i, heads, rope))
        h = rms(h + swiglu(h, sd[pre + "mlp.gate_up_proj.weight"].float(), sd[pre + "mlp.down_proj.weight"].float()))
    return h


@torch.no_grad()
def run(sd, tokens, puzzle_ids, steps, *, T, n, layers, mlp_t, heads, emb_len, rope):
    """Loops `steps` supervision steps from H_init/L_init. Returns a list of (argmax tokens, q_halt)."""
    emb = sd[P + "embed_tokens.embedding_weight"].float()
    D = emb.shape[1]
    B, L = tokens.shape
    x = emb[tokens]
    pe = torch.zeros(B, emb_len, D)
    pe[:, 0] = sd[P + "puzzle_emb.weights"].float()[puzzle_ids]
    x = math.sqrt(D) * torch.cat((pe, x), 1)
    S = x.shape[1]
    tables = rope_tables(S, D // heads) if rope else None
    y = sd[P + "H_init"].float().expand(B, S, D)
    z = sd[P + "L_init"].float().expand(B, S, D)
    out = []
    for _ in range(steps):
        for _ in range(T):
            for _ in range(n):
                z = net(z, y + x, sd, layers, mlp_t, heads, tables)
            y = net(y, z, sd, layers, mlp_t, heads, tables)
        logits = F.linear(y, sd[P + "lm_head.weight"].float())[:, emb_len:]
        q = F.linear(y[:, 0], sd[P + "q_head.weight"].float(), sd[P + "q_head.bias"].float())
        out.append((logits, q[:, 0]))
    return out
