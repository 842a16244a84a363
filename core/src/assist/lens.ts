// The code lens rows above a puzzle (ARC: above each test pair), as plain data: what each row says, what
// it does and its tooltip. The server turns them into LSP code lenses with its own command ids.

import type { Puzzle } from '../dsl/ast';
import { solveExactly } from '../rules/solve';
import type { TraceOutcome } from '../trm/trace';
import { rulesSettleAnswer } from './modelDiagnostics';
import { brokenRulesText, outcomeWording } from './outcome';
import { outcomeLensTitle } from './present';

/** What a row does: run the model, show the trace, write the exact solver's answer, or nothing (a label). */
export type LensAction = 'solve' | 'trace' | 'solveExactly' | 'none';

export interface LensRow {
  title: string;
  action: LensAction;
  tooltip?: string;
}

/** The state of a puzzle's run as the lens needs it. */
export type LensRun =
  | { state: 'no-model'; message: string }
  | { state: 'none' }
  | { state: 'running'; steps: number; maxSteps: number }
  | { state: 'done'; outcome: TraceOutcome; expected?: string[][] }
  | { state: 'cancelled' }
  | { state: 'error'; message: string };

/** The rows for run `testIndex` of a puzzle. `label` tells ARC test pairs apart (` (test 2)`). */
export function lensRows(p: Puzzle, testIndex: number, run: LensRun, label = ''): LensRow[] {
  const settled = rulesSettleAnswer(p, testIndex);
  const exactRow = (why: string): LensRow[] => {
    if (settled || p.kind === 'arc') return [];
    const s = solveExactly(p, 2);
    if (s.status !== 'solved') return [];
    return [
      {
        title: 'Solve exactly',
        action: 'solveExactly',
        tooltip: `${why} Write the exact solver's ${p.kind === 'maze' ? 'shortest path' : 'solution'} (${s.message}).`,
      },
    ];
  };
  const verifiedRow: LensRow[] = settled
    ? [{ title: '✓ the answer written here satisfies the rules', action: 'none', tooltip: 'Checked by the rules, not the model.' }]
    : [];
  if (run.state === 'no-model') {
    return [{ title: `TRM: ${run.message}`, action: 'none' }, ...verifiedRow, ...exactRow('No model takes this puzzle.')];
  }
  const rows: LensRow[] = [
    { title: `Solve with TRM${label}`, action: 'solve' },
    { title: 'Show reasoning trace', action: 'trace' },
    ...verifiedRow,
  ];
  switch (run.state) {
    case 'none':
      return rows;
    case 'running':
      rows.push({ title: `TRM: running, step ${run.steps} of at most ${run.maxSteps}`, action: 'trace' });
      return rows;
    case 'cancelled':
      rows.push({ title: 'TRM: cancelled', action: 'trace' });
      return rows;
    case 'error':
      rows.push({ title: `TRM: failed: ${run.message}`, action: 'trace' }, ...exactRow('The model run failed.'));
      return rows;
    case 'done': {
      const o = run.outcome;
      const w = outcomeWording(p.kind, o, run.expected);
      const title =
        settled && w.verdict === 'breaks-rules'
          ? `${outcomeLensTitle(p.kind, o, run.expected)} (TRM's own answer)`
          : outcomeLensTitle(p.kind, o, run.expected);
      rows.push({ title, action: 'trace', tooltip: w.verdict === 'breaks-rules' ? `${w.short}:\n${brokenRulesText(o)}` : w.long });
      if (w.verdict === 'breaks-rules') rows.push(...exactRow("TRM's answer breaks the rules."));
      return rows;
    }
  }
}

/**
 * What `Solve with TRM` tells the user when its run is done: the verdict and the next step, since the command
 * itself writes nothing (a finished run's lens does not even change). Undefined for a cancelled run.
 */
export function solveReport(p: Puzzle, testIndex: number, o: TraceOutcome, expected?: string[][]): string | undefined {
  const w = outcomeWording(p.kind, o, expected);
  if (w.verdict === 'cancelled') return undefined;
  const head = `TRM on ${p.name}: ${w.short}`;
  if (rulesSettleAnswer(p, testIndex)) return `${head}; the answer written here already satisfies the rules.`;
  if (w.verdict === 'verified') return `${head}. The code action "Fill solution with TRM" writes it.`;
  if (p.kind === 'arc')
    return w.verdict === 'breaks-rules' ? `${head}.` : `${head}. The code actions "Fill TRM's answer" write its attempts.`;
  return solveExactly(p, 2).status === 'solved' ? `${head}. "Solve exactly" writes the exact solver's answer.` : `${head}.`;
}
