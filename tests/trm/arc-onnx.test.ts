// The ARC path through a real graph (tests/fixtures/trm/contract-arc5: random weights, float16 puzzle
// table): every version of the task runs in one batch, and the engine's voted attempts equal a by-hand
// run of the same versions (augment, canvas, step, crop, de-augment, vote).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { arcCanvas, augmentGrid, cropCanvas, deaugmentGrid, parseVersionName, vote } from '../../core/src/trm/arc';
import { TrmEngine } from '../../core/src/trm/engine';
import { loadModel } from '../../host-node/trm';
import { createBackend } from '../../core/src/trm/providers';
import { ROOT, grid } from './helpers';

const PATH = join(ROOT, 'tests/fixtures/trm/contract-arc5.onnx');
const INPUT = [
  [1, 2, 0],
  [3, 0, 4],
];

test('ARC on an ONNX graph: versions batched, cropped, de-augmented and voted like the reference', async () => {
  const model = loadModel(PATH);
  const m = model.meta;
  assert.equal(model.embedding.mode, 'table');
  const engine = await TrmEngine.create(model, { provider: 'cpu' });
  const run = engine.run({ kind: 'arc', name: 'tsk', given: grid('120/304') }, { haltOnQ: false });
  const steps = [];
  for await (const s of run) steps.push(s);
  const o = await run.outcome;
  assert.equal(steps.length, m.max_steps);
  assert.equal(engine.batchStats.largest, 4, 'the four versions of "tsk" ran as one batch');
  assert.equal(o.warnings, undefined);

  // By hand, with the same backend type.
  const backend = await createBackend(model, { provider: 'cpu' });
  const names = ['tsk|||t0|||0123456789', 'tsk|||t1|||0321456789', 'tsk|||t5|||0987654321', 'tsk|||t6|||0213456789'];
  const L = m.seq_len,
    D = m.hidden_size,
    S = L + m.prefix_len,
    V = m.vocab_size,
    B = names.length;
  const augs = names.map((n) => parseVersionName(n)!.aug);
  const tokens = BigInt64Array.from(augs.flatMap((a) => Array.from(arcCanvas(augmentGrid(INPUT, a), 5, 5), BigInt)));
  const puzzleVec = new Float32Array(B * D);
  names.forEach((n, b) => puzzleVec.set(model.embedding.vector(n)!, b * D));
  let y: Float32Array = new Float32Array(B * S * D),
    z: Float32Array = new Float32Array(B * S * D);
  for (let i = 0; i < B * S; i++) {
    y.set(m.y_init, i * D);
    z.set(m.z_init, i * D);
  }
  let out;
  for (let s = 0; s < m.max_steps; s++) {
    out = await backend.run({ batch: B, tokens, puzzleVec, y, z });
    y = out.y;
    z = out.z;
  }
  await backend.dispose();
  const preds = augs.map((a, b) => {
    const ids = Array.from({ length: L }, (_, c) => {
      let best = 0;
      for (let v = 1; v < V; v++) if (out!.logits[(b * L + c) * V + v]! > out!.logits[(b * L + c) * V + best]!) best = v;
      return best;
    });
    return { grid: deaugmentGrid(cropCanvas(ids, 5, 5), a), haltScore: 1 / (1 + Math.exp(-out!.qHalt[b]!)) };
  });
  const expected = vote(preds);
  assert.deepEqual(
    o.attempts!.map((a) => [a.grid, a.votes]),
    expected.map((e) => [e.grid.map((r) => r.map(String)), e.votes]),
  );
  o.attempts!.forEach((a, i) => assert.ok(Math.abs(a.meanHaltScore - expected[i]!.meanHaltScore) < 1e-6));
  assert.deepEqual(o.answer, expected[0]?.grid.map((r) => r.map(String)) ?? []);
  // The streamed last step is the identity version's crop.
  assert.deepEqual(
    steps.at(-1)!.grid,
    preds[0]!.grid.map((r) => r.map(String)),
  );
  await engine.dispose();
});

test('ARC on an ONNX graph: an unknown task warns and uses the blank row', async () => {
  const engine = await TrmEngine.create(loadModel(PATH), { provider: 'cpu' });
  const o = await engine.run({ kind: 'arc', name: 'unknown-task', given: grid('12/34') }, { augmentations: 3, maxSteps: 1 }).outcome;
  assert.match(o.warnings![0]!, /does not know ARC task "unknown-task"/);
  assert.ok(o.stepsRun === 1);
  assert.throws(
    () => engine.run({ kind: 'arc', name: 'big', given: grid('123456/123456') }),
    /has a 5x5 canvas, the test input of "big" is 2x6/,
  );
  await engine.dispose();
});
