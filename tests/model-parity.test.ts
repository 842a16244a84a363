// The trained fixture model (tests/fixtures/models/*.onnx, written by training/export_onnx.py) run directly in
// onnxruntime-node, with no engine code in between: the step is looped from y_init/z_init exactly as the
// contract says (docs/model-format.md) and compared with the PyTorch outputs stored in its *.parity.json.
// Tolerance (stored in the fixture): the predicted token must equal PyTorch's wherever PyTorch's top-1/top-2
// logit margin exceeds 1e-3, and |q_halt - q_halt_torch| <= 1e-3 + 1e-3 * |q_halt_torch|, at every step.
// The engine-level version of this check (streamed, batched, CPU and WASM) is tests/trm/parity.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';

interface Fixture {
  model: string;
  batch: number;
  seq_len: number;
  seq_total: number;
  hidden_size: number;
  vocab_size: number;
  tokens: number[][];
  puzzle_vec: number[][];
  labels?: number[][];
  tolerance: { q_halt_abs: number; q_halt_rel: number; token_margin: number };
  steps: { step: number; tokens: number[][]; margin: number[][]; q_halt: number[] }[];
}

interface Meta {
  seq_len: number;
  prefix_len: number;
  hidden_size: number;
  vocab_size: number;
  max_steps: number;
  y_init: number[];
  z_init: number[];
  sha256: string;
}

const dir = join(process.cwd(), 'tests', 'fixtures', 'models');
const fixtures = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.parity.json'))
      .sort()
  : [];

test('tests/fixtures/models holds a trained fixture model with parity data', () => {
  assert.ok(fixtures.length >= 1, 'no tests/fixtures/models/*.parity.json');
});

for (const f of fixtures) {
  const base = join(dir, f.replace(/\.parity\.json$/, ''));
  test(`${f}: onnxruntime-node reproduces the PyTorch steps`, async () => {
    const fx = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture;
    const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Meta;
    assert.ok(statSync(`${base}.onnx`).size < 1024 * 1024, 'fixture model stays under 1 MB');
    const { batch: B } = fx;
    const L = meta.seq_len;
    const D = meta.hidden_size;
    const S = L + meta.prefix_len;
    const V = meta.vocab_size;
    assert.equal(fx.seq_total, S);
    assert.equal(meta.y_init.length, D);
    assert.ok(fx.steps.length >= 4, 'several supervision steps');

    const session = await ort.InferenceSession.create(`${base}.onnx`);
    assert.deepEqual([...session.inputNames].sort(), ['puzzle_vec', 'tokens', 'y', 'z']);
    assert.deepEqual([...session.outputNames].sort(), ['logits', 'q_halt', 'y_next', 'z_next']);
    const tokens = new ort.Tensor('int64', BigInt64Array.from(fx.tokens.flat().map((v) => BigInt(v))), [B, L]);
    const puzzleVec = new ort.Tensor('float32', Float32Array.from(fx.puzzle_vec.flat()), [B, D]);
    const yInit = new Float32Array(B * S * D);
    const zInit = new Float32Array(B * S * D);
    for (let i = 0; i < B * S; i++) {
      yInit.set(meta.y_init, i * D);
      zInit.set(meta.z_init, i * D);
    }
    let y: ort.Tensor = new ort.Tensor('float32', yInit, [B, S, D]);
    let z: ort.Tensor = new ort.Tensor('float32', zInit, [B, S, D]);
    let compared = 0;
    for (const st of fx.steps) {
      const out = await session.run({ tokens, puzzle_vec: puzzleVec, y, z });
      assert.deepEqual(out.logits!.dims, [B, L, V]);
      assert.deepEqual(out.q_halt!.dims, [B]);
      assert.deepEqual(out.y_next!.dims, [B, S, D]);
      y = out.y_next!;
      z = out.z_next!;
      const logits = out.logits!.data as Float32Array;
      const q = out.q_halt!.data as Float32Array;
      for (let b = 0; b < B; b++) {
        const want = st.q_halt[b]!;
        const tol = fx.tolerance.q_halt_abs + fx.tolerance.q_halt_rel * Math.abs(want);
        assert.ok(Math.abs(q[b]! - want) <= tol, `step ${st.step} puzzle ${b}: q_halt ${q[b]} vs PyTorch ${want}`);
        for (let c = 0; c < L; c++) {
          if (st.margin[b]![c]! <= fx.tolerance.token_margin) continue;
          let best = 0;
          for (let v = 1; v < V; v++) if (logits[(b * L + c) * V + v]! > logits[(b * L + c) * V + best]!) best = v;
          assert.equal(best, st.tokens[b]![c], `step ${st.step} puzzle ${b} cell ${c}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 0.9 * fx.steps.length * B * L, `only ${compared} cells had a clear PyTorch margin`);
  });
}
