// What the step benches that take turns (batch_chunks.ts, fused_attention.ts) share: a batch of step inputs (only
// the time matters, so every puzzle is the same) and the median over their rounds.
import type { StepInputs } from '../core/src/trm/backend';
import type { TrmModel } from '../core/src/trm/model';

/** `b` puzzles of the model's shapes: tokens cycling over the vocabulary, y and z at their initial states. */
export function stepInputs(model: TrmModel, b: number): StepInputs {
  const m = model.meta;
  const L = m.seq_len,
    D = m.hidden_size,
    S = L + m.prefix_len;
  const tokens = new BigInt64Array(b * L);
  for (let i = 0; i < b * L; i++) tokens[i] = BigInt(1 + (i % (m.vocab_size - 1)));
  const y = new Float32Array(b * S * D),
    z = new Float32Array(b * S * D);
  for (let s = 0; s < b * S; s++) {
    y.set(m.y_init, s * D);
    z.set(m.z_init, s * D);
  }
  return { batch: b, tokens, puzzleVec: new Float32Array(b * D), y, z };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
