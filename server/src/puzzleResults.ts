// The rule diagnostics of a document's puzzles by the text of each (lines counted from its header), as one run found
// them, for the next run to reuse where a puzzle is unchanged.

import type { Diagnostic } from '../../core/src/dsl/ast';

/** Look-ups that miss their place and scan the list before a map by text is made (see get). */
const SCANS_BEFORE_MAP = 16;

/** A puzzle whose solver check the run left for a later one (its results are not complete). */
export const PENDING = 'pending';

/** A puzzle's rule diagnostics, or PENDING. */
export type PuzzleResult = Diagnostic[] | typeof PENDING;

export class PuzzleResults {
  private byText: Map<string, PuzzleResult> | undefined;
  /** How many places the last puzzle found had moved from its place in the list (puzzles added or removed before it). */
  private shift = 0;
  private scans = 0;

  /** `entries`: [puzzle text, its diagnostics or PENDING] in the document's order; a text given twice has the same
   *  diagnostics both times. */
  constructor(private readonly entries: readonly [string, PuzzleResult][] = []) {}

  /**
   * The diagnostics of a puzzle of this text, now the `at`-th of its document. An unchanged puzzle is looked for
   * first where it was (moved as far as the last one found): hashing a 10 MB document's puzzle texts into a map takes
   * about 15 ms in one piece, and an edit changes only a few of them. The first few that are not found there (the
   * edited ones) are looked for through the whole list (comparing texts stops at their length or first difference);
   * after those the map is made.
   */
  get(text: string, at: number): PuzzleResult | undefined {
    for (const i of [at + this.shift, at]) {
      const e = this.entries[i];
      if (e?.[0] === text) {
        this.shift = i - at;
        return e[1];
      }
    }
    if (!this.byText && ++this.scans <= SCANS_BEFORE_MAP) {
      const i = this.entries.findIndex(([t]) => t === text);
      if (i >= 0) this.shift = i - at;
      return this.entries[i]?.[1];
    }
    this.byText ??= new Map(this.entries);
    return this.byText.get(text);
  }
}
