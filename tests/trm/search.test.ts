// Test-time search (core/src/trm/search.ts, views.ts): views map back exactly, the first answer the rules accept
// wins and the outcome names its view, the budget and cancellation stop the search, the vote decides when no
// view is accepted; and with the bundled 9x9 model the search solves a held-out puzzle the model alone gets wrong.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TrmEngine } from '../../core/src/trm/engine';
import { loadModel } from '../../host-node/trm';
import { verifyAnswer } from '../../core/src/trm/verify';
import { describeView, fromView, mazeViews, sudokuViews, toView } from '../../core/src/trm/views';
import { ROOT, grid, meta, scriptedBackend, scriptedModel } from './helpers';

const M4 = meta('sudoku', 4, 4);
const GIVEN = grid('1.../..2./.3../...4');
const SOLUTION = grid('1243/3421/4312/2134');
const SIX = { given: grid('.....4/.....2/4.6..1/..2.../6...3./..1.4.'), solution: grid('265314/143652/436521/512463/624135/351246') };
const idsOf = (g: string[][]) => g.flat().map((s) => (s === '.' ? 1 : Number(s) + 1));

test('Sudoku views keep the rules (boxes stay boxes) and map back exactly', () => {
  for (const { given, solution } of [{ given: GIVEN, solution: SOLUTION }, SIX]) {
    const views = sudokuViews(given.length, 12, 3);
    assert.equal(views.length, 12);
    assert.equal(describeView(views[0]!), 'the puzzle as given');
    assert.equal(new Set(views.map((v) => JSON.stringify(v))).size, 12);
    for (const v of views) {
      const seenGiven = toView(v, given);
      const seenSolution = toView(v, solution);
      // The view's solution solves the view's puzzle: the transform is a symmetry of the rules.
      const verdict = verifyAnswer({ kind: 'sudoku', name: 'v', given: seenGiven }, seenSolution);
      assert.deepEqual(verdict.violations, [], describeView(v));
      assert.deepEqual(fromView(v, seenSolution), solution);
      assert.deepEqual(fromView(v, seenGiven), given);
    }
  }
  // 6x6 boxes are 2x3: a transpose would make them 3x2, so no 6x6 view is transposed
  assert.ok(sudokuViews(6, 20, 1).every((v) => !v.transpose));
  assert.ok(sudokuViews(9, 20, 1).some((v) => v.transpose));
});

test('maze views: the 8 dihedral transforms, mapped back exactly', () => {
  const maze = grid('S.#/..#/#.G/...');
  const views = mazeViews(20);
  assert.equal(views.length, 8);
  for (const v of views) assert.deepEqual(fromView(v, toView(v, maze)), maze);
  assert.deepEqual(toView(views[6]!, maze), grid('S.#./..../##G.'));
});

/** The scripted model solves a view only when it is the view with index `solver` (0-based), at step `at`. */
function solvingScript(views: ReturnType<typeof sudokuViews>, solver: number, at: number) {
  const keys = views.map((v) => idsOf(toView(v, GIVEN)).join(','));
  return (step: number, tokens: number[]) => {
    const k = keys.indexOf(tokens.join(','));
    if (k === solver && step >= at) return idsOf(toView(views[k]!, SOLUTION));
    return tokens.map((t) => (t === 1 ? 2 : t)); // blanks filled with 1s: breaks the rules
  };
}

test('the first answer the rules accept wins; the outcome names its view; view 1 is streamed', async () => {
  const views = sudokuViews(4, 4, 0);
  const backend = scriptedBackend(M4, solvingScript(views, 2, 3), () => 5);
  const engine = TrmEngine.withBackend(scriptedModel(M4), backend);
  const run = engine.run({ kind: 'sudoku', name: 'p', given: GIVEN, expected: SOLUTION }, { views: 4, budgetMs: 60_000 });
  const steps: number[] = [];
  for await (const s of run) steps.push(s.step);
  const o = await run.outcome;
  assert.equal(o.stopReason, 'verified');
  assert.deepEqual(o.answer, SOLUTION);
  assert.equal(o.satisfiesRules, true);
  assert.equal(o.matchesExpected, true);
  assert.deepEqual(o.search, { views: 4, lanes: 4, decidedBy: 'rules', winner: { view: 3, transform: describeView(views[2]!), step: 3 } });
  assert.deepEqual(steps, [1, 2, 3]); // view 1 (the puzzle as given) streamed; q_halt > 0 did not stop the search
  assert.deepEqual(backend.calls, [4, 4, 4]); // the views ran side by side, one batch a step
});

test('nothing accepted: the budget stops the search and the views vote', async () => {
  const never = scriptedBackend(
    M4,
    (_s, tokens) => tokens,
    () => -1,
  ); // the givens are the favourites everywhere: a blank takes the first digit (its logits tie), a wrong answer
  const engine = TrmEngine.withBackend(scriptedModel(M4), never);
  // budget 0: every view runs its one step, then the budget is spent; the puzzle as given still runs the model's
  // max_steps (8), alone, as a plain run would
  const o = await engine.run({ kind: 'sudoku', name: 'p', given: GIVEN }, { views: 3, budgetMs: 0 }).outcome;
  assert.equal(o.stopReason, 'budget');
  assert.equal(o.stepsRun, 8);
  assert.deepEqual(never.calls, [3, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(o.search?.decidedBy, 'vote');
  assert.ok(o.search!.votes! >= 1 && o.search!.votes! <= 3);
  assert.equal(o.search?.winner, undefined);
  // the vote's answer keeps every given and fills every blank with a digit
  o.answer.forEach((row, r) => row.forEach((s, c) => assert.ok(GIVEN[r]![c] === '.' ? /^[1-4]$/.test(s) : s === GIVEN[r]![c])));
  assert.equal(o.satisfiesRules, false);
  // a short budget with slow steps: the search ends by itself, past max_steps with fresh views
  const slow = TrmEngine.withBackend(
    scriptedModel(M4),
    scriptedBackend(
      M4,
      (_s, t) => t,
      () => -1,
      { delayMs: 2 },
    ),
  );
  const o2 = await slow.run({ kind: 'sudoku', name: 'p', given: GIVEN }, { views: 2, budgetMs: 150, maxSteps: 1 }).outcome;
  assert.equal(o2.stopReason, 'budget');
  assert.equal(o2.search?.decidedBy, 'vote');
  assert.ok(o2.search!.views >= 2);
});

test('a spent budget stops the extra views, not the puzzle as given: the search answers what the model alone does', async () => {
  const views = sudokuViews(4, 3, 0);
  const backend = scriptedBackend(M4, solvingScript(views, 0, 6), () => -1); // only the plain view, at step 6
  const engine = TrmEngine.withBackend(scriptedModel(M4), backend);
  const o = await engine.run({ kind: 'sudoku', name: 'p', given: GIVEN, expected: SOLUTION }, { views: 3, budgetMs: 0 }).outcome;
  assert.equal(o.stopReason, 'verified');
  assert.deepEqual(o.answer, SOLUTION);
  assert.deepEqual(o.search?.winner, { view: 1, transform: 'the puzzle as given', step: 6 });
  assert.deepEqual(backend.calls, [3, 1, 1, 1, 1, 1]);
});

test('a cancelled search stops within one step and votes over what it has', async () => {
  const engine = TrmEngine.withBackend(
    scriptedModel(M4),
    scriptedBackend(
      M4,
      (_s, t) => t,
      () => -1,
      { delayMs: 2 },
    ),
  );
  const controller = new AbortController();
  const run = engine.run({ kind: 'sudoku', name: 'p', given: GIVEN }, { views: 4, budgetMs: 60_000, signal: controller.signal });
  for await (const s of run) if (s.step === 2) controller.abort();
  const o = await run.outcome;
  assert.equal(o.stopReason, 'cancelled');
  assert.ok(o.stepsRun <= 3, `ran ${o.stepsRun} steps`);
  assert.equal(o.search?.decidedBy, 'vote');
});

test('bundled sudoku-9x9: the search solves the first held-out puzzle that the model alone gets wrong', async () => {
  const rows = readFileSync(join(ROOT, 'training/data/heldout/sudoku-9x9.csv'), 'utf8').trim().split('\n').slice(1);
  const toGrid = (s: string) => Array.from({ length: 9 }, (_, r) => s.slice(r * 9, r * 9 + 9).split(''));
  const puzzles = rows.map((line) => {
    const [, q, a] = line.split(',');
    return { kind: 'sudoku' as const, name: 'heldout', given: toGrid(q!), expected: toGrid(a!) };
  });
  const engine = await TrmEngine.create(loadModel(join(ROOT, 'models/sudoku-9x9')), { provider: 'cpu' });
  try {
    const alone = await Promise.all(puzzles.map((g) => engine.run(g, { haltOnQ: false }).outcome));
    const k = alone.findIndex((o) => !o.satisfiesRules);
    assert.ok(k >= 0, 'the model alone solves every held-out puzzle: choose a harder set');
    const o = await engine.run(puzzles[k]!, { views: 8, budgetMs: 120_000 }).outcome;
    assert.equal(o.stopReason, 'verified', o.violations.join('; '));
    assert.equal(o.satisfiesRules, true);
    assert.equal(o.matchesExpected, true); // held-out puzzles have one solution
    assert.equal(o.search?.decidedBy, 'rules');
    assert.ok(o.search!.winner!.view > 1, `view ${o.search!.winner!.view} won`);
    assert.notEqual(o.search!.winner!.transform, 'the puzzle as given');
  } finally {
    await engine.dispose();
  }
});
