"""Convert a checkpoint trained with the public TRM reference code into a Grid Reasoner step model.

    /usr/bin/python3 -m training.convert_reference CHECKPOINT --config all_config.yaml \
        [--identifiers identifiers.json] [--out models/NAME] [--fp16] [--int8] [--kind sudoku|maze|arc] [--grid RxC]

CHECKPOINT is the file the reference writes with torch.save(model.state_dict()) (checkpoints/<project>/<run>/
step_N, no extension); its keys start with `_orig_mod.model.inner.` (torch.compile + ACT loss-head wrappers;
both prefixes are optional here). all_config.yaml sits beside it. ARC checkpoints carry one puzzle-embedding row
per augmented task version: pass the identifiers.json of the dataset build that trained it.

Writes NAME.onnx, NAME.json (with --int8 also NAME.int8.onnx, the CPU's int8 graph) and, for a multi-row
puzzle embedding, NAME.puzzle_emb.bin (docs/model-format.md).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Dict, List, Optional, Tuple

import torch

from . import export_onnx
from .model import TRM, TRMConfig, swiglu_width

PREFIXES = ("_orig_mod.", "model.", "inner.")

VOCABS = {
    "sudoku": lambda v: ["<pad>", "."] + list("123456789ABCDEFG"[: v - 2]),
    "maze": lambda v: ["<pad>", "#", ".", "S", "G", "o"],
    "arc": lambda v: ["<pad>", "<eos>"] + [str(i) for i in range(10)],
}


class ConvertError(Exception):
    pass


def strip_prefixes(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    out = {}
    for k, v in sd.items():
        name = k
        for p in PREFIXES:
            if name.startswith(p):
                name = name[len(p):]
        out[name] = v
    return out


def load_yaml(path: str) -> dict:
    try:
        import yaml
    except ImportError:
        raise ConvertError("PyYAML is needed to read all_config.yaml (Debian: apt-get install python3-yaml)")
    if not os.path.exists(path):
        raise ConvertError(f"config file {path} does not exist")
    with open(path) as f:
        cfg = yaml.safe_load(f)
    if not isinstance(cfg, dict) or not isinstance(cfg.get("arch"), dict):
        raise ConvertError(f"{path}: expected the reference's all_config.yaml with an 'arch' section")
    return cfg


def guess_kind(cfg: dict, vocab_size: int) -> str:
    paths = " ".join(str(p) for p in (cfg.get("data_paths") or []) + [cfg.get("data_path") or ""]).lower()
    for kind in ("sudoku", "maze", "arc"):
        if kind in paths:
            return kind
    return {11: "sudoku", 6: "maze", 12: "arc"}.get(vocab_size, "")


def expect(sd: Dict[str, torch.Tensor], key: str, shape: Tuple[int, ...]) -> torch.Tensor:
    if key not in sd:
        raise ConvertError(f"missing key {key!r} in the checkpoint")
    t = sd[key]
    if tuple(t.shape) != tuple(shape):
        raise ConvertError(f"{key} has shape {list(t.shape)}, expected {list(shape)} for this config")
    return t


def build(sd_raw: Dict[str, torch.Tensor], cfg_yaml: dict, kind: Optional[str], grid: Optional[Tuple[int, int]]):
    """Returns (model, kind, grid, vocab). Checks every key and shape against the config."""
    sd = {k: v for k, v in strip_prefixes(sd_raw).items() if not k.startswith("puzzle_emb.local_")}
    a = cfg_yaml["arch"]
    name = str(a.get("name", ""))
    if name and "trm" not in name.lower():
        raise ConvertError(f"arch {name!r} is not a TRM (only recursive_reasoning.trm checkpoints convert)")
    try:
        D = int(a["hidden_size"])
        T, n = int(a["H_cycles"]), int(a["L_cycles"])
        layers = int(a["L_layers"])
    except KeyError as e:
        raise ConvertError(f"all_config.yaml arch section lacks {e}")
    heads = int(a.get("num_heads", 8))
    expansion = float(a.get("expansion", 4))
    mlp_t = bool(a.get("mlp_t", False))
    pos = str(a.get("pos_encodings", "rope")).lower()
    if pos not in ("rope", "learned", "none"):
        raise ConvertError(f"pos_encodings {pos!r} is not supported (rope, learned or none)")
    if mlp_t and pos == "rope":
        pos = "none"   # the reference builds RoPE tables but the mlp_t blocks never read them
    emb_ndim = int(a.get("puzzle_emb_ndim", D) or 0)
    emb_len = int(a.get("puzzle_emb_len", 0) or 0)
    if emb_ndim == 0:
        raise ConvertError("checkpoints without a puzzle embedding (puzzle_emb_ndim: 0) have no prefix tokens; the "
                           "step-model contract needs prefix_len >= 1 (q_halt reads prefix position 0)")
    if emb_ndim != D:
        raise ConvertError(f"puzzle_emb_ndim {emb_ndim} != hidden_size {D} is not supported")
    if emb_len == 0:
        emb_len = -(emb_ndim // -D) if emb_ndim else 0
    max_steps = int(a.get("halt_max_steps", 16))

    if "embed_tokens.embedding_weight" not in sd:
        sample = ", ".join(sorted(sd_raw)[:4])
        raise ConvertError("not a TRM reference checkpoint: no embed_tokens.embedding_weight "
                           f"(keys look like: {sample})")
    V = int(sd["embed_tokens.embedding_weight"].shape[0])
    expect(sd, "embed_tokens.embedding_weight", (V, D))
    num_ids = 0
    if emb_ndim:
        if "puzzle_emb.weights" not in sd:
            raise ConvertError("missing key 'puzzle_emb.weights' (the config has puzzle_emb_ndim > 0)")
        num_ids = int(sd["puzzle_emb.weights"].shape[0])
        expect(sd, "puzzle_emb.weights", (num_ids, D))

    # sequence length: from the token-mixing width, the learned positions, or the task kind
    kind = kind or guess_kind(cfg_yaml, V)
    if kind not in VOCABS:
        raise ConvertError("cannot tell the task kind (sudoku, maze or arc) from the config: pass --kind")
    if mlp_t:
        k = "L_level.layers.0.mlp_t.down_proj.weight"
        if k not in sd:
            raise ConvertError(f"missing key {k!r} (the config says mlp_t: true)")
        S = int(sd[k].shape[0])
        seq_len = S - emb_len
    elif pos == "learned" and "embed_pos.embedding_weight" in sd:
        seq_len = int(sd["embed_pos.embedding_weight"].shape[0]) - emb_len
    else:
        seq_len = (grid[0] * grid[1]) if grid else {"sudoku": 81, "maze": 900, "arc": 900}[kind]
    if grid is None:
        side = int(round(seq_len ** 0.5))
        if side * side != seq_len:
            raise ConvertError(f"seq_len {seq_len} is not a square grid: pass --grid RxC")
        grid = (side, side)
    if grid[0] * grid[1] != seq_len:
        raise ConvertError(f"--grid {grid[0]}x{grid[1]} does not match the checkpoint's seq_len {seq_len}")

    # choose the SwiGLU rounding that reproduces the stored widths (reference: multiples of 256)
    if "L_level.layers.0.mlp.gate_up_proj.weight" not in sd:
        raise ConvertError("missing key 'L_level.layers.0.mlp.gate_up_proj.weight'")
    gu = sd["L_level.layers.0.mlp.gate_up_proj.weight"]
    multiple = 256
    for m in (256, 128, 64, 32, 16, 8, 1):
        if 2 * swiglu_width(D, expansion, m) == gu.shape[0]:
            multiple = m
            break
    cfg = TRMConfig(vocab_size=V, seq_len=seq_len, hidden_size=D, prefix_len=emb_len, num_puzzle_ids=num_ids,
                    variant="mlp" if mlp_t else "attn", heads=heads, expansion=expansion, ffn_multiple=multiple,
                    layers=layers, T=T, n=n, max_steps=max_steps, pos_encoding=pos)
    try:
        cfg.validate()
    except ValueError as e:
        raise ConvertError(f"unsupported configuration: {e}")
    model = TRM(cfg)

    # map and check every tensor
    ours = model.state_dict()
    mapped: Dict[str, torch.Tensor] = {}
    for k in ours:
        src = "puzzle_emb.weights" if k == "puzzle_emb" else k
        if k in ("rope_cos", "rope_sin"):
            continue
        mapped[k] = expect(sd, src, tuple(ours[k].shape)).float()
    used = {("puzzle_emb.weights" if k == "puzzle_emb" else k) for k in mapped}
    extra = sorted(set(sd) - used)
    if extra:
        raise ConvertError(f"unexpected keys for this config ({'mlp_t' if mlp_t else 'attention'}, {layers} layers, "
                           f"pos {pos}): {', '.join(extra[:6])}{' ...' if len(extra) > 6 else ''}")
    model.load_state_dict(mapped, strict=False)
    return model.eval(), kind, grid, VOCABS[kind](V)


def load_identifiers(path: Optional[str], rows: int) -> Optional[List[str]]:
    if rows <= 1:
        return None
    if not path:
        raise ConvertError(f"this checkpoint has {rows} puzzle-embedding rows (one per augmented task): pass "
                           f"--identifiers identifiers.json from the dataset build that trained it")
    if not os.path.exists(path):
        raise ConvertError(f"identifiers file {path} does not exist")
    with open(path) as f:
        ids = json.load(f)
    if not isinstance(ids, list) or not all(isinstance(s, str) for s in ids):
        raise ConvertError(f"{path}: expected a JSON list of identifier strings")
    if len(ids) != rows:
        raise ConvertError(f"{path} lists {len(ids)} identifiers but the checkpoint has {rows} embedding rows "
                           f"(use the identifiers.json of the same dataset build)")
    return ids


def load_checkpoint(path: str) -> Dict[str, torch.Tensor]:
    if not os.path.exists(path):
        raise ConvertError(f"checkpoint {path} does not exist")
    try:
        sd = torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001 - any unpickling problem is the user's file
        raise ConvertError(f"cannot read {path} as a torch checkpoint: {e}")
    if isinstance(sd, dict) and "model" in sd and isinstance(sd["model"], dict) and "config" in sd:
        raise ConvertError(f"{path} is a training/train.py checkpoint: use training/export_onnx.py")
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise ConvertError(f"{path} is not a state dict of tensors")
    return sd


def convert(ckpt: str, config: str, identifiers: Optional[str], out: Optional[str], fp16: bool = False,
            kind: Optional[str] = None, grid: Optional[Tuple[int, int]] = None, name: Optional[str] = None,
            int8: bool = False, fused_attn: bool = True):
    cfg_yaml = load_yaml(config)
    sd = load_checkpoint(ckpt)
    model, kind, grid, vocab = build(sd, cfg_yaml, kind, grid)
    ids = load_identifiers(identifiers, model.cfg.num_puzzle_ids)
    if out is None:
        out = os.path.join(os.path.dirname(os.path.abspath(ckpt)), re.sub(r"[^A-Za-z0-9_.-]", "_",
                                                                          os.path.basename(ckpt)))
    onnx_path = out + ".onnx"
    export_onnx.export_graph(model, onnx_path, fp16=fp16, fused_attn=fused_attn)
    ref = export_onnx.rounded_fp32(model) if fp16 else model
    pe = export_onnx.write_puzzle_embedding(ref, out, ids, "float16" if fp16 else "float32")
    training = {"data": " ".join(str(p) for p in cfg_yaml.get("data_paths") or []),
                "source": f"converted from reference checkpoint {os.path.basename(ckpt)}",
                "epochs": cfg_yaml.get("epochs"), "global_batch_size": cfg_yaml.get("global_batch_size"),
                "lr": cfg_yaml.get("lr"), "ema": cfg_yaml.get("ema")}
    md = export_onnx.metadata(ref, name or os.path.basename(out), kind, {"rows": grid[0], "cols": grid[1]}, vocab,
                              pe, training, {}, onnx_path, "float16" if fp16 else "float32")
    if export_onnx.requires(ref, fused_attn):
        md["requires"] = export_onnx.requires(ref, fused_attn)
    if int8:
        md["int8"] = export_onnx.write_int8(ref, out, fused_attn)
    with open(out + ".json", "w") as f:
        json.dump(md, f, indent=1)
    return model, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m training.convert_reference",
                                 description="Convert a TRM reference checkpoint to the Grid Reasoner step model")
    ap.add_argument("checkpoint")
    ap.add_argument("--config", required=True, help="all_config.yaml written beside the checkpoint")
    ap.add_argument("--identifiers", default=None, help="identifiers.json of the dataset build (ARC)")
    ap.add_argument("--out", default=None, help="output path without extension (default: beside the checkpoint)")
    ap.add_argument("--name", default=None)
    ap.add_argument("--fp16", action="store_true", help="store weights (and the embedding table) as float16")
    ap.add_argument("--int8", action="store_true",
                    help="also write NAME.int8.onnx: int8 weights per output channel, activations quantised at run "
                         "time (onnxruntime CPU); the engine prefers it on the CPU")
    ap.add_argument("--fused-attention", action=argparse.BooleanOptionalAction, default=True,
                    help="attention variant: write each attention core as one com.microsoft MultiHeadAttention "
                         "node (onnxruntime contrib op, the metadata's \"requires\" says so; default, faster on "
                         "onnxruntime's CPU: docs/profile.md); --no-fused-attention: plain ONNX MatMul/Softmax")
    ap.add_argument("--kind", choices=sorted(VOCABS), default=None, help="task kind if the config does not tell")
    ap.add_argument("--grid", default=None, help="RxC grid when seq_len is not a square (e.g. 30x30)")
    a = ap.parse_args(argv)
    grid = None
    if a.grid:
        m = re.fullmatch(r"(\d+)x(\d+)", a.grid)
        if not m:
            print("convert_reference.py: --grid must look like 30x30", file=sys.stderr)
            return 2
        grid = (int(m.group(1)), int(m.group(2)))
    try:
        model, out = convert(a.checkpoint, a.config, a.identifiers, a.out, a.fp16, a.kind, grid, a.name, a.int8,
                             a.fused_attention)
    except (ConvertError, export_onnx.ExportError) as e:
        print(f"convert_reference.py: {e}", file=sys.stderr)
        return 2
    print(f"wrote {out}.onnx and {out}.json ({model.cfg.variant}, D={model.cfg.hidden_size}, "
          f"{model.num_params():,} params, {model.cfg.num_puzzle_ids} puzzle-embedding rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
