// The trace panel's decisions (client/src/tracePanelModel.ts) through the user's sequences, with every posted
// message fed to the webview's own reducer (webview/src/viewModel.ts), so what is checked is what the panel
// draws: the latest trace after a background run finished, never "running" after the run ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TracePanelModel, type PanelTarget } from '../../client/src/tracePanelModel';
import type { TrmTraceEvent, TrmTraceReply } from '../../core/src/protocol/index';
import type { Trace } from '../../core/src/trm/trace';
import type { ToWebview } from '../../webview/src/messages';
import { initialState, reduce, type ViewState } from '../../webview/src/viewModel';

const trace = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'traces', 'sudoku-9x9.trace.json'), 'utf8')) as Trace;
const uri = 'file:///w/s.arc';
const target = (puzzleIndex = 0, name = trace.puzzleName): PanelTarget => ({
  uri,
  puzzleIndex,
  testIndex: 0,
  view: { name, kind: 'sudoku', grid: trace.given },
});

function panel() {
  const posted: ToWebview[] = [];
  const model = new TracePanelModel((m) => posted.push(m));
  model.setReady(true);
  const view = (): ViewState => posted.reduce(reduce, initialState());
  return { model, posted, view };
}

/** What the server sends when a client asks for a finished background run's trace with start: every step again. */
function replayed(runId: string): TrmTraceEvent[] {
  return [
    {
      type: 'start',
      runId,
      uri,
      puzzleIndex: 0,
      testIndex: 0,
      puzzleName: trace.puzzleName,
      kind: 'sudoku',
      model: 'm',
      given: trace.given,
    },
    ...trace.steps.map((step): TrmTraceEvent => ({ type: 'step', runId, step })),
    { type: 'end', runId, outcome: trace.outcome! },
  ];
}
const finishedReply = (runId: string): TrmTraceReply => ({ runId, running: false, trace, view: target().view });

test("Show reasoning trace (lens) after the background run finished: the panel shows that run's whole trace", () => {
  const { model, view } = panel();
  // The events of the request arrive before its reply, while the panel shows nothing yet.
  for (const e of replayed('r1')) model.event(e);
  model.follow(target());
  model.reply({ uri, puzzleIndex: 0, testIndex: 0, start: true }, finishedReply('r1'));
  const v = view();
  assert.equal(v.trace?.steps.length, trace.steps.length);
  assert.equal(v.trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  assert.equal(v.runId, null, 'not shown as running');
});

test('Show reasoning trace (palette) after the background run finished: same, when the panel follows first', () => {
  const { model, view } = panel();
  model.follow(target());
  assert.equal(view().trace, null);
  for (const e of replayed('r1')) model.event(e);
  model.reply({ uri, puzzleIndex: 0, testIndex: 0, start: true }, finishedReply('r1'));
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  assert.equal(view().runId, null);
});

test('a partial trace of a running background run: the panel leaves "running" when the run ends', () => {
  const { model, view } = panel();
  model.follow(target());
  const partial: Trace = { ...trace, steps: trace.steps.slice(0, 1) };
  delete partial.outcome;
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, { runId: 'bg', running: true, trace: partial });
  assert.equal(view().runId, 'bg');
  // The server streams the rest of a run whose trace a client holds.
  for (const step of trace.steps.slice(1)) model.event({ type: 'step', runId: 'bg', step });
  model.event({ type: 'end', runId: 'bg', outcome: trace.outcome! });
  assert.equal(view().runId, null);
  assert.equal(view().trace?.steps.length, trace.steps.length);
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
});

test('a run that ends while the panel shows another puzzle is shown finished on coming back', () => {
  const { model, view } = panel();
  model.follow(target());
  model.event(replayed('r2')[0]!);
  model.event(replayed('r2')[1]!);
  assert.equal(view().runId, 'r2');
  model.follow(target(1, 'other'));
  for (const e of replayed('r2').slice(2)) model.event(e);
  model.follow(target());
  assert.equal(view().runId, null);
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
});

test('a webview that was hidden gets the whole state when it is ready again', () => {
  const { model, posted, view } = panel();
  model.follow(target());
  model.setReady(false);
  for (const e of replayed('r3')) model.event(e);
  const before = posted.length;
  model.setReady(true);
  assert.equal(posted.length, before + 1);
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  assert.equal(view().runId, null);
});

/** The fixture puzzle after the user wrote `digit` into its first blank given. */
function editedTarget(digit: string): PanelTarget {
  const grid = trace.given.map((row) => [...row]);
  grid[0]![0] = digit;
  return { ...target(), view: { ...target().view, grid } };
}

test("an edit of the shown puzzle's givens: the run of the old givens is no longer shown, and the new run is", () => {
  const { model, view } = panel();
  model.follow(target());
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, finishedReply('old'));
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  // Same document, index and name: only the givens tell the old run from the new one.
  const edited = editedTarget('4');
  model.follow(edited);
  assert.equal(view().trace, null, 'the panel still shows the run of the givens before the edit');
  assert.equal(model.hasTrace(), false, 'the panel would not ask for the run of the new givens');
  const fresh: Trace = { puzzleName: trace.puzzleName, kind: 'sudoku', model: 'm', given: edited.view.grid!, steps: [] };
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, { runId: 'new', running: true, trace: fresh, view: edited.view });
  assert.equal(view().runId, 'new');
  for (const step of trace.steps) model.event({ type: 'step', runId: 'new', step });
  model.event({ type: 'end', runId: 'new', outcome: trace.outcome! });
  assert.equal(view().runId, null);
  assert.equal(view().trace?.steps.length, trace.steps.length);
  assert.deepEqual(view().trace?.given, edited.view.grid);
});

test('an edit that leaves the givens alone (the solution section) keeps the finished run shown', () => {
  const { model, view } = panel();
  model.follow(target());
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, finishedReply('r4'));
  model.follow({ ...target(), view: { ...target().view, solution: trace.steps.at(-1)!.grid } });
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  assert.equal(model.hasTrace(), true);
});

test('a setting that restarts every run (the search off): the finished trace goes, and the new run is shown when its reply comes', () => {
  const { model, view } = panel();
  model.follow(target());
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, finishedReply('r1'));
  assert.equal(view().trace?.outcome?.stepsRun, trace.outcome!.stepsRun);
  model.event({ type: 'runsRestarted' });
  assert.equal(view().trace, null, 'the trace of a run computed with the old settings is still shown');
  assert.equal(model.hasTrace(), false);
  const partial: Trace = { ...trace, steps: trace.steps.slice(0, 2) };
  delete partial.outcome;
  model.reply({ uri, puzzleIndex: 0, testIndex: 0 }, { runId: 'r2', running: true, trace: partial });
  assert.equal(view().runId, 'r2');
  assert.equal(view().trace?.steps.length, 2);
});
