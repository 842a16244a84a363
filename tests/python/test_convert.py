"""Converter test: a randomly initialised state dict with the reference key names and shapes, saved as the
reference does (torch.save of the compiled ACT wrapper's state_dict, `_orig_mod.model.inner.` keys, bf16
H_init/L_init, no file extension) with its all_config.yaml, converted, and compared against an independent
functional forward pass (reffwd.py) and against the ONNX graph run by onnxruntime-node."""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from .common import ROOT, node_check
import torch
import yaml

from training import convert_reference as C
from training import export_onnx as E

from . import reffwd

PFX = "_orig_mod.model.inner."


def ceil_to(x, m):
    return -(x // -m) * m


def ref_width(d, expansion=4):
    return ceil_to(round(expansion * d * 2 / 3), 256)


def reference_state(D, V, num_ids, seq_len, emb_len, layers, mlp_t, seed):
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape, std=None):
        std = std if std is not None else 1.0 / math.sqrt(shape[-1])
        return torch.randn(*shape, generator=g) * std

    sd = {
        "H_init": rnd(D, std=1.0).bfloat16(), "L_init": rnd(D, std=1.0).bfloat16(),
        "embed_tokens.embedding_weight": rnd(V, D),
        "lm_head.weight": rnd(V, D), "q_head.weight": rnd(2, D), "q_head.bias": rnd(2, std=0.5),
        "puzzle_emb.weights": rnd(num_ids, D, std=0.5),
    }
    S = seq_len + emb_len
    for i in range(layers):
        p = f"L_level.layers.{i}."
        if mlp_t:
            w = ref_width(S)
            sd[p + "mlp_t.gate_up_proj.weight"] = rnd(2 * w, S)
            sd[p + "mlp_t.down_proj.weight"] = rnd(S, w)
        else:
            sd[p + "self_attn.qkv_proj.weight"] = rnd(3 * D, D)
            sd[p + "self_attn.o_proj.weight"] = rnd(D, D)
        w = ref_width(D)
        sd[p + "mlp.gate_up_proj.weight"] = rnd(2 * w, D)
        sd[p + "mlp.down_proj.weight"] = rnd(D, w)
    return {PFX + k: v for k, v in sd.items()}


def all_config(D, T, n, layers, heads, mlp_t, pos, data_path):
    return {
        "arch": {"name": "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
                 "loss": {"name": "losses@ACTLossHead", "loss_type": "stablemax_cross_entropy"},
                 "halt_exploration_prob": 0.1, "halt_max_steps": 16, "H_cycles": T, "L_cycles": n,
                 "H_layers": 0, "L_layers": layers, "hidden_size": D, "num_heads": heads, "expansion": 4,
                 "puzzle_emb_ndim": D, "pos_encodings": pos, "forward_dtype": "bfloat16", "mlp_t": mlp_t,
                 "puzzle_emb_len": 16, "no_ACT_continue": True},
        "data_paths": [data_path], "data_paths_test": [], "global_batch_size": 768, "epochs": 50000,
        "lr": 1e-4, "lr_min_ratio": 1.0, "lr_warmup_steps": 2000, "weight_decay": 1.0, "beta1": 0.9,
        "beta2": 0.95, "puzzle_emb_lr": 1e-4, "puzzle_emb_weight_decay": 1.0, "project_name": "test",
        "run_name": "random", "checkpoint_path": "checkpoints/test/random", "seed": 0, "ema": True,
        "ema_rate": 0.999, "freeze_weights": False,
    }


class ConverterTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def save(self, sd, cfg, ids=None):
        ck = os.path.join(self.dir, "step_1234")
        torch.save(sd, ck)
        cp = os.path.join(self.dir, "all_config.yaml")
        with open(cp, "w") as f:
            yaml.dump(cfg, f)
        ip = None
        if ids is not None:
            ip = os.path.join(self.dir, "identifiers.json")
            with open(ip, "w") as f:
                json.dump(ids, f)
        return ck, cp, ip

    def check_against_reference(self, model, sd, tokens, pids, steps, **kw):
        ref = reffwd.run(sd, torch.tensor(tokens), torch.tensor(pids), steps, **kw)
        pv = model.puzzle_vectors(torch.tensor(pids))
        y, z = model.initial_state(len(tokens))
        with torch.no_grad():
            for t, (rl, rq) in enumerate(ref):
                y, z, logits, q = model(torch.tensor(tokens), pv, y, z)
                self.assertEqual(logits.shape, rl.shape)
                err = (logits - rl).abs().max().item()
                self.assertLess(err, 1e-3 * (1 + rl.abs().max().item()), f"logits differ at step {t + 1}: {err}")
                self.assertLess((q - rq).abs().max().item(), 1e-3 * (1 + rq.abs().max().item()))

    def convert_and_run_onnx(self, ck, cp, ip, tokens, pids, steps, fp16=False, **kw):
        out = os.path.join(self.dir, "conv16" if fp16 else "conv")
        rc = C.main([ck, "--config", cp, "--out", out] + (["--identifiers", ip] if ip else []) +
                    (["--fp16"] if fp16 else []) + kw.get("extra", []))
        self.assertEqual(rc, 0)
        with open(out + ".json") as f:
            meta = json.load(f)
        with open(cp) as f:
            cfg = yaml.safe_load(f)
        model = C.build(torch.load(ck), cfg, None, kw.get("grid"))[0]
        ref = E.rounded_fp32(model) if fp16 else model
        fx = E.parity_fixture(ref, np.array(tokens), np.array(pids), steps, os.path.basename(out) + ".onnx")
        with open(out + ".parity.json", "w") as f:
            json.dump(fx, f)
        verdict = node_check(out + ".onnx", out + ".json", out + ".parity.json", self)
        self.assertTrue(verdict["ok"], verdict)
        return model, meta, out

    def test_sudoku_mlp_t(self):
        D, V, L = 32, 11, 81
        sd = reference_state(D, V, 1, L, 16, 2, True, seed=1)
        ck, cp, _ = self.save(sd, all_config(D, 2, 2, 2, 2, True, "rope", "data/sudoku-extreme-1k-aug-1000"))
        rng = np.random.default_rng(0)
        tokens = rng.integers(1, V, (3, L)).tolist()
        pids = [0, 0, 0]
        model, meta, _ = self.convert_and_run_onnx(ck, cp, None, tokens, pids, 3)
        self.assertEqual(model.cfg.variant, "mlp")
        self.assertEqual((model.cfg.seq_len, model.cfg.prefix_len, model.cfg.T, model.cfg.n), (81, 16, 2, 2))
        self.assertEqual(meta["kind"], "sudoku")
        self.assertEqual(meta["grid"], {"rows": 9, "cols": 9})
        self.assertEqual(meta["vocab"][:3], ["<pad>", ".", "1"])
        self.assertIn("shared", meta["puzzle_embedding"])
        self.assertEqual(len(meta["y_init"]), D)
        self.assertAlmostEqual(meta["y_init"][0], sd[PFX + "H_init"].float()[0].item(), places=6)
        self.check_against_reference(model, sd, tokens, pids, 3, T=2, n=2, layers=2, mlp_t=True, heads=2,
                                     emb_len=16, rope=False)
        # fp16 weights: a smaller file whose graph matches the fp16-rounded PyTorch model
        _, meta16, out16 = self.convert_and_run_onnx(ck, cp, None, tokens, pids, 3, fp16=True)
        self.assertEqual(meta16["weights"], "float16")
        self.assertLess(os.path.getsize(out16 + ".onnx"), 0.7 * os.path.getsize(os.path.join(self.dir, "conv.onnx")))

    def test_arc_attention_rope_with_identifiers(self):
        D, V, L, ids = 32, 12, 100, 5
        sd = reference_state(D, V, ids, L, 16, 2, False, seed=2)
        names = ["<blank>"] + [f"task{i}|||t{i % 8}|||0123456789" for i in range(1, ids)]
        ck, cp, ip = self.save(sd, all_config(D, 2, 1, 2, 2, False, "rope", "data/arc1concept-aug-1000"), names)
        rng = np.random.default_rng(1)
        tokens = rng.integers(0, V, (2, L)).tolist()
        pids = [3, 1]
        model, meta, out = self.convert_and_run_onnx(ck, cp, ip, tokens, pids, 2, grid=(10, 10),
                                                     extra=["--grid", "10x10"])
        self.assertEqual((model.cfg.variant, model.cfg.pos_encoding, model.cfg.seq_len), ("attn", "rope", 100))
        self.assertEqual(meta["kind"], "arc")
        self.assertEqual(meta["vocab"][1], "<eos>")
        pe = meta["puzzle_embedding"]
        self.assertEqual((pe["rows"], pe["dtype"], pe["identifiers"][names[3]]), (ids, "float32", 3))
        table = np.fromfile(os.path.join(self.dir, pe["file"]), dtype="<f4").reshape(ids, D)
        np.testing.assert_allclose(table, sd[PFX + "puzzle_emb.weights"].numpy(), rtol=0, atol=0)
        self.check_against_reference(model, sd, tokens, pids, 2, T=2, n=1, layers=2, mlp_t=False, heads=2,
                                     emb_len=16, rope=True)

    def expect_error(self, sd, cfg, ids, pattern, extra=()):
        ck, cp, ip = self.save(sd, cfg, ids)
        with self.assertRaisesRegex(C.ConvertError, pattern):
            C.convert(ck, cp, ip if ids is not None else None, os.path.join(self.dir, "bad"),
                      grid=(10, 10) if "arc" in str(cfg["data_paths"]) else None)

    def test_clear_errors(self):
        D, V, L = 32, 11, 81
        cfg = all_config(D, 2, 2, 2, 2, True, "none", "data/sudoku-extreme-1k-aug-1000")
        good = reference_state(D, V, 1, L, 16, 2, True, seed=3)
        missing = dict(good)
        del missing[PFX + "L_level.layers.1.mlp.down_proj.weight"]
        self.expect_error(missing, cfg, None, r"missing key 'L_level\.layers\.1\.mlp\.down_proj\.weight'")
        extra = dict(good)
        extra[PFX + "L_level.layers.2.mlp.down_proj.weight"] = torch.zeros(D, 256)
        self.expect_error(extra, cfg, None, r"unexpected keys .*L_level\.layers\.2")
        shape = dict(good)
        shape[PFX + "lm_head.weight"] = torch.zeros(V + 1, D)
        self.expect_error(shape, cfg, None, r"lm_head\.weight has shape \[12, 32\], expected \[11, 32\]")
        attn_cfg = all_config(D, 2, 2, 2, 2, False, "rope", "data/sudoku-extreme-1k-aug-1000")
        self.expect_error(good, attn_cfg, None, r"missing key '.*self_attn")
        arc = reference_state(D, 12, 4, 100, 16, 2, False, seed=4)
        arc_cfg = all_config(D, 1, 1, 2, 2, False, "rope", "data/arc1concept-aug-1000")
        self.expect_error(arc, arc_cfg, None, r"4 puzzle-embedding rows .* --identifiers")
        self.expect_error(arc, arc_cfg, ["<blank>", "a"], r"lists 2 identifiers but the checkpoint has 4")
        self.expect_error({"foo.weight": torch.zeros(2)}, cfg, None, r"not a TRM reference checkpoint")

    def test_cli_reports_errors_without_traceback(self):
        cfg = all_config(32, 2, 2, 2, 2, True, "none", "data/sudoku-extreme-1k-aug-1000")
        ck, cp, _ = self.save({"foo.weight": torch.zeros(2)}, cfg)
        r = subprocess.run([sys.executable, "-m", "training.convert_reference", ck, "--config", cp],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("convert_reference.py: not a TRM reference checkpoint", r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        r = subprocess.run([sys.executable, "-m", "training.convert_reference", ck, "--config",
                            os.path.join(self.dir, "nope.yaml")], cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("does not exist", r.stderr)


if __name__ == "__main__":
    unittest.main()
