// The solver's time budget in a run of the rule checks: a deferred run (what the server does for a document whose
// parse alone outlasted the budget) solves nothing new and says the puzzles are still to be checked; a later run
// finds the same diagnostics as a run without a budget; a solve memoised earlier is used even when deferred.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { clearSolveCache } from '../../core/src/rules/facts';
import {
  advancePuzzleSolve,
  finishRuleRun,
  puzzleRuleDiagnostics,
  ruleDiagnostics,
  startRuleRun,
  type RuleOptions,
} from '../../core/src/rules/diagnostics';

const TEXT = [
  'sudoku one 4x4',
  '  givens',
  '    1 . . .',
  '    . . 2 .',
  '    . 3 . .',
  '    . . . 4',
  'sudoku two 4x4',
  '  givens',
  '    . . . .',
  '    . . . .',
  '    . . . .',
  '    . . . 1',
  'sudoku three 4x4',
  '  givens',
  '    1 1 . .',
  '    . . . .',
  '    . . . .',
  '    . . . .',
  '',
].join('\n');

function check(opts: RuleOptions): { codes: string[]; messages: string[]; solved: number } {
  const doc = parse(TEXT).document;
  const run = startRuleRun(opts);
  const out = [];
  for (const p of doc.puzzles) {
    while (!advancePuzzleSolve(p, run));
    out.push(...puzzleRuleDiagnostics(p, run));
  }
  out.push(...finishRuleRun(doc, run));
  return { codes: out.map((d) => d.code).sort(), messages: out.map((d) => d.message), solved: run.solved };
}

describe('the solver budget of a rule run', () => {
  beforeEach(() => clearSolveCache());

  it('a deferred run solves nothing new and says the puzzles are not checked yet', () => {
    const deferred = check({ budgetMs: 400, deferSolving: true });
    assert.equal(deferred.solved, 0);
    // The repeated 1 in `three` is found without solving; the two solvable puzzles wait.
    assert.ok(deferred.codes.includes('R101'), deferred.codes.join());
    const r106 = deferred.messages.find((m) => m.startsWith('solvability of'));
    assert.equal(
      r106,
      'solvability of 2 Sudoku puzzles not checked yet: the document is large, so they are checked after its other diagnostics',
    );
  });

  it('the run after it finds what a run without a budget finds', () => {
    check({ budgetMs: 400, deferSolving: true });
    const next = check({ budgetMs: 400 });
    assert.equal(next.solved, 2);
    const whole = ruleDiagnostics(parse(TEXT).document)
      .map((d) => d.code)
      .sort();
    assert.deepEqual(next.codes, whole);
    assert.ok(!next.codes.includes('R106'));
  });

  it('a deferred run uses the solves memoised before it', () => {
    check({});
    const deferred = check({ budgetMs: 400, deferSolving: true });
    assert.equal(deferred.solved, 0);
    assert.ok(!deferred.codes.includes('R106'), deferred.codes.join());
  });

  it('a spent budget (not deferred) says so', () => {
    const spent = check({ budgetMs: 0 });
    // Budget 0: the first uncached solve runs, the next is skipped.
    assert.equal(spent.solved, 1);
    assert.ok(
      spent.messages.includes('solvability of 1 Sudoku puzzle not checked: the time budget for this document was spent'),
      spent.messages.join('\n'),
    );
  });
});
