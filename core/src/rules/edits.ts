// Pure text-edit builders: write a grid into a section of a puzzle (a Sudoku solution, a maze path, later a
// TRM answer). Used by the CLI `solve --write`, the server's code actions and the TRM fill.
// Edits are plain data ({range, newText}, LSP-compatible positions) applied with `applyEdits`.

import type { ArcPair, GridRow, Position, Puzzle, Range, Section } from '../dsl/ast';
import { printGridRows } from '../dsl/printer';

export interface TextEdit {
  range: Range;
  newText: string;
}

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
  let end = starts[pos.line + 1] ?? text.length;
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
    const sameShape = rows.length === matrix.length && rows.every((r, i) => r.cells.length === matrix[i]?.length);
    if (sameShape) {
      const edits: TextEdit[] = [];
      rows.forEach((r, i) =>
        r.cells.forEach((c, j) => {
          const symbol = matrix[i]?.[j]; // defined: same shape
          if (symbol !== undefined && c.symbol !== symbol) edits.push({ range: c.range, newText: symbol });
        }),
      );
      return edits;
    }
    const separators =
      p.kind === 'sudoku' && (section.grid.separators || (existingSection(p, { keyword: 'givens' })?.grid.separators ?? false));
    const printed = printGridRows(p.kind, matrix, separators);
    if (rows.length === 0) {
      const indent = lineIndent(text, section.keywordRange.start.line, section.keywordRange.start.character) + '  ';
      const at = lineEnd(text, section.range.end);
      return [{ range: { start: at, end: at }, newText: printed.map((l) => '\n' + indent + l).join('') }];
    }
    return reshapeRows(section, printed, text);
  }
  // Insert a new section after the puzzle (or pair).
  const reference = p.kind === 'sudoku' ? p.givens : p.kind === 'maze' ? p.grid : p.pairs[target.pairIndex ?? -1]?.input;
  const keywordIndent = reference ? lineIndent(text, reference.keywordRange.start.line, reference.keywordRange.start.character) : '  ';
  const separators = p.kind === 'sudoku' && (p.givens?.grid.separators ?? false);
  const printed = printGridRows(p.kind, matrix, separators);
  // After the whole last line (a comment after the last row stays on that row).
  const at = lineEnd(text, anchorEnd(p, target));
  const newText = `\n${keywordIndent}${target.keyword}` + printed.map((l) => `\n${keywordIndent}  ${l}`).join('');
  return [{ range: { start: at, end: at }, newText }];
}

/**
 * Edits that turn a section's rows into `printed` (rows and separator lines) touching only the cells: the
 * first rows keep their line, indentation and trailing comment and get the new cells; rows beyond the new
 * shape lose their cells (a comment on them stays, on its own line); new rows go after the last one. Comment
 * lines and separators between the rows are left as written.
 */
function reshapeRows(section: Section, printed: readonly string[], text: string | undefined): TextEdit[] {
  const rows = section.grid.rows;
  const isSeparator = (l: string): boolean => /^[-+]+$/.test(l);
  const printedRows = printed.filter((l) => !isSeparator(l));
  const keep = Math.min(rows.length, printedRows.length);
  const edits: TextEdit[] = [];
  /** From the row's first cell to its last; undefined for a row without cells. */
  const cellsSpan = (r: GridRow): Range | undefined => {
    const first = r.cells[0];
    const last = r.cells.at(-1);
    return first && last ? { start: first.range.start, end: last.range.end } : undefined;
  };
  rows.slice(0, keep).forEach((r, i) => {
    const span = cellsSpan(r);
    if (span) edits.push({ range: span, newText: printedRows[i]! }); // i < keep <= printedRows.length
  });
  for (const r of rows.slice(keep)) {
    const span = cellsSpan(r);
    if (!span) continue;
    const start = span.start;
    const end = lineEnd(text, span.end);
    const rest = text === undefined ? '' : lineSlice(text, start.line).slice(span.end.character);
    if (rest.trim() === '' && start.line > 0 && text !== undefined) {
      // Nothing else on the line: remove the line with its line break.
      const prev = lineEnd(text, { line: start.line - 1, character: 0 });
      edits.push({ range: { start: prev, end }, newText: '' });
    } else {
      edits.push({ range: span, newText: '' });
    }
  }
  const lastRow = rows.at(-1);
  if (printedRows.length > rows.length && lastRow !== undefined) {
    // The printed lines after the last kept row (separator lines included).
    let k = -1;
    let seen = 0;
    for (const [j, l] of printed.entries()) {
      if (seen >= keep) break;
      if (!isSeparator(l)) {
        seen++;
        k = j;
      }
    }
    const indent = lineIndent(text, lastRow.range.start.line, lastRow.range.start.character);
    const at = lineEnd(text, lastRow.range.end);
    edits.push({
      range: { start: at, end: at },
      newText: printed
        .slice(k + 1)
        .map((l) => '\n' + indent + l)
        .join(''),
    });
  }
  return edits;
}

function lineSlice(text: string, line: number): string {
  const starts = lineStarts(text);
  const start = starts[line] ?? text.length;
  return text.slice(start, line + 1 < starts.length ? starts[line + 1] : text.length).replace(/[\r\n]+$/, '');
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
  if (pos.line < 0) return 0;
  const lineStart = starts[pos.line];
  if (lineStart === undefined) return text.length; // past the last line
  const next = starts[pos.line + 1] ?? text.length;
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
