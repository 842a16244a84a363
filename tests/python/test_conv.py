"""The `conv` variant (3x3 convolution over the grid as the token mixer) and training on generated mazes:
grid layout, weights that fit any grid, ONNX export checked in onnxruntime-node, the canvas curriculum and
resuming from a committed checkpoint."""
import os
import tempfile
import unittest

import torch

from training import export_onnx as E
from training import train as TR
from training.data import dataset_dir
from training.model import TRM, TRMConfig

from .common import node_check, read_json


def conv_cfg(**kw):
    base = dict(vocab_size=6, seq_len=16, hidden_size=16, prefix_len=1, ffn_multiple=16, T=2, n=1, layers=1,
                variant="conv")
    base.update(kw)
    return TRMConfig(**base)


def one_block(m, h):
    return m.L_level.layers[0](h, None)


class ConvVariantTest(unittest.TestCase):
    def test_mixing_is_3x3_over_the_row_major_grid(self):
        torch.manual_seed(0)
        m = TRM(conv_cfg(seq_len=16, grid_rows=2, grid_cols=8)).eval()
        mix = m.L_level.layers[0].conv_mix
        with torch.no_grad():            # without the global path only the 3x3 neighbourhood can change
            mix.pool_proj.weight.zero_()
            mix.broadcast_proj.weight.zero_()
        h = torch.randn(1, 17, 16)
        h2 = h.clone()
        h2[0, 1 + 0] += 3.0              # grid cell (row 0, col 0) = sequence position 1
        d = (one_block(m, h2) - one_block(m, h)).abs().sum(-1)[0, 1:].reshape(2, 8)
        changed = {(r, c) for r in range(2) for c in range(8) if d[r, c] > 1e-6}
        self.assertEqual(changed, {(0, 0), (0, 1), (1, 0), (1, 1)})

    def test_global_path_reaches_every_cell_and_the_prefix(self):
        torch.manual_seed(0)
        m = TRM(conv_cfg(seq_len=36)).eval()
        h = torch.randn(1, 37, 16)
        h2 = h.clone()
        h2[0, 1] += 3.0
        with torch.no_grad():
            a, b = one_block(m, h2), one_block(m, h)
            d1 = (a - b).abs().sum(-1)[0]
            d2 = (one_block(m, a) - one_block(m, b)).abs().sum(-1)[0]
        self.assertGreater(float(d1[0]), 1e-6)        # the halting head's token sees the grid in one block
        self.assertLess(float(d1[-1]), 1e-6)          # the far corner is out of reach of one 3x3 mixing...
        self.assertGreater(float(d2[-1]), 1e-6)       # ...and hears it in the next, through prefix token 0

    def test_weights_fit_any_grid(self):
        torch.manual_seed(0)
        small = TRM(conv_cfg(seq_len=16)).eval()
        big = TRM(conv_cfg(seq_len=900)).eval()
        big.load_state_dict(small.state_dict())       # no parameter depends on the grid size
        self.assertEqual(small.num_params(), big.num_params())
        tok = torch.randint(1, 5, (2, 25))
        y, z = small.initial_state(2, seq_len=25)      # a 5x5 grid on the 4x4 model's weights
        pv = small.puzzle_vectors(torch.zeros(2, dtype=torch.long))
        y2, z2, logits, q = small(tok, pv, y, z)
        self.assertEqual((y2.shape, logits.shape, q.shape), ((2, 26, 16), (2, 25, 6), (2,)))
        rms = y2.pow(2).mean(-1).sqrt()
        self.assertTrue(torch.allclose(rms, torch.ones_like(rms), atol=1e-3))

    def test_config_errors(self):
        with self.assertRaises(ValueError):
            TRM(conv_cfg(seq_len=16, grid_rows=3, grid_cols=5))
        with self.assertRaises(ValueError):
            TRM(conv_cfg(prefix_len=0, num_puzzle_ids=0))


class GeneratedMazeTrainingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.data = os.path.join(self.tmp.name, "ds")
        dataset_dir.build_stream(30, self.data, extra_eval=(9,))
        meta = read_json(os.path.join(self.data, "dataset.json"))
        self.assertEqual(meta["generator"]["kind"], "maze-stream")
        self.assertFalse(os.path.exists(os.path.join(self.data, "train.npz")))

    def tearDown(self):
        self.tmp.cleanup()

    def test_canvas_schedule_parsing(self):
        self.assertEqual(TR.parse_canvas_schedule("8@0,12@5", 30), [(0, 8), (5, 12)])
        self.assertEqual(TR.parse_canvas_schedule("", 30), [(0, 30)])
        self.assertEqual(TR.canvas_at([(0, 8), (5, 12)], 4), 8)
        self.assertEqual(TR.canvas_at([(0, 8), (5, 12)], 5), 12)
        with self.assertRaises(TR.UserError):
            TR.parse_canvas_schedule("40@0", 30)
        with self.assertRaises(TR.UserError):
            TR.parse_canvas_schedule("12", 30)

    def test_curriculum_resume_from_committed_checkpoint_best_and_export(self):
        out = os.path.join(self.tmp.name, "run")
        committed = os.path.join(self.tmp.name, "committed.pt")
        common = ["--data", self.data, "--out", out, "--variant", "conv", "--hidden", "16", "--layers", "1",
                  "--T", "1", "--n", "1", "--max-steps", "2", "--batch", "4", "--eval-examples", "4",
                  "--eval-batch", "4", "--log-every", "1000", "--warmup", "2", "--threads", "1",
                  "--canvas-schedule", "8@0,10@3", "--resume-from", committed]
        r1 = TR.train(TR.parse_args(common + ["--steps", "4"]))   # no committed checkpoint yet: a new run
        self.assertEqual((r1["step"], r1["puzzle_steps"]), (4, 16))
        ck = torch.load(os.path.join(out, "last.pt"))
        self.assertTrue(os.path.exists(os.path.join(out, "best.pt")))
        self.assertGreaterEqual(ck["best"]["score"], 0.0)
        # what a sitting commits: weights + EMA without optimizer moments, in a fresh checkout (no run dir)
        small = {k: v for k, v in ck.items() if k != "optimizer"}
        torch.save(small, committed)
        os.remove(os.path.join(out, "last.pt"))
        r2 = TR.train(TR.parse_args(common + ["--steps", "6"]))
        self.assertEqual((r2["step"], r2["puzzle_steps"]), (6, 24))
        args = TR.parse_args(common + ["--steps", "6"])
        args.rewarm_from = 4
        self.assertLess(TR.lr_at(4, args), TR.lr_at(5, args))   # short warmup after resuming without moments
        base = os.path.join(self.tmp.name, "conv30")
        self.assertEqual(E.main(["--ckpt", os.path.join(out, "last.pt"), "--out", base, "--parity", "2",
                                 "--fp16"]), 0)
        meta = read_json(base + ".json")
        self.assertEqual((meta["grid"], meta["seq_len"], meta["arch"]["variant"]),
                         ({"rows": 30, "cols": 30}, 900, "conv"))
        v = node_check(base + ".onnx", base + ".json", base + ".parity.json", self)
        self.assertTrue(v["ok"], v)


if __name__ == "__main__":
    unittest.main()
