// int8 graphs (docs/model-format.md, "int8 graphs"): the fixture tests/fixtures/int8/sudoku-4x4 is the bundled
// 4x4 model with its int8 graph (training/scripts/int8_eval.py) and a parity fixture written from the PyTorch emulation
// of the int8 arithmetic (export_onnx.int8_weights, tolerance export_onnx.INT8_TOLERANCE). Checked: the engine
// runs the int8 graph on the CPU (and the float one when asked, and on WebAssembly) and its streamed steps
// follow the fixture; the float graph does not (the fixture tells the two apart); a missing int8 file falls
// back to the float graph, a wrong one is refused; bundled models that name an int8 graph ship it intact.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StepInputs } from '../../core/src/trm/backend';
import { listModels, loadModel } from '../../host-node/trm';
import type { TrmModel } from '../../core/src/trm/model';
import { type Backend, createBackend } from '../../core/src/trm/providers';
import { ROOT } from './helpers';

const DIR = join(ROOT, 'tests/fixtures/int8');
const STEM = join(DIR, 'sudoku-4x4');

interface Fixture {
  batch: number;
  tokens: number[][];
  puzzle_vec: number[][];
  tolerance: { q_halt_abs: number; q_halt_rel: number; token_margin: number };
  steps: { tokens: number[][]; margin: number[][]; q_halt: number[] }[];
}
const fx = JSON.parse(readFileSync(`${STEM}.int8.parity.json`, 'utf8')) as Fixture;

/** Steps the fixture's puzzles from y_init/z_init through the backend; returns the violations of the fixture's tolerance. */
async function violations(model: TrmModel, backend: Backend): Promise<{ tokens: number; q: number; compared: number }> {
  const m = model.meta;
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
  const inp = (): StepInputs => ({
    batch: B,
    tokens: BigInt64Array.from(fx.tokens.flat().map(BigInt)),
    puzzleVec: Float32Array.from(fx.puzzle_vec.flat()),
    y,
    z,
  });
  const out = { tokens: 0, q: 0, compared: 0 };
  for (const st of fx.steps) {
    const o = await backend.run(inp());
    y = o.y;
    z = o.z;
    for (let b = 0; b < B; b++) {
      const want = st.q_halt[b]!;
      if (Math.abs(o.qHalt[b]! - want) > fx.tolerance.q_halt_abs + fx.tolerance.q_halt_rel * Math.abs(want)) out.q++;
      for (let c = 0; c < L; c++) {
        if (st.margin[b]![c]! <= fx.tolerance.token_margin) continue;
        let best = 0;
        for (let v = 1; v < V; v++) if (o.logits[(b * L + c) * V + v]! > o.logits[(b * L + c) * V + best]!) best = v;
        out.compared++;
        if (best !== st.tokens[b]![c]) out.tokens++;
      }
    }
  }
  return out;
}

test('int8 fixture: the CPU backend runs the int8 graph and follows the emulated int8 steps', async () => {
  const model = loadModel(STEM);
  assert.ok(model.int8, 'the metadata names an int8 graph and it was loaded');
  const cpu = await createBackend(model, { provider: 'cpu', intraOpThreads: 1 });
  try {
    assert.equal(cpu.precision, 'int8');
    const v = await violations(model, cpu);
    assert.ok(v.compared > 100, `compared ${v.compared} cells`);
    assert.deepEqual({ tokens: v.tokens, q: v.q }, { tokens: 0, q: 0 });
  } finally {
    await cpu.dispose();
  }
});

test('int8 fixture: the float graph (asked for, or on WebAssembly) is not the int8 one', async () => {
  const model = loadModel(STEM);
  for (const opts of [{ provider: 'cpu' as const, int8: false }, { provider: 'wasm' as const }]) {
    const b = await createBackend(model, opts);
    try {
      assert.notEqual(b.precision, 'int8', `${opts.provider} runs the float graph`);
      const v = await violations(model, b);
      assert.ok(v.tokens + v.q > 0, `${opts.provider}: the float graph should miss the int8 fixture somewhere`);
    } finally {
      await b.dispose();
    }
  }
});

test('int8: a missing int8 file leaves the float graph; a different one is refused', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'int8-'));
  try {
    for (const f of ['sudoku-4x4.onnx', 'sudoku-4x4.json']) copyFileSync(join(DIR, f), join(tmp, f));
    assert.equal(loadModel(join(tmp, 'sudoku-4x4')).int8, undefined);
    writeFileSync(join(tmp, 'sudoku-4x4.int8.onnx'), readFileSync(join(DIR, 'sudoku-4x4.onnx')));
    assert.throws(() => loadModel(join(tmp, 'sudoku-4x4')), /sudoku-4x4\.int8\.onnx: SHA-256 .* does not match/);
    const meta = JSON.parse(readFileSync(join(tmp, 'sudoku-4x4.json'), 'utf8'));
    meta.int8.file = '../elsewhere.onnx';
    writeFileSync(join(tmp, 'sudoku-4x4.json'), JSON.stringify(meta));
    assert.throws(() => loadModel(join(tmp, 'sudoku-4x4')), /"int8\.file" must be an \.onnx file name beside the model/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('bundled models that name an int8 graph ship it with its accuracy measured', () => {
  for (const e of listModels()) {
    if (!e.meta.int8) continue;
    const file = join(e.path, '..', e.meta.int8.file);
    assert.ok(existsSync(file), `${e.meta.name}: ${e.meta.int8.file} is named in the metadata but missing`);
    const acc = e.meta.int8.accuracy as { exact_float: number; exact_int8: number } | undefined;
    assert.ok(acc, `${e.meta.name}: the int8 section records its held-out accuracy`);
    assert.ok(acc.exact_float - acc.exact_int8 <= 0.5, `${e.meta.name}: int8 loses ${acc.exact_float - acc.exact_int8} points`);
    assert.ok(loadModel(e.path).int8, `${e.meta.name}: the int8 graph loads`);
  }
});
