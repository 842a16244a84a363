// Backends and fallbacks on a real ONNX graph (the contract model; the trained fixture in parity.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrmEngine } from '../../core/src/trm/engine';
import { loadModel } from '../../host-node/trm';
import { cudaUnavailableReason, nativeLibDir } from '../../host-node/trm';
import { createBackend } from '../../core/src/trm/providers';
import { CONTRACT_MODEL, grid } from './helpers';

const model = loadModel(CONTRACT_MODEL);
const puzzle = { kind: 'sudoku' as const, name: 'p', given: grid('1.../..2./.3../...4') };

test('CUDA asked on a machine without the CUDA provider: CPU is used and the reason is given', async () => {
  const missing = cudaUnavailableReason(nativeLibDir());
  if (missing === undefined) {
    // A machine with the CUDA EP installed: it must then really run on CUDA (or say why not).
    const b = await createBackend(model, { provider: 'cuda' });
    assert.ok(b.provider === 'cuda' || /CUDA/.test(b.note ?? ''), `provider ${b.provider}, note ${b.note}`);
    await b.dispose();
    return;
  }
  assert.match(missing, /libonnxruntime_providers_cuda\.so is missing .*--onnxruntime-node-install=cuda12/);
  for (const provider of ['cuda', 'auto'] as const) {
    const b = await createBackend(model, { provider });
    assert.equal(b.provider, 'cpu');
    assert.match(
      b.note!,
      provider === 'cuda' ? /^CUDA requested but the CUDA execution provider is not installed.*using CPU$/ : /^CUDA not used: .*using CPU$/,
    );
    await b.dispose();
  }
  const cpu = await createBackend(model, { provider: 'cpu' });
  assert.equal(cpu.provider, 'cpu');
  assert.equal(cpu.note, undefined);
  await cpu.dispose();
});

test("CUDA libraries present but failing to start: CPU with onnxruntime's reason", async () => {
  // Pretend the library check passed; onnxruntime then fails to load the provider and says why.
  const b = await createBackend(model, { provider: 'cuda', cudaCheck: () => undefined });
  if (b.provider === 'cuda') return void (await b.dispose()); // a real GPU machine
  assert.equal(b.provider, 'cpu');
  assert.match(b.note!, /^CUDA requested but CUDA could not start: .*; using CPU$/);
  await b.dispose();
});

test('native binding unavailable: onnxruntime-web (WebAssembly) is used and the reason is given', async () => {
  const loadNative = () => {
    throw new Error("Cannot find module '../bin/napi-v6/linux/x64/onnxruntime_binding.node'");
  };
  for (const provider of ['auto', 'cpu', 'cuda'] as const) {
    const b = await createBackend(model, { provider, loadNative });
    assert.equal(b.provider, 'wasm');
    assert.match(
      b.note!,
      /native binding could not load \(Cannot find module .*onnxruntime_binding\.node'\); using onnxruntime-web \(WebAssembly\)/,
    );
    await b.dispose();
  }
});

test('onnxruntime-node CPU and onnxruntime-web WASM give the same predictions step by step', async () => {
  const cpu = await TrmEngine.create(model, { provider: 'cpu' });
  const wasm = await TrmEngine.create(model, { provider: 'wasm' });
  assert.equal(wasm.provider, 'wasm');
  const a = await cpu.solve(puzzle, { haltOnQ: false });
  const b = await wasm.solve(puzzle, { haltOnQ: false });
  assert.equal(a.steps.length, model.meta.max_steps);
  assert.equal(b.steps.length, a.steps.length);
  a.steps.forEach((s, i) => {
    const t = b.steps[i]!;
    assert.deepEqual(t.grid, s.grid, `step ${i + 1}`);
    assert.ok(Math.abs(t.haltScore - s.haltScore) < 1e-4, `step ${i + 1} halt ${t.haltScore} vs ${s.haltScore}`);
    s.probability.flat().forEach((p, j) => assert.ok(Math.abs(p - t.probability.flat()[j]!) < 1e-3));
  });
  assert.equal(a.outcome!.provider, 'cpu');
  assert.equal(b.outcome!.provider, 'wasm');
  await cpu.dispose();
  await wasm.dispose();
});

test('batched and single runs agree on a real graph', async () => {
  const e = await TrmEngine.create(model, { provider: 'cpu', maxBatch: 8 });
  const single = await e.solve(puzzle, { haltOnQ: false });
  const other = { kind: 'sudoku' as const, name: 'q', given: grid('..../.1../..3./....') };
  const [x, y] = await Promise.all([e.solve(puzzle, { haltOnQ: false }), e.solve(other, { haltOnQ: false })]);
  assert.ok(e.batchStats.largest >= 2);
  assert.deepEqual(
    x.steps.map((s) => s.grid),
    single.steps.map((s) => s.grid),
  );
  assert.ok(Math.abs(x.outcome!.haltScore! - single.outcome!.haltScore!) < 1e-5);
  assert.notDeepEqual(y.steps.at(-1)!.grid, undefined);
  await e.dispose();
});
