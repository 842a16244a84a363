"""Deep-supervision training of a TRM (training/model.py).

    /usr/bin/python3 -m training.train --data DATA_DIR --out RUN_DIR [model and training options]

DATA_DIR holds dataset.json, train.npz and test.npz (see training/README.md). RUN_DIR receives last.pt
(resumable: rerunning the same command continues), eval.json and progress lines on stdout.

Training follows the reference: every batch slot carries (y, z) across optimizer steps; each optimizer step
runs ONE supervision step (T-1 cycles without gradient, the last with gradient), y and z are detached after
it, and a slot whose puzzle halted (q_halt > 0, or max_steps reached, with exploration) gets a new puzzle and
fresh H_init/L_init state. Loss = stablemax (or softmax) cross-entropy + 0.5 * BCE(q_halt, exact match).
EMA (0.999) weights are evaluated and exported. Runs on CPU (fp32), on CUDA (--dtype bf16) and under
torchrun (DistributedDataParallel; each rank carries its own slots).
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import math
import os
import signal
import sys
import time
from typing import Dict, List

import numpy as np
import torch
import torch.nn.functional as F

from . import blas
from .data import augment
from .eval_model import evaluate, format_eval, rule_decode
from .model import TRM, TRMConfig
from .step import TrainStep


class UserError(Exception):
    """A problem with the user's input: printed as one line, no stack trace."""


# ---------------------------------------------------------------- data

class Split:
    def __init__(self, path: str):
        if not os.path.exists(path):
            raise UserError(f"missing data file {path}")
        d = np.load(path)
        for k in ("inputs", "labels"):
            if k not in d:
                raise UserError(f"{path}: missing array '{k}'")
        self.inputs = d["inputs"].astype(np.int64)
        self.labels = d["labels"].astype(np.int64)
        if self.inputs.shape != self.labels.shape or self.inputs.ndim != 2:
            raise UserError(f"{path}: inputs {self.inputs.shape} and labels {self.labels.shape} must be equal [N, L]")
        n = len(self.inputs)
        self.puzzle_ids = d["puzzle_ids"].astype(np.int64) if "puzzle_ids" in d else np.zeros(n, np.int64)
        self.band = d["band"].astype(np.int64) if "band" in d else np.zeros(n, np.int64)

    def __len__(self):
        return len(self.inputs)


def load_dataset(data_dir: str):
    meta_path = os.path.join(data_dir, "dataset.json")
    if not os.path.exists(meta_path):
        raise UserError(f"{data_dir}: no dataset.json (is this a dataset directory?)")
    with open(meta_path) as f:
        meta = json.load(f)
    for k in ("kind", "grid", "vocab", "seq_len"):
        if k not in meta:
            raise UserError(f"{meta_path}: missing field '{k}'")
    gen = meta.get("generator")
    if gen is not None and gen.get("kind") != "maze-stream":
        raise UserError(f"{meta_path}: unknown generator {gen.get('kind')!r} (maze-stream)")
    train = None if gen else Split(os.path.join(data_dir, "train.npz"))
    test = Split(os.path.join(data_dir, "test.npz"))
    for name, s in (("train", train), ("test", test)):
        if s is None:
            continue
        if s.inputs.shape[1] != meta["seq_len"]:
            raise UserError(f"{name}.npz has sequences of {s.inputs.shape[1]}, dataset.json says {meta['seq_len']}")
        if s.inputs.max() >= len(meta["vocab"]) or s.labels.max() >= len(meta["vocab"]):
            raise UserError(f"{name}.npz has tokens outside the vocabulary of {len(meta['vocab'])}")
    return meta, train, test


def extra_test(data_dir: str, meta: dict, name: str):
    """One of dataset.json's extra held-out sets (`extra_tests`): its split and the metadata that scores it
    (the same vocabulary and canvas, its own difficulty bands)."""
    spec = meta["extra_tests"][name]
    return Split(os.path.join(data_dir, spec["file"])), dict(meta, bands=spec["bands"])


class Augmenter:
    """On-the-fly rule-preserving augmentation named by dataset.json 'augment'."""

    def __init__(self, meta: dict, seed: int):
        self.kind = meta.get("augment", "none") or "none"
        self.rng = np.random.default_rng(seed)
        g = meta["grid"]
        if self.kind.startswith("sudoku"):
            self.n = int(g["rows"])
        elif self.kind == "dihedral":
            self.perms = np.stack(augment.dihedral_perms(int(g["rows"]), int(g["cols"])))
        elif self.kind != "none":
            raise UserError(f"unknown augmentation {self.kind!r} (sudokuN, dihedral or none)")

    def __call__(self, x: np.ndarray, y: np.ndarray):
        if self.kind.startswith("sudoku"):
            return augment.sudoku_batch(x, y, self.n, self.rng)
        if self.kind == "dihedral":
            p = self.perms[self.rng.integers(0, len(self.perms), size=len(x))]
            r = np.arange(len(x))[:, None]
            return x[r, p], y[r, p]
        return x, y


class StreamSource:
    """Training puzzles from dataset.json's `generator` (fresh mazes, data/maze_stream.py), on a canvas that
    may grow with the optimizer step (`--canvas-schedule`)."""

    def __init__(self, meta: dict, data_dir: str, seed: int, hard: float = 0.0):
        from .data import heldout, maze_stream
        gen = meta["generator"]
        # Every held-out maze file, also one added after this dataset directory was written.
        names = sorted(set(gen.get("heldout", [])) | {os.path.basename(heldout.maze_hard_path())})
        banned = maze_stream.heldout_signatures(os.path.join(heldout.HELDOUT, name) for name in names)
        self.stream = maze_stream.MazeStream(seed, gen.get("min_size", 5), gen.get("loops", 0.1), banned, hard)
        self.banned = len(banned)

    def take(self, k: int, canvas: int):
        x, y = self.stream.take(k, canvas)
        return x, y, np.zeros(k, np.int64)


def parse_canvas_schedule(spec: str, full: int) -> List[tuple]:
    """'16@0,24@1500,30@2300' -> [(0, 16), (1500, 24), (2300, 30)] (canvas side from that optimizer step)."""
    if not spec:
        return [(0, full)]
    out = []
    for part in spec.split(","):
        try:
            c, s_ = part.split("@")
            out.append((int(s_), int(c)))
        except ValueError:
            raise UserError(f"--canvas-schedule: {part!r} is not CANVAS@STEP")
    out.sort()
    if out[0][0] != 0:
        out.insert(0, (0, out[0][1]))
    if any(c > full or c < 3 for _, c in out):
        raise UserError(f"--canvas-schedule: canvases must be 3..{full}")
    return out


def canvas_at(schedule: List[tuple], step: int) -> int:
    c = schedule[0][1]
    for s_, cc in schedule:
        if step >= s_:
            c = cc
    return c


def parse_depth_schedule(spec: str, T: int, n: int) -> List[tuple]:
    """'2x2@0,3x4@1500,3x6@4000' -> [(0, 2, 2), (1500, 3, 4), (4000, 3, 6)]: the recursion depth (T cycles of
    n latent updates) trained from that optimizer step (a depth curriculum: shallow steps are cheaper and
    teach the same net). The last entry must be the model's own T and n, which evaluation and export use."""
    if not spec:
        return [(0, T, n)]
    out = []
    for part in spec.split(","):
        try:
            depth, s_ = part.split("@")
            t_, n_ = depth.split("x")
            out.append((int(s_), int(t_), int(n_)))
        except ValueError:
            raise UserError(f"--depth-schedule: {part!r} is not TxN@STEP")
    out.sort()
    if out[0][0] != 0:
        raise UserError("--depth-schedule: the first entry must start at step 0")
    if out[-1][1:] != (T, n):
        raise UserError(f"--depth-schedule: the last entry must be the model's depth {T}x{n}")
    if any(t_ < 1 or n_ < 1 for _, t_, n_ in out):
        raise UserError("--depth-schedule: T and n must be >= 1")
    return out


def depth_at(schedule: List[tuple], step: int) -> tuple:
    return [(t_, n_) for s_, t_, n_ in schedule if step >= s_][-1]


# ---------------------------------------------------------------- loss

def log_stablemax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    # s(x) = x + 1 for x >= 0, 1 / (1 - x) for x < 0; each branch is clamped to its side so that neither
    # produces inf/NaN gradients in the branch torch.where discards (x == 1 is common in bf16)
    s = torch.where(x < 0, 1.0 / (1.0 - x.clamp(max=0)), x.clamp(min=0) + 1.0)
    return torch.log(s / s.sum(dim=dim, keepdim=True))


def sequence_ce(logits: torch.Tensor, labels: torch.Tensor, kind: str) -> torch.Tensor:
    """Per-sequence mean CE over supervised cells (label >= 0). logits [B, L, V], labels [B, L] -> [B]."""
    mask = labels >= 0
    safe = torch.where(mask, labels, torch.zeros_like(labels))
    if kind == "stablemax":
        logp = log_stablemax(logits.double())
    else:
        logp = F.log_softmax(logits.float(), dim=-1)
    nll = -logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    nll = torch.where(mask, nll, torch.zeros_like(nll))
    count = mask.sum(-1).clamp(min=1)
    return (nll.sum(-1) / count).float()


# ---------------------------------------------------------------- model pieces used by training

class EMA:
    """Exponential moving average of the trainable weights (the puzzle-embedding table is copied as is)."""

    def __init__(self, model: TRM, mu: float):
        self.mu = mu
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.names = [n for n, p in model.named_parameters() if n != "puzzle_emb"]

    @torch.no_grad()
    def update(self, model: TRM):
        src = dict(model.named_parameters())
        dst = dict(self.model.named_parameters())
        a = [dst[n] for n in self.names]
        b = [src[n].detach() for n in self.names]
        torch._foreach_mul_(a, self.mu)
        torch._foreach_add_(a, b, alpha=1.0 - self.mu)
        if model.puzzle_emb is not None:
            self.model.puzzle_emb.copy_(model.puzzle_emb.detach())


def build_config(args, meta) -> TRMConfig:
    return TRMConfig(
        vocab_size=len(meta["vocab"]), seq_len=int(meta["seq_len"]), hidden_size=args.hidden,
        prefix_len=args.prefix_len, num_puzzle_ids=int(meta.get("num_puzzle_ids", 1)) if args.prefix_len else 0,
        variant=args.variant, heads=args.heads, expansion=args.expansion, ffn_multiple=args.ffn_multiple,
        layers=args.layers, T=args.T, n=args.n, max_steps=args.max_steps, pos_encoding=args.pos)


def lr_at(step: int, args) -> float:
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    rewarm = getattr(args, "rewarm_from", None)   # resumed without optimizer moments: a short warmup again
    if rewarm is not None and step - rewarm < args.warmup:
        return lr_at_schedule(step, args) * (step - rewarm + 1) / args.warmup
    return lr_at_schedule(step, args)


def lr_at_schedule(step: int, args) -> float:
    if args.schedule == "cosine" and args.steps:
        prog = min(1.0, (step - args.warmup) / max(1, args.steps - args.warmup))
        return args.lr * (args.lr_min_ratio + (1 - args.lr_min_ratio) * 0.5 * (1 + math.cos(math.pi * prog)))
    return args.lr


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m training.train",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="dataset directory (dataset.json, train.npz, test.npz)")
    ap.add_argument("--out", required=True, help="run directory (checkpoint last.pt, eval.json); resumes if present")
    g = ap.add_argument_group("model")
    g.add_argument("--variant", choices=["mlp", "attn", "conv"], default="mlp")
    g.add_argument("--hidden", type=int, default=64)
    g.add_argument("--heads", type=int, default=4)
    g.add_argument("--expansion", type=float, default=4.0)
    g.add_argument("--ffn-multiple", type=int, default=16)
    g.add_argument("--layers", type=int, default=2)
    g.add_argument("--prefix-len", type=int, default=1)
    g.add_argument("--T", "--H-cycles", dest="T", type=int, default=3, help="cycles per supervision step")
    g.add_argument("--n", "--L-cycles", dest="n", type=int, default=6,
                   help="latent updates per cycle (under torchrun write --L-cycles: torchrun takes --n as its own)")
    g.add_argument("--max-steps", type=int, default=16)
    g.add_argument("--pos", choices=["none", "rope", "learned"], default="none")
    t = ap.add_argument_group("training")
    t.add_argument("--batch", type=int, default=256, help="slots per process")
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--emb-lr", type=float, default=None, help="puzzle-embedding lr (default: --lr)")
    t.add_argument("--wd", type=float, default=0.1)
    t.add_argument("--emb-wd", type=float, default=0.1)
    t.add_argument("--betas", type=float, nargs=2, default=(0.9, 0.95))
    t.add_argument("--warmup", type=int, default=200)
    t.add_argument("--schedule", choices=["constant", "cosine"], default="constant")
    t.add_argument("--lr-min-ratio", type=float, default=0.1)
    t.add_argument("--ema", type=float, default=0.999)
    t.add_argument("--loss", choices=["stablemax", "softmax"], default="stablemax")
    t.add_argument("--halt-explore", type=float, default=0.1)
    t.add_argument("--focus-token", type=int, default=None,
                   help="input token id of the cells that carry the decision (maze: 2 = open, path or not); "
                        "their mean CE is added with --focus-weight, so a big canvas of walls that are only "
                        "copied does not drown them")
    t.add_argument("--focus-weight", type=float, default=1.0)
    t.add_argument("--steps", type=int, default=0, help="stop after this many optimizer steps (0: no limit)")
    t.add_argument("--time", type=float, default=0, help="stop after this many seconds of this sitting (0: none)")
    t.add_argument("--eval-every", type=int, default=0, help="evaluate every N optimizer steps (0: only at end)")
    t.add_argument("--eval-examples", type=int, default=None, help="limit held-out puzzles per evaluation")
    t.add_argument("--eval-batch", type=int, default=512)
    t.add_argument("--select-also", action="append", default=[], metavar="NAME",
                   help="an extra held-out set of dataset.json's extra_tests (e.g. maze-hard-30x30) evaluated with "
                        "test.npz; best.pt is then chosen on the mean exact match over them, so a run that learns "
                        "one kind of puzzle while forgetting another does not keep its one-sided peak (repeatable)")
    t.add_argument("--ckpt-every", type=float, default=300, help="seconds between checkpoints")
    t.add_argument("--log-every", type=float, default=30, help="seconds between progress lines")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    t.add_argument("--dtype", choices=["fp32", "bf16"], default=None, help="forward dtype (default: bf16 on cuda)")
    t.add_argument("--no-resume", action="store_true")
    t.add_argument("--resume-from", default=None,
                   help="checkpoint to start from when RUN_DIR has no last.pt yet (a committed checkpoint of an "
                        "earlier sitting: model, EMA and, when stored, optimizer moments)")
    t.add_argument("--hard-mazes", type=float, default=0.0,
                   help="share of generated mazes made Maze-Hard style (no loops, the farthest goal: long paths)")
    t.add_argument("--canvas-schedule", default="",
                   help="generated mazes only: CANVAS@STEP,... canvas side from that optimizer step (e.g. "
                        "16@0,24@1500,30@2300); default the dataset's grid")
    t.add_argument("--depth-schedule", default="",
                   help="TxN@STEP,... recursion depth trained from that optimizer step (e.g. 2x2@0,3x4@1500,3x6@4000); "
                        "the last entry is the model's --T/--n")
    return ap.parse_args(argv)


def fp16_moments(optimizer_state: dict) -> bool:
    return any(torch.is_tensor(v) and v.dtype == torch.float16
               for st in optimizer_state.get("state", {}).values() for v in st.values())


def save_checkpoint(path: str, state: dict):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def train(args) -> Dict:
    distributed = "LOCAL_RANK" in os.environ and int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, world = 0, 1
    if args.device is None:
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if distributed:
        import torch.distributed as dist
        dist.init_process_group("nccl" if args.device.startswith("cuda") else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if args.device.startswith("cuda"):
            args.device = f"cuda:{int(os.environ['LOCAL_RANK'])}"
            torch.cuda.set_device(args.device)
    device = torch.device(args.device)
    if device.type == "cpu":
        torch.set_num_threads(args.threads)
    dtype = torch.bfloat16 if (args.dtype == "bf16" or (args.dtype is None and device.type == "cuda")) else torch.float32
    main = rank == 0
    log = (lambda *a: print(*a, flush=True)) if main else (lambda *a: None)

    meta, train_set, test_set = load_dataset(args.data)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "last.pt")
    best_path = os.path.join(args.out, "best.pt")
    resume = None
    start_from = ckpt_path if os.path.exists(ckpt_path) else args.resume_from
    if start_from and not os.path.exists(start_from):
        log(f"--resume-from {start_from}: no such checkpoint yet, starting a new run")
        start_from = None
    if start_from and not args.no_resume:
        resume = torch.load(start_from, map_location="cpu")
        cfg = TRMConfig.from_dict(resume["config"])
        log(f"resuming {start_from} at step {resume['step']} ({resume['puzzle_steps']} puzzle-steps)")
    else:
        cfg = build_config(args, meta)
    torch.manual_seed(args.seed + rank)
    model = TRM(cfg).to(device)
    if resume:
        model.load_state_dict(resume["model"])
    ema = EMA(model, args.ema)
    if resume:
        ema.model.load_state_dict(resume["ema"])
    step_module = TrainStep(model)
    if distributed:
        from torch.nn.parallel import DistributedDataParallel as DDP
        step_module = DDP(step_module, device_ids=[device.index] if device.type == "cuda" else None)

    emb = [model.puzzle_emb] if model.puzzle_emb is not None else []
    others = [p for n, p in model.named_parameters() if n != "puzzle_emb"]
    groups = [{"params": others, "lr": args.lr, "weight_decay": args.wd, "base_lr": args.lr}]
    if emb:
        elr = args.emb_lr if args.emb_lr is not None else args.lr
        groups.append({"params": emb, "lr": elr, "weight_decay": args.emb_wd, "base_lr": elr})
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=tuple(args.betas))
    step, puzzle_steps, wall = 0, 0, 0.0
    best = {"score": -1.0, "step": 0}
    if resume:
        if resume.get("optimizer") is not None and fp16_moments(resume["optimizer"]):
            # committed by an older commit_checkpoint.py: its fp16 second moments underflowed (see there), and
            # resuming with them wrecked the weights in the first steps; a fresh AdamW and a warmup are safe
            log("the checkpoint's optimizer moments are fp16 (underflowed): AdamW starts fresh, with a warmup")
            resume["optimizer"] = None
        if resume.get("optimizer") is not None:
            opt.load_state_dict(resume["optimizer"])
            for st in opt.state.values():   # moments may be stored in bf16 (committed checkpoints)
                for k2, v in st.items():
                    if torch.is_tensor(v) and v.is_floating_point():
                        st[k2] = v.float()
        else:
            log("the checkpoint has no optimizer moments: AdamW starts fresh (the warmup covers it)")
        step, puzzle_steps, wall = resume["step"], resume["puzzle_steps"], resume.get("wall_time_s", 0.0)
        best = resume.get("best", best)
        if resume.get("optimizer") is None:
            args.rewarm_from = step

    unknown = [n for n in args.select_also if n not in meta.get("extra_tests", {})]
    if unknown:
        raise UserError(f"--select-also {', '.join(unknown)}: not among the dataset's extra_tests "
                        f"({', '.join(sorted(meta.get('extra_tests', {}))) or 'none'})")
    select_also = {n: extra_test(args.data, meta, n) for n in args.select_also}
    selected_on = ["test.npz"] + args.select_also
    best_on = best.get("on", ["test.npz"])  # checkpoints from before --select-also were chosen on test.npz
    if best_on != selected_on and best["step"]:
        # a best score measured on other sets is not comparable: the next evaluation sets a new one
        log(f"best.pt was chosen on {' / '.join(best_on)} ({100 * best['score']:.1f}% at step "
            f"{best['step']}); from now on it is chosen on {' / '.join(selected_on)}")
        best = {"score": -1.0, "step": 0}

    augment = Augmenter(meta, args.seed * 1000 + rank + step)
    rng = np.random.default_rng(args.seed * 7919 + rank + step)
    stream = (StreamSource(meta, args.data, args.seed * 1000 + rank + step, args.hard_mazes)
              if train_set is None else None)
    if args.canvas_schedule and (stream is None or cfg.variant != "conv"):
        raise UserError("--canvas-schedule needs generated mazes (dataset `generator`) and --variant conv")
    schedule = parse_canvas_schedule(args.canvas_schedule, int(meta["grid"]["rows"]))
    depths = parse_depth_schedule(args.depth_schedule, cfg.T, cfg.n)
    depth = None
    B = args.batch
    canvas = None

    def allocate(L: int):
        t_ = torch.zeros(B, L, dtype=torch.long, device=device)
        l_ = torch.full((B, L), -100, dtype=torch.long, device=device)
        y_, z_ = model.initial_state(B, device, dtype, seq_len=L)
        return t_, l_, y_, z_

    tokens, labels, y, z = allocate(cfg.seq_len)
    pids = torch.zeros(B, dtype=torch.long, device=device)
    steps_done = torch.zeros(B, dtype=torch.long, device=device)
    halted = torch.ones(B, dtype=torch.bool, device=device)
    H0 = model.H_init.to(device=device, dtype=dtype)
    L0 = model.L_init.to(device=device, dtype=dtype)

    data_desc = (f"{len(train_set)} train" if train_set is not None else
                 f"generated mazes (canvas {schedule}, {args.hard_mazes:.0%} Maze-Hard style, "
                 f"{stream.banned} held-out signatures banned)")
    log(f"model: {cfg.variant} D={cfg.hidden_size} T={cfg.T} n={cfg.n} S={cfg.seq_total} params={model.num_params():,}"
        f" | data: {data_desc}, {len(test_set)} test | device {device} {str(dtype).split('.')[-1]}"
        f" | batch {B}x{world}")
    if device.type == "cpu":
        log(blas.describe())
    t0 = time.time()
    last_log = last_ckpt = t0
    acc = {"loss": 0.0, "cell": 0.0, "exact": 0.0, "n": 0, "halted_at": 0.0, "halts": 0}
    ps_since = 0

    def state() -> dict:
        return {"config": cfg.to_dict(), "model": model.state_dict(), "ema": ema.model.state_dict(),
                "optimizer": opt.state_dict(), "step": step, "puzzle_steps": puzzle_steps,
                "wall_time_s": wall + (time.time() - t0), "meta": meta, "args": vars(args),
                "hardware": describe_hardware(device, world), "best": best}

    def checkpoint():
        if main:
            save_checkpoint(ckpt_path, state())

    def evaluate_and_keep_best():
        """Held-out evaluation of the EMA weights; best.pt keeps the checkpoint with the best exact match
        after max_steps (the last checkpoint is not always the best)."""
        ev = evaluate(ema.model, test_set, meta, args.eval_batch, device, dtype, args.eval_examples)
        log(f"eval at step {step} (EMA):\n" + format_eval(ev))
        scores = [ev["overall"][f"exact@{ev['max_steps']}"]]
        for name, (split, split_meta) in select_also.items():
            ev_x = evaluate(ema.model, split, split_meta, args.eval_batch, device, dtype, args.eval_examples)
            log(f"eval of {name} at step {step} (EMA):\n" + format_eval(ev_x))
            ev.setdefault("select_also", {})[name] = ev_x
            scores.append(ev_x["overall"][f"exact@{ev_x['max_steps']}"])
        score = sum(scores) / len(scores)
        if score > best["score"]:
            best.update(score=score, step=step, examples=ev["examples"], on=selected_on)
            save_checkpoint(best_path, state())
            log(f"best so far: {100 * score:.1f}% exact ({' / '.join(selected_on)}) at step {step} -> {best_path}")
        return ev

    # SIGTERM stops a sitting like Ctrl+C (checkpoint, final evaluation): a job started in the background of a
    # non-interactive shell ignores SIGINT, so `kill` is how such a run is ended early.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        while True:
            if args.steps and step >= args.steps:
                break
            if args.time and time.time() - t0 >= args.time:
                break
            if stream is not None and canvas_at(schedule, step) != canvas:
                # a new canvas: every slot starts a new maze of the new size
                canvas = canvas_at(schedule, step)
                tokens, labels, y, z = allocate(canvas * canvas)
                halted[:] = True
                log(f"step {step}: canvas {canvas}x{canvas}")
            if depth_at(depths, step) != depth:
                # the training copy's config only: the saved config, the EMA copy (evaluated, exported) keep
                # the model's own depth
                depth = depth_at(depths, step)
                model.cfg = dataclasses.replace(cfg, T=depth[0], n=depth[1])
                log(f"step {step}: depth T={depth[0]} n={depth[1]}")
            # refill halted slots with new puzzles and fresh state
            h = halted.nonzero().flatten()
            if len(h):
                if stream is not None:
                    x_np, y_np, pid_np = stream.take(len(h), canvas)
                else:
                    idx = rng.integers(0, len(train_set), size=len(h))
                    x_np, y_np = augment(train_set.inputs[idx], train_set.labels[idx])
                    pid_np = train_set.puzzle_ids[idx]
                hn = h
                tokens[hn] = torch.from_numpy(np.ascontiguousarray(x_np)).to(device)
                lab = torch.from_numpy(np.ascontiguousarray(y_np)).to(device)
                labels[hn] = torch.where(lab == 0, torch.full_like(lab, -100), lab)
                pids[hn] = torch.from_numpy(pid_np).to(device)
                y[hn] = H0
                z[hn] = L0
                steps_done[hn] = 0
            for gr in opt.param_groups:
                gr["lr"] = lr_at(step, args) * gr["base_lr"] / args.lr
            step_module.train()
            y_new, z_new, logits, q = step_module(tokens, pids, y, z)
            with torch.no_grad():
                # The halting head learns "this answer is right" for the answer as the engine decodes it.
                pred = rule_decode(logits, tokens, meta["kind"])
                mask = labels >= 0
                ok = (pred == labels) | ~mask
                exact = ok.all(-1)
            ce = sequence_ce(logits, labels, args.loss)
            if args.focus_token is not None:
                focus = torch.where(tokens == args.focus_token, labels, torch.full_like(labels, -100))
                ce = ce + args.focus_weight * sequence_ce(logits, focus, args.loss)
            bce = F.binary_cross_entropy_with_logits(q, exact.float(), reduction="none")
            loss = (ce + 0.5 * bce).sum() / B
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            ema.update(model)
            step += 1
            puzzle_steps += B * world
            ps_since += B * world
            with torch.no_grad():
                y, z = y_new.detach(), z_new.detach()
                steps_done += 1
                halt = (steps_done >= cfg.max_steps) | (q > 0)
                if args.halt_explore > 0:
                    explore = torch.rand(B, device=device) < args.halt_explore
                    min_halt = torch.randint(2, cfg.max_steps + 1, (B,), device=device) * explore
                    halt = halt & (steps_done >= min_halt)
                acc["halted_at"] += float(steps_done[halt].sum())
                acc["halts"] += int(halt.sum())
                halted = halt
                acc["loss"] += float(loss)
                acc["cell"] += float((ok & mask).sum() / mask.sum().clamp(min=1))
                acc["exact"] += float(exact.float().mean())
                acc["n"] += 1
            now = time.time()
            if now - last_log >= args.log_every:
                k = max(1, acc["n"])
                log(f"step {step} | {ps_since / (now - last_log):.0f} puzzle-steps/s | loss {acc['loss'] / k:.4f}"
                    f" | cell {100 * acc['cell'] / k:.2f}% | exact {100 * acc['exact'] / k:.2f}%"
                    f" | halt@ {acc['halted_at'] / max(1, acc['halts']):.1f} | lr {opt.param_groups[0]['lr']:.2e}"
                    f" | {puzzle_steps:,} puzzle-steps | {wall + now - t0:.0f}s")
                acc = {k2: 0 for k2 in acc}
                ps_since, last_log = 0, now
            if now - last_ckpt >= args.ckpt_every:
                checkpoint()
                last_ckpt = now
            if args.eval_every and step % args.eval_every == 0 and main:
                evaluate_and_keep_best()
    except KeyboardInterrupt:
        log("interrupted: saving checkpoint")
    checkpoint()
    result = {"step": step, "puzzle_steps": puzzle_steps, "wall_time_s": wall + time.time() - t0}
    if main:
        ev = evaluate_and_keep_best()
        checkpoint()   # records the best score
        log(f"final eval (EMA weights, held-out) above; best: {100 * best['score']:.1f}% at step {best['step']}")
        ev.update(result)
        ev["hardware"] = describe_hardware(device, world)
        with open(os.path.join(args.out, "eval.json"), "w") as f:
            json.dump(ev, f, indent=1)
        result["eval"] = ev
    if distributed:
        import torch.distributed as dist
        dist.destroy_process_group()
    return result


def describe_hardware(device, world: int) -> str:
    if device.type == "cuda":
        return f"{world} x {torch.cuda.get_device_name(device)}"
    return f"CPU, {torch.get_num_threads()} threads, {world} process(es)"


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        train(args)
    except UserError as e:
        print(f"train.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    sys.exit(main())
