// The rule diagnostics of a document's puzzles by the text of each (lines counted from its header), as one run found
// them, for the next run to reuse where a puzzle is unchanged.

import type { Diagnostic } from '../../core/src/dsl/ast';

export class PuzzleResults {
  private byText: Map<string, Diagnostic[]> | undefined;

  /** `entries`: [puzzle text, its diagnostics]; a text given twice has the same diagnostics both times. */
  constructor(private readonly entries: readonly [string, Diagnostic[]][] = []) {}

  /**
   * The diagnostics of a puzzle of this text. The map is built at the first look-up: a run that looks up nothing (the
   * first over a document) hashes no puzzle text (a 10 MB document's take about 15 ms), and the next run pays for it
   * once, after that first publication.
   */
  get(text: string): Diagnostic[] | undefined {
    this.byText ??= new Map(this.entries);
    return this.byText.get(text);
  }
}
