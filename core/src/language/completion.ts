// Completion items as plain data: keywords and snippets by context, legal digits inside a Sudoku grid,
// ARC colours with their names, maze symbols.

import type { Position, Puzzle, Range, Section, SudokuPuzzle } from '../dsl/ast';
import { printGridRows } from '../dsl/printer';
import { ARC_COLORS, sudokuSymbols, sudokuSymbolToValue, sudokuValueToSymbol, UNKNOWN } from '../dsl/symbols';
import { ARC_COLOUR_NAMES } from '../rules/arc';
import { sudokuSize } from '../rules/facts';
import { maskDigits, sudokuCandidates } from '../rules/sudoku';
import { locate, puzzleAtLine } from './locate';

export type CompletionKind = 'keyword' | 'snippet' | 'value' | 'colour';

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

const ARC_SNIPPET = 'arc ${1:task-id}\n  train\n    input\n      ${2:0 0 0}\n    output\n      ${3:0 0 0}\n  test\n    input\n      ${4:0 0 0}\n    output\n      ? ? ?\n$0';
const MAZE_SNIPPET = 'maze ${1:name}\n  grid\n    S . . #\n    # # . #\n    . . . G\n  path\n    ? ? ? ?\n    ? ? ? ?\n    ? ? ? ?\n$0';

function headerItems(range: Range): CompletionEntry[] {
  return [
    { label: 'sudoku', kind: 'snippet', detail: 'new 9x9 Sudoku', insertText: sudokuSnippet(9), snippet: true, range, sortText: '0a' },
    { label: 'sudoku 4x4', kind: 'snippet', detail: 'new 4x4 Sudoku', insertText: sudokuSnippet(4), snippet: true, range, sortText: '0b' },
    { label: 'sudoku 6x6', kind: 'snippet', detail: 'new 6x6 Sudoku', insertText: sudokuSnippet(6), snippet: true, range, sortText: '0c' },
    { label: 'arc', kind: 'snippet', detail: 'new ARC task', insertText: ARC_SNIPPET, snippet: true, range, sortText: '0d' },
    { label: 'maze', kind: 'snippet', detail: 'new maze', insertText: MAZE_SNIPPET, snippet: true, range, sortText: '0e' },
  ];
}

function sectionItems(p: Puzzle, range: Range, indent: string): CompletionEntry[] {
  const kw = (label: string, detail: string, insertText?: string): CompletionEntry => {
    const e: CompletionEntry = { label, kind: 'keyword', detail, range, sortText: `1${label}` };
    if (insertText) { e.insertText = insertText; e.snippet = true; }
    return e;
  };
  if (p.kind === 'sudoku') {
    const size = sudokuSize(p) ?? 9;
    const out: CompletionEntry[] = [];
    if (!p.givens) out.push(kw('givens', 'the puzzle: digits and `.` blanks', `givens\n${indentLines(printGridRows('sudoku', blankRows(size, size, '.'), true), indent + '  ')}`));
    if (!p.solution) out.push(kw('solution', 'the answer: digits, `?` unknown', `solution\n${indentLines(printGridRows('sudoku', blankRows(size, size, UNKNOWN), true), indent + '  ')}`));
    return out;
  }
  if (p.kind === 'maze') {
    const out: CompletionEntry[] = [];
    if (!p.grid) out.push(kw('grid', 'the maze: # wall, . open, S start, G goal'));
    if (!p.path) {
      const rows = p.grid?.grid.rows.map((r) => r.cells.map(() => UNKNOWN));
      out.push(kw('path', 'the maze with the path marked o', rows?.length ? `path\n${indentLines(printGridRows('maze', rows, false), indent + '  ')}` : undefined));
    }
    return out;
  }
  return [
    kw('train', 'a demonstration pair (input and output)', `train\n${indent}  input\n${indent}    \${1:0}\n${indent}  output\n${indent}    \${2:0}`),
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
  const grid = givens.map((g, i) => g || sol[i]);
  grid[row * size + col] = 0;
  return maskDigits(sudokuCandidates(grid, size)[row * size + col]).map(sudokuValueToSymbol);
}

interface LineContext { before: string; wordStart: number; word: string; tokensBefore: string[]; onToken?: { start: number; end: number } }

function lineContext(lineText: string, character: number): LineContext {
  const before = lineText.slice(0, character);
  let ws = character;
  while (ws > 0 && !/\s/.test(lineText[ws - 1])) ws--;
  let we = character;
  while (we < lineText.length && !/\s/.test(lineText[we])) we++;
  const content = before.replace(/\/\/.*$/, '');
  const tokensBefore = content.slice(0, ws).split(/\s+/).filter((t) => t.length > 0);
  const ctx: LineContext = { before, wordStart: ws, word: lineText.slice(ws, we), tokensBefore };
  if (we > ws) ctx.onToken = { start: ws, end: we };
  return ctx;
}

/**
 * Completions at `pos`. `lineText` is the text of the cursor's line (the server has it; the AST
 * alone does not keep incomplete lines).
 */
export function completionsAt(puzzles: readonly Puzzle[], pos: Position, lineText: string): CompletionEntry[] {
  const ctx = lineContext(lineText, pos.character);
  if (ctx.before.includes('//')) return [];
  const wordRange: Range = {
    start: { line: pos.line, character: ctx.wordStart },
    end: { line: pos.line, character: ctx.onToken ? ctx.onToken.end : pos.character },
  };
  const loc = locate(puzzles, pos);
  const p = loc.puzzle ?? puzzleAtLine(puzzles, pos.line);
  const inGridRow = loc.section !== undefined && loc.row !== undefined && /^[^A-Za-z]*$/.test(ctx.word) && !(ctx.tokensBefore.length === 0 && /[a-z]/.test(ctx.word));
  if (p && loc.section && inGridRow) {
    return cellItems(p, loc.section, loc.row!, ctx.tokensBefore.filter((t) => t !== '|').length, loc.pair?.role, wordRange);
  }
  // Keywords only at the start of a line.
  if (ctx.tokensBefore.length > 0) return [];
  const indent = lineText.slice(0, lineText.length - lineText.trimStart().length);
  const items = headerItems(wordRange);
  if (p) items.push(...sectionItems(p, wordRange, indent));
  return items;
}

function cellItems(p: Puzzle, section: Section, row: number, col: number, role: 'train' | 'test' | undefined, range: Range): CompletionEntry[] {
  if (p.kind === 'sudoku') {
    const size = sudokuSize(p);
    if (size === undefined) return [];
    const legal = new Set(legalSudokuDigits(p, row, col));
    const blank = section.keyword === 'solution' ? UNKNOWN : '.';
    const out: CompletionEntry[] = sudokuSymbols(size)
      .filter((s) => legal.has(s))
      .map((s, i) => ({ label: s, kind: 'value' as const, detail: `legal at row ${row + 1}, column ${col + 1}`, range, sortText: String(i).padStart(2, '0') }));
    out.push({ label: blank, kind: 'value', detail: section.keyword === 'solution' ? 'unknown' : 'blank', range, sortText: '99' });
    return out;
  }
  if (p.kind === 'arc') {
    const out: CompletionEntry[] = ARC_COLORS.map((s, i) => ({
      label: s, kind: 'colour' as const, detail: ARC_COLOUR_NAMES[i], documentation: `ARC colour ${i}: ${ARC_COLOUR_NAMES[i]}`,
      range, sortText: String(i), colour: i,
    }));
    if (section.keyword === 'output' && role === 'test') out.push({ label: UNKNOWN, kind: 'value', detail: 'unknown', range, sortText: 'z' });
    return out;
  }
  const maze: [string, string][] = [['#', 'wall'], ['.', 'open'], ['S', 'start'], ['G', 'goal']];
  if (section.keyword === 'path') maze.push(['o', 'path cell'], [UNKNOWN, 'unknown']);
  return maze.map(([s, d], i) => ({ label: s, kind: 'value' as const, detail: d, range, sortText: String(i) }));
}
