"""Export a trained TRM to the Grid Reasoner step model (docs/model-format.md): NAME.onnx + NAME.json
[+ NAME.puzzle_emb.bin] [+ NAME.parity.json].

    /usr/bin/python3 -m training.export_onnx --ckpt RUN/last.pt --out models/NAME [--fp16] [--parity 6]

The exported graph is ONE supervision step with fp32 inputs and outputs:
    tokens int64 [B, L], puzzle_vec f32 [B, D], y f32 [B, S, D], z f32 [B, S, D]
 -> y_next f32 [B, S, D], z_next f32 [B, S, D], logits f32 [B, L, V], q_halt f32 [B]
With --fp16 the weights are stored as float16 initialisers followed by a Cast to float32 (activations stay
fp32), which halves the file. With --int8 a second graph NAME.int8.onnx is written beside the float one: every
matrix of the recursive blocks is stored as int8 with one scale per output channel and multiplied by
onnxruntime's com.microsoft DynamicQuantizeMatMul (activations quantised to uint8 per tensor at run time);
embeddings, heads, attention scores and norms stay fp32. The metadata's "int8" section names it
(docs/model-format.md). An attention model's core is one com.microsoft MultiHeadAttention node per block
(fused_attention.py) unless --no-fused-attention. The EMA weights are exported unless --raw.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import inspect
import json
import os
import sys
import warnings
from typing import Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F

from . import model as model_module
from .fused_attention import REQUIRES as FUSED_ATTENTION_REQUIRES, fused_attention
from .model import RMS_EPS, Linear, SwiGLU, TRM, TRMConfig, swiglu_width
from .step import StepModel

INPUTS = ["tokens", "puzzle_vec", "y", "z"]
OUTPUTS = ["y_next", "z_next", "logits", "q_halt"]
FORMAT_VERSION = 1


class ExportError(Exception):
    pass


def fp16_weights(model: TRM) -> TRM:
    """A copy whose parameters are rounded to float16 (and stored so). Buffers that feed the graph as
    constants (RoPE tables) stay fp32; H_init/L_init/puzzle table are metadata, rounded the same way."""
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.data = p.data.half()
    return m


def rounded_fp32(model: TRM) -> TRM:
    """The fp32 model with the same fp16-rounded weights as the fp16 export (for parity fixtures)."""
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.data = p.data.half().float()
    return m


class DynamicQuantizeMatMul(torch.autograd.Function):
    """x @ dequant(w) with x quantised per tensor to uint8 as onnxruntime's DynamicQuantizeMatMul does
    (DynamicQuantizeLinear: range widened to include 0, scale = range / 255, zero point rounded half to even;
    int32 accumulation; result = acc * x_scale * w_scale[n]). In PyTorch it is emulated exactly (float64
    holds the integer sums without rounding), so a parity fixture from this model checks the int8 graph."""

    @staticmethod
    def forward(ctx, x, w_q, w_scale):  # x [..., K] f32, w_q [K, N] int8, w_scale [N] f32
        lo = torch.clamp(x.min(), max=0.0)
        hi = torch.clamp(x.max(), min=0.0)
        scale = (hi - lo) / 255.0
        scale = torch.where(scale == 0, torch.ones_like(scale), scale)
        zp = torch.clamp(torch.round(-lo / scale), 0, 255)
        xq = torch.clamp(torch.round(x / scale) + zp, 0, 255)
        acc = (xq.double() - zp.double()) @ w_q.double()
        return acc.float() * (scale * w_scale)

    @staticmethod
    def symbolic(g, x, w_q, w_scale):
        return g.op("com.microsoft::DynamicQuantizeMatMul", x, w_q, w_scale)


# The weights use 7 of int8's bits. onnxruntime's uint8 x int8 kernels on x86 CPUs without VNNI (AVX2, AVX-512
# before Cascade Lake) add two products in 16 bits with saturation: 255 * 127 * 2 overflows it and the product comes
# out wrong (on an AVX2 Zen 3, 17 of 512 outputs of a random product, off by up to 12% of the largest output);
# 255 * 63 * 2 = 32130 fits, so these graphs give the same result on every CPU (as onnxruntime's `reduce_range`).
INT8_WEIGHT_MAX = 63


class Int8Linear(torch.nn.Module):
    """A bias-free Linear with symmetric per-output-channel weights in [-63, 63] (scale = max |w| / 63)."""

    def __init__(self, weight: torch.Tensor):
        super().__init__()
        w = weight.detach().float()                                # [N, K]
        scale = w.abs().amax(dim=1).clamp_min(1e-12) / INT8_WEIGHT_MAX
        q = torch.clamp(torch.round(w / scale[:, None]), -INT8_WEIGHT_MAX, INT8_WEIGHT_MAX).to(torch.int8)
        self.register_buffer("w_q", q.t().contiguous())            # [K, N] as MatMul's B
        self.register_buffer("w_scale", scale.contiguous())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return DynamicQuantizeMatMul.apply(x, self.w_q, self.w_scale)


def fusable_rms_norm(x: torch.Tensor, eps: float = RMS_EPS) -> torch.Tensor:
    """model.rms_norm written as onnxruntime's SimplifiedLayerNormalization fusion expects it (Pow, ReduceMean,
    Add, Sqrt, Div, then Mul by a constant scale of ones): one fused node instead of six."""
    dtype = x.dtype
    x32 = x.float()
    y = x32 / torch.sqrt(x32.pow(2).mean(-1, keepdim=True) + eps)
    return (y * torch.ones(x32.shape[-1])).to(dtype)


class fused_norms:
    """Within this block the model's blocks call fusable_rms_norm (export only; training code is untouched)."""

    def __enter__(self):
        self.saved = model_module.rms_norm
        model_module.rms_norm = fusable_rms_norm

    def __exit__(self, *exc):
        model_module.rms_norm = self.saved


def two_product_swiglu(self: SwiGLU, x: torch.Tensor) -> torch.Tensor:
    """SwiGLU.forward with gate and up as two products of the halves of gate_up_proj's weight instead of one
    product and a Split of its output: each output element is the same dot product (the graph's outputs are
    bit-identical in onnxruntime), but the [.., 2I] intermediate and the Split's copy of it are gone. On
    onnxruntime's CPU the paper-size Sudoku MLP-mixer step runs in 0.89-0.93x the time (docs/profile.md,
    "Batch size on the CPU")."""
    gu, n = self.gate_up_proj, self.inter
    if isinstance(gu, Int8Linear):     # per-output-channel scales: the halves keep their columns' scales
        gate = DynamicQuantizeMatMul.apply(x, gu.w_q[:, :n], gu.w_scale[:n])
        up = DynamicQuantizeMatMul.apply(x, gu.w_q[:, n:], gu.w_scale[n:])
    else:
        w = gu.weight.to(x.dtype)
        gate, up = F.linear(x, w[:n]), F.linear(x, w[n:])
    return self.down_proj(F.silu(gate) * up)


class two_product_swiglus:
    """Within this block every SwiGLU runs two_product_swiglu (export only; training code is untouched)."""

    def __enter__(self):
        self.saved = SwiGLU.forward
        SwiGLU.forward = two_product_swiglu

    def __exit__(self, *exc):
        SwiGLU.forward = self.saved


def int8_weights(model: TRM) -> TRM:
    """A copy whose block matrices (attention projections, SwiGLU, token mixing) are Int8Linear. Embeddings,
    lm_head and q_head stay float: they are a small share of the work and the heads decide the answer."""
    m = copy.deepcopy(model).float()
    for mod in list(m.L_level.modules()):
        for name, child in list(mod.named_children()):
            if isinstance(child, Linear):
                if child.bias is not None:
                    raise ExportError(f"int8 export handles bias-free block matrices only ({name} has a bias)")
                setattr(mod, name, Int8Linear(child.weight))
    return m.eval()


def uses_fused_attention(model: TRM, fused_attn: bool) -> bool:
    """Whether an export with fused_attn asked for actually writes MultiHeadAttention nodes."""
    return fused_attn and model.cfg.variant == "attn"


def requires(model: TRM, fused_attn: bool) -> Optional[Dict]:
    """The metadata's "requires" section: operators beyond standard ONNX that the model's graphs use (the int8
    graph's DynamicQuantizeMatMul aside: its own section names it), so a runtime without them can say so."""
    return dict(FUSED_ATTENTION_REQUIRES) if uses_fused_attention(model, fused_attn) else None


def export_graph(model: TRM, path: str, fp16: bool = False, opset: int = 17, int8: bool = False,
                 fused_attn: bool = False) -> None:
    """Writes the step graph. int8: `model` must come from int8_weights (its Int8Linear modules become
    DynamicQuantizeMatMul nodes). fused_attn: the attention core is one com.microsoft MultiHeadAttention node
    per block (fused_attention.py; no effect on the other variants)."""
    model = model.cpu().eval()
    fused_attn = uses_fused_attention(model, fused_attn)
    if int8 and fp16:
        raise ExportError("int8 and fp16 weights are separate graphs: export them one at a time")
    m = fp16_weights(model) if fp16 else copy.deepcopy(model)
    step = StepModel(m).eval()
    cfg = model.cfg
    B = 2
    tokens = torch.ones(B, cfg.seq_len, dtype=torch.long)
    pv = torch.zeros(B, cfg.hidden_size)
    y, z = model.initial_state(B)
    dyn = {name: {0: "batch"} for name in INPUTS + OUTPUTS}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    extra = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        extra["dynamo"] = False   # torch >= 2.9 defaults to the dynamo exporter; keep the TorchScript one
    with warnings.catch_warnings(), fused_norms(), two_product_swiglus(), fused_attention(fused_attn):
        warnings.simplefilter("ignore")
        with torch.no_grad():
            torch.onnx.export(step, (tokens, pv, y, z), path, input_names=INPUTS, output_names=OUTPUTS,
                              dynamic_axes=dyn, opset_version=opset,
                              custom_opsets={"com.microsoft": 1} if int8 or fused_attn else None,
                              # folding would turn the fp16 weights + Cast back into fp32 constants
                              do_constant_folding=not fp16, **extra)


INT8_ABOUT = {"weights": "int8 holding [-63, 63] (no 16-bit saturation in onnxruntime's CPU kernels without VNNI), "
                          "symmetric, one scale per output channel (block matrices only)",
              "activations": "uint8 per tensor, quantised at run time",
              "op": "com.microsoft DynamicQuantizeMatMul (onnxruntime CPU)"}


def write_int8(ref: TRM, base: str, fused_attn: bool = False) -> Dict:
    """Writes BASE.int8.onnx from the float model `ref` (the weights the float graph holds) and returns the
    metadata's "int8" section (without accuracy: that is measured on the held-out sets afterwards)."""
    path = base + ".int8.onnx"
    export_graph(int8_weights(ref), path, int8=True, fused_attn=fused_attn)
    return {"file": os.path.basename(path), "sha256": sha256_file(path), **INT8_ABOUT}


def _varint(b: bytes, i: int):
    r = shift = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return r, i


def _fields(b: bytes):
    """(field number, value) of one protobuf message; length-delimited values as memoryview slices."""
    i, n = 0, len(b)
    while i < n:
        key, i = _varint(b, i)
        wire = key & 7
        if wire == 0:
            v, i = _varint(b, i)
        elif wire == 2:
            size, i = _varint(b, i)
            v = b[i:i + size]
            i += size
        elif wire == 5:
            v, i = b[i:i + 4], i + 4
        elif wire == 1:
            v, i = b[i:i + 8], i + 8
        else:
            raise ExportError(f"unsupported protobuf wire type {wire}")
        yield key >> 3, v


ONNX_DTYPES = {1: np.float32, 10: np.float16, 3: np.int8, 7: np.int64}


def onnx_initializers(path: str) -> Dict[str, np.ndarray]:
    """The named weights of an .onnx file (ModelProto.graph.initializer, raw_data only), read without the
    onnx package (which is not installed here)."""
    with open(path, "rb") as f:
        b = memoryview(f.read())
    out: Dict[str, np.ndarray] = {}
    for fn, graph in _fields(b):
        if fn != 7:
            continue
        for gn, t in _fields(graph):
            if gn != 5:
                continue
            dims, dtype, name, raw = [], None, None, None
            for tn, v in _fields(t):
                if tn == 1:
                    dims += [v] if isinstance(v, int) else [x for x in _packed(v)]
                elif tn == 2:
                    dtype = v
                elif tn == 8:
                    name = bytes(v).decode()
                elif tn == 9:
                    raw = bytes(v)
            if name is None or raw is None or dtype not in ONNX_DTYPES:
                continue
            out[name] = np.frombuffer(raw, dtype=ONNX_DTYPES[dtype]).reshape(dims).copy()
    return out


def _packed(v) -> List[int]:
    vals, i = [], 0
    while i < len(v):
        x, i = _varint(v, i)
        vals.append(x)
    return vals


def model_from_onnx(stem: str) -> TRM:
    """Rebuilds the PyTorch TRM of a shipped model (NAME.onnx + NAME.json, exported by this file without
    constant folding, i.e. --fp16, so the initialisers keep their parameter names). Used to quantise a bundled
    model whose training checkpoint is not in this clone."""
    with open(stem + ".json") as f:
        meta = json.load(f)
    w = onnx_initializers(stem + ".onnx")
    a = meta["arch"]
    D = meta["hidden_size"]
    pe = meta["puzzle_embedding"]
    ids = pe["rows"] if "file" in pe else (1 if "shared" in pe else 0)
    gu = w.get("model.L_level.layers.0.mlp.gate_up_proj.weight")
    if gu is None:
        raise ExportError(f"{stem}.onnx has no named block weights (a constant-folded fp32 export): re-export it "
                          f"from its checkpoint instead")
    expansion = float(a.get("expansion", 4.0))
    multiple = next((m for m in (256, 128, 64, 32, 16, 8, 1) if 2 * swiglu_width(D, expansion, m) == gu.shape[0]),
                    None)
    if multiple is None:
        raise ExportError(f"cannot tell the SwiGLU width rounding of {stem}.onnx")
    cfg = TRMConfig(vocab_size=meta["vocab_size"], seq_len=meta["seq_len"], hidden_size=D,
                    prefix_len=meta["prefix_len"], num_puzzle_ids=ids, variant=a["variant"],
                    heads=int(a.get("heads") or 8), expansion=expansion, ffn_multiple=multiple,
                    layers=int(a.get("layers", 2)), T=a["T"], n=a["n"], max_steps=meta["max_steps"],
                    pos_encoding=a.get("pos_encoding", "none"))
    model = TRM(cfg)
    sd = model.state_dict()
    for k in list(sd):
        if k in ("rope_cos", "rope_sin", "H_init", "L_init", "puzzle_emb"):
            continue
        src = w.get("model." + k)
        if src is None or tuple(src.shape) != tuple(sd[k].shape):
            raise ExportError(f"{stem}.onnx: weight {k} missing or of another shape")
        sd[k] = torch.from_numpy(src.astype(np.float32))
    sd["H_init"] = torch.tensor(meta["y_init"], dtype=torch.float32)
    sd["L_init"] = torch.tensor(meta["z_init"], dtype=torch.float32)
    if "shared" in pe:
        sd["puzzle_emb"] = torch.tensor([pe["shared"]], dtype=torch.float32)
    elif "file" in pe:
        dt = "<f2" if pe["dtype"] == "float16" else "<f4"
        table = np.fromfile(os.path.join(os.path.dirname(stem + ".json"), pe["file"]), dtype=dt)
        sd["puzzle_emb"] = torch.from_numpy(table.astype(np.float32).reshape(pe["rows"], D))
    model.load_state_dict(sd)
    return model.eval()


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def floats(t: torch.Tensor) -> List[float]:
    return [float(v) for v in t.detach().float().reshape(-1)]


def write_puzzle_embedding(model: TRM, base: str, identifiers: Optional[List[str]], dtype: str) -> Dict:
    cfg = model.cfg
    if model.puzzle_emb is None:
        return {"none": True}
    table = model.puzzle_emb.detach().float().cpu()
    if cfg.num_puzzle_ids == 1:
        return {"shared": floats(table[0])}
    if identifiers is None:
        raise ExportError(f"the model has {cfg.num_puzzle_ids} puzzle-embedding rows: give their identifiers "
                          f"(dataset.json 'identifiers' or --identifiers identifiers.json)")
    if len(identifiers) != cfg.num_puzzle_ids:
        raise ExportError(f"{len(identifiers)} identifiers for {cfg.num_puzzle_ids} puzzle-embedding rows")
    fname = os.path.basename(base) + ".puzzle_emb.bin"
    arr = table.numpy().astype("<f2" if dtype == "float16" else "<f4")
    arr.tofile(base + ".puzzle_emb.bin")
    return {"file": fname, "dtype": dtype, "rows": int(table.shape[0]),
            "identifiers": {name: i for i, name in enumerate(identifiers)}}


def metadata(model: TRM, name: str, kind: str, grid: Dict, vocab: List[str], puzzle_embedding: Dict,
             training: Dict, accuracy: Dict, onnx_path: str, weights: str) -> Dict:
    cfg = model.cfg
    if cfg.prefix_len < 1:
        raise ExportError("the step-model contract needs prefix_len >= 1 (q_halt reads prefix position 0)")
    if len(vocab) != cfg.vocab_size:
        raise ExportError(f"vocabulary has {len(vocab)} symbols but the model has {cfg.vocab_size} tokens")
    if grid["rows"] * grid["cols"] != cfg.seq_len:
        raise ExportError(f"grid {grid['rows']}x{grid['cols']} does not cover seq_len {cfg.seq_len}")
    return {
        "format": "grid-reasoner-trm",
        "format_version": FORMAT_VERSION,
        "name": name,
        "kind": kind,
        "grid": {"rows": int(grid["rows"]), "cols": int(grid["cols"])},
        "vocab": list(vocab),
        "seq_len": cfg.seq_len,
        "prefix_len": cfg.prefix_len,
        "seq_total": cfg.seq_total,
        "hidden_size": cfg.hidden_size,
        "vocab_size": cfg.vocab_size,
        "arch": {"variant": cfg.variant, "T": cfg.T, "n": cfg.n, "layers": cfg.layers,
                 "heads": cfg.heads if cfg.variant == "attn" else 0, "expansion": cfg.expansion,
                 "ffn_multiple": cfg.ffn_multiple, "pos_encoding": cfg.pos_encoding,
                 "params": model.num_params()},
        "max_steps": cfg.max_steps,
        "weights": weights,
        "io": {"inputs": INPUTS, "outputs": OUTPUTS, "opset": 17},
        "y_init": floats(model.H_init),
        "z_init": floats(model.L_init),
        "puzzle_embedding": puzzle_embedding,
        "training": training,
        "accuracy": accuracy,
        "sha256": sha256_file(onnx_path),
    }


# An int8 graph cannot follow its PyTorch emulation bit for bit: the float parts (norms, SiLU, softmax) differ
# in the last bit between runtimes, and where such a difference moves an activation across a rounding boundary
# of its uint8 quantisation the value changes by a whole step (1/255 of the tensor's range). A graph with wrong
# weights, scales or layout is off by far more than these bounds; each single int8 matrix product is checked
# bit for bit in tests/python/test_int8.py.
INT8_TOLERANCE = {"q_halt_abs": 0.5, "q_halt_rel": 0.1, "token_margin": 0.25,
                  "rule": "int8: predicted tokens must equal wherever the emulated margin exceeds token_margin; "
                          "|q_halt - expected| <= q_halt_abs + q_halt_rel * |expected| at every step"}


@torch.no_grad()
def parity_fixture(model: TRM, tokens: np.ndarray, puzzle_ids: np.ndarray, steps: int, onnx_name: str,
                   labels: Optional[np.ndarray] = None, tolerance: Optional[Dict] = None) -> Dict:
    """Inputs and the PyTorch outputs over `steps` supervision steps, looping the step exactly as the engine
    does (y/z from y_init/z_init broadcast, fed back each step). An int8 model (int8_weights) takes
    tolerance=INT8_TOLERANCE."""
    model = model.cpu().eval()
    tok = torch.from_numpy(tokens.astype(np.int64))
    pv = model.puzzle_vectors(torch.from_numpy(puzzle_ids.astype(np.int64)))
    y, z = model.initial_state(tok.shape[0])
    out = []
    for t in range(1, steps + 1):
        y, z, logits, q = model(tok, pv, y, z)
        top2 = logits.topk(2, dim=-1).values
        out.append({"step": t, "tokens": logits.argmax(-1).tolist(),
                    "margin": [[round(float(v), 5) for v in row] for row in (top2[..., 0] - top2[..., 1])],
                    "q_halt": [float(v) for v in q],
                    "y_abs_mean": float(y.abs().mean())})
    fx = {
        "model": onnx_name,
        "about": "PyTorch (training/model.py) outputs of the step model looped from y_init/z_init; "
                 "tokens = argmax of logits per cell, margin = top-1 minus top-2 logit",
        "tolerance": tolerance or {"q_halt_abs": 1e-3, "q_halt_rel": 1e-3, "token_margin": 1e-3,
                                   "rule": "predicted tokens must equal wherever the PyTorch margin exceeds "
                                           "token_margin; |q_halt - expected| <= q_halt_abs + q_halt_rel * "
                                           "|expected| at every step"},
        "batch": int(tok.shape[0]), "seq_len": model.cfg.seq_len, "seq_total": model.cfg.seq_total,
        "hidden_size": model.cfg.hidden_size, "vocab_size": model.cfg.vocab_size,
        "tokens": tokens.astype(int).tolist(),
        "puzzle_vec": [[round(float(v), 7) for v in row] for row in pv],
        "steps": out,
    }
    if labels is not None:
        fx["labels"] = labels.astype(int).tolist()
    return fx


def render_command(args: Dict) -> str:
    parts = ["python3 -m training.train"]
    for k, v in args.items():
        if v is None or v is False:
            continue
        flag = "--" + k.replace("_", "-")
        if v is True:
            parts.append(flag)
        elif isinstance(v, (list, tuple)):
            parts.append(flag + " " + " ".join(str(x) for x in v))
        else:
            parts.append(f"{flag} {v}")
    return " ".join(parts)


def load_checkpoint(path: str, raw: bool = False):
    if not os.path.exists(path):
        raise ExportError(f"no checkpoint at {path}")
    ck = torch.load(path, map_location="cpu")
    if "config" not in ck or "model" not in ck:
        raise ExportError(f"{path} is not a training/train.py checkpoint (for reference checkpoints use "
                          f"training/convert_reference.py)")
    model = TRM(TRMConfig.from_dict(ck["config"]))
    model.load_state_dict(ck["model"] if raw else ck["ema"])
    return model.eval(), ck


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.export_onnx",
                                 description="Export a train.py checkpoint to the step-model contract")
    ap.add_argument("--ckpt", required=True, help="RUN/last.pt from training/train.py")
    ap.add_argument("--out", required=True, help="output path without extension, e.g. models/sudoku-4x4")
    ap.add_argument("--name", default=None, help="model name in the metadata (default: file name)")
    ap.add_argument("--fp16", action="store_true", help="store the weights as float16")
    ap.add_argument("--int8", action="store_true",
                    help="also write NAME.int8.onnx (int8 weights, dynamic activation quantisation) for the CPU")
    ap.add_argument("--fused-attention", action=argparse.BooleanOptionalAction, default=True,
                    help="attention variant: write each attention core as one com.microsoft MultiHeadAttention "
                         "node (onnxruntime contrib op, the metadata's \"requires\" says so; default, faster on "
                         "onnxruntime's CPU: docs/profile.md); --no-fused-attention: plain ONNX MatMul/Softmax")
    ap.add_argument("--raw", action="store_true", help="export the raw weights instead of the EMA copy")
    ap.add_argument("--eval", default=None, help="eval.json to record as accuracy (default: RUN/eval.json)")
    ap.add_argument("--parity", type=int, default=0, metavar="STEPS",
                    help="also write NAME.parity.json over this many steps on held-out puzzles")
    ap.add_argument("--parity-batch", type=int, default=4)
    ap.add_argument("--data", default=None, help="dataset dir for parity inputs (default: the training data)")
    a = ap.parse_args(argv)
    try:
        model, ck = load_checkpoint(a.ckpt, a.raw)
        meta = ck.get("meta") or {}
        name = a.name or os.path.basename(a.out)
        onnx_path = a.out + ".onnx"
        export_graph(model, onnx_path, fp16=a.fp16, fused_attn=a.fused_attention)
        ref = rounded_fp32(model) if a.fp16 else model
        eval_path = a.eval or os.path.join(os.path.dirname(a.ckpt), "eval.json")
        accuracy = {}
        if os.path.exists(eval_path):
            with open(eval_path) as f:
                accuracy = json.load(f)
        training = {"data": meta.get("source", ck.get("args", {}).get("data", "")),
                    "puzzle_steps": int(ck.get("puzzle_steps", 0)), "optimizer_steps": int(ck.get("step", 0)),
                    "hardware": ck.get("hardware", ""), "wall_time_s": round(float(ck.get("wall_time_s", 0)), 1),
                    "command": render_command(ck.get("args") or {})}
        pe = write_puzzle_embedding(ref, a.out, meta.get("identifiers"), "float16" if a.fp16 else "float32")
        md = metadata(ref, name, meta.get("kind", "sudoku"), meta["grid"], meta["vocab"], pe, training, accuracy,
                      onnx_path, "float16" if a.fp16 else "float32")
        if requires(ref, a.fused_attention):
            md["requires"] = requires(ref, a.fused_attention)
        if a.int8:
            md["int8"] = write_int8(ref, a.out, a.fused_attention)
        with open(a.out + ".json", "w") as f:
            json.dump(md, f, indent=1)
        if a.parity:
            data_dir = a.data or (ck.get("args") or {}).get("data")
            here = os.path.dirname(os.path.abspath(__file__))
            if not os.path.isdir(data_dir) and os.path.isdir(os.path.join(here, data_dir)):
                data_dir = os.path.join(here, data_dir)   # a run started from training/ (before the package)
            d = np.load(os.path.join(data_dir, "test.npz"))
            k = a.parity_batch
            fx = parity_fixture(ref, d["inputs"][:k], d["puzzle_ids"][:k] if "puzzle_ids" in d else np.zeros(k),
                                a.parity, os.path.basename(onnx_path), d["labels"][:k])
            with open(a.out + ".parity.json", "w") as f:
                json.dump(fx, f)
        size = os.path.getsize(onnx_path)
        print(f"wrote {onnx_path} ({size / 1e6:.2f} MB, {'fp16' if a.fp16 else 'fp32'} weights) and {a.out}.json")
    except ExportError as e:
        print(f"export_onnx.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
