// Parsing a document again after an edit, only where the edit was. A puzzle's header line resets everything the
// parser carries from line to line, so a document falls into chunks that parse on their own: the text before the
// first header, then each puzzle from its header line to the line before the next header. An edit is parsed again
// from the last chunk it cannot have changed the start of to the first chunk after it that it cannot have reached;
// the chunks before are kept, the chunks after are kept and moved. The one check across puzzles (duplicate names)
// runs again over the whole list. The result equals parse() of the new text (tests/dsl/incremental.test.ts).

import type { Comment, Diagnostic, ParseResult, Puzzle } from './ast';
import { movedComment, movedDiagnostic, movedPuzzle } from './moveNodes';
import { duplicateNames, LineParser, parse } from './parser';

/** A stretch of a document that parses on its own: one puzzle, or the text before the first header. */
export interface ParsedChunk {
  /** Offset of its first character in the document, and its first line. */
  offset: number;
  line: number;
  text: string;
  puzzle?: Puzzle;
  diagnostics: Diagnostic[];
  comments: Comment[];
}

export interface ChunkedParse {
  text: string;
  /** In document order, covering the text; empty when the parser failed (the result is then its P000). */
  chunks: ParsedChunk[];
  /** Equal to parse(text). */
  result: ParseResult;
  /** The chunk text of each puzzle of result.document.puzzles, by index: all its parse and rules depend on. */
  puzzleTexts: string[];
}

/** A parse of a new version of a document, reusing what it can of the previous version's; it can run in slices. */
export class ParseJob {
  private readonly parser: LineParser | undefined;
  private readonly region = { text: '', offset: 0, line: 0 };
  private before: ParsedChunk[] = [];
  private after: ParsedChunk[] = [];
  /** How far the chunks after the region move (characters, lines), and those moved so far. */
  private offsetDelta = 0;
  private lineDelta: number | undefined;
  private readonly moved: ParsedChunk[] = [];
  private failed = false;
  private done: ChunkedParse | undefined;

  constructor(
    readonly text: string,
    previous?: ChunkedParse,
  ) {
    if (previous && previous.text === text) {
      this.done = previous;
      return;
    }
    if (previous && previous.chunks.length > 0) this.plan(previous);
    else this.region.text = text;
    this.parser = new LineParser(this.region.text, this.region.line);
  }

  private plan(previous: ChunkedParse): void {
    const old = previous.text;
    const text = this.text;
    const chunks = previous.chunks;
    const prefix = commonPrefix(old, text);
    const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
    // Start at a chunk whose header line (with its line break) is before the edit: it is still a header line,
    // and the parser is in the same state there. The document's start is always such a place.
    // k indexes chunks (not empty: see the constructor) and goes down to 0 at the lowest.
    let k = lastChunkAtOrBefore(chunks, prefix);
    while (k > 0 && lineBreakAt(old, chunks[k]!.offset) >= prefix) k--;
    const startChunk = chunks[k]!;
    // Stop before a chunk whose header line and the line break before it are after the edit: its text, and
    // everything after it, is unchanged.
    const oldChangeEnd = old.length - suffix;
    const j = firstChunkAtOrAfter(chunks, oldChangeEnd + 1);
    this.offsetDelta = text.length - old.length;
    const start = startChunk.offset;
    const stopChunk = chunks[j]; // none when j === chunks.length: the region runs to the end
    const end = stopChunk ? stopChunk.offset + this.offsetDelta : text.length;
    this.before = chunks.slice(0, k);
    this.after = chunks.slice(j);
    this.region.offset = start;
    this.region.line = startChunk.line;
    this.region.text = detached(text.slice(start, end));
  }

  /** Parses (then moves the chunks after the edit) until done (true) or `shouldPause` says to stop (false). */
  step(shouldPause: () => boolean): boolean {
    if (this.done || this.failed || !this.parser) return true;
    try {
      if (!this.parser.advance(shouldPause)) return false;
      this.parser.close();
    } catch {
      this.failed = true;
      return true;
    }
    return this.moveAfter(shouldPause);
  }

  /** Moves the chunks after the region to where they now are; false when paused. */
  private moveAfter(shouldPause?: () => boolean): boolean {
    const after = this.after;
    const firstAfter = after[0];
    if (!firstAfter) return true;
    // The parser's last line is the one where the region ends: the first line of the chunks after it.
    this.lineDelta ??= this.parser!.lineNo - firstAfter.line;
    const from = this.moved.length;
    for (let i = from; i < after.length; i++) {
      // Asked after every 32 chunks moved, so each call gets somewhere.
      if (shouldPause && i > from && ((i - from) & 31) === 0 && shouldPause()) return false;
      this.moved.push(movedChunk(after[i]!, this.offsetDelta, this.lineDelta)); // i < after.length
    }
    return true;
  }

  /** Parses what is left, then puts the chunks together. */
  finish(): ChunkedParse {
    if (this.done) return this.done;
    const parser = this.parser!;
    if (!this.failed) {
      try {
        parser.close();
      } catch {
        this.failed = true;
      }
    }
    if (this.failed) return (this.done = this.region.offset === 0 && !this.after.length ? failedParse(this.text) : parsedWhole(this.text));
    this.moveAfter();
    const { text, offset, line } = this.region;
    const chunks = this.before;
    for (const c of chunksOf(parser, text, offset, line)) chunks.push(c);
    for (const c of this.moved) chunks.push(c);
    this.before = this.after = [];
    return (this.done = assemble(this.text, chunks));
  }
}

/** The parse of a whole text, in chunks. */
export function parseInChunks(text: string): ChunkedParse {
  return new ParseJob(text).finish();
}

/** The parse of `text`, an edited version of `previous.text`, reusing the chunks the edit left alone. */
export function reparse(previous: ChunkedParse, text: string): ChunkedParse {
  return new ParseJob(text, previous).finish();
}

function parsedWhole(text: string): ChunkedParse {
  try {
    const parser = new LineParser(text);
    parser.close();
    return assemble(text, chunksOf(parser, text, 0, 0));
  } catch {
    return failedParse(text);
  }
}

function failedParse(text: string): ChunkedParse {
  return { text, chunks: [], result: parse(text), puzzleTexts: [] };
}

function chunksOf(parser: LineParser, text: string, offset: number, firstLine: number): ParsedChunk[] {
  const { marks, diagnostics, comments, puzzles } = parser;
  const out: ParsedChunk[] = [];
  const first = marks[0] ?? { offset: text.length, diagnostics: diagnostics.length, comments: comments.length };
  if (first.offset > 0) {
    out.push({
      offset,
      line: firstLine,
      text: text.slice(0, first.offset),
      diagnostics: diagnostics.slice(0, first.diagnostics),
      comments: comments.slice(0, first.comments),
    });
  }
  for (const [i, m] of marks.entries()) {
    const next = marks[i + 1]; // none after the last mark: its chunk runs to the end
    const chunk: ParsedChunk = {
      offset: offset + m.offset,
      line: m.line,
      text: text.slice(m.offset, next ? next.offset : text.length),
      diagnostics: diagnostics.slice(m.diagnostics, next ? next.diagnostics : diagnostics.length),
      comments: comments.slice(m.comments, next ? next.comments : comments.length),
    };
    // The puzzle of every header line is written by the time the parser is closed.
    const puzzle = puzzles[m.puzzles];
    if (puzzle) chunk.puzzle = puzzle;
    out.push(chunk);
  }
  return out;
}

function movedChunk(c: ParsedChunk, offsetDelta: number, lines: number): ParsedChunk {
  if (lines === 0) return { ...c, offset: c.offset + offsetDelta };
  const moved: ParsedChunk = {
    offset: c.offset + offsetDelta,
    line: c.line + lines,
    text: c.text,
    diagnostics: c.diagnostics.length ? c.diagnostics.map((d) => movedDiagnostic(d, lines)) : c.diagnostics,
    comments: c.comments.length ? c.comments.map((x) => movedComment(x, lines)) : c.comments,
  };
  if (c.puzzle) moved.puzzle = movedPuzzle(c.puzzle, lines);
  return moved;
}

function assemble(text: string, chunks: ParsedChunk[]): ChunkedParse {
  const puzzles: Puzzle[] = [];
  const puzzleTexts: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const comments: Comment[] = [];
  for (const c of chunks) {
    if (c.puzzle) {
      puzzles.push(c.puzzle);
      puzzleTexts.push(c.text);
    }
    for (const d of c.diagnostics) diagnostics.push(d);
    for (const x of c.comments) comments.push(x);
  }
  for (const d of duplicateNames(puzzles)) diagnostics.push(d);
  return { text, chunks, result: { document: { puzzles, comments }, diagnostics }, puzzleTexts };
}

/**
 * A copy of a slice that does not keep the string it was cut from alive. The chunks of a re-parsed region keep
 * their text (row texts, rule cache keys) for as long as the puzzle is unchanged; a plain slice of a large
 * document would keep that whole version of the document in memory with it. Concatenating makes a new string,
 * which slicing flattens into a copy of its own.
 */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

const BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common end of a and b, at most max. */
function commonSuffix(a: string, b: string, max: number): number {
  const na = a.length;
  const nb = b.length;
  let k = 0;
  while (k + BLOCK <= max && a.slice(na - k - BLOCK, na - k) === b.slice(nb - k - BLOCK, nb - k)) k += BLOCK;
  while (k < max && a.charCodeAt(na - 1 - k) === b.charCodeAt(nb - 1 - k)) k++;
  return k;
}

/** The offset of the first line break at or after `from`, or the text's length. */
function lineBreakAt(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** The index of the last chunk starting at or before `offset` (chunks[0] starts at 0); 0 when there are none. */
function lastChunkAtOrBefore(chunks: readonly ParsedChunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1; // lo < mid <= hi < chunks.length
    if (chunks[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the first chunk starting at or after `offset`, or chunks.length. */
function firstChunkAtOrAfter(chunks: readonly ParsedChunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1; // lo <= mid < hi <= chunks.length
    if (chunks[mid]!.offset >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
