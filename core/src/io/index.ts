// Import and export in one place: choose the format from the file name and content.
// Pure: callers read and write files.

import type { ArcDocument, ArcPuzzle, MazePuzzle, Puzzle, SudokuPuzzle } from '../dsl/ast';
import { arcTaskFromObject, exportArcTaskJson, exportKaggle, importKaggle, isArcTaskObject } from './arc';
import { ImportError, ExportError, parseJson } from './errors';
import { exportMazeCsv, importMazeCsv, looksLikeMazeCsv } from './maze';
import { exportSudokuCsv, importSudokuCsv, importSudokuLines } from './sudoku';

export * from './arc';
export * from './csv';
export * from './errors';
export * from './maze';
export * from './sudoku';
export { dumpJson } from './json';

export type InputFormat = 'arc-json' | 'kaggle' | 'sudoku-csv' | 'maze-csv' | 'sudoku-lines';
export type ExportFormat = 'arc-json' | 'kaggle' | 'sudoku-csv' | 'maze-csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['arc-json', 'kaggle', 'sudoku-csv', 'maze-csv'];

/** The base name of a path without folders and extension (`a/b/007bbfb7.json` -> `007bbfb7`). */
export function baseName(path: string): string {
  const f = path.replace(/^.*[\\/]/, '');
  const i = f.lastIndexOf('.');
  return (i > 0 ? f.slice(0, i) : f).replace(/\s+/g, '_');
}

/** The format of an input file from its extension (and, for .json and .csv, its content). */
export function detectFormat(path: string, text: string): InputFormat {
  const ext = path.toLowerCase().replace(/^.*\./, '');
  if (ext === 'json') {
    const v = parseJson(text, 'the file');
    return isArcTaskObject(v) ? 'arc-json' : 'kaggle';
  }
  if (ext === 'csv') return looksLikeMazeCsv(text) ? 'maze-csv' : 'sudoku-csv';
  if (ext === 'txt') return 'sudoku-lines';
  throw new ImportError(`cannot tell the format from the extension '.${ext}' (expected .json, .csv or .txt)`);
}

/** Import one file. `solutionsText` only with a Kaggle challenges file. */
export function importText(path: string, text: string, solutionsText?: string): { format: InputFormat; puzzles: Puzzle[] } {
  const format = detectFormat(path, text);
  if (solutionsText !== undefined && format !== 'kaggle') {
    throw new ImportError('--solutions goes with a Kaggle challenges .json file');
  }
  const base = baseName(path);
  switch (format) {
    case 'arc-json':
      return { format, puzzles: [arcTaskFromObject(parseJson(text, 'the task'), base)] };
    case 'kaggle':
      return { format, puzzles: importKaggle(text, solutionsText) };
    case 'maze-csv':
      return { format, puzzles: importMazeCsv(text, base) };
    case 'sudoku-csv':
      return { format, puzzles: importSudokuCsv(text, base) };
    case 'sudoku-lines':
      return { format, puzzles: importSudokuLines(text, base) };
  }
}

/** One exported file: `name` is a suggested file name (arc-json: `<task id>.json`). */
export interface ExportedFile {
  name: string;
  text: string;
}

/**
 * Export the puzzles of a document. arc-json: one file per task; kaggle: `challenges` and `solutions`;
 * the CSVs: one file. Throws ExportError when the document holds no puzzle of the format's kind.
 */
export function exportDocument(doc: ArcDocument, to: ExportFormat, warnings: string[] = []): ExportedFile[] {
  const of = <K extends Puzzle['kind']>(k: K) => doc.puzzles.filter((p) => p.kind === k) as Extract<Puzzle, { kind: K }>[];
  const need = <T>(xs: T[], what: string): T[] => {
    if (xs.length === 0) throw new ExportError(`the document has no ${what} puzzle to export as ${to}`);
    const skipped = doc.puzzles.length - xs.length;
    if (skipped > 0) warnings.push(`${skipped} puzzle(s) of another kind skipped`);
    return xs;
  };
  switch (to) {
    case 'arc-json':
      return need(of('arc') as ArcPuzzle[], 'arc').map((p) => ({ name: `${p.name}.json`, text: exportArcTaskJson(p, warnings) }));
    case 'kaggle': {
      const k = exportKaggle(need(of('arc') as ArcPuzzle[], 'arc'), warnings);
      return [
        { name: 'challenges.json', text: k.challenges },
        { name: 'solutions.json', text: k.solutions },
      ];
    }
    case 'sudoku-csv':
      return [{ name: 'sudoku.csv', text: exportSudokuCsv(need(of('sudoku') as SudokuPuzzle[], 'sudoku'), warnings) }];
    case 'maze-csv':
      return [{ name: 'maze.csv', text: exportMazeCsv(need(of('maze') as MazePuzzle[], 'maze'), warnings) }];
  }
}
export * from './mazeGen';
export * from './paste';
