"""Model, loss, training loop and export tests for training/ (tiny sizes so they run in seconds)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from .common import ROOT, node_check, read_json
import torch

from training import export_onnx as E
from training import train as TR
from training.data import augment, dataset_dir, pools, sudoku
from training.model import TRM, TRMConfig, swiglu_width
from training.step import StepModel, TrainStep


def tiny(**kw):
    base = dict(vocab_size=6, seq_len=16, hidden_size=32, prefix_len=2, num_puzzle_ids=1, ffn_multiple=16,
                T=2, n=2, heads=4)
    base.update(kw)
    return TRMConfig(**base)


class ModelTest(unittest.TestCase):
    def test_shapes_every_variant(self):
        for variant, pos in (("mlp", "none"), ("attn", "rope"), ("attn", "learned"), ("attn", "none")):
            with self.subTest(variant=variant, pos=pos):
                torch.manual_seed(0)
                m = TRM(tiny(variant=variant, pos_encoding=pos)).eval()
                B = 3
                tok = torch.randint(0, 6, (B, 16))
                y, z = m.initial_state(B)
                self.assertEqual(y.shape, (B, 18, 32))
                y2, z2, logits, q = m(tok, m.puzzle_vectors(torch.zeros(B, dtype=torch.long)), y, z)
                self.assertEqual((y2.shape, z2.shape, logits.shape, q.shape),
                                 ((B, 18, 32), (B, 18, 32), (B, 16, 6), (B,)))
                # post-norm: every state vector has unit RMS
                rms = y2.pow(2).mean(-1).sqrt()
                self.assertTrue(torch.allclose(rms, torch.ones_like(rms), atol=1e-3))

    def test_reference_sizes_and_inits(self):
        self.assertEqual(swiglu_width(512, 4, 256), 1536)     # notes: inter 1536 for D=512
        self.assertEqual(swiglu_width(97, 4, 256), 512)
        self.assertEqual(swiglu_width(916, 4, 256), 2560)
        cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=512, prefix_len=16, variant="mlp", T=3, n=6)
        m = TRM(cfg)
        self.assertEqual(m.num_params(), 5_028_866)           # reference Sudoku TRM-MLP
        cfg = TRMConfig(vocab_size=11, seq_len=81, hidden_size=512, prefix_len=16, variant="attn",
                        pos_encoding="rope", heads=8)
        m = TRM(cfg)
        self.assertEqual(m.num_params(), 6_828_034)           # reference Sudoku TRM-Att
        self.assertTrue(torch.all(m.q_head.weight == 0) and torch.all(m.q_head.bias == -5))
        names = {n for n, _ in m.named_parameters()}
        self.assertNotIn("H_init", names)                      # buffers, never trained
        self.assertIn("H_init", m.state_dict())

    def test_prefix_and_embedding_scale(self):
        m = TRM(tiny(prefix_len=3))
        tok = torch.randint(0, 6, (2, 16))
        pv = torch.randn(2, 32)
        x = m.input_embeddings(tok, pv, torch.float32)
        s = 32 ** 0.5
        self.assertTrue(torch.allclose(x[:, 0], s * pv))
        self.assertTrue(torch.all(x[:, 1:3] == 0))
        self.assertTrue(torch.allclose(x[:, 3:], s * m.embed_tokens.embedding_weight[tok]))

    def test_only_last_cycle_has_gradient(self):
        torch.manual_seed(1)
        m = TRM(tiny(T=3, n=2))
        tok = torch.randint(1, 6, (2, 16))
        y, z = m.initial_state(2)
        x = m.input_embeddings(tok, m.puzzle_vectors(torch.zeros(2, dtype=torch.long)), torch.float32)
        with torch.no_grad():
            ref = m.step(x, y, z, grad_last_cycle=False)
        out = m.step(x, y, z, grad_last_cycle=True)
        for a, b in zip(ref, out):
            self.assertTrue(torch.allclose(a, b, atol=1e-5))
        self.assertTrue(out[2].requires_grad)

    def test_training_export_and_forward_run_the_same_step(self):
        # step.py: TrainStep (training) and StepModel (export) wrap TRM.supervision_step, as TRM.forward does
        torch.manual_seed(2)
        for variant, pos in (("mlp", "none"), ("attn", "rope")):
            m = TRM(tiny(T=2, n=2, variant=variant, pos_encoding=pos)).eval()
            tok = torch.randint(1, 6, (3, 16))
            ids = torch.zeros(3, dtype=torch.long)
            y, z = m.initial_state(3)
            y = y + 0.1 * torch.randn_like(y)                     # a carried state, not the initial one
            with torch.no_grad():
                fwd = m(tok, m.puzzle_vectors(ids), y, z)
                exp = StepModel(m)(tok, m.puzzle_vectors(ids), y, z)
            tr = TrainStep(m)(tok, ids, y, z)
            self.assertTrue(tr[2].requires_grad)
            for a, b, c in zip(fwd, exp, tr):
                self.assertTrue(torch.equal(a, b))
                self.assertTrue(torch.allclose(a, c.detach(), atol=1e-6))
        # fp16-stored weights (the fp16 export): StepModel still computes in fp32 from fp32 inputs
        m16 = E.fp16_weights(m)
        out = StepModel(m16)(tok, m.puzzle_vectors(ids).half(), y, z)
        self.assertEqual({t.dtype for t in out}, {torch.float32})

    def test_config_errors(self):
        with self.assertRaisesRegex(ValueError, "rope needs the attention"):
            TRM(tiny(variant="mlp", pos_encoding="rope"))
        with self.assertRaisesRegex(ValueError, "not divisible"):
            TRM(tiny(variant="attn", heads=5))
        with self.assertRaisesRegex(ValueError, "unknown model settings"):
            TRMConfig.from_dict({"hidden": 3})


class LossTest(unittest.TestCase):
    def test_stablemax_is_a_distribution_and_ignores_masked_cells(self):
        x = torch.randn(4, 7, 5) * 3
        p = TR.log_stablemax(x.double()).exp()
        self.assertTrue(torch.allclose(p.sum(-1), torch.ones(4, 7, dtype=torch.float64)))
        labels = torch.randint(0, 5, (4, 7))
        labels[:, 3:] = -100
        a = TR.sequence_ce(x, labels, "stablemax")
        x2 = x.clone()
        x2[:, 3:] = 100.0
        self.assertTrue(torch.allclose(a, TR.sequence_ce(x2, labels, "stablemax")))
        self.assertEqual(a.shape, (4,))

    def test_stablemax_gradient_is_finite_at_one(self):
        # x == 1 makes the discarded branch 1/(1-x) infinite; a naive where() turns that into NaN gradients
        x = torch.tensor([[[1.0, -1.0, 0.0, 2.0]]], requires_grad=True)
        TR.sequence_ce(x, torch.tensor([[0]]), "stablemax").sum().backward()
        self.assertTrue(torch.isfinite(x.grad).all())

    def test_bf16_step_has_finite_gradients(self):
        torch.manual_seed(0)
        for variant, pos in (("mlp", "none"), ("attn", "rope")):
            m = TRM(tiny(variant=variant, pos_encoding=pos))
            y, z = m.initial_state(8, None, torch.bfloat16)
            tok = torch.randint(1, 6, (8, 16))
            y2, z2, logits, q = TrainStep(m)(tok, torch.zeros(8, dtype=torch.long), y, z)
            self.assertEqual(y2.dtype, torch.bfloat16)
            loss = TR.sequence_ce(logits, tok, "stablemax").sum() + q.sum()
            loss.backward()
            for n, p in m.named_parameters():
                self.assertTrue(torch.isfinite(p.grad).all(), n)


def write_dataset(d, n_train=300, seed=0):
    """A 4x4 dataset directory as the bundled models' are made: a generated pool, the held-out test set."""
    x, y, ids, meta = pools.sudoku_pool(4, n_train, 1, seed)
    pool = os.path.join(os.path.dirname(d), "pool.npz")
    np.savez_compressed(pool, inputs=x.astype(np.uint8), labels=y.astype(np.uint8), puzzle_ids=ids, meta=json.dumps(meta))
    dataset_dir.build("sudoku", 4, pool, d)


class TrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "s4")
        write_dataset(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_dataset_has_unique_solutions_and_disjoint_splits(self):
        tr, te = np.load(os.path.join(self.data, "train.npz")), np.load(os.path.join(self.data, "test.npz"))

        def only_solution(q, a):
            r = sudoku.solve(sudoku.decode(q, 4), limit=2)
            self.assertEqual(len(r.solutions), 1)
            np.testing.assert_array_equal(r.solutions[0], sudoku.decode(a, 4))

        for q, a in zip(te["inputs"][:20], te["labels"][:20]):
            only_solution(q, a)
        k_tr = {sudoku.signature(sudoku.decode(q, 4)) for q in tr["inputs"]}
        k_te = {sudoku.signature(sudoku.decode(q, 4)) for q in te["inputs"]}
        self.assertFalse(k_tr & k_te, "a test puzzle appears in training up to augmentation")
        # the batch augmentation keeps puzzles valid: the augmented solution solves the augmented puzzle
        rng = np.random.default_rng(0)
        x, y = augment.sudoku_batch(tr["inputs"][:50].astype(np.int64), tr["labels"][:50].astype(np.int64), 4, rng)
        self.assertFalse((x == tr["inputs"][:50]).all(), "the augmentation changed nothing")
        for q, a in zip(x, y):
            only_solution(q, a)

    def test_one_step_lowers_the_loss_on_a_fixed_batch(self):
        meta, train_set, _ = TR.load_dataset(self.data)
        torch.manual_seed(0)
        m = TRM(tiny())
        step = TrainStep(m)
        opt = torch.optim.AdamW(m.parameters(), lr=3e-3)
        tok = torch.from_numpy(train_set.inputs[:64])
        lab = torch.from_numpy(train_set.labels[:64])
        pid = torch.zeros(64, dtype=torch.long)

        def loss_now():
            y, z = m.initial_state(64)
            y2, z2, logits, q = step(tok, pid, y, z)
            ce = TR.sequence_ce(logits, lab, "stablemax")
            return ce.mean()
        before = loss_now()
        for _ in range(3):
            opt.zero_grad()
            loss_now().backward()
            opt.step()
        after = loss_now()
        self.assertLess(after.item(), before.item() - 1e-3)

    def test_train_resume_evaluate_export(self):
        out = os.path.join(self.tmp.name, "run")
        common = ["--data", self.data, "--out", out, "--hidden", "32", "--T", "2", "--n", "1", "--batch", "32",
                  "--eval-batch", "64", "--log-every", "1000", "--warmup", "5", "--threads", "1"]
        r1 = TR.train(TR.parse_args(common + ["--steps", "6"]))
        self.assertEqual(r1["step"], 6)
        self.assertEqual(r1["puzzle_steps"], 6 * 32)
        ck = torch.load(os.path.join(out, "last.pt"))
        self.assertEqual(ck["step"], 6)
        r2 = TR.train(TR.parse_args(common + ["--steps", "10"]))   # resumes at 6
        self.assertEqual((r2["step"], r2["puzzle_steps"]), (10, 10 * 32))
        ev = read_json(os.path.join(out, "eval.json"))
        self.assertEqual(ev["steps"], [1, 2, 4, 8, 16])
        n_test = len(np.load(os.path.join(self.data, "test.npz"))["inputs"])   # the held-out 4x4 set
        self.assertEqual(ev["examples"], n_test)
        self.assertEqual(sum(ev["halting"].values()), n_test)
        self.assertIn("exact@16", ev["overall"])
        for band in ev["bands"].values():
            self.assertTrue(0 <= band["cell@16"] <= 1)
        # export: fp32 and fp16 graphs + metadata + parity, checked in onnxruntime-node
        for fp16 in (False, True):
            base = os.path.join(self.tmp.name, "m16" if fp16 else "m32")
            rc = E.main(["--ckpt", os.path.join(out, "last.pt"), "--out", base, "--parity", "4"] +
                        (["--fp16"] if fp16 else []))
            self.assertEqual(rc, 0)
            meta = read_json(base + ".json")
            for key in ("format", "format_version", "name", "kind", "grid", "vocab", "seq_len", "prefix_len",
                        "hidden_size", "vocab_size", "arch", "max_steps", "y_init", "z_init", "puzzle_embedding",
                        "training", "accuracy", "sha256"):
                self.assertIn(key, meta)
            self.assertEqual(meta["vocab"], ["<pad>", ".", "1", "2", "3", "4"])
            self.assertEqual(meta["accuracy"]["examples"], n_test)
            v = node_check(base + ".onnx", base + ".json", base + ".parity.json", self)
            self.assertTrue(v["ok"], v)

    def test_depth_schedule_trains_shallow_first_and_keeps_the_model_depth(self):
        self.assertEqual(TR.parse_depth_schedule("1x1@0,2x1@3", 2, 1), [(0, 1, 1), (3, 2, 1)])
        self.assertEqual(TR.parse_depth_schedule("", 3, 6), [(0, 3, 6)])
        self.assertEqual(TR.depth_at([(0, 1, 1), (3, 2, 1)], 2), (1, 1))
        self.assertEqual(TR.depth_at([(0, 1, 1), (3, 2, 1)], 3), (2, 1))
        for bad in ("1x1@0,3x1@3", "1x1@2,2x1@3", "2-1@0", "0x1@0,2x1@3"):
            with self.assertRaises(TR.UserError):
                TR.parse_depth_schedule(bad, 2, 1)
        out = os.path.join(self.tmp.name, "run-depth")
        args = ["--data", self.data, "--out", out, "--hidden", "32", "--T", "2", "--n", "1", "--batch", "8",
                "--eval-batch", "64", "--eval-examples", "8", "--log-every", "1000", "--warmup", "2",
                "--threads", "1", "--depth-schedule", "1x1@0,2x1@3"]
        r = TR.train(TR.parse_args(args + ["--steps", "2"]))
        self.assertEqual(r["step"], 2)
        r = TR.train(TR.parse_args(args + ["--steps", "5"]))   # resumes past the switch
        self.assertEqual(r["step"], 5)
        ck = torch.load(os.path.join(out, "last.pt"))
        self.assertEqual((ck["config"]["T"], ck["config"]["n"]), (2, 1))   # what evaluation and export run

    def test_best_checkpoint_chosen_on_the_extra_sets_named(self):
        data = os.path.join(self.tmp.name, "s4-extra")
        shutil.copytree(self.data, data)
        meta = read_json(os.path.join(data, "dataset.json"))
        meta["extra_tests"] = {"again": {"file": "test.npz", "bands": meta["bands"]}}
        with open(os.path.join(data, "dataset.json"), "w") as f:
            json.dump(meta, f)
        out = os.path.join(self.tmp.name, "run-select")
        args = ["--data", data, "--out", out, "--hidden", "32", "--T", "2", "--n", "1", "--batch", "8",
                "--eval-batch", "64", "--eval-examples", "8", "--log-every", "1000", "--warmup", "2", "--threads", "1"]
        with self.assertRaises(TR.UserError):
            TR.train(TR.parse_args(args + ["--steps", "2", "--select-also", "missing"]))
        r = TR.train(TR.parse_args(args + ["--steps", "2", "--select-also", "again"]))
        self.assertEqual(r["eval"]["select_also"]["again"]["examples"], 8)
        best = torch.load(os.path.join(out, "last.pt"))["best"]
        self.assertEqual((best["on"], best["step"]), (["test.npz", "again"], 2))
        # the same set twice: the mean is the score of test.npz alone
        self.assertAlmostEqual(best["score"], r["eval"]["overall"]["exact@16"])
        TR.train(TR.parse_args(args + ["--steps", "3"]))   # chosen on test.npz again: a new best from this run
        best = torch.load(os.path.join(out, "last.pt"))["best"]
        self.assertEqual((best["on"], best["step"]), (["test.npz"], 3))

    def test_user_errors_are_one_line(self):
        r = subprocess.run([sys.executable, "-m", "training.train", "--data",
                            os.path.join(self.tmp.name, "missing"), "--out", os.path.join(self.tmp.name, "x")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no dataset.json", r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        r = subprocess.run([sys.executable, "-m", "training.export_onnx", "--ckpt",
                            os.path.join(self.tmp.name, "nope.pt"), "--out", os.path.join(self.tmp.name, "x")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no checkpoint at", r.stderr)


if __name__ == "__main__":
    unittest.main()
