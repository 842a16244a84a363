// The assistant's pure helpers (core/src/assist): completion ranking, per-cell history and settling,
// settings validation and workspace trust, model diagnostics, answer targets.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { answerTarget, modelCellAt, pairIndexOfTest, runCount, testIndexOfPair } from '../../core/src/assist/cells';
import { fillActions } from '../../core/src/assist/fillActions';
import { lensRows, solveReport } from '../../core/src/assist/lens';
import { modelDiagnostics } from '../../core/src/assist/modelDiagnostics';
import { outcomeWording } from '../../core/src/assist/outcome';
import { cellHoverMarkdown, headerHoverMarkdown, outcomeLensTitle } from '../../core/src/assist/present';
import { rankSymbols } from '../../core/src/assist/rank';
import { statusText } from '../../core/src/assist/status';
import { DEFAULT_TRM_SETTINGS, mergeTrmSettings, modelPathsOf, runOptionsOf } from '../../core/src/assist/settings';
import { locate } from '../../core/src/language/locate';
import { cellHistory, hasSymbol, settleStep } from '../../core/src/trm/cellHistory';
import { DEFAULT_SEARCH_BUDGET_MS, DEFAULT_SEARCH_VIEWS } from '../../core/src/trm/search';
import type { TraceOutcome, TraceStep } from '../../core/src/trm/trace';

function step(n: number, grid: string[][], prob: number, halt = 0.1): TraceStep {
  return {
    step: n,
    grid,
    probability: grid.map((r) => r.map(() => prob)),
    top: grid.map((r) => r.map((s) => [{ symbol: s, probability: prob }])),
    changed: [],
    haltScore: halt,
    elapsedMs: n,
  };
}

/** A finished run's outcome: the rules accept `answer`, 4 steps on the CPU (override with `extra`). */
function outcomeOf(answer: string[][], extra: Partial<TraceOutcome> = {}): TraceOutcome {
  return {
    answer,
    satisfiesRules: true,
    violations: [],
    stepsRun: 4,
    haltedAt: null,
    stopReason: 'max-steps',
    provider: 'cpu',
    elapsedMs: 5,
    ...extra,
  };
}

describe('rankSymbols', () => {
  it('orders by probability, unranked allowed symbols next, fillers, then forbidden ones marked', () => {
    const r = rankSymbols(['1', '2', '4', '.'], new Set(['.', '?']), [
      { symbol: '3', probability: 0.5 },
      { symbol: '4', probability: 0.3 },
      { symbol: '1', probability: 0.15 },
    ]);
    assert.deepEqual(
      r.map((x) => x.symbol),
      ['4', '1', '2', '.', '3'],
    );
    assert.deepEqual(
      r.map((x) => x.forbidden),
      [false, false, false, false, true],
    );
    assert.equal(r[0]!.probability, 0.3);
    assert.equal(r[2]!.probability, undefined);
  });
  it('a forbidden symbol the model barely considers is left out', () => {
    const r = rankSymbols(['1', '.'], new Set(['.']), [
      { symbol: '1', probability: 0.97 },
      { symbol: '3', probability: 0.02 },
      { symbol: '4', probability: 0.01 },
    ]);
    assert.deepEqual(
      r.map((x) => x.symbol),
      ['1', '.'],
    );
  });
  it('equal probabilities keep the rules order; a filler never gets a probability', () => {
    const r = rankSymbols(['a', 'b', '?'], new Set(['?']), [
      { symbol: 'b', probability: 0.4 },
      { symbol: 'a', probability: 0.4 },
      { symbol: '?', probability: 0.2 },
    ]);
    assert.deepEqual(
      r.map((x) => x.symbol),
      ['a', 'b', '?'],
    );
    assert.equal(r[2]!.probability, undefined);
  });
});

describe('cell history', () => {
  const steps = [step(1, [['1']], 0.4), step(2, [['2']], 0.6), step(3, [['2']], 0.9, 0.7), step(4, [['2']], 0.95, 0.8)];
  it('lists every step with changes and settles at the first step of the final run', () => {
    const h = cellHistory(steps, 0, 0);
    assert.deepEqual(
      h.map((s) => [s.step, s.symbol, s.changed]),
      [
        [1, '1', true],
        [2, '2', true],
        [3, '2', false],
        [4, '2', false],
      ],
    );
    assert.equal(settleStep(h), 2);
    const md = cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps, running: false });
    assert.equal(md.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 4);
    assert.match(md, /Settled on `2` at step 2 \(95%\)/);
    assert.match(md, /\| 3 \| `2` \| 90% \| {2}\| 0.70 \|/);
  });
  it('a cell the question fixes (a given, a wall, S, G) says so instead of a table', () => {
    const md = cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps, running: false, fixed: '#' });
    assert.match(md, /The question gives `#` here: the answer keeps it, the model does not choose it\.$/);
    assert.doesNotMatch(md, /\| step \|/);
  });
  it('while running it says how far the run is', () => {
    const md = cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps: steps.slice(0, 2), running: true, maxSteps: 16 });
    assert.match(md, /Running: 2 steps so far of at most 16/);
    assert.match(md, /So far `2` since step 2/);
  });
  it('text from model files and runs shows literally: a backtick cannot open markup or links', () => {
    const evil = 'm` [x](command:workbench.action.openSettings) `';
    const md = cellHoverMarkdown({ model: evil, row: 0, col: 0, steps, running: false });
    // A fence longer than any backtick run inside, padded because the text ends with a backtick (CommonMark).
    assert.ok(md.includes(`\`\` ${evil} \`\``), md.split('\n')[0]);
    const header = headerHoverMarkdown({ kind: 'sudoku', model: evil, steps: [], running: false, error: 'bad [link](command:x) *bold*' });
    assert.ok(header.includes('bad \\[link\\]\\(command\\:x\\) \\*bold\\*'), header);
  });
  const finished = (answer: string, extra: Partial<TraceOutcome> = {}): TraceOutcome => outcomeOf([[answer]], extra);
  /** The hover of cell (0,0) after a finished run with `outcome`. */
  const after = (outcome: TraceOutcome, more: Partial<Parameters<typeof cellHoverMarkdown>[0]> = {}) =>
    cellHoverMarkdown({ model: 'm', row: 0, col: 0, steps, running: false, outcome, ...more });
  it("a finished run: the table's own answer adds nothing; a known answer is compared with the run's", () => {
    const plain = after(finished('2'));
    assert.doesNotMatch(plain, /The answer has|unchecked|solution/);
    const known = after(finished('2'), { expected: [['2']] });
    assert.match(known, /✓ The file's solution has `2` here too\.$/);
  });
  it("a search won by another view: the hover gives that view's symbol, not only view 1's table", () => {
    const search = { views: 16, lanes: 8, decidedBy: 'rules' as const, winner: { view: 5, transform: 'digits relabelled', step: 3 } };
    const md = after(finished('7', { stopReason: 'verified', search }));
    assert.match(md, /Settled on `2` at step 2/);
    assert.match(md, /The answer has `7` here: view 5 of 16 gave it and the rules accepted it\. The table follows the puzzle as given\./);
    const vote = { views: 16, lanes: 8, decidedBy: 'vote' as const, votes: 3 };
    const voted = after(finished('7', { stopReason: 'budget', search: vote }));
    assert.match(voted, /The answer has `7` here: the answer most views gave \(3 of 8\)\./);
  });
  it('an answer the rules reject: its cell is unchecked, and the exact solution is named where it differs', () => {
    const md = after(finished('2', { satisfiesRules: false, violations: ['row 1 repeats 2', 'box 1 repeats 2'] }), {
      kind: 'sudoku',
      solverAnswer: [['4']],
    });
    assert.match(md, /The answer breaks the rules \(2\), so its `2` here is unchecked\./);
    assert.match(md, /✗ The exact solver's solution \(the puzzle's only one\) has `4` here\.$/);
    const arc = after(finished('2', { satisfiesRules: false }), { kind: 'arc' });
    assert.doesNotMatch(arc, /breaks the rules/, 'ARC has no rules to break; its verdict is in the header');
    const attempts = [{ grid: [['3']], votes: 5, meanHaltScore: 0.1, satisfiesRules: true }];
    const voted = after(finished('3', { attempts }), { kind: 'arc', expected: [['5']] });
    assert.match(voted, /The answer has `3` here: the vote of the augmented versions\. The table follows the unaugmented test input\./);
    assert.match(voted, /✗ The expected output in the file has `5` here\.$/);
    const running = after(finished('9', { satisfiesRules: false }), { running: true });
    assert.doesNotMatch(running, /The answer/);
  });
  it('a cell outside the answer (ARC crop) has no history', () => {
    assert.deepEqual(cellHistory(steps, 3, 3).filter(hasSymbol), []);
    assert.match(cellHoverMarkdown({ model: 'm', row: 3, col: 3, steps, running: false }), /The model's answer has no cell here\.$/);
  });
});

describe('settings', () => {
  it('keeps defaults for invalid values and maps halting modes to run options', () => {
    const s = mergeTrmSettings(DEFAULT_TRM_SETTINGS, {
      provider: 'gpu' as never,
      maxSteps: -3,
      haltingMode: 'stable',
      confidenceThreshold: 2,
      modelDiagnostics: false,
    });
    assert.equal(s.provider, 'auto');
    assert.equal(s.maxSteps, 0);
    assert.equal(s.confidenceThreshold, DEFAULT_TRM_SETTINGS.confidenceThreshold);
    assert.equal(s.modelDiagnostics, false);
    assert.deepEqual(runOptionsOf(s, 1), { testIndex: 1, haltOnQ: false, stableSteps: 2, views: 16, budgetMs: 1000 });
    assert.deepEqual(runOptionsOf({ ...s, haltingMode: 'halt', maxSteps: 8, arcAugmentations: 4, searchViews: 1 }), {
      testIndex: 0,
      maxSteps: 8,
      haltOnQ: true,
      augmentations: 4,
    });
    const bad = mergeTrmSettings(DEFAULT_TRM_SETTINGS, { searchViews: 0, searchBudgetMs: -1 });
    assert.deepEqual([bad.searchViews, bad.searchBudgetMs], [16, 1000]);
    assert.deepEqual(runOptionsOf(mergeTrmSettings(DEFAULT_TRM_SETTINGS, { searchViews: 4, searchBudgetMs: 250 })).views, 4);
  });
  it("package.json declares the search settings with the code's defaults", () => {
    const props = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).contributes.configuration.properties;
    assert.equal(props['gridReasoner.search.views'].default, DEFAULT_SEARCH_VIEWS);
    assert.equal(props['gridReasoner.search.budgetMs'].default, DEFAULT_SEARCH_BUDGET_MS);
    assert.equal(DEFAULT_TRM_SETTINGS.searchViews, DEFAULT_SEARCH_VIEWS);
    assert.equal(DEFAULT_TRM_SETTINGS.searchBudgetMs, DEFAULT_SEARCH_BUDGET_MS);
  });
  it('workspace model paths only in a trusted workspace', () => {
    assert.deepEqual(modelPathsOf({ models: { user: ['a.onnx', ' ', 3 as never], workspace: ['w.onnx'] }, workspaceTrusted: false }), {
      user: ['a.onnx'],
      workspace: [],
      ignored: ['w.onnx'],
      trusted: false,
    });
    assert.deepEqual(modelPathsOf({ models: { workspace: ['w.onnx'] }, workspaceTrusted: true }).workspace, ['w.onnx']);
    // Trust must be said: a client that sends no workspaceTrusted (or not a boolean) gets no workspace models.
    assert.deepEqual(modelPathsOf({ models: { workspace: ['w.onnx'] } }).workspace, [], 'no workspaceTrusted: untrusted');
    assert.deepEqual(
      modelPathsOf({ models: { workspace: ['w.onnx'] }, workspaceTrusted: 'true' as never }).workspace,
      [],
      'a string is not trust',
    );
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
  const answer = [
    ['1', '2', '3', '4'],
    ['3', '4', '1', '2'],
    ['2', '1', '4', '3'],
    ['4', '3', '2', '1'],
  ];
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
  it("ARC: one run per test pair, written into that pair's output", () => {
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
    const o: TraceOutcome = {
      answer,
      satisfiesRules: false,
      violations: ['a', 'b'],
      stepsRun: 16,
      haltedAt: null,
      stopReason: 'max-steps',
      provider: 'wasm',
      elapsedMs: 1234,
    };
    assert.equal(outcomeLensTitle('sudoku', o), 'TRM: ✗ not verified (breaks 2 rules) · 16 steps · did not halt · 1.23 s · WebAssembly');
    assert.equal(
      outcomeLensTitle('sudoku', { ...o, satisfiesRules: true, violations: [], haltedAt: 3, stepsRun: 3, provider: 'cuda', elapsedMs: 12 }),
      'TRM: ✓ verified · 3 steps · halted at 3 · 12 ms · CUDA',
    );
    // A search stops at the first answer the rules accept, before the halting head fires: it says so.
    const searched = { ...o, satisfiesRules: true, violations: [], stepsRun: 2, stopReason: 'verified' as const };
    const search = { views: 16, lanes: 16, decidedBy: 'rules' as const };
    assert.equal(
      outcomeLensTitle('maze', { ...searched, search: { ...search, winner: { view: 1, transform: 'as given', step: 2 } } }),
      'TRM: ✓ verified · 2 steps · accepted at step 2 · 1.23 s · WebAssembly',
    );
    assert.equal(
      outcomeLensTitle('sudoku', { ...searched, search: { ...search, winner: { view: 5, transform: 'transposed', step: 2 } } }),
      'TRM: ✓ verified · 2 steps · view 5 of 16 accepted at step 2 · 1.23 s · WebAssembly',
    );
    assert.equal(
      outcomeLensTitle('sudoku', { ...o, stopReason: 'budget' }),
      'TRM: ✗ not verified (breaks 2 rules) · 16 steps · time budget spent · 1.23 s · WebAssembly',
    );
  });
});

describe('outcome wording: "verified" only when the rules checked it', () => {
  const base = outcomeOf([
    ['1', '2'],
    ['3', '4'],
  ]);
  it('ARC: unverified, or compared with the expected output (equal, N cells differ, another size)', () => {
    assert.equal(outcomeWording('arc', base).verdict, 'unverified');
    assert.equal(outcomeWording('arc', base).short, 'unverified (ARC)');
    assert.equal(
      outcomeWording('arc', base, [
        ['1', '2'],
        ['3', '4'],
      ]).short,
      'unverified (ARC) · ✓ matches the expected output',
    );
    assert.equal(
      outcomeWording('arc', base, [
        ['1', '2'],
        ['3', '5'],
      ]).short,
      'unverified (ARC) · ✗ 1 cell differs from the expected output',
    );
    assert.equal(outcomeWording('arc', base, [['1', '2', '3']]).short, 'unverified (ARC) · ✗ the answer is 2x2, the expected output 1x3');
    assert.equal(outcomeWording('arc', { ...base, satisfiesRules: false, violations: ['the answer is empty'] }).verdict, 'breaks-rules');
    assert.doesNotMatch(outcomeLensTitle('arc', base), /✓ verified/);
  });
  it('Sudoku and mazes: verified by the rules, or the broken rules listed', () => {
    assert.equal(outcomeWording('maze', base).short, '✓ verified');
    const bad = { ...base, satisfiesRules: false, violations: ['row 1 repeats 2 (2 times)', 'column 3 repeats 4 (2 times)'] };
    assert.equal(outcomeWording('sudoku', bad).short, '✗ not verified (breaks 2 rules)');
    assert.match(outcomeWording('sudoku', bad).long, /row 1 repeats 2.*column 3 repeats 4/);
  });
});

describe('model diagnostics policy: never on what the rules settle (examples/sudoku.arc)', () => {
  const examples = parse(readFileSync(join(__dirname, '..', '..', 'examples', 'sudoku.arc'), 'utf8')).document;
  const solved = examples.puzzles[0]!;
  const solution = solved.kind === 'sudoku' ? solved.solution!.grid.rows.map((r) => r.cells.map((c) => c.symbol)) : [];
  // The model disagrees with every cell, >99% sure.
  const wrong = solution.map((r) => r.map((s) => (s === '9' ? '1' : String(Number(s) + 1))));
  it('ARC: no model diagnostic on a written test output (no rules check the model; it is the known answer)', () => {
    const arc = parse('arc known\n  train\n    input\n      1\n    output\n      2\n  test\n    input\n      3 3\n    output\n      4 4\n')
      .document.puzzles[0]!;
    assert.equal(arc.kind, 'arc');
    assert.deepEqual(modelDiagnostics(arc, 0, step(3, [['9', '9']], 0.999), 0.5, 'arc'), []);
  });
  it('no diagnostic inside a complete solution the rules verify', () => {
    assert.equal(solution.length, 9);
    assert.deepEqual(modelDiagnostics(solved, 0, step(16, wrong, 0.999), 0.9, 'sudoku-9x9'), []);
  });
  it('no diagnostic on a written cell the rules force (the unique solution has it); a wrong cell is still flagged', () => {
    const doc = parse(DOC).document;
    const p = doc.puzzles[0]!;
    // Written: 1 3 ? ? (the 1 is forced, the 3 is wrong: the unique solution has 2 there).
    const model = [
      ['4', '2', '3', '4'],
      ['3', '4', '1', '2'],
      ['2', '1', '4', '3'],
      ['4', '3', '2', '1'],
    ];
    const d = modelDiagnostics(p, 0, step(5, model, 0.99), 0.9, 'tiny');
    assert.deepEqual(
      d.map((x) => (x.data as { col: number }).col),
      [1],
    );
  });
  it('maze: no model diagnostic on a wall, S or G (the question fixes them); an open cell is still flagged', () => {
    // Written: a path through the wall at row 2, column 3 (0-based 1,2), and the model's route left unmarked.
    const maze = parse(
      'maze m 3x5\n  grid\n    # # # # #\n    S . # . G\n    # . . . #\n  path\n    # # # # #\n    S o o . G\n    # . . . #\n',
    ).document.puzzles[0]!;
    const model = [
      ['#', '#', '#', '#', '#'],
      ['S', 'o', '#', 'o', 'G'],
      ['#', 'o', 'o', 'o', '#'],
    ];
    const d = modelDiagnostics(maze, 0, step(16, model, 0.99), 0.9, 'maze-30x30');
    assert.deepEqual(
      d.map((x) => x.data as { row: number; col: number }).map((c) => `${c.row},${c.col}`),
      ['1,3', '2,1', '2,2', '2,3'], // the open cells of its route; nothing on the wall at 1,2
    );
  });
  it('no fill action that breaks the rules over a written answer they verify (seventeen-clue-1, whose run failed)', () => {
    // The sequence in the editor: the background run on seventeen-clue-1 broke 2 rules; Ctrl+. in the puzzle offered
    // "Fill TRM's best guess (breaks 2 rules)", which replaced the verified solution written there with the guess.
    const failed: TraceOutcome = {
      answer: wrong,
      satisfiesRules: false,
      violations: ['column 1 repeats 1 (2 times)', 'column 3 repeats 5 (2 times)'],
      stepsRun: 16,
      haltedAt: null,
      stopReason: 'max-steps',
      provider: 'cpu',
      elapsedMs: 1,
    };
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'sudoku.arc'), 'utf8');
    const cell = solved.kind === 'sudoku' ? solved.solution!.grid.rows[0]!.cells[0]! : undefined;
    const at = modelCellAt(locate(examples.puzzles, cell!.range.start));
    const here = at && cell ? { at, symbol: cell.symbol, range: cell.range } : undefined;
    assert.ok(here, 'a solution cell under the cursor');
    assert.deepEqual(
      fillActions(solved, 0, failed, step(16, wrong, 0.999), text, here).map((f) => f.title),
      [],
    );
    // Without a written answer the guess is still offered, saying how many rules it breaks.
    const open = parse(DOC).document.puzzles[0]!;
    const titles = fillActions(
      open,
      0,
      {
        ...failed,
        answer: [
          ['1', '2', '3', '4'],
          ['3', '4', '1', '2'],
          ['2', '1', '4', '3'],
          ['4', '3', '2', '2'],
        ],
      },
      undefined,
      DOC,
    ).map((f) => f.title);
    assert.ok(titles.includes("Fill TRM's best guess (breaks 2 rules)"), titles.join(' | '));
  });
  it('Solve with TRM reports the verdict and the next step: fill, Solve exactly, or the answer already written', () => {
    const base: TraceOutcome = {
      answer: wrong,
      satisfiesRules: false,
      violations: ['a', 'b'],
      stepsRun: 16,
      haltedAt: null,
      stopReason: 'max-steps',
      provider: 'cpu',
      elapsedMs: 1,
    };
    assert.equal(
      solveReport(solved, 0, base),
      'TRM on seventeen-clue-1: ✗ not verified (breaks 2 rules); the answer written here already satisfies the rules.',
    );
    const open = parse(DOC).document.puzzles[0]!;
    assert.equal(
      solveReport(open, 0, base),
      `TRM on s: ✗ not verified (breaks 2 rules). "Solve exactly" writes the exact solver's answer.`,
    );
    assert.equal(
      solveReport(open, 0, { ...base, satisfiesRules: true, violations: [] }),
      'TRM on s: ✓ verified. The code action "Fill solution with TRM" writes it.',
    );
    assert.equal(solveReport(open, 0, { ...base, stopReason: 'cancelled' }), undefined);
  });
  it('the lens of a puzzle whose written answer the rules verify says so and offers no Solve exactly', () => {
    const rows = lensRows(solved, 0, {
      state: 'done',
      outcome: {
        answer: wrong,
        satisfiesRules: false,
        violations: ['x'],
        stepsRun: 1,
        haltedAt: null,
        stopReason: 'max-steps',
        provider: 'cpu',
        elapsedMs: 1,
      },
    });
    const titles = rows.map((r) => r.title);
    assert.ok(titles.includes('✓ the answer written here satisfies the rules'), titles.join(' | '));
    assert.ok(!titles.includes('Solve exactly'), titles.join(' | '));
    const open = parse(DOC).document.puzzles[0]!;
    {
      const failed = lensRows(open, 0, {
        state: 'done',
        outcome: {
          answer: wrong,
          satisfiesRules: false,
          violations: ['row 1 repeats 2 (2 times)'],
          stepsRun: 1,
          haltedAt: null,
          stopReason: 'max-steps',
          provider: 'cpu',
          elapsedMs: 1,
        },
      });
      assert.ok(
        failed.some((r) => r.action === 'solveExactly'),
        failed.map((r) => r.title).join(' | '),
      );
      assert.match(failed.find((r) => r.title.startsWith('TRM: ✗'))?.tooltip ?? '', /row 1 repeats 2/);
    }
  });
});

describe('status bar text', () => {
  const base = {
    running: 0,
    providerSetting: 'auto' as const,
    models: [{ name: 'sudoku-4x4', kind: 'sudoku', rows: 4, cols: 4, path: '/m.onnx', origin: 'bundled' as const, state: 'ok' as const }],
  };
  it('shows the model and the provider actually used; a spinner while busy; a warning after a load failure', () => {
    assert.equal(
      statusText({ ...base, state: 'idle', model: 'sudoku-4x4', provider: 'cpu', providerNote: 'CUDA not used: not installed; using CPU' })
        .text,
      '$(hubot) TRM sudoku-4x4 · CPU',
    );
    assert.match(
      statusText({ ...base, state: 'idle', model: 'sudoku-4x4', provider: 'cpu', providerNote: 'CUDA not used' }).tooltip,
      /provider used: CPU\nCUDA not used/,
    );
    assert.equal(
      statusText({ ...base, state: 'busy', running: 2, model: 'sudoku-4x4', provider: 'wasm' }).text,
      '$(sync~spin) TRM sudoku-4x4 · WASM · 2 running',
    );
    const err = statusText({ ...base, state: 'error', message: 'model /x.onnx could not be read' });
    assert.equal(err.warning, true);
    assert.match(err.tooltip, /could not be read/);
    assert.equal(statusText({ ...base, state: 'none', models: [] }).text, '$(circle-slash) TRM: no model');
    // A puzzle the model would take but is not run on (its givens break the rules): never "no model".
    const notRun = statusText(
      { ...base, state: 'idle', model: 'sudoku-4x4', provider: 'cpu' },
      { model: 'sudoku-4x4', notRun: 'not run: the givens break the rules (1 twice in row 1); fix them first' },
    );
    assert.equal(notRun.text, '$(circle-slash) TRM sudoku-4x4: not run here');
    assert.match(notRun.tooltip, /the puzzle at the cursor: not run: the givens break the rules/);
  });
});
