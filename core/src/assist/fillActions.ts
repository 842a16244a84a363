// The fill actions of a finished run, as plain data: what each one is called, what it writes and whether it is
// the preferred one. The titles tell the truth: "solution" only for an answer the rules accept (ARC: only one
// equal to the expected output); a guess that breaks the rules says how many, beside the exact solver's answer,
// and is not offered at all over an answer written in the file that the rules verify.

import type { Puzzle } from '../dsl/ast';
import { fillSection, type TextEdit } from '../rules/edits';
import { solveExactly } from '../rules/solve';
import type { TraceOutcome, TraceStep } from '../trm/trace';
import { answerSection, answerTarget, runCount, type ModelCell } from './cells';
import { rulesSettleAnswer } from './modelDiagnostics';
import { percent } from './present';

export interface FillAction {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The actions for run `t` of a puzzle. `cell`: the answer cell under the cursor with its written symbol and range,
 * if any; `offered(edits)`: whether the rules' own actions already write exactly these edits.
 */
export function fillActions(
  p: Puzzle,
  t: number,
  o: TraceOutcome,
  last: TraceStep | undefined,
  text: string,
  cell?: { at: ModelCell; symbol: string; range: TextEdit['range'] },
  offered: (edits: TextEdit[]) => boolean = () => false,
): FillAction[] {
  const target = answerTarget(p, t);
  if (!target) return [];
  // An answer the rules verify is written: a guess that breaks them (or one of its cells) would only undo it.
  if (!o.satisfiesRules && rulesSettleAnswer(p, t)) return [];
  const out: FillAction[] = [];
  const label = p.kind === 'arc' && runCount(p) > 1 ? ` for test ${t + 1}` : '';
  if (p.kind === 'arc') {
    const attempts = o.attempts ?? [{ grid: o.answer, votes: 1, meanHaltScore: o.haltScore ?? 0, satisfiesRules: o.satisfiesRules }];
    attempts.slice(0, 2).forEach((att, k) => {
      // An empty prediction (nothing before EOS) is nothing to write.
      if (att.grid.length === 0 || att.grid[0]!.length === 0) return;
      const edits = fillSection(p, target, att.grid, text);
      if (edits.length === 0) return;
      const votes = plural(att.votes, 'vote');
      const title = !att.satisfiesRules
        ? `Fill TRM's best guess (attempt ${k + 1}${label}, not a valid ARC grid)`
        : att.matchesExpected
          ? `Fill solution with TRM (attempt ${k + 1}${label}, ${votes}, matches the expected output)`
          : `Fill TRM's answer (attempt ${k + 1}${label}, ${votes}, unverified)`;
      out.push({ title, edits, preferred: k === 0 && att.satisfiesRules });
    });
  } else {
    const edits = fillSection(p, target, o.answer, text);
    if (edits.length > 0) {
      if (o.satisfiesRules) {
        out.push({ title: `Fill solution with TRM${label}`, edits, preferred: true });
      } else {
        const n = plural(o.violations.length, 'rule');
        out.push({ title: `Fill TRM's best guess (breaks ${n})`, edits, preferred: false });
        const exact = solveExactly(p, 2);
        if (exact.status === 'solved' && exact.answer && exact.target) {
          const xe = fillSection(p, exact.target, exact.answer, text);
          if (xe.length > 0 && !offered(xe))
            out.push({ title: `Fill the exact solver's answer (TRM's guess breaks ${n})`, edits: xe, preferred: false });
        }
      }
    }
  }
  // The cell under the cursor.
  if (cell && cell.at.inAnswer && cell.at.testIndex === t) {
    const { row, col } = cell.at;
    const predicted = p.kind === 'arc' ? o.answer[row]?.[col] : last?.grid[row]?.[col];
    const prob = last?.probability[row]?.[col];
    if (predicted !== undefined && answerSection(p, t) && predicted !== cell.symbol) {
      out.push({
        title: `Fill this cell with TRM's prediction (${predicted}${prob !== undefined && p.kind !== 'arc' ? `, ${percent(prob)}` : ''})`,
        edits: [{ range: cell.range, newText: predicted }],
        preferred: false,
      });
    }
  }
  return out;
}
