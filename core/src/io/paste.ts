// Text pasted into a .arc file in a foreign format, turned into puzzles in place: a one-line Sudoku string
// (16/36/81/256 characters, optionally followed by its answer), an ARC task JSON object, or a Kaggle
// challenges object of tasks. Pure: the language server offers the result as a quick fix.

import type { Puzzle } from '../dsl/ast';
import { print } from '../dsl/printer';
import { arcTaskFromObject, importKaggle, isArcTaskObject } from './arc';
import { ImportError, parseJson } from './errors';
import { sudokuFromString, sudokuSizeOfLength } from './sudoku';

export interface PasteConversion {
  title: string;
  /** The lines replaced, 0-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The puzzles in canonical layout (no final line end), or absent with `disabledReason`. */
  newText?: string;
  /** Why the conversion cannot be done as the text stands (bad JSON, a grid that is not ARC, ...). */
  disabledReason?: string;
}

const SUDOKU_CHARS = /^[0-9.A-Ga-g]+$/;
/** How far up from the cursor a pasted JSON object's first line is looked for. */
const MAX_JSON_LINES = 20_000;
const HEADER = /^\s*(sudoku|arc|maze)(\s|$|\/\/)/;

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** `question`, `question,answer` or `question answer`, each a Sudoku string of the same length. */
function sudokuStrings(line: string): { question: string; answer?: string } | undefined {
  const parts = line
    .trim()
    .split(/\s*,\s*|\s+/)
    .filter((s) => s !== '');
  const [question, answer, ...more] = parts;
  if (question === undefined || more.length > 0) return undefined;
  if (!parts.every((p) => SUDOKU_CHARS.test(p) && sudokuSizeOfLength(p.length) !== undefined)) return undefined;
  if (answer !== undefined && question.length !== answer.length) return undefined;
  return { question, ...(answer !== undefined ? { answer } : {}) };
}

/** The end of a JSON object that starts at `lines[start]` (its first non-space character is `{`): line and column after `}`. */
function jsonObjectEnd(lines: readonly string[], start: number): { line: number; column: number } | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const [k, s] of lines.slice(start, start + MAX_JSON_LINES).entries()) {
    const l = start + k;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return { line: l, column: i + 1 };
      }
    }
  }
  return undefined;
}

/**
 * Whether what follows the replaced lines belongs to no puzzle above them (a header, the end, or more pasted text),
 * so that the new header does not take over another puzzle's rows.
 */
function endsBeforePuzzleText(lines: readonly string[], endLine: number): boolean {
  for (const line of lines.slice(endLine + 1)) {
    const t = line.replace(/\/\/.*$/, '').trim();
    if (t === '') continue;
    return HEADER.test(line) || t.startsWith('{') || sudokuStrings(t) !== undefined;
  }
  return true;
}

function printed(puzzles: Puzzle[]): string {
  return print({ puzzles, comments: [] }).replace(/\s+$/, '');
}

function conversion(title: string, lines: readonly string[], startLine: number, endLine: number, make: () => Puzzle[]): PasteConversion {
  const base = { title, startLine, endLine };
  if (!endsBeforePuzzleText(lines, endLine)) {
    return { ...base, disabledReason: 'the pasted text sits inside a puzzle: move it between puzzles (or to the end of the file) first' };
  }
  // One blank line between puzzles, as the formatter writes them.
  const above = lines[startLine - 1];
  const below = lines[endLine + 1];
  const before = above !== undefined && above.trim() !== '' ? '\n' : '';
  const after = below !== undefined && below.trim() !== '' ? '\n' : '';
  try {
    return { ...base, newText: before + printed(make()) + after };
  } catch (e) {
    if (e instanceof ImportError)
      return {
        ...base,
        disabledReason: e.line !== undefined ? `${e.message} (line ${startLine + e.line}, column ${e.column ?? 1})` : e.message,
      };
    throw e;
  }
}

function jsonConversion(lines: readonly string[], line: number): PasteConversion | undefined {
  for (let start = line; start >= 0 && start > line - MAX_JSON_LINES; start--) {
    const here = lines[start];
    if (here === undefined) continue;
    if (HEADER.test(here) && start < line) return undefined;
    if (!here.trimStart().startsWith('{')) continue;
    const end = jsonObjectEnd(lines, start);
    // An inner object on a line of its own (a pair of a task written over several lines): look further up.
    if (end && end.line < line) continue;
    if (!end) return undefined;
    const last = lines[end.line]!; // jsonObjectEnd ends on a line of `lines`
    if (last.slice(end.column).trim() !== '') return undefined;
    const text = [...lines.slice(start, end.line), last.slice(0, end.column)].join('\n');
    let value: unknown;
    try {
      value = parseJson(text, 'the pasted JSON');
    } catch (e) {
      if (e instanceof ImportError)
        return { title: 'Convert the pasted JSON to puzzles', startLine: start, endLine: end.line, disabledReason: e.message };
      throw e;
    }
    if (isArcTaskObject(value)) {
      return conversion('Convert the pasted ARC task JSON to an arc puzzle', lines, start, end.line, () => [
        arcTaskFromObject(value, `pasted-${start + 1}`),
      ]);
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tasks = Object.values(value);
      if (tasks.length > 0 && tasks.every(isArcTaskObject)) {
        return conversion(
          `Convert the pasted Kaggle challenges (${tasks.length} ARC task${tasks.length === 1 ? '' : 's'}) to arc puzzles`,
          lines,
          start,
          end.line,
          () => importKaggle(text),
        );
      }
    }
    return undefined;
  }
  return undefined;
}

/** The conversion offered at `line` of a document, or undefined when the line holds no pasted puzzle text. */
export function pasteConversionAt(text: string, line: number): PasteConversion | undefined {
  const lines = splitLines(text);
  const current = lines[line];
  if (current === undefined) return undefined;
  const s = sudokuStrings(current.replace(/\/\/.*$/, ''));
  if (s) {
    const size = Math.sqrt(s.question.length);
    const what = s.answer ? ' and its answer' : '';
    return conversion(
      `Convert the pasted ${s.question.length}-character Sudoku string${what} to a ${size}x${size} sudoku`,
      lines,
      line,
      line,
      () => [sudokuFromString(`pasted-${line + 1}`, s.question, s.answer)],
    );
  }
  return jsonConversion(lines, line);
}
