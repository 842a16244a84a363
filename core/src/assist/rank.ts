// Merging the model's top symbols for a cell with the symbols the rules allow there (completions):
// sorted by the model's probability, rule-allowed symbols the model did not rank after them, and symbols
// the model proposes but the rules forbid last, marked.

import type { Candidate } from '../trm/trace';

export interface RankedSymbol {
  symbol: string;
  /** The model's probability, when the symbol is among its top candidates for the cell. */
  probability?: number;
  /** The rules forbid it here (the model proposed it anyway). */
  forbidden: boolean;
  /** Sort key: ascending = shown first. */
  sortText: string;
}

/** A symbol the rules forbid is offered only when the model gives it at least this probability (not noise). */
export const MIN_FORBIDDEN_PROBABILITY = 0.05;

/**
 * `allowed`: the rule candidates in their own order (filler symbols such as `?` or `.` included);
 * `fillers`: the symbols among them that mean "no value" (kept after the ranked values);
 * `top`: the model's candidates for the cell, best first.
 */
export function rankSymbols(allowed: readonly string[], fillers: ReadonlySet<string>, top: readonly Candidate[]): RankedSymbol[] {
  const prob = new Map<string, number>();
  for (const c of top) if (!prob.has(c.symbol)) prob.set(c.symbol, c.probability);
  const allowedSet = new Set(allowed);
  const key = (group: number, p: number | undefined, i: number) =>
    `${group}${p === undefined ? '0000' : String(9999 - Math.round(p * 9999)).padStart(4, '0')}${String(i).padStart(3, '0')}`;
  const out: RankedSymbol[] = allowed.map((symbol, i) => {
    const p = fillers.has(symbol) ? undefined : prob.get(symbol);
    const group = fillers.has(symbol) ? 2 : p === undefined ? 1 : 0;
    return { symbol, ...(p !== undefined ? { probability: p } : {}), forbidden: false, sortText: key(group, p, i) };
  });
  top.forEach((c, i) => {
    if (allowedSet.has(c.symbol) || fillers.has(c.symbol) || c.probability < MIN_FORBIDDEN_PROBABILITY) return;
    out.push({ symbol: c.symbol, probability: c.probability, forbidden: true, sortText: key(3, c.probability, i) });
  });
  return out.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
}
