// The grids of a parsed tree, built from the document text on demand. Parsing checks every cell by scanning the
// text; most of the cost of a tree is its cell objects, which a reader that needs only some grids (or only their
// symbols) never pays for.

import type { Cell, GridNode, GridRow, Range } from './ast';
import { everyRowHas, rowBase, rowFrom, rowLast, rowLine, shiftedStore, widestRow, type RowStore } from './rowStore';
import * as scan from './scan';

// Local bindings of the scanning functions: where modules are loaded one by one (tsx, in tests and benchmarks),
// each use of an imported function goes through a getter, which the per-character loops pay for (a third of the
// parse time). Bundles call them directly either way.
const { skipSpaces, tokenEnd } = scan;

/**
 * The store behind a grid built here (a grid built elsewhere has none), in a property that is not enumerable:
 * JSON, spreading, structured clone and deep-equal comparisons do not see it. (A WeakMap from grids to stores
 * costs twice as much to fill, and its entries slow every garbage collection down.)
 */
const STORE = Symbol('rows');
type StoredGrid = GridNode & { [STORE]?: RowStore };

/** The range of row `i` (below `store.rows`). */
export function rowRange(store: RowStore, i: number): Range {
  const line = rowLine(store, i);
  const base = rowBase(store, i);
  return { start: { line, character: rowFrom(store, i) - base }, end: { line, character: rowLast(store, i) - base } };
}

/**
 * A grid whose row and cell objects are built on first access to `rows` (then kept). `rows` is an own, enumerable
 * property, so spreading, JSON, structured clone and deep-equal comparisons see it like a plain array.
 */
export function lazyGrid(store: RowStore, range: Range, separators = false): GridNode {
  let rows: GridRow[] | undefined;
  const grid: StoredGrid = {
    get rows(): GridRow[] {
      if (rows === undefined) {
        rows = [];
        for (let i = 0; i < store.rows; i++) {
          rows.push({
            cells: buildCells(store.text, rowFrom(store, i), rowLast(store, i), rowBase(store, i), rowLine(store, i)),
            range: rowRange(store, i),
          });
        }
      }
      return rows;
    },
    set rows(v: GridRow[]) {
      rows = v;
      delete grid[STORE]; // the store no longer describes these rows
    },
    range,
    separators,
  };
  Object.defineProperty(grid, STORE, { value: store, configurable: true });
  return grid;
}

/**
 * The same grid `lines` lines further down, with `range` (already moved) as its range; undefined for a grid not
 * built here. The row texts are shared; its rows are built again when read.
 */
export function movedLazyGrid(grid: GridNode, lines: number, range: Range): GridNode | undefined {
  const store = (grid as StoredGrid)[STORE];
  if (!store) return undefined;
  return lazyGrid(shiftedStore(store, lines), range, grid.separators);
}

/** How many rows a grid has, counted without building them when the grid is lazy. */
export function gridRowCount(grid: GridNode): number {
  const store = (grid as StoredGrid)[STORE];
  return store ? store.rows : grid.rows.length;
}

/** The row count and the widest row's cell count of a grid, counted without building its cells when it is lazy
 *  (the outline asks it of every section of a document). */
export function gridShape(grid: GridNode): { rows: number; cols: number } {
  const store = (grid as StoredGrid)[STORE];
  if (store) return { rows: store.rows, cols: widestRow(store) };
  let cols = 0;
  for (const r of grid.rows) if (r.cells.length > cols) cols = r.cells.length;
  return { rows: grid.rows.length, cols };
}

/** The symbols of a grid, row by row, read from the text without building cell objects when the grid is lazy. */
export function gridSymbolRows(grid: GridNode): string[][] {
  const store = (grid as StoredGrid)[STORE];
  if (!store) return grid.rows.map((r) => r.cells.map((c) => c.symbol));
  const out: string[][] = [];
  const text = store.text;
  for (let i = 0; i < store.rows; i++) {
    const last = rowLast(store, i);
    const row: string[] = [];
    for (let start = skipSpaces(text, rowFrom(store, i), last), e = start; start < last; start = skipSpaces(text, e, last)) {
      e = tokenEnd(text, start + 1, last);
      if (e - start === 1) {
        if (text.charCodeAt(start) !== 124) row.push(text[start]!); // start < last <= text.length
      } else row.push(text.slice(start, e));
    }
    out.push(row);
  }
  return out;
}

/**
 * The symbols of a grid of `rows` rows of `cols` cells each, in reading order, or undefined for a grid of another
 * shape; read from the text without per-row arrays when the grid is lazy (the rules read every Sudoku this way).
 */
export function gridSymbolsOfShape(grid: GridNode, rows: number, cols: number): string[] | undefined {
  const store = (grid as StoredGrid)[STORE];
  if (!store) {
    if (grid.rows.length !== rows || grid.rows.some((r) => r.cells.length !== cols)) return undefined;
    return grid.rows.flatMap((r) => r.cells.map((c) => c.symbol));
  }
  if (store.rows !== rows || !everyRowHas(store, cols)) return undefined;
  const text = store.text;
  const out: string[] = [];
  for (let i = 0; i < store.rows; i++) {
    const last = rowLast(store, i);
    for (let start = skipSpaces(text, rowFrom(store, i), last), e = start; start < last; start = skipSpaces(text, e, last)) {
      e = tokenEnd(text, start + 1, last);
      if (e - start === 1) {
        if (text.charCodeAt(start) !== 124) out.push(text[start]!); // start < last <= text.length
      } else out.push(text.slice(start, e));
    }
  }
  return out;
}

/** The cells of text[from, last) (a row's text: last <= text.length), every token but the `|` box separators, each with its range. */
function buildCells(text: string, from: number, last: number, base: number, line: number): Cell[] {
  const cells: Cell[] = [];
  for (let start = skipSpaces(text, from, last), i = start; start < last; start = skipSpaces(text, i, last)) {
    i = tokenEnd(text, start + 1, last);
    if (i - start === 1) {
      if (text.charCodeAt(start) === 124) continue;
      cells.push({ symbol: text[start]!, range: { start: { line, character: start - base }, end: { line, character: i - base } } });
    } else {
      cells.push({ symbol: text.slice(start, i), range: { start: { line, character: start - base }, end: { line, character: i - base } } });
    }
  }
  return cells;
}
