// Exact Sudoku solving over plain arrays: no AST, no text. A grid is a flat row-major array of
// length size*size holding 0 for an empty cell and 1..size for a digit.
//
// The solver keeps one candidate bitmask per cell (bit d-1 set = digit d still possible), propagates
// naked singles (a cell with one candidate removes it from its peers) and hidden singles (a digit with
// one place left in a unit goes there), and branches on the cell with the fewest candidates
// (most-constrained first). Branches copy the candidate array into a per-depth buffer, so a search
// allocates nothing after setup. It counts solutions up to a cap, which answers "unique?" with cap 2.

export interface SudokuGeometry {
  /** Digits per unit and cells per side. */
  size: number;
  boxRows: number;
  boxCols: number;
  /** Every unit (rows, then columns, then boxes) as size cell indices each, flattened. */
  units: Int32Array;
  /** For each cell, its peers (same row, column or box, itself excluded), peerCount each, flattened. */
  peers: Int32Array;
  peerCount: number;
  /** For each cell, the index of its row, column and box unit (3 per cell). */
  cellUnits: Int32Array;
}

const geometryCache = new Map<number, SudokuGeometry>();

/** Box shape for a side length: square sizes use sqrt x sqrt, others the most square factorisation
 *  with fewer rows than columns (6 -> 2x3, 8 -> 2x4, 12 -> 3x4). undefined when no box shape exists. */
export function boxShape(size: number): { boxRows: number; boxCols: number } | undefined {
  if (!Number.isInteger(size) || size < 1 || size > 30) return undefined;
  let best: { boxRows: number; boxCols: number } | undefined;
  for (let r = 1; r * r <= size; r++) {
    if (size % r === 0) best = { boxRows: r, boxCols: size / r };
  }
  if (!best || (best.boxRows === 1 && size > 3)) return undefined;
  return best;
}

/** Geometry for a size, or undefined when the size has no box shape (primes above 3) or exceeds 30. */
export function sudokuGeometry(size: number): SudokuGeometry | undefined {
  const cached = geometryCache.get(size);
  if (cached) return cached;
  const shape = boxShape(size);
  if (!shape) return undefined;
  const { boxRows, boxCols } = shape;
  const n = size;
  const units = new Int32Array(3 * n * n);
  const cellUnits = new Int32Array(3 * n * n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const cell = r * n + c;
      const b = Math.floor(r / boxRows) * (n / boxCols) + Math.floor(c / boxCols);
      const inBox = (r % boxRows) * boxCols + (c % boxCols);
      units[r * n + c] = cell; // row unit r, position c
      units[(n + c) * n + r] = cell; // column unit n + c, position r
      units[(2 * n + b) * n + inBox] = cell; // box unit 2n + b
      cellUnits[cell * 3] = r;
      cellUnits[cell * 3 + 1] = n + c;
      cellUnits[cell * 3 + 2] = 2 * n + b;
    }
  const peerCount = 2 * (n - 1) + (n - boxRows - boxCols + 1);
  const peers = new Int32Array(n * n * peerCount);
  for (let cell = 0; cell < n * n; cell++) {
    const seen = new Set<number>();
    // In range: cellUnits holds unit indices < 3n for each of the n*n cells, units n cells per unit.
    for (let k = 0; k < 3; k++) {
      const u = cellUnits[cell * 3 + k]!;
      for (let i = 0; i < n; i++) {
        const p = units[u * n + i]!;
        if (p !== cell) seen.add(p);
      }
    }
    let i = 0;
    for (const p of seen) peers[cell * peerCount + i++] = p;
  }
  const g: SudokuGeometry = { size, boxRows, boxCols, units, peers, peerCount, cellUnits };
  geometryCache.set(size, g);
  return g;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Index (0-based) of the lowest set bit. */
function lowBitIndex(v: number): number {
  return 31 - Math.clz32(v & -v);
}

export interface SolveResult {
  /** Solutions found, at most the cap. */
  count: number;
  /** True when the search stopped at the cap (there may be more). */
  capped: boolean;
  /** The first solution found (flat, digits 1..size), when count > 0. */
  solution?: number[];
  /** Search nodes visited (branches tried), for benchmarks and curiosity. */
  nodes: number;
}

// The typed-array reads below are in range by construction: cells are < nn, the geometry tables hold cell indices
// < nn and are read within their unit or peer list, the queue holds at most one entry per propagation step it was
// sized for, and every candidate buffer has nn entries. They are read with `!`.
class Search {
  readonly n: number;
  readonly nn: number;
  readonly all: number;
  readonly g: SudokuGeometry;
  readonly buffers: Int32Array[] = [];
  readonly queue: Int32Array;
  cap = 2;
  count = 0;
  nodes = 0;
  solution: Int32Array | undefined;

  constructor(g: SudokuGeometry) {
    this.g = g;
    this.n = g.size;
    this.nn = g.size * g.size;
    this.all = g.size >= 31 ? -1 : (1 << g.size) - 1;
    this.queue = new Int32Array(this.nn * (g.peerCount + 1) + 1);
  }

  buffer(depth: number): Int32Array {
    while (this.buffers.length <= depth) this.buffers.push(new Int32Array(this.nn));
    return this.buffers[depth]!;
  }

  /** Fixes cell to bit and propagates naked singles. false on contradiction. */
  assign(cand: Int32Array, cell: number, bit: number): boolean {
    const { peers, peerCount } = this.g;
    const queue = this.queue;
    cand[cell] = bit;
    let head = 0;
    let tail = 0;
    queue[tail++] = cell;
    while (head < tail) {
      const c = queue[head++]!;
      const b = cand[c]!;
      const base = c * peerCount;
      for (let i = 0; i < peerCount; i++) {
        const p = peers[base + i]!;
        const v = cand[p]!;
        if (v & b) {
          const w = v & ~b;
          if (w === 0) return false;
          cand[p] = w;
          if ((w & (w - 1)) === 0) queue[tail++] = p;
        }
      }
    }
    return true;
  }

  /** Hidden singles to a fixed point. false on contradiction. */
  hidden(cand: Int32Array): boolean {
    const { units } = this.g;
    const n = this.n;
    const unitCount = 3 * n;
    let changed = true;
    while (changed) {
      changed = false;
      for (let u = 0; u < unitCount; u++) {
        const base = u * n;
        let once = 0;
        let twice = 0;
        let solved = 0;
        for (let i = 0; i < n; i++) {
          const v = cand[units[base + i]!]!;
          twice |= once & v;
          once |= v;
          if ((v & (v - 1)) === 0) solved |= v;
        }
        if (once !== this.all) return false;
        let single = once & ~twice & ~solved;
        while (single) {
          const bit = single & -single;
          single ^= bit;
          for (let i = 0; i < n; i++) {
            const cell = units[base + i]!;
            if (cand[cell]! & bit) {
              if (cand[cell] !== bit) {
                if (!this.assign(cand, cell, bit)) return false;
                changed = true;
              }
              break;
            }
          }
        }
      }
    }
    return true;
  }

  /** The most constrained unsolved cell, or -1 when every cell is solved. */
  bestCell(cand: Int32Array): number {
    let best = -1;
    let bestCount = 99;
    for (let c = 0; c < this.nn; c++) {
      const v = cand[c]!;
      if ((v & (v - 1)) === 0) continue;
      const k = popcount(v);
      if (k < bestCount) {
        bestCount = k;
        best = c;
        if (k === 2) break;
      }
    }
    return best;
  }
}

/** How many search steps run between two looks at the clock. */
const STEPS_PER_CLOCK_CHECK = 512;

/**
 * A depth-first search that can stop at a deadline and carry on later: the recursion is an explicit stack
 * (the branching cell and the options left at each depth), so slow puzzles can be solved in slices that
 * leave the event loop free in between, and a budget can give up on them without losing the work done.
 */
export class SudokuSolveJob {
  private readonly s: Search;
  private readonly branchCell: Int32Array;
  private readonly branchOptions: Int32Array;
  /** Depth of the top frame (-1: search over). */
  private top = -1;
  /** Depth whose buffer holds a node to expand next (-1: none). */
  private enter = -1;
  private finished = false;
  /** Wall-clock ms spent in run() so far. */
  elapsedMs = 0;

  constructor(
    grid: ArrayLike<number>,
    readonly size = 9,
    cap = 2,
  ) {
    const g = sudokuGeometry(size);
    if (!g) throw new Error(`no Sudoku geometry for size ${size}`);
    if (grid.length !== size * size) throw new Error(`grid has ${grid.length} cells, expected ${size * size}`);
    const s = new Search(g);
    this.s = s;
    s.cap = Math.max(1, cap);
    this.branchCell = new Int32Array(s.nn + 1);
    this.branchOptions = new Int32Array(s.nn + 1);
    const cand = s.buffer(0);
    cand.fill(s.all);
    let ok = true;
    for (let i = 0; i < grid.length && ok; i++) {
      const d = grid[i]!; // i < grid.length = nn
      if (d === 0) continue;
      if (!Number.isInteger(d) || d < 1 || d > size) throw new Error(`cell ${i} holds ${d}, outside 0..${size}`);
      const bit = 1 << (d - 1);
      if (!(cand[i]! & bit)) ok = false;
      else ok = s.assign(cand, i, bit);
    }
    if (ok) this.enter = 0;
    else this.finished = true;
  }

  get done(): boolean {
    return this.finished;
  }
  get nodes(): number {
    return this.s.nodes;
  }

  /**
   * Searches until the answer is known (returns it) or `now()` passes `deadline` (returns undefined; call
   * again to carry on). The clock is read every few hundred steps, so a call overruns by well under 1 ms.
   */
  run(deadline = Infinity, now: () => number = () => performance.now()): SolveResult | undefined {
    const s = this.s;
    const t0 = now();
    let steps = 0;
    while (!this.finished) {
      if (++steps === STEPS_PER_CLOCK_CHECK) {
        steps = 0;
        if (now() > deadline) break;
      }
      if (this.enter >= 0) {
        const d = this.enter;
        this.enter = -1;
        s.nodes++;
        const cand = s.buffer(d);
        if (!s.hidden(cand)) {
          this.top = d - 1;
          this.finishIfEmpty();
          continue;
        }
        const best = s.bestCell(cand);
        if (best < 0) {
          s.count++;
          if (!s.solution) s.solution = Int32Array.from(cand);
          this.top = d - 1;
          if (s.count >= s.cap) this.finished = true;
          else this.finishIfEmpty();
          continue;
        }
        this.branchCell[d] = best;
        this.branchOptions[d] = cand[best]!;
        this.top = d;
        continue;
      }
      const d = this.top; // >= 0: the search is not finished
      const options = this.branchOptions[d]!;
      if (options === 0) {
        this.top = d - 1;
        this.finishIfEmpty();
        continue;
      }
      const bit = options & -options;
      this.branchOptions[d] = options ^ bit;
      const next = s.buffer(d + 1);
      next.set(s.buffer(d));
      if (s.assign(next, this.branchCell[d]!, bit)) this.enter = d + 1;
    }
    this.elapsedMs += now() - t0;
    return this.finished ? this.result() : undefined;
  }

  private finishIfEmpty(): void {
    if (this.top < 0 && this.enter < 0) this.finished = true;
  }

  private result(): SolveResult {
    const s = this.s;
    const result: SolveResult = { count: s.count, capped: s.count >= s.cap, nodes: s.nodes };
    if (s.solution) result.solution = Array.from(s.solution as ArrayLike<number>, (v: number) => lowBitIndex(v) + 1);
    return result;
  }
}

/**
 * Solves a grid exactly. `cap` bounds how many solutions are counted (default 2: enough to tell
 * "unique" from "several"). Givens that contradict each other give count 0.
 */
export function solveSudoku(grid: ArrayLike<number>, size = 9, cap = 2): SolveResult {
  return new SudokuSolveJob(grid, size, cap).run()!;
}

/**
 * Digits allowed at each cell by the givens alone (not present in the cell's row, column or box), as a
 * bitmask per cell (bit d-1 = digit d). A filled cell gets the mask of the digits its peers leave it,
 * its own value included when legal.
 */
export function sudokuCandidates(grid: ArrayLike<number>, size = 9): number[] {
  const g = sudokuGeometry(size);
  if (!g) throw new Error(`no Sudoku geometry for size ${size}`);
  const all = (1 << size) - 1;
  const out: number[] = new Array(size * size);
  for (let cell = 0; cell < size * size; cell++) {
    let used = 0;
    const base = cell * g.peerCount;
    for (let i = 0; i < g.peerCount; i++) {
      const d = grid[g.peers[base + i]!] ?? 0; // a grid shorter than size*size reads as blank past its end
      if (d > 0) used |= 1 << (d - 1);
    }
    out[cell] = all & ~used;
  }
  return out;
}

/** The digits of a mask, ascending. */
export function maskDigits(mask: number): number[] {
  const out: number[] = [];
  for (let d = 1; mask; d++, mask >>>= 1) if (mask & 1) out.push(d);
  return out;
}

export interface SudokuConflict {
  /** 'row' | 'column' | 'box' and which one (0-based). */
  unit: 'row' | 'column' | 'box';
  index: number;
  digit: number;
  /** Cell indices (flat) holding the digit in that unit, in reading order; at least 2. */
  cells: number[];
}

const UNIT_KINDS = ['row', 'column', 'box'] as const;

/** Every digit that appears more than once in a row, column or box. */
export function sudokuConflicts(grid: ArrayLike<number>, size = 9): SudokuConflict[] {
  const g = sudokuGeometry(size);
  if (!g) throw new Error(`no Sudoku geometry for size ${size}`);
  const out: SudokuConflict[] = [];
  const units = g.units;
  // One plain loop over the 3 * size units (rows, then columns, then boxes): the rules ask this of every Sudoku of
  // a document, and an iterator over the unit kinds cost more than the check itself.
  for (let u = 0; u < 3 * size; u++) {
    const base = u * size;
    let seen = 0;
    let dup = 0;
    for (let i = 0; i < size; i++) {
      const d = grid[units[base + i]!] ?? 0; // a grid shorter than size*size reads as blank past its end
      if (d > 0) {
        const bit = 1 << (d - 1);
        if (seen & bit) dup |= bit;
        seen |= bit;
      }
    }
    // Rare: only units with a repeated digit pay for building the lists.
    if (dup) unitConflicts(grid, units.subarray(base, base + size), UNIT_KINDS[Math.floor(u / size)]!, u % size, dup, out);
  }
  return out;
}

/** Appends a conflict for each digit of the `dup` mask (bit d-1 for digit d) in one unit's cells. */
function unitConflicts(
  grid: ArrayLike<number>,
  unitCells: Int32Array,
  unit: SudokuConflict['unit'],
  index: number,
  dup: number,
  out: SudokuConflict[],
): void {
  for (let digit = 1; dup; digit++, dup >>>= 1) {
    if (!(dup & 1)) continue;
    const cells: number[] = [];
    for (const cell of unitCells) if (grid[cell] === digit) cells.push(cell);
    cells.sort((a, b) => a - b);
    out.push({ unit, index, digit, cells });
  }
}

/** Parses an 81-character (size*size) puzzle string: digits, `.` or `0` for blank. */
export function parseSudokuString(text: string, size = 9): number[] {
  const s = text.trim();
  if (s.length !== size * size) throw new Error(`expected ${size * size} characters, got ${s.length}`);
  const out: number[] = new Array(size * size);
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '.' || ch === '0') out[i] = 0;
    else {
      const d = parseInt(ch, 36);
      if (!(d >= 1 && d <= size)) throw new Error(`unexpected character '${ch}' at ${i}`);
      out[i] = d;
    }
  }
  return out;
}

/** The symbol of each value 0-35 in sudokuToString ('.' for 0), and its character code. */
const VALUE_CHARS = Array.from({ length: 36 }, (_, d) => (d === 0 ? '.' : d.toString(36).toUpperCase()));
const VALUE_CODES = VALUE_CHARS.map((c) => c.charCodeAt(0));
/** Longer grids are built by concatenation (String.fromCharCode takes its codes as arguments). */
const MAX_CODES = 1024;
const codes: number[] = [];

export function sudokuToString(grid: ArrayLike<number>): string {
  // This is the memo key of every solve, read for each Sudoku of a document on every analysis: one string made
  // from the character codes at once costs a fraction of a concatenation (a rope of one piece per cell).
  if (grid.length <= MAX_CODES) {
    codes.length = grid.length;
    let i = 0;
    for (; i < grid.length; i++) {
      const c = VALUE_CODES[grid[i]!];
      if (c === undefined) break;
      codes[i] = c;
    }
    if (i === grid.length) return String.fromCharCode.apply(null, codes);
  }
  let s = '';
  for (let i = 0; i < grid.length; i++) {
    const d = grid[i]!;
    s += VALUE_CHARS[d] ?? d.toString(36).toUpperCase();
  }
  return s;
}
