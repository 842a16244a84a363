"""int8 export (export_onnx.int8_weights, convert_reference.py --int8): each int8 matrix product in
onnxruntime-node equals its PyTorch emulation bit for bit; the converter writes NAME.int8.onnx (with
com.microsoft DynamicQuantizeMatMul nodes) and names it, with its hash, in the metadata; the converted int8
graph follows the emulated model within the int8 tolerance (export_onnx.INT8_TOLERANCE)."""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import numpy as np
import torch
import yaml

from training import convert_reference as C
from training import export_onnx as E

from .common import ROOT, node_check
from .test_convert import all_config, reference_state

RUN_ONE = r"""
const ort = require(process.argv[1] + '/node_modules/onnxruntime-node');
const d = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
ort.InferenceSession.create(process.argv[3]).then(async (s) => {
  const o = await s.run({ x: new ort.Tensor('float32', Float32Array.from(d.x), d.shape) });
  console.log(JSON.stringify(Array.from(o.y.data)));
});
"""


class Product(torch.nn.Module):
    def __init__(self, weight):
        super().__init__()
        self.lin = E.Int8Linear(weight)

    def forward(self, x):
        return self.lin(x)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Int8Test(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_matrix_product_bit_exact(self):
        if shutil.which("node") is None or not os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node")):
            self.skipTest("SKIPPED: node or onnxruntime-node is missing")
        g = torch.Generator().manual_seed(3)
        cases = [((7, 97), 512, "normal"), ((2, 40, 64), 176, "normal"), ((33, 256), 97, "positive"),
                 ((8, 256), 64, "extreme")]
        for shape, n_out, kind in cases:
            w = torch.randn(n_out, shape[-1], generator=g) / shape[-1] ** 0.5
            x = torch.randn(*shape, generator=g) * 2
            if kind == "positive":
                x = x.abs()                          # zero point 0: the range starts at 0
            if kind == "extreme":
                # every weight at its channel's largest magnitude and every activation near the top of its range:
                # the sums of two products that overflow 16 bits in onnxruntime's kernels without VNNI unless
                # the weights keep to [-63, 63] (export_onnx.INT8_WEIGHT_MAX)
                w = torch.sign(w) * 0.1
                x = torch.rand(*shape, generator=g) * 0.1 + 0.9
            m = Product(w).eval()
            with torch.no_grad():
                want = m(x)
            path = os.path.join(self.dir, "p.onnx")
            torch.onnx.export(m, (x,), path, input_names=["x"], output_names=["y"], opset_version=17,
                              custom_opsets={"com.microsoft": 1})
            data = os.path.join(self.dir, "x.json")
            with open(data, "w") as f:
                json.dump({"x": x.reshape(-1).tolist(), "shape": list(shape)}, f)
            r = subprocess.run(["node", "-e", RUN_ONE, ROOT, data, path], capture_output=True, text=True,
                               timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            got = np.array(json.loads(r.stdout), dtype=np.float32)
            np.testing.assert_array_equal(got, want.reshape(-1).numpy(), err_msg=f"shape {shape}")
            # and int8 is not the float product (else this test could not tell the two apart)
            self.assertGreater(float((want - x @ w.t()).abs().max()), 0)

    def convert(self, sd, cfg, grid=None):
        ck = os.path.join(self.dir, "step_1")
        torch.save(sd, ck)
        cp = os.path.join(self.dir, "all_config.yaml")
        with open(cp, "w") as f:
            yaml.dump(cfg, f)
        out = os.path.join(self.dir, "m")
        extra = ["--grid", f"{grid[0]}x{grid[1]}"] if grid else []
        self.assertEqual(C.main([ck, "--config", cp, "--out", out, "--int8"] + extra), 0)
        with open(out + ".json") as f:
            meta = json.load(f)
        return C.build(torch.load(ck), cfg, None, grid)[0], meta, out

    def check_converted(self, model, meta, out, tokens):
        sec = meta["int8"]
        self.assertEqual(sec["file"], "m.int8.onnx")
        path = os.path.join(self.dir, sec["file"])
        self.assertEqual(sec["sha256"], sha256(path))
        self.assertNotEqual(sec["sha256"], meta["sha256"])
        with open(path, "rb") as f:
            self.assertIn(b"DynamicQuantizeMatMul", f.read())
        fx = E.parity_fixture(E.int8_weights(model), np.array(tokens), np.zeros(len(tokens), np.int64), 1,
                              sec["file"], tolerance=E.INT8_TOLERANCE)
        with open(out + ".int8.parity.json", "w") as f:
            json.dump(fx, f)
        verdict = node_check(path, out + ".json", out + ".int8.parity.json", self)
        self.assertTrue(verdict["ok"], verdict)

    def test_converter_mlp_t(self):
        D, V, L = 64, 11, 81
        sd = reference_state(D, V, 1, L, 16, 1, True, seed=5)
        model, meta, out = self.convert(sd, all_config(D, 1, 1, 1, 2, True, "none", "data/sudoku-extreme-1k"))
        self.check_converted(model, meta, out, np.random.default_rng(0).integers(1, V, (3, L)).tolist())
        self.assertLess(os.path.getsize(out + ".int8.onnx"), 0.5 * os.path.getsize(out + ".onnx"))

    def test_converter_attention_rope(self):
        D, V, L = 64, 6, 100
        sd = reference_state(D, V, 1, L, 16, 1, False, seed=6)
        model, meta, out = self.convert(sd, all_config(D, 1, 1, 1, 4, False, "rope", "data/maze-30x30-hard-1k"),
                                        grid=(10, 10))
        self.check_converted(model, meta, out, np.random.default_rng(1).integers(1, V, (2, L)).tolist())

    def test_no_int8_without_the_flag(self):
        D, V, L = 32, 11, 81
        sd = reference_state(D, V, 1, L, 16, 1, True, seed=7)
        ck = os.path.join(self.dir, "step_2")
        torch.save(sd, ck)
        cp = os.path.join(self.dir, "c.yaml")
        with open(cp, "w") as f:
            yaml.dump(all_config(D, 1, 1, 1, 2, True, "none", "data/sudoku"), f)
        out = os.path.join(self.dir, "plain")
        self.assertEqual(C.main([ck, "--config", cp, "--out", out]), 0)
        with open(out + ".json") as f:
            self.assertNotIn("int8", json.load(f))
        self.assertFalse(os.path.exists(out + ".int8.onnx"))


if __name__ == "__main__":
    unittest.main()
