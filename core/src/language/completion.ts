// Completion items as plain data: kinds and sizes on a header, properties and section keywords at the start of a
// line, snippets for new puzzles, legal digits inside a Sudoku grid, ARC colours with their names, maze symbols.

import type { Cell, GridRow, Position, Puzzle, PuzzleKind, Range, Section, SudokuPuzzle } from '../dsl/ast';
import { printGridRows } from '../dsl/printer';
import {
  ARC_COLORS,
  KINDS,
  sectionSize,
  sudokuBoxShape,
  SUDOKU_SIZES,
  sudokuSymbols,
  sudokuSymbolToValue,
  sudokuValueToSymbol,
  UNKNOWN,
} from '../dsl/symbols';
import { ARC_COLOUR_NAMES } from '../rules/arc';
import { sudokuSize } from '../rules/facts';
import { maskDigits, sudokuCandidates } from '../rules/sudoku';
import { comparePos, locate, puzzleAtLine, rangeContains, sectionsOf } from './locate';

export type CompletionKind = 'keyword' | 'snippet' | 'value' | 'colour' | 'property';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (a snippet in LSP syntax when `snippet`); the label when absent. */
  insertText?: string;
  snippet?: boolean;
  /** Range the item replaces (the word or cell under the cursor). */
  range?: Range;
  sortText?: string;
  /** Text the editor matches what was typed against; the label when absent. */
  filterText?: string;
  /** ARC colour index, for clients that draw a swatch. */
  colour?: number;
}

function blankRows(rows: number, cols: number, symbol: string): string[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => symbol));
}

function indentLines(lines: string[], indent: string): string {
  return lines.map((l) => indent + l).join('\n');
}

function sudokuSnippet(size: number): string {
  const givens = printGridRows('sudoku', blankRows(size, size, '.'), true);
  const solution = printGridRows('sudoku', blankRows(size, size, UNKNOWN), true);
  return `sudoku \${1:name} ${size}x${size}\n  givens\n${indentLines(givens, '    ')}\n  solution\n${indentLines(solution, '    ')}\n$0`;
}

const ARC_SNIPPET =
  'arc ${1:task-id}\n  train\n    input\n      ${2:0 0 0}\n    output\n      ${3:0 0 0}\n  test\n    input\n      ${4:0 0 0}\n    output\n      ? ? ?\n$0';
const MAZE_SNIPPET = 'maze ${1:name}\n  grid\n    S . . #\n    # # . #\n    . . . G\n  path\n    ? ? ? ?\n    ? ? ? ?\n    ? ? ? ?\n$0';

export interface PuzzleTemplate {
  id: string;
  label: string;
  detail: string;
  snippet: string;
}

/** New puzzles to start from (completion on an empty line, the `New Puzzle` command): snippets in LSP syntax. */
export function puzzleTemplates(): PuzzleTemplate[] {
  return [
    { id: 'sudoku-9x9', label: 'sudoku', detail: 'new 9x9 Sudoku', snippet: sudokuSnippet(9) },
    { id: 'sudoku-4x4', label: 'sudoku 4x4', detail: 'new 4x4 Sudoku', snippet: sudokuSnippet(4) },
    { id: 'sudoku-6x6', label: 'sudoku 6x6', detail: 'new 6x6 Sudoku', snippet: sudokuSnippet(6) },
    { id: 'sudoku-16x16', label: 'sudoku 16x16', detail: 'new 16x16 Sudoku', snippet: sudokuSnippet(16) },
    { id: 'arc', label: 'arc', detail: 'new ARC task', snippet: ARC_SNIPPET },
    { id: 'maze', label: 'maze', detail: 'new maze', snippet: MAZE_SNIPPET },
  ];
}

function headerItems(range: Range): CompletionEntry[] {
  return puzzleTemplates().map((t, i) => ({
    label: t.label,
    kind: 'snippet' as const,
    detail: t.detail,
    insertText: t.snippet,
    snippet: true,
    range,
    sortText: `0${String.fromCharCode(97 + i)}`,
  }));
}

function sectionItems(p: Puzzle, range: Range, indent: string): CompletionEntry[] {
  const kw = (label: string, detail: string, insertText?: string): CompletionEntry => {
    const e: CompletionEntry = { label, kind: 'keyword', detail, range, sortText: `1${label}` };
    if (insertText) {
      e.insertText = insertText;
      e.snippet = true;
    }
    return e;
  };
  if (p.kind === 'sudoku') {
    const size = sudokuSize(p) ?? 9;
    const out: CompletionEntry[] = [];
    if (!p.givens)
      out.push(
        kw(
          'givens',
          'the puzzle: digits and `.` blanks',
          `givens\n${indentLines(printGridRows('sudoku', blankRows(size, size, '.'), true), indent + '  ')}`,
        ),
      );
    if (!p.solution)
      out.push(
        kw(
          'solution',
          'the answer: digits, `?` unknown',
          `solution\n${indentLines(printGridRows('sudoku', blankRows(size, size, UNKNOWN), true), indent + '  ')}`,
        ),
      );
    return out;
  }
  if (p.kind === 'maze') {
    const out: CompletionEntry[] = [];
    if (!p.grid) out.push(kw('grid', 'the maze: # wall, . open, S start, G goal'));
    if (!p.path) {
      const rows = p.grid?.grid.rows.map((r) => r.cells.map(() => UNKNOWN));
      out.push(
        kw(
          'path',
          'the maze with the path marked o',
          rows?.length ? `path\n${indentLines(printGridRows('maze', rows, false), indent + '  ')}` : undefined,
        ),
      );
    }
    return out;
  }
  return [
    kw(
      'train',
      'a demonstration pair (input and output)',
      `train\n${indent}  input\n${indent}    \${1:0}\n${indent}  output\n${indent}    \${2:0}`,
    ),
    kw('test', 'a test pair (output unknown: ?)', `test\n${indent}  input\n${indent}    \${1:0}\n${indent}  output\n${indent}    ?`),
    kw('input', 'the input grid of a pair'),
    kw('output', 'the output grid of a pair'),
  ];
}

/** A size x size grid of values from a section's rows, tolerant of ragged or invalid rows (0 there). */
function sudokuValuesLoose(section: Section | undefined, size: number): number[] {
  const out = new Array<number>(size * size).fill(0);
  if (!section) return out;
  section.grid.rows.forEach((row, r) => {
    if (r >= size) return;
    row.cells.forEach((c, col) => {
      if (col >= size) return;
      const v = sudokuSymbolToValue(c.symbol);
      if (v !== undefined && v <= size) out[r * size + col] = v;
    });
  });
  return out;
}

/** Digits legal at (row, col) by the rules, from the givens and the solution's known digits. */
export function legalSudokuDigits(p: SudokuPuzzle, row: number, col: number): string[] {
  const size = sudokuSize(p);
  if (size === undefined || row >= size || col >= size) return [];
  const givens = sudokuValuesLoose(p.givens, size);
  const sol = sudokuValuesLoose(p.solution, size);
  const grid = givens.map((g, i) => g || (sol[i] ?? 0));
  grid[row * size + col] = 0;
  return maskDigits(sudokuCandidates(grid, size)[row * size + col] ?? 0).map(sudokuValueToSymbol);
}

interface LineContext {
  before: string;
  wordStart: number;
  wordEnd: number;
  tokensBefore: string[];
}

/** The word around the cursor and the tokens before it (for lines the tree does not hold: a half-typed keyword). */
function lineContext(lineText: string, character: number): LineContext {
  const before = lineText.slice(0, character);
  let ws = character;
  while (ws > 0 && !/\s/.test(lineText.charAt(ws - 1))) ws--;
  let we = character;
  while (we < lineText.length && !/\s/.test(lineText.charAt(we))) we++;
  const content = before.replace(/\/\/.*$/, '');
  const tokensBefore = content
    .slice(0, ws)
    .split(/\s+/)
    .filter((t) => t.length > 0);
  return { before, wordStart: ws, wordEnd: we, tokensBefore };
}

const KIND_DETAIL: Record<PuzzleKind, string> = {
  sudoku: 'a Sudoku: givens, then an optional solution',
  arc: 'an ARC task: train pairs, then test pairs',
  maze: 'a maze: grid, then an optional path',
};

/** The properties the importers write and the exporters read back. */
const PROPERTIES: readonly { key: string; detail: string }[] = [
  { key: 'source', detail: 'where the puzzle comes from: a data set, a URL, a generator and its seed' },
  { key: 'rating', detail: 'difficulty: for Sudoku the guesses the tdoku solver needed, for a maze its path length' },
];

/** The first line of a puzzle's body (its first section or pair); properties belong above it. */
function bodyStartLine(p: Puzzle): number | undefined {
  const lines =
    p.kind === 'arc' ? p.pairs.map((x) => x.keywordRange.start.line) : sectionsOf(p).map((s) => s.section.keywordRange.start.line);
  return lines.length ? Math.min(...lines) : undefined;
}

function kindItems(range: Range): CompletionEntry[] {
  return KINDS.map((k, i) => ({ label: k, kind: 'keyword' as const, detail: KIND_DETAIL[k], range, sortText: `0${i}` }));
}

/** Sizes after a header's name: every Sudoku size (the grid's own first), a maze's own size. ARC headers take none. */
function headerSizeItems(p: Puzzle, range: Range): CompletionEntry[] {
  const first = sectionsOf(p)
    .map((s) => sectionSize(s.section))
    .find((s) => s.rows > 0 && s.cols > 0);
  if (p.kind === 'sudoku') {
    return SUDOKU_SIZES.map((n) => {
      const box = sudokuBoxShape(n)!;
      const own = first?.rows === n && first.cols === n;
      return {
        label: `${n}x${n}`,
        kind: 'value' as const,
        detail: `${own ? 'this grid: ' : ''}${n}x${n} Sudoku, boxes of ${box.rows}x${box.cols}`,
        range,
        sortText: `${own ? 0 : 1}${String(n).padStart(2, '0')}`,
      };
    });
  }
  if (p.kind === 'maze' && first)
    return [{ label: `${first.rows}x${first.cols}`, kind: 'value', detail: 'the size of this maze', range, sortText: '0' }];
  return [];
}

function propertyItems(p: Puzzle, range: Range): CompletionEntry[] {
  const written = new Set(p.properties.map((x) => x.key));
  return PROPERTIES.filter((x) => !written.has(x.key)).map((x, i) => ({
    label: `${x.key}:`,
    kind: 'property' as const,
    detail: x.detail,
    insertText: `${x.key}: `,
    range,
    sortText: `2${i}`,
  }));
}

/** On a header line: kinds on the kind word, sizes after the name, nothing on the name (it is free text). */
function headerLineItems(p: Puzzle, pos: Position, word: Range): CompletionEntry[] {
  if (pos.character <= p.kindRange.end.character) return kindItems({ start: { ...p.kindRange.start }, end: { ...p.kindRange.end } });
  const nameEnd = p.nameRange.end.character;
  if (p.name === '' || pos.character <= nameEnd) return [];
  return headerSizeItems(p, p.declared ? { start: { ...p.declared.range.start }, end: { ...p.declared.range.end } } : word);
}

/** After a section keyword: the size of the grid below it. */
function sectionSizeItems(section: Section, range: Range): CompletionEntry[] {
  const { rows, cols } = sectionSize(section);
  if (rows === 0 || cols === 0) return [];
  return [{ label: `${rows}x${cols}`, kind: 'value', detail: `the size of this '${section.keyword}' grid`, range, sortText: '0' }];
}

/** The column the cursor writes in a grid row, from the row's cells in the tree: the cell it is on, else the next one. */
export function cellColumnAt(row: GridRow, pos: Position): { col: number; cell?: Cell } {
  const i = row.cells.findIndex((c) => rangeContains(c.range, pos));
  const cell = row.cells[i];
  if (cell) return { col: i, cell };
  return { col: row.cells.filter((c) => comparePos(c.range.end, pos) <= 0).length };
}

/**
 * Completions at `pos`. `lineText` is the text of the cursor's line: the tree does not keep a half-typed keyword
 * line, so the start of a line is read from the text; headers, properties and grid cells come from the tree.
 */
export function completionsAt(puzzles: readonly Puzzle[], pos: Position, lineText: string): CompletionEntry[] {
  const ctx = lineContext(lineText, pos.character);
  if (ctx.before.includes('//')) return [];
  const wordRange: Range = { start: { line: pos.line, character: ctx.wordStart }, end: { line: pos.line, character: ctx.wordEnd } };
  const loc = locate(puzzles, pos);
  const p = loc.puzzle ?? puzzleAtLine(puzzles, pos.line);
  if (p && loc.onHeader) return headerLineItems(p, pos, wordRange);
  const row = loc.row !== undefined ? loc.section?.grid.rows[loc.row] : undefined;
  if (p && loc.section && loc.row !== undefined && row) {
    const { col, cell } = cellColumnAt(row, pos);
    const range = cell ? { start: { ...cell.range.start }, end: { ...cell.range.end } } : { start: { ...pos }, end: { ...pos } };
    return withTypedPrefix(cellItems(p, loc.section, loc.row, col, loc.pair?.role, range), lineText, pos);
  }
  if (p && loc.section && pos.line === loc.section.keywordRange.start.line) {
    return pos.character > loc.section.keywordRange.end.character ? sectionSizeItems(loc.section, wordRange) : [];
  }
  // Keywords and properties only at the start of a line.
  if (ctx.tokensBefore.length > 0) return [];
  const property = p?.properties.find((x) => x.range.start.line === pos.line);
  if (p && property) return pos.character <= property.keyRange.end.character + 1 ? propertyItems(p, wordRange) : [];
  const indent = lineText.slice(0, lineText.length - lineText.trimStart().length);
  const items = headerItems(wordRange);
  if (p) {
    items.push(...sectionItems(p, wordRange, indent));
    const body = bodyStartLine(p);
    if (body === undefined || pos.line < body) items.push(...propertyItems(p, wordRange));
  }
  return items;
}

/**
 * Editors filter items by the text between the start of the replaced range and the cursor: on a written cell (a
 * `.` or a digit) that text would hide every other symbol, so each item's filter text starts with it.
 */
function withTypedPrefix(items: CompletionEntry[], lineText: string, pos: Position): CompletionEntry[] {
  for (const e of items) {
    const typed = e.range && e.range.start.line === pos.line ? lineText.slice(e.range.start.character, pos.character) : '';
    if (typed !== '') e.filterText = typed + e.label;
  }
  return items;
}

/** A snippet (LSP syntax: `${1:name}`, `$0`) as the plain text it stands for, for clients without snippet support. */
export function snippetToPlainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

function cellItems(
  p: Puzzle,
  section: Section,
  row: number,
  col: number,
  role: 'train' | 'test' | undefined,
  range: Range,
): CompletionEntry[] {
  if (p.kind === 'sudoku') {
    const size = sudokuSize(p);
    if (size === undefined) return [];
    const legal = new Set(legalSudokuDigits(p, row, col));
    const blank = section.keyword === 'solution' ? UNKNOWN : '.';
    const out: CompletionEntry[] = sudokuSymbols(size)
      .filter((s) => legal.has(s))
      .map((s, i) => ({
        label: s,
        kind: 'value' as const,
        detail: `legal at row ${row + 1}, column ${col + 1}`,
        range,
        sortText: String(i).padStart(2, '0'),
      }));
    out.push({ label: blank, kind: 'value', detail: section.keyword === 'solution' ? 'unknown' : 'blank', range, sortText: '99' });
    return out;
  }
  if (p.kind === 'arc') {
    const out: CompletionEntry[] = ARC_COLORS.map((s, i) => ({
      label: s,
      kind: 'colour' as const,
      detail: ARC_COLOUR_NAMES[i]!, // both lists hold the ten ARC colours in order
      documentation: `ARC colour ${i}: ${ARC_COLOUR_NAMES[i]}`,
      range,
      sortText: String(i),
      colour: i,
    }));
    if (section.keyword === 'output' && role === 'test')
      out.push({ label: UNKNOWN, kind: 'value', detail: 'unknown', range, sortText: 'z' });
    return out;
  }
  const maze: [string, string][] = [
    ['#', 'wall'],
    ['.', 'open'],
    ['S', 'start'],
    ['G', 'goal'],
  ];
  if (section.keyword === 'path') maze.push(['o', 'path cell'], [UNKNOWN, 'unknown']);
  return maze.map(([s, d], i) => ({ label: s, kind: 'value' as const, detail: d, range, sortText: String(i) }));
}
