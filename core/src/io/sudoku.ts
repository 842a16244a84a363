// Sudoku one-line strings (16/36/81/256 characters for 4x4/6x6/9x9/16x16; `.` or `0` blank; 16x16 digits
// 1-9 then A-G) and the Sudoku-Extreme CSV `source,question,answer,rating`. CSV -> .arc -> CSV is
// byte-identical: every column other than question/answer is kept as a property of the same name.

import type { Property, SudokuPuzzle } from '../dsl/ast';
import { makeProperty, makeSection, makeSudoku } from '../dsl/build';
import { gridToMatrix, SUDOKU_BLANK, sudokuSymbols, UNKNOWN } from '../dsl/symbols';
import { parseCsv, writeCsv, type CsvRecord } from './csv';
import { ExportError, ImportError } from './errors';

const SIZE_BY_LENGTH: Record<number, number> = { 16: 4, 36: 6, 81: 9, 256: 16 };

/** The Sudoku size (rows) of a one-line string of this length, or undefined. */
export function sudokuSizeOfLength(length: number): number | undefined {
  return SIZE_BY_LENGTH[length];
}

/** A one-line string -> the matrix of DSL symbols. `blank` is the DSL symbol for a blank (`.` for givens). */
export function sudokuStringToMatrix(s: string, where: string, kind: 'question' | 'answer' = 'question'): string[][] {
  const size = SIZE_BY_LENGTH[s.length];
  if (!size) throw new ImportError(`${where}: a Sudoku string has 16, 36, 81 or 256 characters; this one has ${s.length}`);
  const digits = new Set(sudokuSymbols(size));
  const m: string[][] = [];
  for (let r = 0; r < size; r++) {
    const row: string[] = [];
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      let ch = s.charAt(i); // i < size * size = s.length
      if (size === 16 && ch >= 'a' && ch <= 'g') ch = ch.toUpperCase();
      if (ch === '.' || ch === '0') row.push(kind === 'question' ? SUDOKU_BLANK : UNKNOWN);
      else if (digits.has(ch)) row.push(ch);
      else
        throw new ImportError(
          `${where}: character ${i + 1} is '${ch}', not a ${size}x${size} Sudoku digit (${[...digits].join('')}) or a blank (. or 0)`,
        );
    }
    m.push(row);
  }
  return m;
}

/** A givens/solution matrix -> a one-line string (blank and unknown cells written as `.`). */
export function matrixToSudokuString(m: readonly (readonly string[])[]): string {
  return m.map((r) => r.map((c) => (c === UNKNOWN ? '.' : c)).join('')).join('');
}

/** One string (optionally with its solution) -> a sudoku puzzle. */
export function sudokuFromString(name: string, question: string, answer?: string, properties: Property[] = []): SudokuPuzzle {
  const g = sudokuStringToMatrix(question, name, 'question');
  const size = g.length;
  let sol;
  if (answer !== undefined && answer !== '') {
    const a = sudokuStringToMatrix(answer, `${name} (answer)`, 'answer');
    if (a.length !== size) throw new ImportError(`${name}: the answer is ${a.length}x${a.length} but the question is ${size}x${size}`);
    sol = makeSection('solution', a, { separators: true });
  }
  return makeSudoku(name, makeSection('givens', g, { separators: true }), sol, properties, size);
}

/** A file of one Sudoku string a line (blank lines skipped) -> puzzles named `<base>-<n>`. */
export function importSudokuLines(text: string, base: string): SudokuPuzzle[] {
  const out: SudokuPuzzle[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const s = line.trim();
    if (s === '') return;
    try {
      out.push(sudokuFromString(`${base}-${out.length + 1}`, s));
    } catch (e) {
      if (e instanceof ImportError) throw new ImportError(e.message.replace(/^[^:]*: /, ''), i + 1, 1);
      throw e;
    }
  });
  return out;
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Column indexes of a Sudoku-Extreme / Maze-Hard CSV header (question: `question` or `puzzle`; answer: `answer` or `solution`). */
export function csvColumns(header: CsvRecord): { question: number; answer: number; others: { index: number; name: string }[] } {
  const names = header.fields.map((f) => f.trim());
  const question = names.findIndex((n) => n === 'question' || n === 'puzzle');
  if (question < 0)
    throw new ImportError(
      `the header '${header.fields.join(',')}' has no 'question' column (expected source,question,answer,rating)`,
      header.line,
      1,
    );
  const answer = names.findIndex((n) => n === 'answer' || n === 'solution');
  const others = names.map((name, index) => ({ index, name })).filter((c) => c.index !== question && c.index !== answer);
  for (const c of others) {
    if (!KEY_RE.test(c.name)) throw new ImportError(`column name '${c.name}' cannot be a property name`, header.line, 1);
  }
  return { question, answer, others };
}

function propertiesOf(rec: CsvRecord, others: { index: number; name: string }[]): Property[] {
  return others.map((c) => {
    const v = rec.fields[c.index] ?? '';
    if (/[\r\n]/.test(v) || v.includes('//') || v !== v.replace(/^[ \t]+|[ \t]+$/g, '')) {
      throw new ImportError(`the ${c.name} value '${v}' cannot be kept as a property (line breaks, '//' or outer spaces)`, rec.line, 1);
    }
    return makeProperty(c.name, v);
  });
}

/** Names: `<base>-<n>` with n the 1-based data row. A file without a header is read as `puzzle[,solution]`. */
export function importSudokuCsv(text: string, base: string): SudokuPuzzle[] {
  const recs = parseCsv(text);
  const [header] = recs;
  if (header === undefined) throw new ImportError('empty CSV file (expected the header source,question,answer,rating)');
  // A file without a header (tdoku's `puzzle,solution` lists): the first field is already a Sudoku string.
  const firstField = header.fields[0] ?? '';
  const headerless = SIZE_BY_LENGTH[firstField.length] !== undefined && /^[.0-9A-Ga-g]+$/.test(firstField);
  const cols = headerless ? { question: 0, answer: header.fields.length > 1 ? 1 : -1, others: [] } : csvColumns(header);
  return recs.slice(headerless ? 0 : 1).map((rec, i) => {
    if (rec.fields.length !== header.fields.length) {
      throw new ImportError(`${rec.fields.length} fields; the header has ${header.fields.length}`, rec.line, 1);
    }
    try {
      // The record has the header's fields, so the question and answer columns are there.
      return sudokuFromString(
        `${base}-${i + 1}`,
        rec.fields[cols.question] ?? '',
        cols.answer >= 0 ? rec.fields[cols.answer] : undefined,
        propertiesOf(rec, cols.others),
      );
    } catch (e) {
      if (e instanceof ImportError && e.line === undefined) throw new ImportError(e.message.replace(/^[^:]*: /, ''), rec.line, 1);
      throw e;
    }
  });
}

function matrixOf(p: SudokuPuzzle, which: 'givens' | 'solution'): string[][] | undefined {
  const s = p[which];
  if (!s) return undefined;
  return gridToMatrix(s.grid);
}

/**
 * Sudoku puzzles -> Sudoku-Extreme CSV: `source,question,answer,rating` (source: the `source` property or the
 * name; rating: the `rating` property or empty; answer: empty when there is no complete solution).
 */
export function exportSudokuCsv(puzzles: SudokuPuzzle[], warnings: string[] = []): string {
  const rows: string[][] = [['source', 'question', 'answer', 'rating']];
  for (const p of puzzles) {
    const g = matrixOf(p, 'givens');
    if (!g) throw new ExportError(`${p.name}: no givens`);
    const size = g.length;
    if (!SIZE_BY_LENGTH[size * size] || g.some((r) => r.length !== size))
      throw new ExportError(`${p.name}: the givens are not a 4x4, 6x6, 9x9 or 16x16 grid`);
    const question = matrixToSudokuString(g);
    let answer = '';
    const s = matrixOf(p, 'solution');
    if (s) {
      if (s.some((r) => r.includes(UNKNOWN))) warnings.push(`${p.name}: the solution has unknown cells; the answer is left empty`);
      else answer = matrixToSudokuString(s);
    }
    const prop = (k: string) => p.properties.find((q) => q.key === k)?.value;
    rows.push([prop('source') ?? p.name, question, answer, prop('rating') ?? '']);
  }
  return writeCsv(rows);
}
