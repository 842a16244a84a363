// One puzzle of a document parsed on its own, without the rest: what a request about one place (a hover) needs
// while the whole document's parse is still to come. A puzzle's header line resets every state the parser carries
// from line to line, so the lines from a header to the next header parse to the same puzzle as in parse() of the
// whole text (core/src/dsl/incremental.ts relies on the same; tests/dsl/puzzleAt.test.ts compares the two).

import type { Puzzle } from './ast';
import { LineParser } from './parser';
import * as scan from './scan';

const { skipSpaces, tokenEnd } = scan;

const KIND_WORDS = new Set(['sudoku', 'arc', 'maze']);

/** The offset of the line after the one starting at `start` (text.length after the last line). */
function nextLineStart(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

/** The offset of the line before the one starting at `start` (> 0). */
function previousLineStart(text: string, start: number): number {
  let i = start - 1; // the line break ending the previous line (\n, \r, or the \n of \r\n)
  if (text.charCodeAt(i) === 10 && text.charCodeAt(i - 1) === 13) i--;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** Whether the line starting at `start` is a puzzle header for the parser: its first token before any `//` is a kind word. */
function isHeaderLine(text: string, start: number): boolean {
  // The line's end, or its first `//` (looked for within the line: a document may have none at all).
  let end = start;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13 || (c === 47 && text.charCodeAt(end + 1) === 47)) break;
  }
  const from = skipSpaces(text, start, end);
  if (from === end) return false;
  return KIND_WORDS.has(text.slice(from, tokenEnd(text, from + 1, end)));
}

/** The offset where line `line` starts and its number, or the last line's when the text has fewer lines. */
function lineStart(text: string, line: number): [number, number] {
  let start = 0;
  let l = 0;
  let lf = -2;
  let cr = -2;
  while (l < line) {
    // indexOf rather than a loop over the characters: several times faster on a large document.
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    const brk = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (brk < 0) break;
    start = brk + (text.charCodeAt(brk) === 13 && text.charCodeAt(brk + 1) === 10 ? 2 : 1);
    l++;
  }
  return [start, l];
}

/**
 * The puzzle whose lines hold line `line` (from its header line to the line before the next header; past the end,
 * the last line's), parsed from those lines alone; undefined when no header is at or above it.
 */
export function parsePuzzleAt(text: string, line: number): Puzzle | undefined {
  let [header, headerLine] = lineStart(text, line);
  while (!isHeaderLine(text, header)) {
    if (header === 0) return undefined;
    header = previousLineStart(text, header);
    headerLine--;
  }
  let end = nextLineStart(text, header);
  while (end < text.length && !isHeaderLine(text, end)) end = nextLineStart(text, end);
  const parser = new LineParser(text.slice(header, end), headerLine);
  parser.close();
  return parser.puzzles[0];
}
