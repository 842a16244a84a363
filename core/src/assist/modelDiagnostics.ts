// Model diagnostics: a cell the user filled that the model confidently disagrees with. Plain data
// (core Diagnostic, source `trm`); the quick fix writes `data.value`.

import type { Diagnostic, Puzzle } from '../dsl/ast';
import type { TraceStep } from '../trm/trace';
import { answerSection, filledCells } from './cells';
import { percent } from './present';

export const MODEL_DISAGREES = 'T001';

export interface ModelDisagreement { value: string; probability: number; written: string; row: number; col: number }

/**
 * Diagnostics for the answer section of run `testIndex`, from the run's last step: every filled cell whose
 * predicted symbol differs with probability >= threshold.
 */
export function modelDiagnostics(p: Puzzle, testIndex: number, last: TraceStep, threshold: number, model: string): Diagnostic[] {
  const section = answerSection(p, testIndex);
  if (!section) return [];
  const out: Diagnostic[] = [];
  for (const c of filledCells(section)) {
    const predicted = last.grid[c.row]?.[c.col];
    const prob = last.probability[c.row]?.[c.col];
    if (predicted === undefined || prob === undefined || predicted === c.symbol || prob < threshold) continue;
    // A maze path section writes only the path: `.` and `o` are what the model decides, walls are the maze's.
    const data: ModelDisagreement = { value: predicted, probability: prob, written: c.symbol, row: c.row, col: c.col };
    out.push({
      code: MODEL_DISAGREES,
      message: `TRM (${model}) predicts ${predicted} here with ${percent(prob)} confidence, not ${c.symbol}`,
      range: c.range,
      severity: 'information',
      source: 'trm',
      data,
    });
  }
  return out;
}
