// grid-reasoner solve FILE.arc [--solver trm|exact] [--write] [--cap N]: solves each puzzle, prints its answer and
// whether it is unique; --write fills the solution sections and maze paths into the file (the same edits as
// the editor's `Solve exactly` code action).
// Solvers are looked up by name in SOLVERS. `trm` (the default) runs the bundled model (or --model) on every
// puzzle at once, batched (cli/src/trm.ts): answers, rule verdicts, steps, halting step, time, provider;
// --write fills only answers that satisfy the rules unless --allow-invalid; --json prints one object.

import type { Puzzle } from '../../../core/src/dsl/ast';
import { parse } from '../../../core/src/dsl/parser';
import { printGridRows } from '../../../core/src/dsl/printer';
import { applyEdits, fillSection, type FillTarget, type TextEdit } from '../../../core/src/rules/edits';
import { DEFAULT_SOLUTION_CAP, EXACT_SOLVE_LIMIT_MS } from '../../../core/src/rules/facts';
import { solveExactly } from '../../../core/src/rules/solve';
import { type Command, parseArgs, parseBudgetMs, UsageError } from '../command';
import { err, out, readText, writeText } from '../output';
import { TRM_SOLVE_OPTIONS, TRM_USAGE, solveWithTrm } from '../trm';

/** What a solver says about one puzzle. */
export interface SolverOutcome {
  status: 'solved' | 'unsolvable' | 'invalid' | 'unsupported' | 'tooSlow';
  /** One line for the user. */
  message: string;
  /** The answer grid in DSL symbols, and the section it belongs in. */
  answer?: string[][];
  target?: FillTarget;
}

export interface SolverOptions {
  cap: number;
  file: string;
  /** Solver time per puzzle before "too slow" (ms). */ budgetMs: number;
}

export type PuzzleSolver = (p: Puzzle, opts: SolverOptions) => Promise<SolverOutcome> | SolverOutcome;

export const SOLVERS: Record<string, PuzzleSolver> = {
  exact: (p, opts) => {
    const r = solveExactly(p, opts.cap, { limitMs: opts.budgetMs });
    return r.status === 'pending' ? { ...r, status: 'tooSlow' } : { ...r, status: r.status };
  },
};

const SOLVER_NAMES = ['trm', ...Object.keys(SOLVERS)];

export const solve: Command = {
  name: 'solve',
  summary: 'solve the puzzles of an .arc file (model or exact solver), optionally writing the answers into it',
  usage: `grid-reasoner solve FILE.arc [--solver ${SOLVER_NAMES.join('|')}] [--write] [--allow-invalid] [--json] [--cap N] ${TRM_USAGE}`,
  async run(args) {
    const { values, positionals } = parseArgs(args, {
      solver: { type: 'string', short: 's' },
      write: { type: 'boolean', short: 'w' },
      cap: { type: 'string' },
      ...TRM_SOLVE_OPTIONS,
    });
    const file = positionals[0];
    if (positionals.length !== 1 || file === undefined) throw new UsageError('give one .arc file');
    const solverName = values.solver ?? 'trm';
    const solver: PuzzleSolver | undefined = SOLVERS[solverName];
    if (!solver && solverName !== 'trm') throw new UsageError(`unknown solver '${solverName}' (available: ${SOLVER_NAMES.join(', ')})`);
    const cap = values.cap === undefined ? DEFAULT_SOLUTION_CAP : Number(values.cap);
    if (!Number.isInteger(cap) || cap < 1) throw new UsageError(`--cap must be a positive integer, not '${values.cap}'`);
    // --budget is the exact solver's time per puzzle here, the TRM search's time budget otherwise (cli/src/trm.ts).
    const budgetMs = solverName !== 'trm' ? parseBudgetMs(values.budget, EXACT_SOLVE_LIMIT_MS) : EXACT_SOLVE_LIMIT_MS;
    const text = readText(file);
    const { document } = parse(text);
    if (document.puzzles.length === 0) {
      err(`${file}: no puzzles (run grid-reasoner check ${file})`);
      return 1;
    }
    const edits: TextEdit[] = [];
    let failed = 0;
    if (!solver) {
      const r = await solveWithTrm(document.puzzles, file, values, {
        out,
        gridRows: (p, g) => printGridRows(p.kind, g, p.kind === 'sudoku' && (p.givens?.grid.separators ?? false)),
      });
      for (const a of r.answers) edits.push(...fillSection(a.puzzle, a.target, a.answer, text));
      failed = r.code;
    }
    if (solver)
      for (const p of document.puzzles) {
        const r = await solver(p, { cap, file, budgetMs });
        out(`${r.message}\n`);
        if (r.status === 'solved' && r.answer) {
          if (!values.write)
            out(
              printGridRows(p.kind, r.answer, p.kind === 'sudoku' && (p.givens?.grid.separators ?? false))
                .map((l) => `  ${l}\n`)
                .join(''),
            );
          if (r.target) edits.push(...fillSection(p, r.target, r.answer, text));
        } else if (r.status !== 'unsupported') failed++;
      }
    if (values.write) {
      const next = applyEdits(text, edits);
      if (next !== text) {
        writeText(file, next);
        out(`${file}: wrote ${edits.length} change${edits.length === 1 ? '' : 's'}\n`);
      } else out(`${file}: nothing to write\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};
