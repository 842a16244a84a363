"""The committed checkpoint of a sitting (training/commit_checkpoint.py) resumes training where it stopped: the
AdamW moments it keeps give the same next step as the moments of the full checkpoint. A model whose gradients are
small has second moments far below fp16's normal range; fp16 moments flushed them, and the first step after the
resume moved weights by thousands of learning rates. train.py drops moments committed in fp16."""
import unittest

import torch

from training import commit_checkpoint
from training.model import TRM, TRMConfig
from training.train import fp16_moments

LR = 1e-3


def tiny_model() -> TRM:
    torch.manual_seed(0)
    return TRM(TRMConfig(vocab_size=6, seq_len=16, hidden_size=16, prefix_len=1, variant="conv", T=2, n=1,
                         expansion=2.0, ffn_multiple=8))


def trained_state():
    """A model and AdamW after a few steps with small gradients (the loss scaled down as a converged model's)."""
    model = tiny_model()
    opt = torch.optim.AdamW(model.parameters(), lr=LR, betas=(0.9, 0.95), weight_decay=0.1)
    tokens = torch.randint(0, 6, (4, 16))
    for _ in range(3):
        y, z = model.initial_state(4)
        _, _, logits, q = model.supervision_step(tokens, torch.zeros(4, 16), y, z, torch.float32, grad_last_cycle=True)
        loss = 1e-4 * (logits.logsumexp(-1).mean() + q.mean())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model, opt


def next_update(model: TRM, optimizer_state: dict) -> torch.Tensor:
    """The weight change of one more AdamW step from `optimizer_state` (cast to fp32 as train.py does)."""
    m = tiny_model()
    m.load_state_dict(model.state_dict())
    opt = torch.optim.AdamW(m.parameters(), lr=LR, betas=(0.9, 0.95), weight_decay=0.1)
    opt.load_state_dict(optimizer_state)
    for st in opt.state.values():
        for k, v in st.items():
            if torch.is_tensor(v) and v.is_floating_point():
                st[k] = v.float()
    before = [p.detach().clone() for p in m.parameters()]
    y, z = m.initial_state(4)
    tokens = torch.arange(64).reshape(4, 16) % 6
    _, _, logits, q = m.supervision_step(tokens, torch.zeros(4, 16), y, z, torch.float32, grad_last_cycle=True)
    (1e-4 * (logits.logsumexp(-1).mean() + q.mean())).backward()
    opt.step()
    return torch.cat([(p.detach() - b).flatten() for p, b in zip(m.parameters(), before)])


class CommittedMoments(unittest.TestCase):
    def test_the_committed_moments_give_the_same_next_step(self):
        model, opt = trained_state()
        full = {"config": model.cfg.to_dict(), "model": model.state_dict(), "ema": model.state_dict(), "step": 3,
                "puzzle_steps": 12, "optimizer": opt.state_dict()}
        smallest = min(float(st["exp_avg_sq"][st["exp_avg_sq"] > 0].min()) for st in opt.state.values())
        self.assertLess(smallest, 6e-5, "the case this test is about: second moments below fp16's normal range")
        slim = commit_checkpoint.slim(full, moments=True)
        self.assertFalse(fp16_moments(slim["optimizer"]))
        want = next_update(model, opt.state_dict())
        got = next_update(model, slim["optimizer"])
        self.assertLess(float(got.abs().max()), 1.5 * LR, "no weight moves by much more than the learning rate")
        self.assertLess(float((got - want).abs().max()), 0.02 * LR)

    def test_fp16_moments_are_recognised(self):
        # what an older commit_checkpoint.py wrote: train.py resumes such a checkpoint without its moments
        model, opt = trained_state()
        state = opt.state_dict()
        fp16 = {"state": {i: {k: (v.half() if torch.is_tensor(v) and v.dim() > 0 else v) for k, v in st.items()}
                          for i, st in state["state"].items()}, "param_groups": state["param_groups"]}
        self.assertTrue(fp16_moments(fp16))
        self.assertFalse(fp16_moments(state))
        # and they are what made the resumed step blow up
        self.assertGreater(float(next_update(model, fp16).abs().max()), 10 * LR)


if __name__ == "__main__":
    unittest.main()
