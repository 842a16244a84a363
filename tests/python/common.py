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

import torch  # noqa: E402

torch.set_num_threads(int(os.environ.get("TRM_TEST_THREADS", "1")))


def node_check(onnx_path, meta_path, parity_path, test: unittest.TestCase):
    """Runs training/onnx_check.mjs (onnxruntime-node) and returns its JSON verdict; skips the test with a
    visible reason when node or onnxruntime-node is missing."""
    node = shutil.which("node")
    if node is None:
        test.skipTest("SKIPPED: node is not on PATH, cannot run the ONNX graph")
    if not os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node")):
        test.skipTest("SKIPPED: node_modules/onnxruntime-node is not installed (npm ci)")
    r = subprocess.run([node, os.path.join(TRAINING, "onnx_check.mjs"), onnx_path, meta_path, parity_path],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    if not lines:
        test.fail(f"onnx_check.mjs printed no verdict (rc {r.returncode}): {r.stdout[-500:]} {r.stderr[-1500:]}")
    return json.loads(lines[-1])


def read_json(path):
    with open(path) as f:
        return json.load(f)
