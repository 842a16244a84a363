// The bundled models (models/NAME.onnx + NAME.json + NAME.md): each metadata file validates against the
// contract (docs/model-format.md) through the engine's own loader (hash, embedding table), the .onnx loads in
// onnxruntime-node and one supervision step gives outputs of the contract's shapes, and each has its card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadModel } from '../host-node/trm';
import { defined } from './defined';

const dir = process.env.GRID_REASONER_BUNDLED_MODELS ?? join(process.cwd(), 'models');
const EXPECTED = ['sudoku-4x4', 'sudoku-6x6', 'sudoku-9x9', 'maze-30x30', 'arc-10x10'];
const names = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.json') && existsSync(join(dir, f.replace(/\.json$/, '.onnx'))))
      .map((f) => f.slice(0, -5))
      .sort()
  : [];

test('models/ bundles the expected models', () => {
  for (const n of EXPECTED) assert.ok(names.includes(n), `models/${n}.onnx + .json missing (have: ${names.join(', ') || 'none'})`);
});

for (const name of names) {
  test(`bundled model ${name}: contract metadata, card, size, one ONNX step`, async () => {
    const model = loadModel(join(dir, `${name}.onnx`));
    const m = model.meta;
    assert.equal(m.name, name);
    assert.ok(statSync(join(dir, `${name}.onnx`)).size <= 10 * 1024 * 1024, 'bundled .onnx must be <= 10 MB');
    const card = join(dir, `${name}.md`);
    assert.ok(existsSync(card), `model card ${name}.md missing`);
    const text = readFileSync(card, 'utf8');
    assert.match(text, /held-out/i, 'the card carries held-out results');
    assert.match(text, /```/, 'the card carries the reproducing command');
    assert.ok(m.training && typeof m.training === 'object', 'metadata.training present');
    assert.ok(m.accuracy && typeof m.accuracy === 'object', 'metadata.accuracy present');

    const session = await ort.InferenceSession.create(model.onnx);
    for (const k of ['tokens', 'puzzle_vec', 'y', 'z']) assert.ok(session.inputNames.includes(k), `input ${k}`);
    for (const k of ['y_next', 'z_next', 'logits', 'q_halt']) assert.ok(session.outputNames.includes(k), `output ${k}`);
    const B = 2;
    const L = m.seq_len;
    const D = m.hidden_size;
    const S = L + m.prefix_len;
    const tokens = new BigInt64Array(B * L).fill(1n); // Sudoku: all blank; maze: walls; ARC: EOS
    const y = new Float32Array(B * S * D);
    const z = new Float32Array(B * S * D);
    for (let i = 0; i < B * S; i++) {
      y.set(m.y_init, i * D);
      z.set(m.z_init, i * D);
    }
    const pv = new Float32Array(B * D);
    for (let b = 0; b < B; b++) pv.set(model.embedding.blank(), b * D);
    const out = await session.run({
      tokens: new ort.Tensor('int64', tokens, [B, L]),
      puzzle_vec: new ort.Tensor('float32', pv, [B, D]),
      y: new ort.Tensor('float32', y, [B, S, D]),
      z: new ort.Tensor('float32', z, [B, S, D]),
    });
    assert.deepEqual(out.y_next?.dims, [B, S, D]);
    assert.deepEqual(out.z_next?.dims, [B, S, D]);
    assert.deepEqual(out.logits?.dims, [B, L, m.vocab_size]);
    assert.deepEqual(out.q_halt?.dims, [B]);
    for (const k of ['y_next', 'logits', 'q_halt']) {
      assert.ok(
        (defined(out[k], k).data as Float32Array).every((v) => Number.isFinite(v)),
        `${k} is finite`,
      );
    }

    // The .onnx reproduces PyTorch's answers on held-out inputs (stored by training/bundle_model.py): the
    // predicted tokens after `steps` supervision steps, per puzzle. Recurrence amplifies float differences,
    // so one sequence in eight may differ; more means the export is wrong.
    const check = (m as unknown as { check?: { steps: number; tokens: number[][]; puzzle_rows: number[]; predicted: number[][] } }).check;
    assert.ok(check, 'metadata.check (held-out parity sample) present');
    const n = check.tokens.length;
    const rowNames = new Map<number, string>();
    if ('file' in m.puzzle_embedding) for (const [k, v] of Object.entries(m.puzzle_embedding.identifiers)) rowNames.set(v, k);
    const tk = new BigInt64Array(n * L);
    check.tokens.forEach((r, i) => r.forEach((v, j) => (tk[i * L + j] = BigInt(v))));
    const pv2 = new Float32Array(n * D);
    check.puzzle_rows.forEach((row, i) => {
      const name = rowNames.get(row);
      pv2.set((name ? model.embedding.vector(name) : undefined) ?? model.embedding.blank(), i * D);
    });
    let ys: Float32Array<ArrayBufferLike> = new Float32Array(n * S * D);
    let zs: Float32Array<ArrayBufferLike> = new Float32Array(n * S * D);
    for (let i = 0; i < n * S; i++) {
      ys.set(m.y_init, i * D);
      zs.set(m.z_init, i * D);
    }
    let logits: Float32Array<ArrayBufferLike> = new Float32Array(0);
    for (let s = 0; s < check.steps; s++) {
      const r = await session.run({
        tokens: new ort.Tensor('int64', tk, [n, L]),
        puzzle_vec: new ort.Tensor('float32', pv2, [n, D]),
        y: new ort.Tensor('float32', ys, [n, S, D]),
        z: new ort.Tensor('float32', zs, [n, S, D]),
      });
      ys = defined(r.y_next, 'y_next').data as Float32Array;
      zs = defined(r.z_next, 'z_next').data as Float32Array;
      logits = defined(r.logits, 'logits').data as Float32Array;
    }
    const V = m.vocab_size;
    let same = 0;
    for (let i = 0; i < n; i++) {
      let ok = true;
      for (let j = 0; j < L && ok; j++) {
        let best = 0;
        // logits has n * L * V entries (the session's output shape for these inputs)
        for (let v = 1; v < V; v++) if (logits[(i * L + j) * V + v]! > logits[(i * L + j) * V + best]!) best = v;
        ok = best === check.predicted[i]?.[j];
      }
      if (ok) same++;
    }
    assert.ok(same >= n - 1, `ONNX reproduced ${same} of ${n} PyTorch answers after ${check.steps} steps`);
  });
}
