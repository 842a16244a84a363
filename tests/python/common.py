"""Helpers shared by the Python tests (a package: run from the repository root, e.g.
`/usr/bin/python3 -m unittest tests.python.test_model` or `-m unittest discover -s tests/python -t .`)."""
import json
import os
import shutil
import subprocess
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TRAINING = os.path.join(ROOT, "training")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import training  # noqa: E402,F401  (picks the OpenBLAS kernels before torch loads them)
import torch  # noqa: E402

torch.set_num_threads(int(os.environ.get("TRM_TEST_THREADS", "1")))


def node_check(onnx_path, meta_path, parity_path, test: unittest.TestCase, web: bool = False):
    """Runs training/onnx_check.mjs (onnxruntime-node, or onnxruntime-web's WebAssembly build with web=True)
    and returns its JSON verdict; skips the test with a visible reason when node or the runtime is missing."""
    node = shutil.which("node")
    if node is None:
        test.skipTest("SKIPPED: node is not on PATH, cannot run the ONNX graph")
    runtime = "onnxruntime-web" if web else "onnxruntime-node"
    if not os.path.isdir(os.path.join(ROOT, "node_modules", runtime)):
        test.skipTest(f"SKIPPED: node_modules/{runtime} is not installed (npm ci)")
    r = subprocess.run([node, os.path.join(TRAINING, "onnx_check.mjs"), onnx_path, meta_path, parity_path] +
                       (["--web"] if web else []), cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    if not lines:
        test.fail(f"onnx_check.mjs printed no verdict (rc {r.returncode}): {r.stdout[-500:]} {r.stderr[-1500:]}")
    return json.loads(lines[-1])


def read_json(path):
    with open(path) as f:
        return json.load(f)
