// What the model predicted for one cell at every step of a trace: the hover's per-step table
// (core/src/assist/present.ts) and the trace panel's cell history (webview/src) read the same list.

import type { Candidate, TraceStep } from './trace';

export interface CellStep {
  /** 1-based supervision step. */
  step: number;
  /** undefined at a step whose grid has no such cell (an ARC answer smaller than the cell's position). */
  symbol: string | undefined;
  probability: number;
  top: Candidate[];
  /**
   * The symbol differs from the previous step's (at the first step, and after a step without the cell, any
   * symbol counts as a change). Read from the symbols themselves rather than from the step's `changed` list, so
   * that the history never contradicts its own rows.
   */
  changed: boolean;
  haltScore: number;
}

/** One entry per step, in order (a cell outside every step's grid gets entries without a symbol). */
export function cellHistory(steps: readonly TraceStep[], row: number, col: number): CellStep[] {
  let previous: string | undefined;
  return steps.map((s) => {
    const symbol = s.grid[row]?.[col];
    const changed = symbol !== undefined && symbol !== previous;
    previous = symbol;
    return {
      step: s.step,
      symbol,
      probability: s.probability[row]?.[col] ?? 0,
      top: s.top[row]?.[col] ?? [],
      changed,
      haltScore: s.haltScore,
    };
  });
}

/** A step at which the cell has a symbol. */
export function hasSymbol(entry: CellStep): entry is CellStep & { symbol: string } {
  return entry.symbol !== undefined;
}

/** The step from which the cell kept its final symbol over consecutive steps, or undefined with no history. */
export function settleStep(history: readonly CellStep[]): number | undefined {
  if (history.length === 0) return undefined;
  let i = history.length - 1;
  while (i > 0 && history[i - 1]!.symbol === history[i]!.symbol && history[i - 1]!.step === history[i]!.step - 1) i--;
  return history[i]!.step;
}
