// Where a parsed grid's rows are in the document text, as numbers in typed arrays. A 10 MB document has hundreds
// of thousands of rows: kept in plain arrays (six per grid), they were most of what the garbage collector copied
// during a parse; a typed array's numbers live outside the collected heap. The parser appends the rows of one
// grid after the other into a shared block (RowWriter), and each grid's store is a stretch of that block.

/** The numbers kept per row, at these positions from the row's first: */
const FROM = 0; // the offset of its first character in the text,
const LAST = 1; // the offset past its last non-space character,
const BASE = 2; // the offset of its line,
const LINE = 3; // its line number (before lineShift),
const COUNT = 4; // and its cell count (every token but the `|` separators).
const ROW = 5;

/** The rows of one grid: `rows` rows of ROW numbers each, from `start` in `data`. */
export interface RowStore {
  /** The text the offsets are in. */
  readonly text: string;
  data: Int32Array;
  start: number;
  rows: number;
  /** Added to every line number: a moved grid shares the numbers of the grid it was moved from. */
  readonly lineShift: number;
}

/** The same rows `lines` further down. */
export function shiftedStore(s: RowStore, lines: number): RowStore {
  return { text: s.text, data: s.data, start: s.start, rows: s.rows, lineShift: s.lineShift + lines };
}

export function rowFrom(s: RowStore, i: number): number {
  return s.data[s.start + i * ROW + FROM]!; // callers pass i < s.rows: inside the stretch of `data`
}
export function rowLast(s: RowStore, i: number): number {
  return s.data[s.start + i * ROW + LAST]!;
}
export function rowBase(s: RowStore, i: number): number {
  return s.data[s.start + i * ROW + BASE]!;
}
export function rowLine(s: RowStore, i: number): number {
  return s.data[s.start + i * ROW + LINE]! + s.lineShift;
}
export function rowCells(s: RowStore, i: number): number {
  return s.data[s.start + i * ROW + COUNT]!;
}

/** The widest row's cell count (0 without rows). */
export function widestRow(s: RowStore): number {
  let cols = 0;
  for (let i = 0, o = s.start + COUNT; i < s.rows; i++, o += ROW) if (s.data[o]! > cols) cols = s.data[o]!;
  return cols;
}

/** Whether every row has `n` cells. */
export function everyRowHas(s: RowStore, n: number): boolean {
  for (let i = 0, o = s.start + COUNT; i < s.rows; i++, o += ROW) if (s.data[o] !== n) return false;
  return true;
}

/** Blocks start small (a one-puzzle re-parse after an edit) and double up to this many numbers (4 MB). */
const MAX_BLOCK = 1 << 20;

/** Appends rows to the stores of one parse. A store's rows stay together: when a block fills, the rows of the store
 *  being written move on to the next block with it, and the stores written before keep the old block. */
export class RowWriter {
  private data = new Int32Array(ROW * 64);
  private used = 0;

  constructor(private readonly text: string) {}

  /** A new store, empty, whose rows are appended after every row written so far. */
  store(): RowStore {
    return { text: this.text, data: this.data, start: this.used, rows: 0, lineShift: 0 };
  }

  add(s: RowStore, from: number, last: number, base: number, line: number, cells: number): void {
    // Only the latest store grows in the parser; any other is first moved to the end (its rows stay together).
    if (s.data !== this.data || s.start + s.rows * ROW !== this.used || this.used + ROW > this.data.length) this.moveToEnd(s);
    const d = this.data;
    const o = this.used;
    d[o + FROM] = from;
    d[o + LAST] = last;
    d[o + BASE] = base;
    d[o + LINE] = line;
    d[o + COUNT] = cells;
    this.used = o + ROW;
    s.rows++;
  }

  /** Copies the rows of `s` to the end of the block (a new block when they and one more row do not fit). */
  private moveToEnd(s: RowStore): void {
    const n = s.rows * ROW;
    if (s.data === this.data && s.start + n === this.used && this.used + ROW <= this.data.length) return;
    if (this.used + n + ROW > this.data.length) {
      const size = Math.max(n + ROW, Math.min(this.data.length * 2, MAX_BLOCK));
      this.data = new Int32Array(size);
      this.used = 0;
    }
    this.data.set(s.data.subarray(s.start, s.start + n), this.used);
    s.data = this.data;
    s.start = this.used;
    this.used += n;
  }
}
