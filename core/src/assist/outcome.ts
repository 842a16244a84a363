// What a finished run's answer is worth, in words every surface shares (code lens, header hover, trace
// panel, CLI). Truth first: "verified" only when the rules checked the answer (Sudoku, maze). ARC has no
// rules that decide an answer, so an ARC answer is "unverified" unless the file holds the expected output,
// which it is then compared with.

import type { Trace, TraceOutcome } from '../trm/trace';

export type PuzzleKind = Trace['kind'];

/**
 * `verified`: the rules accept the answer. `breaks-rules`: they reject it (or an ARC answer is no grid).
 * `matches-expected` / `differs`: ARC, compared with the expected output in the file. `unverified`: ARC with
 * no expected output. `cancelled`: the run was stopped.
 */
export type Verdict = 'verified' | 'breaks-rules' | 'matches-expected' | 'differs' | 'unverified' | 'cancelled';

export interface OutcomeWording {
  verdict: Verdict;
  /** A few words with a mark: `✓ verified`, `✗ not verified (breaks 3 rules)`, `unverified (ARC) · 5 cells differ`. */
  short: string;
  /** A sentence: what was checked and what it found. */
  long: string;
  /** Whether the answer is known to be right (rules or expected output); only then is it "the solution". */
  trusted: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function size(g: readonly (readonly string[])[]): string {
  return `${g.length}x${g[0]?.length ?? 0}`;
}

/** How an ARC answer compares with the expected output: equal, how many cells differ, or another size. */
export function compareWithExpected(
  answer: readonly (readonly string[])[],
  expected: readonly (readonly string[])[],
): { same: boolean; text: string } {
  const sameShape = answer.length === expected.length && answer.every((r, i) => r.length === expected[i]!.length);
  if (!sameShape) return { same: false, text: `the answer is ${size(answer)}, the expected output ${size(expected)}` };
  let differ = 0;
  answer.forEach((r, i) =>
    r.forEach((s, j) => {
      if (s !== expected[i]![j]) differ++;
    }),
  );
  return differ === 0
    ? { same: true, text: 'matches the expected output' }
    : { same: false, text: `${plural(differ, 'cell')} ${differ === 1 ? 'differs' : 'differ'} from the expected output` };
}

/** The wording of a run's outcome. `expected`: the known answer in the file (ARC: the test output), if any. */
export function outcomeWording(kind: PuzzleKind, o: TraceOutcome, expected?: readonly (readonly string[])[]): OutcomeWording {
  if (o.stopReason === 'cancelled') {
    return { verdict: 'cancelled', short: `cancelled after ${plural(o.stepsRun, 'step')}`, long: 'The run was cancelled.', trusted: false };
  }
  const n = o.violations.length;
  if (kind !== 'arc') {
    if (o.satisfiesRules) {
      return { verdict: 'verified', short: '✓ verified', long: `Verified: the rules of the ${kind} accept the answer.`, trusted: true };
    }
    return {
      verdict: 'breaks-rules',
      short: `✗ not verified (breaks ${plural(n, 'rule')})`,
      long: `Not verified: the answer breaks ${plural(n, 'rule')}: ${o.violations.slice(0, 3).join('; ')}${n > 3 ? '; …' : ''}.`,
      trusted: false,
    };
  }
  if (!o.satisfiesRules) {
    return {
      verdict: 'breaks-rules',
      short: '✗ no valid grid',
      long: `The answer is not a valid ARC grid: ${o.violations.join('; ')}.`,
      trusted: false,
    };
  }
  if (!expected) {
    return {
      verdict: 'unverified',
      short: 'unverified (ARC)',
      long: 'Unverified: ARC has no rules to check an answer against, and the file has no expected output to compare with.',
      trusted: false,
    };
  }
  const c = compareWithExpected(o.answer, expected);
  return c.same
    ? {
        verdict: 'matches-expected',
        short: 'unverified (ARC) · ✓ matches the expected output',
        long: 'ARC has no rules to check against; the answer matches the expected output in the file.',
        trusted: true,
      }
    : {
        verdict: 'differs',
        short: `unverified (ARC) · ✗ ${c.text}`,
        long: `ARC has no rules to check against; ${c.text}.`,
        trusted: false,
      };
}

/** The broken rules of an outcome, one per line (for a lens tooltip or the panel), at most `max`. */
export function brokenRulesText(o: TraceOutcome, max = 12): string {
  const shown = o.violations.slice(0, max).map((v) => `• ${v}`);
  if (o.violations.length > max) shown.push(`… and ${o.violations.length - max} more`);
  return shown.join('\n');
}
