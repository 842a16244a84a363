"""Paper-size step models for bench/paper.bench.ts: random checkpoints in the TRM reference layout (the
converter test's reference_state: `_orig_mod.model.inner.` keys, bf16 H_init/L_init, all_config.yaml), converted
by training/convert_reference.py --int8 into NAME.onnx (fp32) + NAME.int8.onnx + NAME.json. Nothing is
downloaded; the weights are random, so only speed is measured on them. paper-maze-attn-fused is the same
checkpoint as paper-maze-attn converted with --fused-attention (the converter's default), paper-maze-attn with
--no-fused-attention, so the two graphs differ only in the attention core.

    /usr/bin/python3 -m bench.paper_models OUT_DIR     (from the repository root) prints one JSON line per model
                                                       (cached by config); PAPER_MODELS=a,b builds only those
"""
import hashlib
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import training  # noqa: E402,F401  (picks the OpenBLAS kernels before torch loads them)
import torch  # noqa: E402
import yaml  # noqa: E402

from tests.python.test_convert import all_config, reference_state  # noqa: E402
from training import convert_reference  # noqa: E402

# the paper's shapes (arXiv 2510.04871; reference all_config.yaml): D = 512, 2 blocks, T = 3, n = 6, 16 prefix
# positions; Sudoku-Extreme: MLP token mixing over 81 + 16 positions; Maze-Hard / ARC: attention + RoPE over a
# 30x30 canvas (900 + 16 positions)
MODELS = {
    "paper-sudoku-mlp": dict(D=512, V=11, L=81, mlp_t=True, pos="none", heads=8, T=3, n=6, layers=2,
                             data="data/sudoku-extreme-1k-aug-1000", grid=None),
    "paper-maze-attn": dict(D=512, V=6, L=900, mlp_t=False, pos="rope", heads=8, T=3, n=6, layers=2,
                            data="data/maze-30x30-hard-1k", grid=(30, 30)),
}
MODELS["paper-maze-attn-fused"] = dict(MODELS["paper-maze-attn"], fused=True)
# a change to any of these rebuilds the models
EXPORT_CODE = ["export_onnx.py", "fused_attention.py", "model.py"]


def build(out_dir: str, name: str, c: dict) -> dict:
    stem = os.path.join(out_dir, name)
    code = hashlib.sha256()
    for f in EXPORT_CODE:
        with open(os.path.join(ROOT, "training", f), "rb") as fh:
            code.update(fh.read())
    stamp = json.dumps(c, sort_keys=True) + code.hexdigest()
    if os.path.exists(stem + ".int8.onnx") and os.path.exists(stem + ".stamp"):
        with open(stem + ".stamp") as f:
            if f.read() == stamp:
                return {"name": name, "stem": stem, "cached": True}
    sd = reference_state(c["D"], c["V"], 1, c["L"], 16, c["layers"], c["mlp_t"], seed=0)
    ck = stem + ".step"
    torch.save(sd, ck)
    cfg = all_config(c["D"], c["T"], c["n"], c["layers"], c["heads"], c["mlp_t"], c["pos"], c["data"])
    with open(stem + ".yaml", "w") as f:
        yaml.dump(cfg, f)
    args = [ck, "--config", stem + ".yaml", "--out", stem, "--int8"]
    if c["grid"]:
        args += ["--grid", f"{c['grid'][0]}x{c['grid'][1]}"]
    args.append("--fused-attention" if c.get("fused") else "--no-fused-attention")
    if convert_reference.main(args) != 0:
        raise SystemExit(f"converting {name} failed")
    os.unlink(ck)
    with open(stem + ".stamp", "w") as f:
        f.write(stamp)
    return {"name": name, "stem": stem, "cached": False}


def main() -> int:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    wanted = [n for n in os.environ.get("PAPER_MODELS", "").split(",") if n] or list(MODELS)
    for name in wanted:
        c = MODELS[name]
        print(json.dumps(build(out, name, c)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
