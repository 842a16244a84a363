"""One supervision step of a TRM, as training, the ONNX export and the benches run it.

The computation has one home, `TRM.supervision_step` (model.py): token + puzzle embeddings, then `TRM.step`
(T cycles of n latent updates and one answer update, then the heads). The evaluator (eval_model.py) and
bench_train's evaluation call `TRM.step` themselves, with the embeddings computed once for all the steps of a
batch. The two modules here are thin wrappers that differ only where their callers must:

- `TrainStep` (train.py, bench_train.py): what DistributedDataParallel wraps, so it is a module whose forward
  does all the differentiated work, the puzzle-embedding lookup included (it takes puzzle ids, not vectors, so
  the table's gradient goes through the wrapped forward); it computes in the carried state's dtype (bf16 on
  CUDA) and returns that dtype; only the last of the T cycles is differentiated (the reference's gradient).
- `StepModel` (export_onnx.py): the traced step-model contract of docs/model-format.md, which is `TRM.forward`
  (fp32 activations and outputs whatever the stored weight dtype, as the fp16 export needs). It is a module
  around the model rather than the model itself because the exported initialisers are named after its
  attribute (`model.L_level...`), the names export_onnx.model_from_onnx reads back from shipped graphs; it
  calls `TRM.forward` as a function, not through the model's `__call__`, so the traced graph keeps the node
  names of earlier exports.
"""
from __future__ import annotations

import torch.nn as nn

from .model import TRM


class TrainStep(nn.Module):
    """Training: (tokens, puzzle ids, y, z) -> (y, z, logits, q_halt) in y's dtype, last cycle differentiated."""

    def __init__(self, model: TRM):
        super().__init__()
        self.model = model

    def forward(self, tokens, puzzle_ids, y, z):
        m = self.model
        return m.supervision_step(tokens, m.puzzle_vectors(puzzle_ids), y, z, y.dtype, grad_last_cycle=True)


class StepModel(nn.Module):
    """ONNX export: TRM.forward, (tokens, puzzle_vec, y, z) -> (y_next, z_next, logits, q_halt), fp32."""

    def __init__(self, model: TRM):
        super().__init__()
        self.model = model

    def forward(self, tokens, puzzle_vec, y, z):
        return TRM.forward(self.model, tokens, puzzle_vec, y, z)
