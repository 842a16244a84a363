// A model whose outputs are NaN or infinite (its state overflows float32) is reported as broken at the step
// where it happens, instead of decoding the NaNs into an answer.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { wrapSession } from '../../core/src/trm/backend';
import { isTrmError } from '../../core/src/trm/errors';
import type { TrmModel } from '../../core/src/trm/model';
import { defined } from '../defined';

const meta = JSON.parse(readFileSync(join(__dirname, '..', '..', 'models', 'sudoku-4x4.json'), 'utf8'));

/** A session that answers finite outputs for `finiteSteps` runs, then puts `bad` into one output. */
function fakeSession(finiteSteps: number, output: string, bad: number) {
  const S = meta.seq_len + meta.prefix_len;
  let run = 0;
  return {
    async run() {
      run++;
      const o = {
        y_next: new Float32Array(S * meta.hidden_size),
        z_next: new Float32Array(S * meta.hidden_size),
        logits: new Float32Array(meta.seq_len * meta.vocab_size),
        q_halt: new Float32Array(1),
      } as Record<string, Float32Array>;
      if (run > finiteSteps) defined(o[output], output)[0] = bad;
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { data: v }]));
    },
    async release() {},
  };
}
class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: number[],
  ) {}
}

const model = { meta, source: '/models/overflowing.onnx' } as unknown as TrmModel;
const inputs = () => ({
  batch: 1,
  tokens: new BigInt64Array(meta.seq_len),
  puzzleVec: new Float32Array(meta.hidden_size),
  y: new Float32Array((meta.seq_len + meta.prefix_len) * meta.hidden_size),
  z: new Float32Array((meta.seq_len + meta.prefix_len) * meta.hidden_size),
});

describe('non-finite model outputs', () => {
  for (const [output, bad] of [
    ['logits', NaN],
    ['y_next', Infinity],
    ['q_halt', -Infinity],
    ['z_next', NaN],
  ] as const) {
    it(`${output} = ${bad} at step 3: "the model is broken"`, async () => {
      const b = wrapSession(fakeSession(2, output, bad), FakeTensor, model, 'cpu', undefined);
      await b.run(inputs());
      await b.run(inputs());
      await assert.rejects(b.run(inputs()), (e: unknown) => {
        assert.ok(isTrmError(e) && e.code === 'model-broken', String(e));
        assert.match((e as Error).message, /the model is broken: non-finite outputs at step 3/);
        assert.match((e as Error).message, /overflowing\.onnx/);
        return true;
      });
    });
  }
});
