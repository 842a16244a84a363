"""training/data/arc.py: reference token layout, augmentation round trip, split and dedupe."""
import os
import random
import unittest

import numpy as np

from training.data import arc, heldout


class ArcLayout(unittest.TestCase):
    def test_encode_places_grid_with_eos_frame_and_crop_recovers_it(self):
        g = np.array([[0, 1, 2], [3, 4, 9]], np.int8)
        t = arc.encode(g, 5, 1, 1).reshape(5, 5)
        self.assertTrue(np.array_equal(t[1:3, 1:4], g + 2))
        self.assertTrue((t[3, 1:4] == arc.EOS).all())
        self.assertTrue((t[1:3, 4] == arc.EOS).all())
        self.assertEqual(t[3, 4], arc.PAD)
        self.assertEqual(t[0].sum(), 0)
        self.assertTrue(np.array_equal(arc.crop(arc.encode(g, 5), 5), g))
        full = np.ones((5, 5), np.int8)  # a grid filling the canvas has no EOS
        self.assertTrue(np.array_equal(arc.crop(arc.encode(full, 5), 5), full))
        with self.assertRaises(ValueError):
            arc.encode(g, 5, 4, 0)

    def test_versions_invert_and_keep_black(self):
        g = np.random.default_rng(0).integers(0, 10, (4, 6)).astype(np.int8)
        vs = arc.versions_for("t", 20, random.Random(0))
        self.assertEqual(vs[0].name, "t|||t0|||0123456789")
        self.assertEqual(len({v.name for v in vs}), 20)
        for v in vs:
            self.assertEqual(v.perm[0], 0)
            self.assertTrue(np.array_equal(v.invert(v.apply(g)), g))
            self.assertTrue(np.array_equal(v.apply(g) == 0, arc.dihedral(g == 0, v.tid)))
            self.assertEqual(arc.pair_signature(v.apply(g), v.apply(g.T)), arc.pair_signature(g, g.T))


class ArcDatasetBuild(unittest.TestCase):
    @unittest.skipUnless(os.path.isdir(heldout.SHARED), "SKIPPED: ../shared/data is not on this machine")
    def test_small_build_split_ids_and_dedupe(self):
        d = os.path.join(heldout.SHARED, "arc-agi-1")
        ds = arc.build(os.path.join(d, "training"), os.path.join(d, "evaluation"), 10, versions=3, max_tasks=12)
        self.assertEqual(ds.identifiers[0], "<blank>")
        self.assertEqual(ds.train_inputs.shape[1], 100)
        self.assertEqual(ds.train_inputs.shape, ds.train_labels.shape)
        self.assertTrue((ds.train_ids >= 1).all() and (ds.train_ids < len(ds.identifiers)).all())
        self.assertTrue(ds.test)
        test_sigs = {arc.pair_signature(np.array(t["input"], np.int8), np.array(t["output"], np.int8)) for t in ds.test}
        # every training pair, de-augmented by its version, is not a held-out test pair
        for i in range(0, len(ds.train_ids), 7):
            name = ds.identifiers[ds.train_ids[i]]
            task, tid, perm = name.split("|||")
            self.assertIn(task, ds.tasks)
            b_tok = ds.train_labels[i].reshape(10, 10)
            # translated pairs start somewhere else: locate the grid's top-left colour cell
            rows, cols = np.nonzero(b_tok >= 2)
            r0, c0 = rows.min(), cols.min()
            a = arc.crop(np.roll(ds.train_inputs[i].reshape(10, 10), (-r0, -c0), (0, 1)), 10)
            b = arc.crop(np.roll(b_tok, (-r0, -c0), (0, 1)), 10)
            self.assertNotIn(arc.pair_signature(a, b), test_sigs)

    @unittest.skipUnless(os.path.isdir(heldout.SHARED), "SKIPPED: ../shared/data is not on this machine")
    def test_heldout_file_lists_only_evaluation_tasks_that_fit(self):
        h = heldout.load_arc(10)
        ev = set(os.listdir(os.path.join(heldout.SHARED, "arc-agi-1", "evaluation")))
        self.assertGreater(len(h["test"]), 50)
        for t in h["test"]:
            self.assertIn(t["task"] + ".json", ev)
            self.assertLessEqual(len(t["input"]), 10)
            self.assertLessEqual(len(t["output"][0]), 10)


if __name__ == "__main__":
    unittest.main()
