// The answer to compare a run with: the file's own complete answer, else the exact solver's unique answer that
// the server sent with the trace (core/src/trm/knownAnswer.ts). The webview never solves: it draws what it is sent.

import type { Trace } from '../../core/src/trm/trace';

export interface Comparison {
  grid: string[][];
  /** `file`: the answer written in the document; `exact-solver`: the unique answer the exact solver found. */
  from: 'file' | 'exact-solver';
}

const UNKNOWN = '?';

/** What the run's cells are checked against, or undefined when nothing is known (a `?`-only answer counts as none). */
export function comparisonFor(trace: Pick<Trace, 'kind' | 'expected' | 'solverAnswer'>): Comparison | undefined {
  const written = trace.expected;
  if (written && written.length > 0 && written.some((row) => row.some((s) => s !== UNKNOWN))) return { grid: written, from: 'file' };
  if (trace.kind === 'arc' || !trace.solverAnswer) return undefined;
  return { grid: trace.solverAnswer, from: 'exact-solver' };
}
