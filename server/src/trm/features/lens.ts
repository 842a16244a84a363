// Code lenses of the TRM assistant: the rows core/src/assist/lens.ts decides, placed on each puzzle's header
// (ARC: on each test pair when there are several) with this server's command ids.

import type { CodeLens, CodeLensParams, Range as LspRange } from 'vscode-languageserver';
import type { Puzzle } from '../../../../core/src/dsl/ast';
import { runCount } from '../../../../core/src/assist/cells';
import { lensRows, type LensAction, type LensRun } from '../../../../core/src/assist/lens';
import { Commands } from '../../../../core/src/protocol/messages';
import { toLspRange } from '../../convert';
import type { TrmAssistant } from '../assistant';

/** Code lenses for this many puzzles at most. */
const LENS_LIMIT = 500;

const COMMAND_OF: Record<LensAction, string> = {
  solve: Commands.trmSolve.method,
  trace: Commands.showTrace.method,
  solveExactly: Commands.solveExactly.method,
  none: '',
};

export function trmCodeLenses(a: TrmAssistant, p: CodeLensParams): CodeLens[] {
  const uri = p.textDocument.uri;
  const puzzles = a.puzzles(uri);
  const out: CodeLens[] = [];
  for (let i = 0; i < puzzles.length && i < LENS_LIMIT; i++) {
    const puzzle = puzzles[i]!;
    const n = runCount(puzzle);
    const perTest = puzzle.kind === 'arc' && n > 1;
    for (let t = 0; t < Math.max(1, n); t++) {
      const range: LspRange = toLspRange(perTest ? testPairRange(puzzle, t) : puzzle.headerRange);
      for (const row of lensRows(puzzle, t, lensRun(a, uri, puzzle, t), perTest ? ` (test ${t + 1})` : '')) {
        const args = row.action === 'solveExactly' ? [uri, i] : row.action === 'none' ? undefined : [uri, i, t];
        out.push({
          range,
          command: {
            title: row.title,
            command: COMMAND_OF[row.action],
            ...(args ? { arguments: args } : {}),
            ...(row.tooltip ? { tooltip: row.tooltip } : {}),
          },
        });
      }
    }
  }
  return out;
}

/** The state of a puzzle's run as its lens needs it. */
function lensRun(a: TrmAssistant, uri: string, puzzle: Puzzle, t: number): LensRun {
  const d = a.runs.describe(puzzle, t);
  if (!('key' in d)) {
    const failed = d.grids ? a.registry.failedFor(d.grids) : undefined;
    return { state: 'no-model', message: failed ? `model ${failed.model.meta.name} failed to load` : d.message };
  }
  const r = a.runs.get(uri, puzzle, t);
  if (!r) return { state: 'none' };
  if (r.state === 'running') return { state: 'running', steps: r.steps.length, maxSteps: r.maxSteps };
  if (r.outcome && r.outcome.stopReason !== 'cancelled')
    return { state: 'done', outcome: r.outcome, ...(r.grids.expected ? { expected: r.grids.expected } : {}) };
  if (r.state === 'cancelled') return { state: 'cancelled' };
  return { state: 'error', message: r.error ?? 'unknown error' };
}

function testPairRange(p: Puzzle, t: number): Puzzle['headerRange'] {
  if (p.kind !== 'arc') return p.headerRange;
  const tests = p.pairs.filter((x) => x.role === 'test');
  return tests[t]?.keywordRange ?? p.headerRange;
}
