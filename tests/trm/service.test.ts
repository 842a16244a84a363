// Request handling: dedupe, cache, cancellation through the service, and the worker thread.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TrmService } from '../../core/src/trm/service';
import { TrmWorkerClient } from '../../host-node/trm';
import { CONTRACT_MODEL, ROOT, grid } from './helpers';

const puzzle = { kind: 'sudoku' as const, name: 'p', given: grid('1.../..2./.3../...4') };
const other = { kind: 'sudoku' as const, name: 'q', given: grid('..../.1../..3./....') };

test('identical concurrent requests share one run; finished ones come from the cache', async () => {
  const s = new TrmService({ provider: 'cpu' });
  const [a, b, c] = await Promise.all([
    s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false }),
    s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false }),
    s.run(CONTRACT_MODEL, other, { haltOnQ: false }),
  ]);
  assert.equal(a, b);
  assert.notEqual(a, c);
  const ta = await a.trace;
  assert.equal(s.stats.runs, 2);
  assert.equal(s.stats.deduplicated, 1);
  const again = await s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false });
  assert.deepEqual(await again.trace, ta);
  assert.equal(s.stats.cacheHits, 1);
  // different options are a different request
  await (
    await s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 2 })
  ).outcome;
  assert.equal(s.stats.runs, 3);
  const engine = await s.engine(CONTRACT_MODEL);
  assert.ok(engine.batchStats.largest >= 2, 'the two different puzzles ran in one batch');
  await s.dispose();
});

test('a shared run is cancelled only when every caller cancelled', async () => {
  const s = new TrmService({ provider: 'cpu' });
  const c1 = new AbortController();
  const c2 = new AbortController();
  const r1 = await s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 1000, signal: c1.signal });
  const r2 = await s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 1000, signal: c2.signal });
  let steps = 0;
  for await (const st of r1) {
    steps = st.step;
    if (st.step === 2) c1.abort();
    if (st.step === 4) c2.abort();
  }
  const o = await r2.outcome;
  assert.equal(o.stopReason, 'cancelled');
  assert.ok(o.stepsRun >= 4 && o.stepsRun <= 5, `stopped after ${o.stepsRun}`);
  assert.equal(steps, o.stepsRun);
  // a cancelled run is not cached
  const r3 = await s.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 3 });
  assert.equal((await r3.outcome).stopReason, 'max-steps');
  // the same request right after a cancel starts afresh instead of joining the stopping run
  const c3 = new AbortController();
  const r4 = await s.run(CONTRACT_MODEL, other, { haltOnQ: false, maxSteps: 4, signal: c3.signal });
  c3.abort();
  const r5 = await s.run(CONTRACT_MODEL, other, { haltOnQ: false, maxSteps: 4 });
  assert.notEqual(r4, r5);
  assert.equal((await r4.outcome).stopReason, 'cancelled');
  assert.equal((await r5.outcome).stopReason, 'max-steps');
  await s.dispose();
});

test('the worker thread streams steps, reports the provider, cancels, and reports model errors clearly', async () => {
  const client = new TrmWorkerClient({ provider: 'cuda', workerPath: join(ROOT, 'host-node/trm/worker/trmWorker.ts') });
  try {
    const info = await client.info(CONTRACT_MODEL);
    assert.equal(info.name, 'contract-sudoku4');
    assert.ok(info.provider === 'cuda' || /CUDA requested but/.test(info.providerNote ?? ''), JSON.stringify(info));
    const run = client.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 4 });
    const steps: number[] = [];
    for await (const s of run) steps.push(s.step);
    assert.deepEqual(steps, [1, 2, 3, 4]);
    const t = await run.trace;
    assert.equal(t.model, 'contract-sudoku4');
    assert.equal(t.outcome!.stepsRun, 4);
    const c = new AbortController();
    const long = client.run(CONTRACT_MODEL, other, { haltOnQ: false, maxSteps: 100000, signal: c.signal });
    for await (const s of long) if (s.step === 3) c.abort();
    const o = await long.outcome;
    assert.equal(o.stopReason, 'cancelled');
    assert.ok(o.stepsRun < 50, `ran ${o.stepsRun} steps`);
    await assert.rejects(client.info(join(ROOT, 'tests/fixtures/trm/wrong-names.onnx')), /metadata not found|graph/);
    await assert.rejects(client.run(join(ROOT, 'nope.onnx'), puzzle).outcome, (e: Error) =>
      /model not found: .*nope\.onnx/.test(e.message),
    );
  } finally {
    await client.dispose();
  }
});

const BUNDLED_WORKER = join(ROOT, 'dist/trmWorker.js');
test(
  'the bundled worker (dist/trmWorker.js) runs on CPU and on WebAssembly from dist/',
  { skip: existsSync(BUNDLED_WORKER) ? false : 'dist/trmWorker.js missing: run npm run build' },
  async () => {
    for (const provider of ['cpu', 'wasm'] as const) {
      const client = new TrmWorkerClient({ provider, workerPath: BUNDLED_WORKER });
      try {
        const o = await client.run(CONTRACT_MODEL, puzzle, { haltOnQ: false, maxSteps: 2 }).outcome;
        assert.equal(o.provider, provider);
        assert.equal(o.stepsRun, 2);
      } finally {
        await client.dispose();
      }
    }
  },
);
