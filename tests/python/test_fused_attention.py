"""Fused attention export (convert_reference.py / export_onnx.py, default; --no-fused-attention turns it off):
the attention core becomes one com.microsoft MultiHeadAttention node per block (RoPE before it), the metadata's
"requires" names the op, and the fp32 graph and the int8 graph both follow the PyTorch model (the int8 one its
emulation) within the usual tolerances in onnxruntime-node and in onnxruntime-web's WebAssembly build.
Variants without attention are exported as before."""
import json
import os
import tempfile
import unittest

import numpy as np
import torch
import yaml

from training import convert_reference as C
from training import export_onnx as E
from training import fused_attention as F

from .common import node_check
from .test_convert import all_config, reference_state


class FusedAttentionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def convert(self, sd, cfg, extra):
        ck = os.path.join(self.dir, "step_1")
        torch.save(sd, ck)
        cp = os.path.join(self.dir, "all_config.yaml")
        with open(cp, "w") as f:
            yaml.dump(cfg, f)
        out = os.path.join(self.dir, "m")
        self.assertEqual(C.main([ck, "--config", cp, "--out", out] + extra), 0)
        with open(out + ".json") as f:
            meta = json.load(f)
        return ck, cfg, meta, out

    def check_both_runtimes(self, graph, meta_path, fixture):
        for web in (False, True):
            verdict = node_check(graph, meta_path, fixture, self, web=web)
            self.assertTrue(verdict["ok"], verdict)

    def test_attention_rope_fp32_and_int8(self):
        D, V, L = 64, 6, 100
        sd = reference_state(D, V, 1, L, 16, 2, False, seed=11)
        cfg = all_config(D, 2, 2, 2, 4, False, "rope", "data/maze-30x30-hard-1k")
        ck, cfg, meta, out = self.convert(sd, cfg, ["--grid", "10x10", "--int8"])
        self.assertEqual(meta["requires"], F.REQUIRES)
        for graph in (out + ".onnx", out + ".int8.onnx"):
            with open(graph, "rb") as f:
                body = f.read()
            self.assertIn(b"MultiHeadAttention", body, graph)
            self.assertNotIn(b"Softmax", body, f"{graph}: the unfused core is still there")
        model = C.build(torch.load(ck), cfg, None, (10, 10))[0]
        tokens = np.random.default_rng(2).integers(1, V, (3, L))
        ids = np.zeros(3, np.int64)
        fx = E.parity_fixture(model, tokens, ids, 3, "m.onnx")
        with open(out + ".parity.json", "w") as f:
            json.dump(fx, f)
        self.check_both_runtimes(out + ".onnx", out + ".json", out + ".parity.json")
        fx8 = E.parity_fixture(E.int8_weights(model), tokens, ids, 3, "m.int8.onnx", tolerance=E.INT8_TOLERANCE)
        with open(out + ".int8.parity.json", "w") as f:
            json.dump(fx8, f)
        self.check_both_runtimes(out + ".int8.onnx", out + ".json", out + ".int8.parity.json")

    def test_fp16_weights(self):
        D, V, L = 32, 6, 100
        sd = reference_state(D, V, 1, L, 16, 1, False, seed=14)
        cfg = all_config(D, 1, 2, 1, 2, False, "rope", "data/maze-30x30-hard-1k")
        ck, cfg, meta, out = self.convert(sd, cfg, ["--grid", "10x10", "--fp16"])
        self.assertEqual((meta["weights"], meta["requires"]), ("float16", F.REQUIRES))
        model = E.rounded_fp32(C.build(torch.load(ck), cfg, None, (10, 10))[0])
        fx = E.parity_fixture(model, np.random.default_rng(3).integers(1, V, (2, L)), np.zeros(2, np.int64), 2,
                              "m.onnx")
        with open(out + ".parity.json", "w") as f:
            json.dump(fx, f)
        self.check_both_runtimes(out + ".onnx", out + ".json", out + ".parity.json")

    def test_no_fused_attention_writes_plain_onnx(self):
        D, V, L = 32, 6, 100
        sd = reference_state(D, V, 1, L, 16, 1, False, seed=13)
        cfg = all_config(D, 1, 1, 1, 2, False, "rope", "data/maze-30x30-hard-1k")
        _, _, meta, out = self.convert(sd, cfg, ["--grid", "10x10", "--no-fused-attention"])
        self.assertNotIn("requires", meta)
        with open(out + ".onnx", "rb") as f:
            body = f.read()
        self.assertNotIn(b"MultiHeadAttention", body)
        self.assertIn(b"Softmax", body)

    def test_mlp_variant_is_unchanged(self):
        D, V, L = 32, 11, 81
        sd = reference_state(D, V, 1, L, 16, 1, True, seed=12)
        _, _, meta, out = self.convert(sd, all_config(D, 1, 1, 1, 2, True, "none", "data/sudoku"), [])
        self.assertNotIn("requires", meta)
        with open(out + ".onnx", "rb") as f:
            self.assertNotIn(b"MultiHeadAttention", f.read())

    def test_training_forward_is_untouched(self):
        from training import model as M
        self.assertIs(M.attention_core, M.scaled_dot_attention)
        with F.fused_attention():
            self.assertIs(M.attention_core, F.fused_attention_core)
        with F.fused_attention(False):
            self.assertIs(M.attention_core, M.scaled_dot_attention)
        self.assertIs(M.attention_core, M.scaled_dot_attention)


if __name__ == "__main__":
    unittest.main()
