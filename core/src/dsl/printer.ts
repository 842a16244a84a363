// Printer and formatter: the canonical layout of a `.arc` document (docs/dsl.md, "Canonical layout").
// parse(print(tree)) gives the same tree (ranges aside); format(format(x)) === format(x).
// Comments are kept: a comment on the line of a node stays at the end of that node's line, a comment on a
// line of its own is written before the node that followed it, indented like that node.

import type { ArcDocument, Diagnostic, Puzzle, PuzzleKind, Section } from './ast';
import { isLossy } from './codes';
import { parse } from './parser';
import { sudokuBoxShape, SUDOKU_SIZES } from './symbols';

const INDENT = '  ';

interface OutLine {
  depth: number;
  text: string;
  anchor?: number;
}

/** The rows of a grid in canonical layout (no indentation); Sudoku box separators when `separators`. */
export function printGridRows(kind: PuzzleKind, matrix: readonly (readonly string[])[], separators: boolean): string[] {
  const size = matrix.length;
  const box =
    kind === 'sudoku' && separators && SUDOKU_SIZES.includes(size) && matrix.every((r) => r.length === size)
      ? sudokuBoxShape(size)
      : undefined;
  if (!box) return matrix.map((r) => r.join(' '));
  const out: string[] = [];
  const bands = size / box.cols;
  const w = box.cols * 2 - 1;
  const sep = Array.from({ length: bands }, (_, i) => '-'.repeat(w + (i === 0 || i === bands - 1 ? 1 : 2) + (bands === 1 ? -1 : 0))).join(
    '+',
  );
  for (const [i, row] of matrix.entries()) {
    if (i > 0 && i % box.rows === 0) out.push(sep);
    const parts: string[] = [];
    for (let b = 0; b < bands; b++) parts.push(row.slice(b * box.cols, (b + 1) * box.cols).join(' '));
    out.push(parts.join(' | '));
  }
  return out;
}

function sectionLines(kind: PuzzleKind, s: Section, depth: number, out: OutLine[]): void {
  const head = s.declared ? `${s.keyword} ${s.declared.rows}x${s.declared.cols}` : s.keyword;
  out.push({ depth, text: head, anchor: s.keywordRange.start.line });
  const matrix = s.grid.rows.map((r) => r.cells.map((c) => c.symbol));
  const rows = printGridRows(kind, matrix, s.grid.separators);
  // Anchor each printed row to its source row (separator lines have none).
  let k = 0;
  for (const text of rows) {
    const isSep = /^[-+]+$/.test(text);
    const anchor = isSep ? undefined : s.grid.rows[k++]?.range.start.line;
    out.push(anchor === undefined ? { depth: depth + 1, text } : { depth: depth + 1, text, anchor });
  }
}

function puzzleLines(p: Puzzle, out: OutLine[]): void {
  let head = p.kind;
  if (p.name !== '') head += ` ${p.name}`;
  if (p.declared) head += ` ${p.declared.rows}x${p.declared.cols}`;
  out.push({ depth: 0, text: head, anchor: p.headerRange.start.line });
  for (const prop of p.properties) {
    out.push({ depth: 1, text: prop.value === '' ? `${prop.key}:` : `${prop.key}: ${prop.value}`, anchor: prop.range.start.line });
  }
  if (p.kind === 'sudoku') {
    if (p.givens) sectionLines(p.kind, p.givens, 1, out);
    if (p.solution) sectionLines(p.kind, p.solution, 1, out);
  } else if (p.kind === 'maze') {
    if (p.grid) sectionLines(p.kind, p.grid, 1, out);
    if (p.path) sectionLines(p.kind, p.path, 1, out);
  } else {
    for (const pair of p.pairs) {
      out.push({ depth: 1, text: pair.role, anchor: pair.keywordRange.start.line });
      if (pair.input) sectionLines(p.kind, pair.input, 2, out);
      if (pair.output) sectionLines(p.kind, pair.output, 2, out);
    }
  }
}

/** Print a document in canonical layout. */
export function print(doc: ArcDocument): string {
  const lines: OutLine[] = [];
  doc.puzzles.forEach((p, i) => {
    if (i > 0) lines.push({ depth: 0, text: '' });
    puzzleLines(p, lines);
  });
  const anchors = new Set<number>();
  for (const l of lines) if (l.anchor !== undefined) anchors.add(l.anchor);
  const comments = [...doc.comments].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const trailing = new Map<number, string>();
  const own: { line: number; text: string }[] = [];
  for (const c of comments) {
    const l = c.range.start.line;
    if (anchors.has(l) && !trailing.has(l)) trailing.set(l, c.text);
    else own.push({ line: l, text: c.text });
  }
  const out: string[] = [];
  let next = 0;
  const used = new Set<number>();
  for (const l of lines) {
    if (l.anchor !== undefined) {
      for (let c = own[next]; c !== undefined && c.line < l.anchor; c = own[++next]) out.push(INDENT.repeat(l.depth) + c.text);
    }
    let text = l.text === '' ? '' : INDENT.repeat(l.depth) + l.text;
    if (l.anchor !== undefined && !used.has(l.anchor)) {
      const t = trailing.get(l.anchor);
      if (t !== undefined) {
        text += `  ${t}`;
        used.add(l.anchor);
      }
    }
    out.push(text);
  }
  for (const c of own.slice(next)) out.push(c.text);
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

export interface FormatResult {
  /** The formatted text, or the input unchanged when `blocking` is not empty. */
  text: string;
  /** Parser diagnostics that stop formatting: the parser dropped text they point at (see docs/dsl.md). */
  blocking: Diagnostic[];
}

/** Format a document; refuses (returns the text unchanged) when the parser had to drop text. */
export function formatText(text: string): FormatResult {
  const { document, diagnostics } = parse(text);
  const blocking = diagnostics.filter((d) => isLossy(d.code));
  if (blocking.length) return { text, blocking };
  // A row whose every cell is made of `-`/`+` (invalid cells, kept as written) would be printed as a line that
  // the parser reads back as a box separator, and its cells would be lost: refuse, pointing at those cells.
  const dashRows = new Set<number>();
  for (const p of document.puzzles) {
    const sections =
      p.kind === 'sudoku' ? [p.givens, p.solution] : p.kind === 'maze' ? [p.grid, p.path] : p.pairs.flatMap((x) => [x.input, x.output]);
    for (const sec of sections) {
      for (const row of sec?.grid.rows ?? []) {
        if (row.cells.length > 0 && row.cells.every((c) => /^[-+]*-[-+]*$/.test(c.symbol))) dashRows.add(row.range.start.line);
      }
    }
  }
  if (dashRows.size) {
    const atRows = diagnostics.filter((d) => dashRows.has(d.range.start.line) && (d.code === 'P010' || d.code === 'P011'));
    if (atRows.length) return { text, blocking: atRows };
  }
  return { text: print(document), blocking };
}

/** `formatText(text).text`. */
export function format(text: string): string {
  return formatText(text).text;
}
