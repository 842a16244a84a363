// Test helpers for the TRM engine: hand-built metadata and a scripted backend (no ONNX) whose
// per-step predictions and halting logits are chosen by the test.

import { join } from 'node:path';
import { expectedVocab, validateMetadata, type ModelKind, type TrmMetadata } from '../../core/src/trm/metadata';
import { embeddingFromSpec, type TrmModel } from '../../core/src/trm/model';
import type { Backend } from '../../core/src/trm/providers';
import type { StepInputs, StepOutputs } from '../../core/src/trm/backend';

export const ROOT = join(__dirname, '..', '..') + '/';
export const CONTRACT_MODEL = `${ROOT}tests/fixtures/trm/contract-sudoku4.onnx`;

export function meta(kind: ModelKind, rows: number, cols: number, extra: Partial<TrmMetadata> = {}): TrmMetadata {
  const vocab = expectedVocab(kind, rows);
  const D = 2;
  return validateMetadata(
    {
      format: 'grid-reasoner-trm',
      format_version: 1,
      name: `test-${kind}`,
      kind,
      grid: { rows, cols },
      vocab,
      seq_len: rows * cols,
      prefix_len: 1,
      hidden_size: D,
      vocab_size: vocab.length,
      arch: { variant: 'scripted', T: 1, n: 1 },
      max_steps: 8,
      y_init: [0, 0],
      z_init: [0, 0],
      puzzle_embedding: { shared: [0, 0] },
      sha256: '0'.repeat(64),
      ...extra,
    },
    'test metadata',
  );
}

/**
 * A backend that predicts `predict(step, tokens, puzzleVec)` (token ids per cell) with probability ~0.9
 * and q_halt = `q(step)`. The step number travels in y (y_next = y + 1).
 */
export function scriptedBackend(
  m: TrmMetadata,
  predict: (step: number, tokens: number[], vec: number[]) => number[],
  q: (step: number) => number,
  opts: { delayMs?: number } = {},
): Backend & { calls: number[] } {
  const L = m.seq_len,
    D = m.hidden_size,
    S = L + m.prefix_len,
    V = m.vocab_size;
  const calls: number[] = [];
  return {
    provider: 'cpu',
    calls,
    async run(inp: StepInputs): Promise<StepOutputs> {
      calls.push(inp.batch);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const y = inp.y.map((v) => v + 1);
      const logits = new Float32Array(inp.batch * L * V);
      const qHalt = new Float32Array(inp.batch);
      for (let b = 0; b < inp.batch; b++) {
        const step = y[b * S * D]!;
        const tokens = Array.from(inp.tokens.subarray(b * L, (b + 1) * L), Number);
        const vec = Array.from(inp.puzzleVec.subarray(b * D, (b + 1) * D));
        const ids = predict(step, tokens, vec);
        for (let i = 0; i < L; i++) logits[(b * L + i) * V + ids[i]!] = 5;
        qHalt[b] = q(step);
      }
      return { y, z: inp.z, logits, qHalt };
    },
    async dispose() {},
  };
}

export function scriptedModel(m: TrmMetadata): TrmModel {
  return { meta: m, onnx: new Uint8Array(), hash: 'scripted', embedding: embeddingFromSpec(m), source: 'scripted' };
}

export function grid(s: string): string[][] {
  return s.split('/').map((r) => r.split(''));
}
