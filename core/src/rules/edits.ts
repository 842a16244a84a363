// Pure text-edit builders: write a grid into a section of a puzzle (a Sudoku solution, a maze path, later a
// TRM answer). Used by the CLI `solve --write`, the server's code actions and the TRM fill.
// Edits are plain data ({range, newText}, LSP-compatible positions) applied with `applyEdits`.

import type { ArcPair, Position, Puzzle, Range, Section } from '../dsl/ast';
import { printGridRows } from '../dsl/printer';

export interface TextEdit { range: Range; newText: string }

/** Where a grid goes: a section keyword of the puzzle (`solution`, `path`; ARC: `output` of pair `pairIndex`). */
export interface FillTarget {
  keyword: string;
  /** ARC only: which pair (index into puzzle.pairs). */
  pairIndex?: number;
}

function existingSection(p: Puzzle, target: FillTarget): Section | undefined {
  if (p.kind === 'sudoku') return target.keyword === 'givens' ? p.givens : target.keyword === 'solution' ? p.solution : undefined;
  if (p.kind === 'maze') return target.keyword === 'grid' ? p.grid : target.keyword === 'path' ? p.path : undefined;
  const pair: ArcPair | undefined = p.pairs[target.pairIndex ?? -1];
  if (!pair) return undefined;
  return target.keyword === 'input' ? pair.input : target.keyword === 'output' ? pair.output : undefined;
}

/** The sections that should come before a new section of `target`, to find where to insert it. */
function anchorEnd(p: Puzzle, target: FillTarget): Position {
  if (p.kind === 'arc') {
    const pair = p.pairs[target.pairIndex ?? -1];
    if (pair) return pair.range.end;
  }
  return p.range.end;
}

function lineEnd(text: string | undefined, pos: Position): Position {
  if (text === undefined) return pos;
  const starts = lineStarts(text);
  const start = starts[pos.line];
  if (start === undefined) return pos;
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return { line: pos.line, character: end - start };
}

function lineIndent(text: string | undefined, line: number, fallback: number): string {
  if (text === undefined) return ' '.repeat(fallback);
  const lines = lineStarts(text);
  const start = lines[line] ?? 0;
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

/**
 * Edits that make `target`'s grid hold `matrix` (rows of one-character symbols).
 * - The section exists with the same shape: one edit per cell whose symbol differs (comments, layout and
 *   separators stay as written).
 * - The section exists with another shape or no rows: its rows are replaced by the printed grid.
 * - The section is missing: it is inserted after the puzzle's last section (ARC: after the pair).
 * `text` (the document) is used to copy the indentation; without it two spaces per level are assumed.
 */
export function fillSection(p: Puzzle, target: FillTarget, matrix: readonly (readonly string[])[], text?: string): TextEdit[] {
  const section = existingSection(p, target);
  if (section) {
    const rows = section.grid.rows;
    const sameShape = rows.length === matrix.length && rows.every((r, i) => r.cells.length === matrix[i].length);
    if (sameShape) {
      const edits: TextEdit[] = [];
      rows.forEach((r, i) => r.cells.forEach((c, j) => {
        if (c.symbol !== matrix[i][j]) edits.push({ range: c.range, newText: matrix[i][j] });
      }));
      return edits;
    }
    const separators = p.kind === 'sudoku' && (section.grid.separators || (existingSection(p, { keyword: 'givens' })?.grid.separators ?? false));
    const printed = printGridRows(p.kind, matrix, separators);
    if (rows.length === 0) {
      const indent = lineIndent(text, section.keywordRange.start.line, section.keywordRange.start.character) + '  ';
      const at = lineEnd(text, section.range.end);
      return [{ range: { start: at, end: at }, newText: printed.map((l) => '\n' + indent + l).join('') }];
    }
    const indent = lineIndent(text, rows[0].range.start.line, rows[0].range.start.character);
    const range: Range = { start: { line: section.grid.range.start.line, character: 0 }, end: section.grid.range.end };
    return [{ range, newText: printed.map((l) => indent + l).join('\n') }];
  }
  // Insert a new section after the puzzle (or pair).
  const reference = p.kind === 'sudoku' ? p.givens : p.kind === 'maze' ? p.grid : p.pairs[target.pairIndex ?? -1]?.input;
  const keywordIndent = reference
    ? lineIndent(text, reference.keywordRange.start.line, reference.keywordRange.start.character)
    : '  ';
  const separators = p.kind === 'sudoku' && (p.givens?.grid.separators ?? false);
  const printed = printGridRows(p.kind, matrix, separators);
  // After the whole last line (a comment after the last row stays on that row).
  const at = lineEnd(text, anchorEnd(p, target));
  const newText = `\n${keywordIndent}${target.keyword}` + printed.map((l) => `\n${keywordIndent}  ${l}`).join('');
  return [{ range: { start: at, end: at }, newText }];
}

/** Offsets of the start of each line (LF, CRLF or CR line ends, as the parser counts them). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

/** Offset of a position (clamped to the text). */
export function offsetAt(text: string, starts: readonly number[], pos: Position): number {
  if (pos.line >= starts.length) return text.length;
  if (pos.line < 0) return 0;
  const lineStart = starts[pos.line];
  const next = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  let lineEnd = next;
  while (lineEnd > lineStart && (text.charCodeAt(lineEnd - 1) === 10 || text.charCodeAt(lineEnd - 1) === 13)) lineEnd--;
  return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
}

/** Applies non-overlapping edits (positions refer to the original text). Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e) => ({ start: offsetAt(text, starts, e.range.start), end: offsetAt(text, starts, e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const s of spans) {
    if (s.start < last) throw new Error('overlapping edits');
    out += text.slice(last, s.start) + s.text;
    last = s.end;
  }
  return out + text.slice(last);
}
