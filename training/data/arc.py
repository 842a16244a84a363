"""ARC tasks -> the reference token layout on a configurable canvas (../shared/notes/trm.md section 3.3).

Tokens: 0 = <pad>, 1 = <eos>, 2..11 = colours 0..9. A grid is placed at (r0, c0); EOS is written on the
row just below it (across its columns) and the column just right of it (across its rows) when they exist
on the canvas; the corner stays PAD. Labels use the same map (the loss ignores PAD, supervises EOS).

Augmentation as the reference: each task version = one dihedral transform (ids as dataset/common.py) x a
permutation of colours 1..9 (0 fixed), colour map first then the dihedral; version 0 of each task is the
identity. Every version gets its own puzzle-id row (row 0 = `<blank>`), named
`"{task}|||t{tid}|||{10-digit perm}"`. Translation: training pairs get a random offset that keeps both
grids on the canvas, except one pair per version left at (0, 0); test inputs are always at the top-left.

Split: every demonstration pair of every selected task (training AND evaluation sets) plus the test pairs
of training-set tasks go to train; the test pairs of evaluation-set tasks are the held-out test. Training
pairs equal to a held-out test pair up to augmentation are dropped.
"""
from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

from .dihedral import DIHEDRAL_INVERSE, dihedral  # noqa: F401 (part of this module's interface)

PAD, EOS = 0, 1


def load_tasks(folder: str) -> Dict[str, dict]:
    out = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                out[name[:-5]] = json.load(f)
    return out


def task_grids(task: dict) -> List[np.ndarray]:
    gs = []
    for split in ("train", "test"):
        for p in task[split]:
            gs.append(np.array(p["input"], dtype=np.int8))
            if "output" in p:
                gs.append(np.array(p["output"], dtype=np.int8))
    return gs


def fits(task: dict, canvas: int) -> bool:
    return all(g.shape[0] <= canvas and g.shape[1] <= canvas for g in task_grids(task))


def encode(grid: np.ndarray, canvas: int, r0: int = 0, c0: int = 0) -> np.ndarray:
    """Grid (colours 0..9) -> tokens [canvas*canvas] at offset (r0, c0) with the EOS frame."""
    h, w = grid.shape
    if r0 + h > canvas or c0 + w > canvas:
        raise ValueError(f"grid {h}x{w} at ({r0},{c0}) does not fit a {canvas}x{canvas} canvas")
    out = np.zeros((canvas, canvas), dtype=np.int64)
    out[r0:r0 + h, c0:c0 + w] = grid.astype(np.int64) + 2
    if r0 + h < canvas:
        out[r0 + h, c0:c0 + w] = EOS
    if c0 + w < canvas:
        out[r0:r0 + h, c0 + w] = EOS
    return out.reshape(-1)


def crop(tokens: np.ndarray, canvas: int) -> np.ndarray:
    """The largest top-left rectangle made only of colour tokens (the reference's `_crop`), as colours."""
    t = np.asarray(tokens).reshape(canvas, canvas)
    best, best_area = (0, 0), 0
    max_c = canvas
    for r in range(canvas):
        row = t[r]
        c = 0
        while c < max_c and 2 <= row[c] <= 11:
            c += 1
        max_c = c
        if max_c == 0:
            break
        if (r + 1) * max_c > best_area:
            best_area, best = (r + 1) * max_c, (r + 1, max_c)
    h, w = best
    return (t[:h, :w] - 2).astype(np.int8)


@dataclass
class Version:
    task: str
    tid: int
    perm: np.ndarray  # [10] colour map, perm[0] == 0

    @property
    def name(self) -> str:
        return f"{self.task}|||t{self.tid}|||{''.join(str(int(v)) for v in self.perm)}"

    def apply(self, grid: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(dihedral(self.perm[grid], self.tid))

    def invert(self, grid: np.ndarray) -> np.ndarray:
        inv = np.argsort(self.perm).astype(np.int8)
        return inv[np.ascontiguousarray(dihedral(grid, DIHEDRAL_INVERSE[self.tid]))]


def versions_for(task: str, count: int, rng: random.Random) -> List[Version]:
    """Version 0 = identity, then up to count-1 distinct random (dihedral, colour permutation) pairs."""
    out = [Version(task, 0, np.arange(10, dtype=np.int8))]
    seen = {out[0].name}
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        perm = np.concatenate([[0], np.array(rng.sample(range(1, 10), 9))]).astype(np.int8)
        v = Version(task, rng.randrange(8), perm)
        if v.name not in seen:
            seen.add(v.name)
            out.append(v)
    return out


def pair_signature(inp: np.ndarray, out: Optional[np.ndarray]) -> bytes:
    """Canonical form of an (input, output) pair under dihedral x colour permutation (0 fixed)."""
    best = None
    for t in range(8):
        a = np.ascontiguousarray(dihedral(inp, t))
        b = np.ascontiguousarray(dihedral(out, t)) if out is not None else np.zeros((0, 0), np.int8)
        relabel = {0: 0}
        seq = []
        for v in np.concatenate([a.reshape(-1), b.reshape(-1)]).tolist():
            if v not in relabel:
                relabel[v] = len(relabel)
            seq.append(relabel[v])
        key = bytes(a.shape) + bytes(b.shape) + bytes(seq)
        if best is None or key < best:
            best = key
    return best


@dataclass
class ArcDataset:
    canvas: int
    identifiers: List[str]  # puzzle-id row -> version name; row 0 = "<blank>"
    train_inputs: np.ndarray  # [N, L] int64
    train_labels: np.ndarray  # [N, L] int64 (PAD positions are 0; the trainer maps them to ignore)
    train_ids: np.ndarray  # [N] int64 puzzle-id rows
    test: List[dict] = field(default_factory=list)  # held-out: {task, index, input, output}
    tasks: List[str] = field(default_factory=list)
    dropped_duplicates: int = 0


def _random_offset(shapes: List[Tuple[int, int]], canvas: int, rng: random.Random) -> Tuple[int, int]:
    mh = max(s[0] for s in shapes)
    mw = max(s[1] for s in shapes)
    return rng.randint(0, canvas - mh), rng.randint(0, canvas - mw)


def build(train_dir: str, eval_dir: str, canvas: int, versions: int, seed: int = 42,
          max_tasks: Optional[int] = None, translate: bool = True) -> ArcDataset:
    """Tasks from both folders whose every grid fits the canvas; see the module docstring for the split."""
    rng = random.Random(f"arc-{canvas}-{versions}-{seed}")
    tr = {k: v for k, v in load_tasks(train_dir).items() if fits(v, canvas)}
    ev = {k: v for k, v in load_tasks(eval_dir).items() if fits(v, canvas)}
    if max_tasks is not None:
        ev = dict(list(ev.items())[: max_tasks // 2])
        tr = dict(list(tr.items())[: max_tasks - len(ev)])
    test = []
    test_sigs = set()
    for k, t in ev.items():
        for i, p in enumerate(t["test"]):
            if "output" not in p:
                continue
            a, b = np.array(p["input"], np.int8), np.array(p["output"], np.int8)
            test.append({"task": k, "index": i, "input": a.tolist(), "output": b.tolist()})
            test_sigs.add(pair_signature(a, b))
    identifiers = ["<blank>"]
    inputs, labels, ids = [], [], []
    dropped = 0
    for k, t in list(tr.items()) + list(ev.items()):
        pairs = [p for p in t["train"]]
        if k in tr:
            pairs += [p for p in t["test"] if "output" in p]
        kept = []
        for p in pairs:
            a, b = np.array(p["input"], np.int8), np.array(p["output"], np.int8)
            if pair_signature(a, b) in test_sigs:
                dropped += 1
                continue
            kept.append((a, b))
        if not kept:
            continue
        for v in versions_for(k, versions, rng):
            row = len(identifiers)
            identifiers.append(v.name)
            at_origin = rng.randrange(len(kept))
            for j, (a, b) in enumerate(kept):
                a2, b2 = v.apply(a), v.apply(b)
                if translate and j != at_origin:
                    r0, c0 = _random_offset([a2.shape, b2.shape], canvas, rng)
                else:
                    r0, c0 = 0, 0
                inputs.append(encode(a2, canvas, r0, c0))
                labels.append(encode(b2, canvas, r0, c0))
                ids.append(row)
    return ArcDataset(canvas, identifiers, np.stack(inputs), np.stack(labels), np.array(ids, dtype=np.int64),
                      test, sorted(set(tr) | set(ev)), dropped)


def vocab() -> List[str]:
    return ["<pad>", "<eos>"] + [str(c) for c in range(10)]
