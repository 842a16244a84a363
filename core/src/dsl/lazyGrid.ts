// The grids of a parsed tree, built from the document text on demand. Parsing checks every cell by scanning the
// text; most of the cost of a tree is its cell objects, which a reader that needs only some grids (or only their
// symbols) never pays for.

import type { Cell, GridNode, GridRow, Range } from './ast';
import { everyRowHas, rowBase, rowCells, rowFrom, rowLast, rowLine, shiftedStore, widestRow, type RowStore } from './rowStore';
import * as scan from './scan';

// Local bindings of the scanning functions: where modules are loaded one by one (tsx, in tests and benchmarks),
// each use of an imported function goes through a getter, which the per-character loops pay for (a third of the
// parse time). Bundles call them directly either way.
const { skipSpaces, tokenEnd } = scan;

/**
 * What stands behind a grid built here (a grid built elsewhere has none), in a property that is not enumerable:
 * JSON, spreading, structured clone and deep-equal comparisons do not see it. `store` is dropped when `rows` is
 * set (it no longer describes them). (A WeakMap from grids to stores costs twice as much to fill, and its entries
 * slow every garbage collection down.)
 */
const STATE = Symbol('rows');
interface GridState {
  store: RowStore | undefined;
  /** The row and cell objects, once built or set. */
  rows: GridRow[] | undefined;
}
type StoredGrid = GridNode & { [STATE]?: GridState };

/** The row store of a grid built here whose rows were not replaced, else undefined. */
function storeOf(grid: GridNode): RowStore | undefined {
  return (grid as StoredGrid)[STATE]?.store;
}

/** The range of row `i` (below `store.rows`). */
export function rowRange(store: RowStore, i: number): Range {
  const line = rowLine(store, i);
  const base = rowBase(store, i);
  return { start: { line, character: rowFrom(store, i) - base }, end: { line, character: rowLast(store, i) - base } };
}

/**
 * `rows` of a lazy grid: one accessor shared by every grid (it finds the grid's state through `this`). An accessor in
 * an object literal would make two functions and their scope per grid: a 10 MB document has 24,000 grids, and that
 * cost more than twice the time of this.
 */
const ROWS: PropertyDescriptor = {
  get(this: StoredGrid): GridRow[] {
    const state = this[STATE]!; // only grids built by lazyGrid have this accessor
    return (state.rows ??= buildRows(state.store!)); // the store is dropped only when rows are set
  },
  set(this: StoredGrid, v: GridRow[]) {
    const state = this[STATE]!;
    state.rows = v;
    state.store = undefined;
  },
  enumerable: true,
  configurable: true,
};

function buildRows(store: RowStore): GridRow[] {
  const rows: GridRow[] = [];
  for (let i = 0; i < store.rows; i++) {
    rows.push({
      cells: buildCells(store.text, rowFrom(store, i), rowLast(store, i), rowBase(store, i), rowLine(store, i)),
      range: rowRange(store, i),
    });
  }
  return rows;
}

/**
 * A grid whose row and cell objects are built on first access to `rows` (then kept). `rows` is an own, enumerable
 * property, so spreading, JSON, structured clone and deep-equal comparisons see it like a plain array; it comes
 * first, as in a grid written as a literal.
 */
export function lazyGrid(store: RowStore, range: Range, separators = false): GridNode {
  const grid = Object.defineProperty({}, 'rows', ROWS) as StoredGrid;
  grid.range = range;
  grid.separators = separators;
  const state: GridState = { store, rows: undefined };
  Object.defineProperty(grid, STATE, { value: state });
  return grid;
}

/**
 * The same grid `lines` lines further down, with `range` (already moved) as its range; undefined for a grid not
 * built here. The row texts are shared; its rows are built again when read.
 */
export function movedLazyGrid(grid: GridNode, lines: number, range: Range): GridNode | undefined {
  const store = storeOf(grid);
  if (!store) return undefined;
  return lazyGrid(shiftedStore(store, lines), range, grid.separators);
}

/** How many rows a grid has, counted without building them when the grid is lazy. */
export function gridRowCount(grid: GridNode): number {
  const store = storeOf(grid);
  return store ? store.rows : grid.rows.length;
}

/** The row count and the widest row's cell count of a grid, counted without building its cells when it is lazy
 *  (the outline asks it of every section of a document). */
export function gridShape(grid: GridNode): { rows: number; cols: number } {
  const store = storeOf(grid);
  if (store) return { rows: store.rows, cols: widestRow(store) };
  let cols = 0;
  for (const r of grid.rows) if (r.cells.length > cols) cols = r.cells.length;
  return { rows: grid.rows.length, cols };
}

/**
 * Where row `i`'s first cell is when every cell is one character and one space separates each from the next (as
 * the printer writes grids), else -1: then cell j is at that offset + 2j. Tokens are runs of non-spaces, so a row of
 * n cells spans at least 2n - 1 characters, and exactly that only when every token is one character (no `|` either:
 * separators are not counted as cells) with one space between: the check reads no cell.
 */
function evenRowStart(store: RowStore, i: number): number {
  const last = rowLast(store, i);
  const first = skipSpaces(store.text, rowFrom(store, i), last);
  const n = rowCells(store, i);
  return n > 0 && last - first === 2 * n - 1 ? first : -1;
}

/** The symbols of a grid, row by row, read from the text without building cell objects when the grid is lazy. */
export function gridSymbolRows(grid: GridNode): string[][] {
  const store = storeOf(grid);
  if (!store) return grid.rows.map((r) => r.cells.map((c) => c.symbol));
  const out: string[][] = [];
  const text = store.text;
  for (let i = 0; i < store.rows; i++) {
    const last = rowLast(store, i);
    const row: string[] = [];
    const even = evenRowStart(store, i);
    if (even >= 0) {
      for (let j = even; j < last; j += 2) row.push(text[j]!); // j < last <= text.length
      out.push(row);
      continue;
    }
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
  const store = storeOf(grid);
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

/**
 * gridSymbolsOfShape as character codes: the code of each one-character symbol, -1 for a longer one (no strings are
 * made: the rules read every Sudoku of a document this way), in the first rows * cols entries of `out` when it has
 * that many (a caller reading many grids one after the other reuses one), else of a new array.
 */
export function gridCodesOfShape(grid: GridNode, rows: number, cols: number, out?: Int32Array): Int32Array | undefined {
  const store = storeOf(grid);
  const codes = (): Int32Array => (out && out.length >= rows * cols ? out : new Int32Array(rows * cols));
  if (!store) {
    const symbols = gridSymbolsOfShape(grid, rows, cols);
    if (!symbols) return undefined;
    const o = codes();
    symbols.forEach((s, k) => (o[k] = s.length === 1 ? s.charCodeAt(0) : -1));
    return o;
  }
  if (store.rows !== rows || !everyRowHas(store, cols)) return undefined;
  const text = store.text;
  const o = codes();
  let k = 0;
  for (let i = 0; i < store.rows; i++) {
    const last = rowLast(store, i);
    const even = evenRowStart(store, i);
    if (even >= 0) {
      for (let j = even; j < last; j += 2) o[k++] = text.charCodeAt(j);
      continue;
    }
    for (let start = skipSpaces(text, rowFrom(store, i), last), e = start; start < last; start = skipSpaces(text, e, last)) {
      e = tokenEnd(text, start + 1, last);
      if (e - start !== 1) o[k++] = -1;
      else if (text.charCodeAt(start) !== 124) o[k++] = text.charCodeAt(start);
    }
  }
  return o;
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
