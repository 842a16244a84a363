// The assistant's pure helpers (core/src/assist): completion ranking, per-cell history and settling,
// settings validation and workspace trust, model diagnostics, answer targets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { answerTarget, modelCellAt, pairIndexOfTest, runCount, testIndexOfPair } from '../../core/src/assist/cells';
import { modelDiagnostics } from '../../core/src/assist/modelDiagnostics';
import { cellHistory, cellHoverMarkdown, outcomeLensTitle, settleStep } from '../../core/src/assist/present';
import { rankSymbols } from '../../core/src/assist/rank';
import { statusText } from '../../core/src/assist/status';
import { DEFAULT_TRM_SETTINGS, mergeTrmSettings, modelPathsOf, runOptionsOf } from '../../core/src/assist/settings';
import { locate } from '../../core/src/language/locate';
import type { TraceOutcome, TraceStep } from '../../core/src/trm/trace';

function step(n: number, grid: string[][], prob: number, halt = 0.1): TraceStep {
  return {
    step: n, grid, probability: grid.map((r) => r.map(() => prob)), top: grid.map((r) => r.map((s) => [{ symbol: s, probability: prob }])),
    changed: [], haltScore: halt, elapsedMs: n,
  };
}

describe('rankSymbols', () => {
  it('orders by probability, unranked allowed symbols next, fillers, then forbidden ones marked', () => {
    const r = rankSymbols(['1', '2', '4', '.'], new Set(['.', '?']), [
      { symbol: '3', probability: 0.5 }, { symbol: '4', probability: 0.3 }, { symbol: '1', probability: 0.15 },
    ]);
    assert.deepEqual(r.map((x) => x.symbol), ['4', '1', '2', '.', '3']);
    assert.deepEqual(r.map((x) => x.forbidden), [false, false, false, false, true]);
    assert.equal(r[0]!.probability, 0.3);
    assert.equal(r[2]!.probability, undefined);
  });
  it('a forbidden symbol the model barely considers is left out', () => {
    const r = rankSymbols(['1', '.'], new Set(['.']), [{ symbol: '1', probability: 0.97 }, { symbol: '3', probability: 0.02 }, { symbol: '4', probability: 0.01 }]);
    assert.deepEqual(r.map((x) => x.symbol), ['1', '.']);
  });
  it('equal probabilities keep the rules order; a filler never gets a probability', () => {
    const r = rankSymbols(['a', 'b', '?'], new Set(['?']), [{ symbol: 'b', probability: 0.4 }, { symbol: 'a', probability: 0.4 }, { symbol: '?', probability: 0.2 }]);
    assert.deepEqual(r.map((x) => x.symbol), ['a', 'b', '?']);
    assert.equal(r[2]!.probability, undefined);
  });
});

describe('cell history', () => {
  const steps = [step(1, [['1']], 0.4), step(2, [['2']], 0.6), step(3, [['2']], 0.9, 0.7), step(4, [['2']], 0.95, 0.8)];
  it('lists every step with changes and settles at the first step of the final run', () => {
    const h = cellHistory(steps, 0, 0);
    assert.deepEqual(h.map((s) => [s.step, s.symbol, s.changed]), [[1, '1', true], [2, '2', true], [3, '2', false], [4, '2', false]]);
    assert.equal(settleStep(h), 2);
    const md = cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps, running: false });
    assert.equal(md.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 4);
    assert.match(md, /Settled on `2` at step 2 \(95%\)/);
    assert.match(md, /\| 3 \| `2` \| 90% \|  \| 0.70 \|/);
  });
  it('while running it says how far the run is', () => {
    const md = cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps: steps.slice(0, 2), running: true, maxSteps: 16 });
    assert.match(md, /Running: 2 steps so far of at most 16/);
    assert.match(md, /So far `2` since step 2/);
  });
  it('a cell outside the answer (ARC crop) has no history', () => {
    assert.deepEqual(cellHistory(steps, 3, 3), []);
  });
});

describe('settings', () => {
  it('keeps defaults for invalid values and maps halting modes to run options', () => {
    const s = mergeTrmSettings(DEFAULT_TRM_SETTINGS, { provider: 'gpu' as never, maxSteps: -3, haltingMode: 'stable', confidenceThreshold: 2, modelDiagnostics: false });
    assert.equal(s.provider, 'auto');
    assert.equal(s.maxSteps, 0);
    assert.equal(s.confidenceThreshold, DEFAULT_TRM_SETTINGS.confidenceThreshold);
    assert.equal(s.modelDiagnostics, false);
    assert.deepEqual(runOptionsOf(s, 1), { testIndex: 1, haltOnQ: false, stableSteps: 2 });
    assert.deepEqual(runOptionsOf({ ...s, haltingMode: 'halt', maxSteps: 8, arcAugmentations: 4 }), { testIndex: 0, maxSteps: 8, haltOnQ: true, augmentations: 4 });
  });
  it('workspace model paths only in a trusted workspace', () => {
    assert.deepEqual(modelPathsOf({ models: { user: ['a.onnx', ' ', 3 as never], workspace: ['w.onnx'] }, workspaceTrusted: false }), { user: ['a.onnx'], workspace: [], ignored: ['w.onnx'] });
    assert.deepEqual(modelPathsOf({ models: { workspace: ['w.onnx'] }, workspaceTrusted: true }).workspace, ['w.onnx']);
    assert.deepEqual(modelPathsOf({ models: { workspace: ['w.onnx'] } }).workspace, ['w.onnx'], 'no trust model (Neovim): trusted');
  });
});

const DOC = `sudoku s 4x4
  givens
    1 . . 4
    . 4 1 .
    2 . . 3
    . 3 2 .
  solution
    1 3 ? ?
    ? ? ? ?
    ? ? ? ?
    ? ? ? ?
arc t
  train
    input
      1
    output
      2
  test
    input
      1
    output
      ? ?
  test
    input
      3
    output
      ?
`;

describe('model diagnostics and answer targets', () => {
  const doc = parse(DOC).document;
  const sudoku = doc.puzzles[0]!;
  const arc = doc.puzzles[1]!;
  const answer = [['1', '2', '3', '4'], ['3', '4', '1', '2'], ['2', '1', '4', '3'], ['4', '3', '2', '1']];
  it('flags a filled cell the model confidently disagrees with, and only at or above the threshold', () => {
    const d = modelDiagnostics(sudoku, 0, step(5, answer, 0.97), 0.9, 'tiny');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.source, 'trm');
    assert.equal(d[0]!.code, 'T001');
    assert.equal(d[0]!.severity, 'information');
    assert.deepEqual(d[0]!.range.start, { line: 7, character: 6 });
    assert.deepEqual(d[0]!.data, { value: '2', probability: 0.97, written: '3', row: 0, col: 1 });
    assert.deepEqual(modelDiagnostics(sudoku, 0, step(5, answer, 0.85), 0.9, 'tiny'), []);
  });
  it('ARC: one run per test pair, written into that pair\'s output', () => {
    assert.equal(runCount(arc), 2);
    assert.equal(testIndexOfPair(arc, 0), undefined);
    assert.equal(testIndexOfPair(arc, 2), 1);
    assert.equal(pairIndexOfTest(arc, 1), 2);
    assert.deepEqual(answerTarget(arc, 1), { keyword: 'output', pairIndex: 2 });
    assert.deepEqual(answerTarget(sudoku), { keyword: 'solution' });
    const at = modelCellAt(locate(doc.puzzles, { line: 21, character: 8 }));
    assert.deepEqual(at && { t: at.testIndex, r: at.row, c: at.col, a: at.inAnswer }, { t: 0, r: 0, c: 1, a: true });
    assert.equal(modelCellAt(locate(doc.puzzles, { line: 15, character: 6 })), undefined, 'train pairs have no model cell');
  });
  it('the lens outcome line', () => {
    const o: TraceOutcome = { answer, satisfiesRules: false, violations: ['a', 'b'], stepsRun: 16, haltedAt: null, stopReason: 'max-steps', provider: 'wasm', elapsedMs: 1234 };
    assert.equal(outcomeLensTitle(o), 'TRM: ✗ not verified (breaks 2 rules) · 16 steps · no halt · 1.23 s · WebAssembly');
    assert.equal(outcomeLensTitle({ ...o, satisfiesRules: true, violations: [], haltedAt: 3, stepsRun: 3, provider: 'cuda', elapsedMs: 12 }), 'TRM: ✓ verified · 3 steps · halted at 3 · 12 ms · CUDA');
  });
});

describe('status bar text', () => {
  const base = { running: 0, providerSetting: 'auto' as const, models: [{ name: 'sudoku-4x4', kind: 'sudoku', rows: 4, cols: 4, path: '/m.onnx', origin: 'bundled' as const, state: 'ok' as const }] };
  it('shows the model and the provider actually used; a spinner while busy; a warning after a load failure', () => {
    assert.equal(statusText({ ...base, state: 'idle', model: 'sudoku-4x4', provider: 'cpu', providerNote: 'CUDA not used: not installed; using CPU' }).text, '$(hubot) TRM sudoku-4x4 · CPU');
    assert.match(statusText({ ...base, state: 'idle', model: 'sudoku-4x4', provider: 'cpu', providerNote: 'CUDA not used' }).tooltip, /provider used: CPU\nCUDA not used/);
    assert.equal(statusText({ ...base, state: 'busy', running: 2, model: 'sudoku-4x4', provider: 'wasm' }).text, '$(sync~spin) TRM sudoku-4x4 · WASM · 2 running');
    const err = statusText({ ...base, state: 'error', message: 'model /x.onnx could not be read' });
    assert.equal(err.warning, true);
    assert.match(err.tooltip, /could not be read/);
    assert.equal(statusText({ ...base, state: 'none', models: [] }).text, '$(circle-slash) TRM: no model');
  });
});
