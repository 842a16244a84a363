// Maze-Hard CSV (`source,question,answer,rating`; question and answer are n*n-character strings over `# SGo`,
// a space is an open cell; see /work/shared/data/maze/FORMAT.md), any square size. The answer becomes the
// `path` section. Every column other than question/answer is kept as a property.

import type { MazePuzzle } from '../dsl/ast';
import { makeMaze, makeSection } from '../dsl/build';
import { gridToMatrix, MAX_GRID, MAZE, UNKNOWN } from '../dsl/symbols';
import { parseCsv, writeCsv } from './csv';
import { ExportError, ImportError } from './errors';
import { csvColumns } from './sudoku';

const TO_DSL: Record<string, string> = { '#': MAZE.wall, ' ': MAZE.open, S: MAZE.start, G: MAZE.goal, o: MAZE.path };
const FROM_DSL: Record<string, string> = { [MAZE.wall]: '#', [MAZE.open]: ' ', [MAZE.start]: 'S', [MAZE.goal]: 'G', [MAZE.path]: 'o' };

/** A square maze string -> matrix of DSL symbols. */
export function mazeStringToMatrix(s: string, where: string, allowPath: boolean): string[][] {
  const n = Math.round(Math.sqrt(s.length));
  if (n * n !== s.length || n === 0) throw new ImportError(`${where}: a maze string has n*n characters; this one has ${s.length}`);
  if (n > MAX_GRID) throw new ImportError(`${where}: a ${n}x${n} maze is larger than ${MAX_GRID}x${MAX_GRID}`);
  const m: string[][] = [];
  for (let r = 0; r < n; r++) {
    const row: string[] = [];
    for (let c = 0; c < n; c++) {
      const ch = s.charAt(r * n + c);
      const v = TO_DSL[ch];
      if (v === undefined || (!allowPath && v === MAZE.path)) {
        throw new ImportError(
          `${where}: character ${r * n + c + 1} is '${ch}'; expected one of '#', ' ', 'S', 'G'${allowPath ? ", 'o'" : ''}`,
        );
      }
      row.push(v);
    }
    m.push(row);
  }
  return m;
}

/** Whether the first data row of a CSV looks like a maze (its question holds `#`, which no Sudoku string does). */
export function looksLikeMazeCsv(text: string): boolean {
  try {
    const recs = parseCsv(text);
    const [header, first] = recs;
    if (header === undefined || first === undefined) return false;
    const q = csvColumns(header).question;
    return (first.fields[q] ?? '').includes('#');
  } catch {
    return false;
  }
}

/** Names: `<base>-<n>` with n the 1-based data row. */
export function importMazeCsv(text: string, base: string): MazePuzzle[] {
  const recs = parseCsv(text);
  const [header] = recs;
  if (header === undefined) throw new ImportError('empty CSV file (expected the header source,question,answer,rating)');
  const cols = csvColumns(header);
  return recs.slice(1).map((rec, i) => {
    if (rec.fields.length !== header.fields.length) {
      throw new ImportError(`${rec.fields.length} fields; the header has ${header.fields.length}`, rec.line, 1);
    }
    const props = cols.others.map((c) => {
      const v = rec.fields[c.index] ?? '';
      if (/[\r\n]/.test(v) || v.includes('//') || v !== v.replace(/^[ \t]+|[ \t]+$/g, '')) {
        throw new ImportError(`the ${c.name} value '${v}' cannot be kept as a property`, rec.line, 1);
      }
      return { key: c.name, value: v };
    });
    try {
      // The record has the header's fields, so the question and answer columns are there.
      const grid = mazeStringToMatrix(rec.fields[cols.question] ?? '', 'question', false);
      const a = (cols.answer >= 0 ? rec.fields[cols.answer] : undefined) ?? '';
      let path;
      if (a !== '') {
        const pm = mazeStringToMatrix(a, 'answer', true);
        if (pm.length !== grid.length)
          throw new ImportError(`answer is ${pm.length}x${pm.length} but question is ${grid.length}x${grid.length}`);
        path = makeSection('path', pm);
      }
      const p = makeMaze(`${base}-${i + 1}`, makeSection('grid', grid), path);
      for (const pr of props)
        p.properties.push({ key: pr.key, value: pr.value, keyRange: p.nameRange, valueRange: p.nameRange, range: p.nameRange });
      return p;
    } catch (e) {
      if (e instanceof ImportError && e.line === undefined) throw new ImportError(e.message, rec.line, 1);
      throw e;
    }
  });
}

function mazeString(p: MazePuzzle, which: 'grid' | 'path', warnings: string[]): string | undefined {
  const s = p[which];
  if (!s) return undefined;
  const m = gridToMatrix(s.grid);
  const n = m.length;
  if (n === 0 || m.some((r) => r.length !== n))
    throw new ExportError(`${p.name}: the Maze-Hard CSV needs square grids; '${which}' is not square`);
  let out = '';
  for (const row of m) {
    for (const c of row) {
      if (c === UNKNOWN) {
        warnings.push(`${p.name}: the path has unknown cells; the answer is left empty`);
        return undefined;
      }
      const v = FROM_DSL[c];
      if (v === undefined || (which === 'grid' && c === MAZE.path))
        throw new ExportError(`${p.name}: '${c}' in '${which}' has no Maze-Hard character`);
      out += v;
    }
  }
  return out;
}

/** Maze puzzles -> Maze-Hard CSV `source,question,answer,rating`. */
export function exportMazeCsv(puzzles: MazePuzzle[], warnings: string[] = []): string {
  const rows: string[][] = [['source', 'question', 'answer', 'rating']];
  for (const p of puzzles) {
    const q = mazeString(p, 'grid', warnings);
    if (q === undefined) throw new ExportError(`${p.name}: no grid`);
    const a = mazeString(p, 'path', warnings) ?? '';
    const prop = (k: string) => p.properties.find((x) => x.key === k)?.value;
    rows.push([prop('source') ?? p.name, q, a, prop('rating') ?? '']);
  }
  return writeCsv(rows);
}
