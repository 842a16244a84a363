// Streamed steps match the PyTorch parity fixtures (tests/fixtures/models/*.parity.json, written by
// training/export_onnx.py): the engine, fed the fixture's puzzles, must predict the same token wherever
// PyTorch's top-1/top-2 logit margin exceeds the fixture's tolerance, and the same q_halt, at every step,
// on onnxruntime-node CPU and on onnxruntime-web WASM.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cellRules, decodeTokens, symbolOf } from '../../core/src/trm/encode';
import { TrmEngine } from '../../core/src/trm/engine';
import { loadModel } from '../../host-node/trm';
import { createBackend } from '../../core/src/trm/providers';
import { ROOT } from './helpers';

interface Fixture {
  model: string;
  batch: number;
  tokens: number[][];
  puzzle_vec: number[][];
  tolerance: { q_halt_abs: number; q_halt_rel: number; token_margin: number };
  steps: { step: number; tokens: number[][]; margin: number[][]; q_halt: number[] }[];
}

// The trained fixture model(s) from training/, and the random-weight contract model of tests/fixtures/trm/
// (its fixture written by make_models.py from the same PyTorch module it exported).
const fixtures = ['tests/fixtures/models', 'tests/fixtures/trm']
  .map((d) => join(ROOT, d))
  .filter((d) => existsSync(d))
  .flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.parity.json'))
      .sort()
      .map((f) => join(d, f)),
  );
const trained = fixtures.filter((f) => f.includes('fixtures/models/'));

if (trained.length === 0) {
  test('parity fixtures of the trained model', (t) =>
    t.skip('no tests/fixtures/models/*.parity.json yet (written by training/export_onnx.py)'));
}

for (const path of fixtures) {
  const fx = JSON.parse(readFileSync(path, 'utf8')) as Fixture;
  const onnx = path.replace(/\.parity\.json$/, '.onnx');
  const f = path.slice(ROOT.length);

  for (const provider of ['cpu', 'wasm'] as const) {
    test(`${f}: streamed steps match PyTorch on ${provider}`, async () => {
      const model = loadModel(onnx);
      const m = model.meta;
      const { rows, cols } = m.grid;
      const sameVec = (b: number) => {
        const v = model.embedding.blank();
        return fx.puzzle_vec[b]!.every((x, i) => Math.abs(x - v[i]!) < 1e-5);
      };
      const engine = await TrmEngine.create(model, { provider });
      assert.equal(engine.provider, provider);
      try {
        if (m.kind !== 'arc' && fx.tokens.every((_, b) => sameVec(b))) {
          // The whole path: puzzle grids -> encode -> batched steps -> decoded stream.
          const runs = fx.tokens.map((tok, b) => {
            const given = decodeTokens(m, tok, rows, cols);
            return engine.run({ kind: m.kind, name: `parity-${b}`, given }, { maxSteps: fx.steps.length, haltOnQ: false });
          });
          const traces = await Promise.all(runs.map((r) => r.trace));
          traces.forEach((t, b) => {
            assert.equal(t.steps.length, fx.steps.length);
            fx.steps.forEach((st, i) => {
              const s = t.steps[i]!;
              const q = st.q_halt[b]!;
              const qOnnx = Math.log(s.haltScore / (1 - s.haltScore));
              assert.ok(
                Math.abs(qOnnx - q) <= fx.tolerance.q_halt_abs + fx.tolerance.q_halt_rel * Math.abs(q) + 1e-4,
                `puzzle ${b} step ${st.step}: q_halt ${qOnnx} vs PyTorch ${q}`,
              );
              // PyTorch's tokens are the plain argmax; the engine decodes under the cell rules: a cell the question
              // fixes reads the question, a blank whose argmax the rules forbid (a weak model's blank) is not compared.
              const rules = cellRules(m, m.kind, fx.tokens[b]!);
              st.tokens[b]!.forEach((id, c) => {
                const shown = s.grid[Math.floor(c / cols)]![c % cols];
                const where = `puzzle ${b} step ${st.step} cell ${c}`;
                if (rules && fx.tokens[b]![c] !== rules.free) return assert.equal(shown, symbolOf(m, fx.tokens[b]![c]!), where);
                if (rules && !rules.allowed.includes(id)) return;
                if (st.margin[b]![c]! <= fx.tolerance.token_margin) return;
                assert.equal(shown, symbolOf(m, id), where);
              });
            });
          });
          assert.ok(engine.batchStats.largest > 1 || fx.batch === 1, 'the fixture puzzles ran batched');
        } else {
          // ARC (or per-puzzle vectors): the same loop the engine runs, fed the fixture's puzzle vectors.
          const backend = await createBackend(model, { provider });
          const B = fx.batch,
            L = m.seq_len,
            D = m.hidden_size,
            S = L + m.prefix_len,
            V = m.vocab_size;
          let y: Float32Array = new Float32Array(B * S * D),
            z: Float32Array = new Float32Array(B * S * D);
          for (let i = 0; i < B * S; i++) {
            y.set(m.y_init, i * D);
            z.set(m.z_init, i * D);
          }
          const tokens = BigInt64Array.from(fx.tokens.flat().map(BigInt));
          const puzzleVec = Float32Array.from(fx.puzzle_vec.flat());
          for (const st of fx.steps) {
            const out = await backend.run({ batch: B, tokens, puzzleVec, y, z });
            y = out.y;
            z = out.z;
            for (let b = 0; b < B; b++) {
              const q = st.q_halt[b]!;
              assert.ok(
                Math.abs(out.qHalt[b]! - q) <= fx.tolerance.q_halt_abs + fx.tolerance.q_halt_rel * Math.abs(q),
                `step ${st.step} q_halt`,
              );
              for (let c = 0; c < L; c++) {
                if (st.margin[b]![c]! <= fx.tolerance.token_margin) continue;
                let best = 0;
                for (let v = 1; v < V; v++) if (out.logits[(b * L + c) * V + v]! > out.logits[(b * L + c) * V + best]!) best = v;
                assert.equal(best, st.tokens[b]![c], `puzzle ${b} step ${st.step} cell ${c}`);
              }
            }
          }
          await backend.dispose();
        }
      } finally {
        await engine.dispose();
      }
    });
  }
}
