// The trace panel's run memory (client/src/traceStore.ts): server events become webview messages only for the
// puzzle shown; every run is kept; late replies never replace what streamed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTraceJson, TraceStore, traceKey } from '../../client/src/traceStore';
import type { TrmTraceEvent } from '../../core/src/protocol/trmMessages';
import type { Trace } from '../../core/src/trm/trace';

const trace = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'traces', 'sudoku-9x9.trace.json'), 'utf8')) as Trace;
const uri = 'file:///w/s.arc';
const start = (runId: string, puzzleIndex = 0, puzzleName = trace.puzzleName): TrmTraceEvent => ({
  type: 'start',
  runId,
  uri,
  puzzleIndex,
  testIndex: 0,
  puzzleName,
  kind: 'sudoku',
  model: 'm',
  given: trace.given,
  expected: trace.expected!,
});
const shown = traceKey(uri, 0, trace.puzzleName);

test('events of the shown puzzle become traceStart / traceStep / traceEnd; the trace builds up', () => {
  const store = new TraceStore();
  assert.deepEqual(store.onEvent(start('r1'), shown), {
    type: 'traceStart',
    runId: 'r1',
    puzzleName: trace.puzzleName,
    kind: 'sudoku',
    model: 'm',
    given: trace.given,
    expected: trace.expected,
  });
  for (const s of trace.steps.slice(0, 3))
    assert.deepEqual(store.onEvent({ type: 'step', runId: 'r1', step: s }, shown), { type: 'traceStep', runId: 'r1', step: s });
  assert.equal(store.get(shown)!.trace.steps.length, 3);
  assert.equal(store.get(shown)!.runId, 'r1');
  assert.deepEqual(store.onEvent({ type: 'end', runId: 'r1', outcome: trace.outcome! }, shown), {
    type: 'traceEnd',
    runId: 'r1',
    outcome: trace.outcome,
  });
  assert.equal(store.get(shown)!.runId, null);
  assert.equal(store.get(shown)!.trace.outcome!.stepsRun, 16);
  assert.equal(store.onEvent({ type: 'step', runId: 'r1', step: trace.steps[3]! }, shown), undefined, 'no steps after the end');
  assert.equal(store.get(shown)!.trace.steps.length, 3);
});

test('runs of other puzzles are kept but not posted; a new run supersedes the old one', () => {
  const store = new TraceStore();
  assert.equal(store.onEvent(start('a', 1, 'other'), shown), undefined);
  assert.equal(store.onEvent({ type: 'step', runId: 'a', step: trace.steps[0]! }, shown), undefined);
  assert.equal(store.get(traceKey(uri, 1, 'other'))!.trace.steps.length, 1);
  store.onEvent(start('b', 1, 'other'), null);
  assert.equal(store.onEvent({ type: 'step', runId: 'a', step: trace.steps[1]! }, null), undefined, 'the stale run is ignored');
  assert.equal(store.get(traceKey(uri, 1, 'other'))!.trace.steps.length, 0);
  const err = store.onEvent({ type: 'end', runId: 'b', error: 'Model failed to load' }, traceKey(uri, 1, 'other'));
  assert.deepEqual(err, { type: 'traceEnd', runId: 'b', error: 'Model failed to load' });
});

test('replies: stored when new; ignored when the stream knows as much or the run already ended', () => {
  const store = new TraceStore();
  const request = { uri, puzzleIndex: 0 };
  const partial: Trace = { ...trace, steps: trace.steps.slice(0, 2) };
  delete partial.outcome;
  assert.equal(store.adoptReply(request, { runId: 'r', running: true, trace: partial }), shown);
  assert.equal(store.get(shown)!.runId, 'r');
  // Live steps continue the replied trace.
  store.onEvent({ type: 'step', runId: 'r', step: trace.steps[2]! }, shown);
  assert.equal(store.get(shown)!.trace.steps.length, 3);
  assert.equal(store.adoptReply(request, { runId: 'r', running: true, trace: partial }), undefined, 'an older reply of the same run');
  store.onEvent({ type: 'end', runId: 'r', outcome: trace.outcome! }, shown);
  assert.equal(store.adoptReply(request, { runId: 'r', running: true, trace: partial }), undefined, 'a reply that arrives after the end');
  assert.equal(store.get(shown)!.trace.steps.length, 3);
  assert.equal(store.adoptReply(request, { runId: 'r2', running: false, trace }), shown, 'another, finished run');
  assert.equal(store.get(shown)!.trace.steps.length, 16);
});

test('bounded: the oldest puzzles are forgotten first', () => {
  const store = new TraceStore(3);
  for (let i = 0; i < 5; i++) store.onEvent(start(`r${i}`, i, `p${i}`), null);
  assert.equal(store.size, 3);
  assert.equal(store.get(traceKey(uri, 0, 'p0')), undefined);
  assert.ok(store.get(traceKey(uri, 4, 'p4')));
  assert.equal(store.onEvent({ type: 'step', runId: 'r0', step: trace.steps[0]! }, null), undefined);
});

test("trace files: the CLI's `trace --json` output and the fixtures are traces; broken files say what is wrong", () => {
  const dir = join(__dirname, '..', 'fixtures', 'traces');
  for (const f of ['cli-sudoku-4x4-tiny', 'sudoku-9x9', 'arc-0ca9ddb6', 'maze-15x15']) {
    const t = checkTraceJson(JSON.parse(readFileSync(join(dir, `${f}.trace.json`), 'utf8')));
    assert.equal(typeof t, 'object', `${f}: ${String(t)}`);
  }
  assert.equal(checkTraceJson([]), 'its "kind" is not "arc", "sudoku" or "maze"');
  assert.equal(checkTraceJson(null), 'the file does not hold a JSON object');
  assert.equal(checkTraceJson({ kind: 'maze', puzzleName: 'm', given: [['#']] }), 'it has no "steps" list');
  assert.equal(checkTraceJson({ kind: 'maze', puzzleName: 'm', given: [[1]], steps: [] }), '"given" is not a grid of symbols');
  assert.equal(
    checkTraceJson({ kind: 'maze', puzzleName: 'm', given: [['#']], steps: [{ step: 1, grid: [['#']] }] }),
    'step 1 lacks "step", "grid" or "haltScore"',
  );
  const ok = checkTraceJson({ kind: 'maze', puzzleName: 'm', given: [['#']], steps: [] });
  assert.equal(typeof ok === 'object' && ok.model, 'unknown model', 'a missing model name is filled in');
});
