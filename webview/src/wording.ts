// The panel's words: counts, confidences, legend entries. Pure, so tests read exactly what the panel writes.

import { outcomeWording } from '../../core/src/assist/outcome';
import { percent, ranOnText } from '../../core/src/assist/present';
import type { Trace, TraceOutcome } from '../../core/src/trm/trace';
import { type Comparison, comparisonFor } from './exactAnswer';

/** "1 step", "16 steps". */
export function countText(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A probability as the hovers write it (">99%", "42%", "<1%"): one format in every view. */
export function confidenceText(p: number): string {
  return percent(p);
}

export interface LegendItem {
  swatch: string;
  label: string;
}

/** What a wrong-cell mark means: which answer the cell differs from. */
export function wrongLabel(c: Comparison): string {
  return c.from === 'file' ? 'differs from the solution in the file' : "differs from the exact solver's unique solution";
}

/** The heat map's scale: red (unsure) to green (sure), with the ends in the hovers' format. */
export const HEAT_LEGEND = { low: confidenceText(0), high: confidenceText(1), label: 'model confidence' };

export function legendItems(
  kind: 'sudoku' | 'arc' | 'maze' | undefined,
  hasTrace: boolean,
  heatmap: boolean,
  comparison: Comparison | undefined,
): LegendItem[] {
  const items: LegendItem[] = [];
  if (hasTrace) {
    items.push({ swatch: 'sw-changed', label: 'changed since the previous step' });
    if (comparison) items.push({ swatch: 'sw-wrong', label: wrongLabel(comparison) });
  }
  if (kind === 'sudoku') {
    items.push({ swatch: 'sw-given', label: 'given (bold)' });
    if (hasTrace) items.push({ swatch: 'sw-predicted', label: 'predicted' });
  }
  if (hasTrace && heatmap)
    items.push({ swatch: 'sw-heat', label: `${HEAT_LEGEND.label}: red ${HEAT_LEGEND.low} → green ${HEAT_LEGEND.high}` });
  return items;
}

const STOP_REASON: Record<TraceOutcome['stopReason'], string> = {
  'max-steps': 'ran all steps',
  halted: 'halted',
  stable: 'prediction stable',
  cancelled: 'cancelled',
  verified: 'the rules accepted an answer',
  budget: 'search budget spent',
};

/** The line under the title: kind, model, how far a live run is, how the run ended and what it is checked against. */
export function traceStatusText(t: Trace, running: boolean): string {
  const parts = [t.kind, `model ${t.model}`];
  if (running) parts.push(`running: ${countText(t.steps.length, 'step')} so far`);
  const o = t.outcome;
  if (o) {
    parts.push(`${countText(o.stepsRun, 'step')} on ${ranOnText(o)}, ${STOP_REASON[o.stopReason]}, ${(o.elapsedMs / 1000).toFixed(2)} s`);
    const search = o.search;
    const winner = search?.winner;
    if (search)
      parts.push(
        winner
          ? `answer from view ${winner.view} of ${search.views} (${winner.transform}) at its step ${winner.step}`
          : `no view's answer satisfies the rules; ${search.votes ?? 0} of ${search.lanes} views voted for this one`,
      );
    const w = outcomeWording(t.kind, o, t.expected);
    parts.push(w.verdict === 'breaks-rules' && o.violations.length ? `${w.short}: ${o.violations[0]}` : w.short);
  }
  if (comparisonFor(t)?.from === 'exact-solver') parts.push("wrong cells: against the exact solver's unique solution");
  return parts.join(' · ');
}
