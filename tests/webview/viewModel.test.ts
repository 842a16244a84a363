// The trace webview's pure parts: trace -> frames, halting point, cell history, the message reducer
// (streaming), saved state, puzzle lookup at the cursor, message guards and the page's CSP.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import type { Trace, TraceStep } from '../../core/src/trm/trace';
import { percent } from '../../core/src/assist/present';
import { comparisonFor } from '../../webview/src/exactAnswer';
import { contentSecurityPolicy, makeNonce, traceHtml } from '../../webview/src/html';
import { confidenceText, countText, traceStatusText } from '../../webview/src/wording';
import { isFromWebview, isToWebview, type ToWebview } from '../../webview/src/messages';
import {
  buildFrame,
  buildFrames,
  cellHistory,
  describeFrame,
  findPuzzleAt,
  goToStep,
  haltingPoint,
  initialState,
  nextPlayIndex,
  puzzleViewFromAst,
  reduce,
  restoreState,
  savedState,
  selectCell,
  stepForKey,
  type ViewState,
} from '../../webview/src/viewModel';

const fixtures = join(__dirname, '..', 'fixtures', 'traces');
const loadTrace = (name: string): Trace => JSON.parse(readFileSync(join(fixtures, `${name}.trace.json`), 'utf8')) as Trace;

function step(n: number, grid: string[][], haltScore: number, changed?: [number, number][]): TraceStep {
  return {
    step: n,
    grid,
    probability: grid.map((r) => r.map(() => 0.5 + n / 10)),
    top: grid.map((r) => r.map((s) => [{ symbol: s, probability: 0.5 + n / 10 }])),
    changed: changed ?? [],
    haltScore,
    elapsedMs: n * 10,
  };
}

/** A 2x2 Sudoku-like trace: given at (0,0); expected known. */
function tiny(): Trace {
  return {
    puzzleName: 'tiny',
    kind: 'sudoku',
    model: 'm',
    given: [
      ['1', '.'],
      ['.', '.'],
    ],
    expected: [
      ['1', '2'],
      ['2', '1'],
    ],
    steps: [
      step(
        1,
        [
          ['1', '1'],
          ['2', '2'],
        ],
        0.1,
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
      ),
      step(
        2,
        [
          ['1', '2'],
          ['2', '2'],
        ],
        0.6,
        [[0, 1]],
      ),
      step(
        3,
        [
          ['1', '2'],
          ['2', '1'],
        ],
        0.9,
        [[1, 1]],
      ),
    ],
  };
}

describe('frames', () => {
  test('changed, wrong and given cells of each step', () => {
    const t = tiny();
    const f1 = buildFrame(t, 0);
    assert.equal(f1.step, 1);
    assert.equal(f1.total, 3);
    assert.equal(f1.changedCount, 4);
    assert.equal(f1.wrongCount, 2);
    assert.deepEqual(
      f1.cells.map((r) => r.map((c) => c.wrong)),
      [
        [false, true],
        [false, true],
      ],
    );
    assert.deepEqual(
      f1.cells.map((r) => r.map((c) => c.given)),
      [
        [true, false],
        [false, false],
      ],
    );
    const f2 = buildFrame(t, 1);
    assert.deepEqual(
      f2.cells.map((r) => r.map((c) => c.changed)),
      [
        [false, true],
        [false, false],
      ],
    );
    assert.equal(f2.wrongCount, 1);
    assert.equal(f2.isHaltPoint, true, 'first halt score above 0.5');
    const f3 = buildFrame(t, 2);
    assert.equal(f3.wrongCount, 0);
    assert.equal(f3.isHaltPoint, false);
    assert.throws(() => buildFrame(t, 3), /no step at index 3/);
  });

  test('without a solution nothing is wrong; `?` cells of the solution are unknown, not wrong', () => {
    const t = tiny();
    delete t.expected;
    assert.equal(buildFrame(t, 0).wrongCount, null);
    assert.ok(
      buildFrame(t, 0)
        .cells.flat()
        .every((c) => !c.wrong),
    );
    t.expected = [
      ['1', '?'],
      ['?', '?'],
    ];
    assert.equal(buildFrame(t, 0).wrongCount, 0);
    t.expected = [
      ['?', '?'],
      ['?', '?'],
    ];
    assert.equal(buildFrame(t, 0).wrongCount, null, 'an all-unknown solution is no solution');
  });

  test('ARC predictions of another size than the solution', () => {
    const t: Trace = {
      puzzleName: 'a',
      kind: 'arc',
      model: 'm',
      given: [['0']],
      expected: [
        ['1', '2'],
        ['3', '4'],
      ],
      steps: [
        step(1, [['1', '2', '5']], 0.2, [
          [0, 0],
          [0, 1],
          [0, 2],
        ]),
      ],
    };
    const f = buildFrame(t, 0);
    assert.equal(f.sizeMismatch, true);
    assert.equal(f.rows, 1);
    assert.equal(f.cols, 3);
    // (0,2) is outside the solution; (1,0) and (1,1) are not covered by the prediction.
    assert.equal(f.wrongCount, 3);
    assert.ok(
      f.cells.flat().every((c) => !c.given),
      'ARC predictions have no givens',
    );
    assert.match(describeFrame(f, t), /size differs from the solution/);
  });

  test('a producer without `changed` gets it computed from the grids', () => {
    const t = tiny();
    for (const s of t.steps) delete (s as Partial<TraceStep>).changed;
    assert.equal(buildFrame(t, 0).changedCount, 4);
    assert.deepEqual(
      buildFrame(t, 1)
        .cells.flat()
        .map((c) => c.changed),
      [false, true, false, false],
    );
  });

  test("maze walls, start and goal are the puzzle's; open cells are the model's", () => {
    const t = loadTrace('maze-15x15');
    const f = buildFrame(t, 0);
    for (let r = 0; r < f.rows; r++)
      for (let c = 0; c < f.cols; c++) assert.equal(f.cells[r]![c]!.given, ['#', 'S', 'G'].includes(t.given[r]![c]!), `cell ${r},${c}`);
  });

  test('fixture traces: every frame builds, the prediction converges, the halt point is on the curve', () => {
    for (const name of ['arc-0ca9ddb6', 'sudoku-9x9', 'maze-15x15']) {
      const t = loadTrace(name);
      const frames = buildFrames(t);
      assert.equal(frames.length, t.steps.length);
      assert.ok(frames[0]!.wrongCount! > frames[frames.length - 1]!.wrongCount!, `${name}: fewer wrong cells at the end`);
      assert.equal(frames.filter((f) => f.isHaltPoint).length, 1, `${name}: one halting point`);
      assert.equal(frames.find((f) => f.isHaltPoint)!.step, t.outcome!.haltedAt);
    }
  });
});

describe('halting point and cell history', () => {
  test('the outcome decides when there is one, else the first score above 0.5', () => {
    const t = tiny();
    assert.equal(haltingPoint(t), 2);
    t.steps[1]!.haltScore = 0.5; // not above
    assert.equal(haltingPoint(t), 3);
    t.outcome = {
      answer: [],
      satisfiesRules: true,
      violations: [],
      stepsRun: 3,
      haltedAt: null,
      stopReason: 'max-steps',
      provider: 'cpu',
      elapsedMs: 30,
    };
    assert.equal(haltingPoint(t), null);
    assert.match(describeFrame(buildFrame(t, 2), t), /^Step 3 of 3, 1 cell changed, all cells right, halt score 0\.90$/);
  });

  test('a cell over the steps', () => {
    const h = cellHistory(tiny(), 1, 1);
    assert.deepEqual(
      h.map((e) => [e.step, e.symbol, e.changed, e.wrong]),
      [
        [1, '2', true, true],
        [2, '2', false, true],
        [3, '1', true, false],
      ],
    );
    assert.equal(h[2]!.probability, 0.8);
    assert.deepEqual(h[0]!.top, [{ symbol: '2', probability: 0.6 }]);
    assert.deepEqual(
      cellHistory(tiny(), 5, 5).map((e) => e.symbol),
      [undefined, undefined, undefined],
    );
  });
});

describe('state: messages and user actions', () => {
  const t = tiny();
  const given = t.given;
  const puzzle = { name: 'tiny', kind: 'sudoku' as const, grid: given };

  function run(state: ViewState, ...msgs: ToWebview[]): ViewState {
    return msgs.reduce(reduce, state);
  }

  test('a streamed run: start, steps that the view follows, end with outcome', () => {
    let s = run(initialState(), { type: 'showPuzzle', puzzle, trace: null });
    assert.equal(s.trace, null);
    s = run(s, { type: 'traceStart', runId: 'r1', puzzleName: 'tiny', kind: 'sudoku', model: 'm', given, expected: t.expected! });
    assert.equal(s.runId, 'r1');
    assert.equal(s.stepIndex, -1);
    assert.equal(s.puzzle?.name, 'tiny', 'the run is on the shown puzzle: keep it');
    s = run(s, { type: 'traceStep', runId: 'r1', step: t.steps[0]! }, { type: 'traceStep', runId: 'r1', step: t.steps[1]! });
    assert.equal(s.trace!.steps.length, 2);
    assert.equal(s.stepIndex, 1, 'follows the newest step');
    s = goToStep(s, 0);
    assert.equal(s.follow, false);
    s = run(s, { type: 'traceStep', runId: 'r1', step: t.steps[2]! });
    assert.equal(s.stepIndex, 0, 'not pulled forward after stepping back');
    s = stepForKey(s, 'End');
    assert.equal(s.follow, true);
    const ignored = run(s, { type: 'traceStep', runId: 'old', step: t.steps[0]! });
    assert.equal(ignored, s, 'steps of another run change nothing');
    s = run(s, {
      type: 'traceEnd',
      runId: 'r1',
      outcome: {
        answer: [],
        satisfiesRules: true,
        violations: [],
        stepsRun: 3,
        haltedAt: 2,
        stopReason: 'halted',
        provider: 'cpu',
        elapsedMs: 30,
      },
    });
    assert.equal(s.runId, null);
    assert.equal(s.trace!.outcome!.stopReason, 'halted');
  });

  test('a partial trace of a run that is still going: later steps of that run append', () => {
    const partial: Trace = { ...t, steps: t.steps.slice(0, 1) };
    let s = run(initialState(), { type: 'showTrace', trace: partial, puzzle, runId: 'live' });
    assert.equal(s.runId, 'live');
    s = run(s, { type: 'traceStep', runId: 'live', step: t.steps[1]! });
    assert.equal(s.trace!.steps.length, 2);
    assert.equal(s.stepIndex, 1);
    s = run(s, { type: 'showTrace', trace: t });
    assert.equal(s.runId, null, 'a finished trace is not live');
  });

  test('a run that fails keeps its steps and shows the error until the next run', () => {
    let s = run(
      initialState(),
      { type: 'traceStart', runId: 'r', puzzleName: 'x', kind: 'sudoku', model: 'm', given },
      { type: 'traceStep', runId: 'r', step: t.steps[0]! },
    );
    assert.equal(s.puzzle, null, 'no puzzle view for another puzzle');
    s = run(s, { type: 'traceEnd', runId: 'r', error: 'The model file is missing: models/sudoku.onnx' });
    assert.equal(s.runError, 'The model file is missing: models/sudoku.onnx');
    assert.equal(s.trace!.steps.length, 1);
    s = run(s, { type: 'traceStart', runId: 'r2', puzzleName: 'x', kind: 'sudoku', model: 'm', given });
    assert.equal(s.runError, undefined);
  });

  test('moving between puzzles: the trace belongs to its puzzle', () => {
    let s = run(initialState(), { type: 'showTrace', trace: t, puzzle });
    assert.equal(s.stepIndex, 2, 'a finished trace opens at its last step');
    s = selectCell(goToStep(s, 1), 1, 0);
    // Same puzzle again (the cursor moved inside it): trace, step and selection stay.
    s = run(s, { type: 'showPuzzle', puzzle: { ...puzzle } });
    assert.equal(s.trace, t);
    assert.equal(s.stepIndex, 1);
    assert.deepEqual(s.selected, [1, 0]);
    // Another puzzle without a trace: the old trace goes.
    s = run(s, { type: 'showPuzzle', puzzle: { name: 'other', kind: 'maze', grid: [['#']] } });
    assert.equal(s.trace, null);
    assert.equal(s.selected, null);
    assert.equal(s.stepIndex, -1);
    // Back, with the cached trace from the extension.
    s = run(s, { type: 'showPuzzle', puzzle, trace: t });
    assert.equal(s.stepIndex, 2);
    // No puzzle at all.
    s = run(s, { type: 'showPuzzle', puzzle: null, reason: 'No puzzles in this file.' });
    assert.equal(s.trace, null);
    assert.equal(s.reason, 'No puzzles in this file.');
  });

  test('player keys, clamping and the play loop', () => {
    let s = run(initialState(), { type: 'showTrace', trace: t });
    assert.equal(stepForKey(s, 'ArrowRight').stepIndex, 2, 'clamped at the last step');
    s = stepForKey(s, 'Home');
    assert.equal(s.stepIndex, 0);
    assert.equal(stepForKey(s, 'ArrowLeft').stepIndex, 0);
    assert.equal(stepForKey(s, 'ArrowRight').stepIndex, 1);
    assert.equal(goToStep(s, 99).stepIndex, 2);
    assert.equal(nextPlayIndex(s), 1);
    assert.equal(nextPlayIndex(goToStep(s, 2)), null);
    assert.equal(goToStep(initialState(), 3).stepIndex, -1, 'no trace: nothing to step');
    assert.equal(selectCell(selectCell(s, 0, 1), 0, 1).selected, null, 'clicking the selected cell again clears it');
  });

  test('saved state round trip; a foreign or old state is not trusted', () => {
    let s = run(initialState(), { type: 'traceStart', runId: 'r', puzzleName: 'tiny', kind: 'sudoku', model: 'm', given });
    s = run(s, { type: 'traceStep', runId: 'r', step: t.steps[0]! }, { type: 'traceStep', runId: 'r', step: t.steps[1]! });
    s = { ...goToStep(s, 0), heatmap: true };
    const back = restoreState(JSON.parse(JSON.stringify(savedState(s))));
    assert.equal(back.runId, null, 'a restored panel is not streaming');
    assert.equal(back.stepIndex, 0);
    assert.equal(back.heatmap, true);
    assert.deepEqual(back.trace, s.trace);
    assert.deepEqual(restoreState({ version: 0, view: s }), initialState());
    assert.deepEqual(restoreState('garbage'), initialState());
    assert.deepEqual(restoreState(undefined), initialState());
    assert.equal(restoreState({ version: 1, view: { ...s, stepIndex: 40 } }).stepIndex, 1, 'clamped to the trace');
  });
});

describe('puzzles from the document', () => {
  const raw = readFileSync(join(fixtures, 'follow-cursor.arc'), 'utf8');
  const markers: { name: string; line: number; character: number }[] = [];
  const text = raw
    .split('\n')
    .map((line, i) => {
      let out = '';
      let rest = line;
      for (let m = /@@([A-Za-z0-9_-]+)/.exec(rest); m; m = /@@([A-Za-z0-9_-]+)/.exec(rest)) {
        out += rest.slice(0, m.index);
        markers.push({ name: m[1]!, line: i, character: out.length });
        rest = rest.slice(m.index + m[0].length);
      }
      return out + rest;
    })
    .join('\n');
  const { document, diagnostics } = parse(text);

  test('the fixture parses cleanly', () => {
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [],
    );
    assert.ok(markers.length >= 6);
  });

  test('the puzzle at each cursor marker', () => {
    for (const m of markers) assert.equal(findPuzzleAt(document, m)?.name, m.name, `cursor at ${m.line}:${m.character}`);
    assert.equal(findPuzzleAt({ puzzles: [], comments: [] }, { line: 0, character: 0 }), undefined);
  });

  test('drawable views of each kind', () => {
    const [sudoku, maze, arc] = document.puzzles.map((p) =>
      puzzleViewFromAst(p, { uri: 'file:///x.arc', fileName: 'x.arc', line: p.range.start.line }),
    );
    assert.deepEqual(sudoku!.grid, [
      ['1', '.', '.', '.'],
      ['.', '.', '2', '.'],
      ['.', '3', '.', '.'],
      ['.', '.', '.', '4'],
    ]);
    assert.equal(sudoku!.solution, undefined);
    assert.equal(sudoku!.source!.line, 3);
    assert.equal(maze!.kind, 'maze');
    assert.deepEqual(maze!.solution![1], ['#', 'S', 'o', 'o', '#']);
    assert.deepEqual(arc!.pairs, [
      {
        role: 'train',
        input: [
          ['1', '2'],
          ['3', '4'],
        ],
        output: [
          ['4', '3'],
          ['2', '1'],
        ],
      },
      {
        role: 'test',
        input: [
          ['5', '6'],
          ['7', '8'],
        ],
        output: [
          ['8', '7'],
          ['6', '5'],
        ],
      },
    ]);
  });
});

describe('messages and page', () => {
  test('guards accept the protocol and nothing else', () => {
    assert.ok(isToWebview({ type: 'traceStep', runId: 'r', step: {} }));
    assert.ok(!isToWebview({ type: 'exportPng' }));
    assert.ok(!isToWebview(null));
    assert.ok(!isToWebview('showTrace'));
    assert.ok(isFromWebview({ type: 'ready' }));
    assert.ok(isFromWebview({ type: 'exportPng', what: 'view', dataUrl: 'data:image/png;base64,AAAA', suggestedName: 'a.png' }));
    assert.ok(!isFromWebview({ type: 'exportPng', what: 'view', dataUrl: 'https://example.com/x.png', suggestedName: 'a.png' }));
    assert.ok(!isFromWebview({ type: 'exportPng', what: 'gif', dataUrl: 'data:image/png;base64,AAAA', suggestedName: 'a.png' }));
    assert.ok(!isFromWebview({ type: 'showTrace' }));
  });

  test('strict CSP with a nonce: no inline code without it, nothing remote', () => {
    // From the cryptographic generator: Math.random is never asked.
    const random = Math.random;
    Math.random = () => {
      throw new Error('makeNonce used Math.random');
    };
    try {
      assert.match(makeNonce(), /^[A-Za-z0-9]{32}$/);
    } finally {
      Math.random = random;
    }
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(makeNonce(), nonce);
    const csp = contentSecurityPolicy('vscode-webview://abc', nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    const html = traceHtml({ cspSource: 'vscode-webview://abc', nonce, scriptUri: 'vscode-webview://abc/dist/webview.js', title: 'a<b' });
    assert.equal(html.match(/<script\b/g)!.length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="vscode-webview://abc/dist/webview.js">`));
    assert.match(html, new RegExp(`<style nonce="${nonce}">`));
    assert.match(html, /<title>a&lt;b<\/title>/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP would block them)');
  });
});

describe('panel wording and the answer wrong cells are checked against', () => {
  test('counts and confidences read like the hovers', () => {
    assert.equal(countText(1, 'step'), '1 step');
    assert.equal(countText(16, 'step'), '16 steps');
    for (const p of [0, 0.001, 0.42, 0.996, 1]) assert.equal(confidenceText(p), percent(p));
  });

  test('the status line says where the run ran, and the int8 graph only when that ran', () => {
    const outcome = {
      answer: [],
      satisfiesRules: true,
      violations: [],
      stepsRun: 3,
      haltedAt: 2,
      stopReason: 'halted' as const,
      provider: 'cpu' as const,
      elapsedMs: 30,
    };
    assert.match(traceStatusText({ ...tiny(), outcome }, false), /3 steps on cpu, halted/);
    assert.match(
      traceStatusText({ ...tiny(), outcome: { ...outcome, precision: 'int8' } }, false),
      /3 steps on cpu \(int8 graph\), halted/,
    );
  });

  test("wrong cells are checked against the file's answer, else the exact solver's answer the server sent; ARC never", () => {
    const sudoku = JSON.parse(readFileSync(join(fixtures, 'sudoku-9x9.trace.json'), 'utf8')) as Trace;
    assert.equal(comparisonFor(sudoku)?.from, 'file');
    const sent = comparisonFor({ kind: 'sudoku', solverAnswer: sudoku.expected! });
    assert.equal(sent?.from, 'exact-solver');
    assert.deepEqual(sent?.grid, sudoku.expected);
    // Nothing sent (the puzzle has several solutions, or none): nothing to compare with; the webview never solves.
    assert.equal(comparisonFor({ kind: 'sudoku' }), undefined);
    assert.equal(comparisonFor({ kind: 'arc', solverAnswer: [['1']] }), undefined);
  });
});
