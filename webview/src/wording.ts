// The panel's words: counts, confidences, legend entries. Pure, so tests read exactly what the panel writes.

import { percent } from '../../core/src/assist/present';
import type { Comparison } from './exactAnswer';

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
