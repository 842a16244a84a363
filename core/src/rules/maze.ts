// Maze rules over plain grids of symbols: `#` wall, `.` open, `S` start, `G` goal, `o` a path cell
// (only in a path grid). 4-neighbour moves. No AST, no text.

export type Cellpos = [row: number, col: number];

export interface MazeEnds {
  starts: Cellpos[];
  goals: Cellpos[];
}

export function mazeEnds(grid: readonly (readonly string[])[]): MazeEnds {
  const starts: Cellpos[] = [];
  const goals: Cellpos[] = [];
  // Plain loops (no callback per row and cell): the rules ask this of every maze of a document.
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r]!;
    for (let c = 0; c < row.length; c++) {
      const s = row[c];
      if (s === 'S') starts.push([r, c]);
      else if (s === 'G') goals.push([r, c]);
    }
  }
  return { starts, goals };
}

const STEPS: Cellpos[] = [
  [-1, 0],
  [0, 1],
  [1, 0],
  [0, -1],
];

/** BFS distances from a cell over non-wall cells (-1 = unreachable), row-major per row. */
export function mazeDistances(grid: readonly (readonly string[])[], from: Cellpos): number[][] {
  const { dist, cols } = flatDistances(grid, from);
  return grid.map((row, r) => Array.from(dist.subarray(r * cols, r * cols + row.length)));
}

/** The BFS distance from one cell to another over non-wall cells (-1 = unreachable or off the grid), without the
 *  per-row arrays of mazeDistances (the rules ask it of every maze of a document). */
export function mazeDistance(grid: readonly (readonly string[])[], from: Cellpos, to: Cellpos): number {
  const [r, c] = to;
  const row = grid[r];
  if (!row || c < 0 || c >= row.length) return -1;
  const { dist, cols } = flatDistances(grid, from);
  return dist[r * cols + c] ?? -1;
}

/** BFS distances from a cell over non-wall cells (-1 = unreachable), flat: cell (r, c) at r * cols + c. */
function flatDistances(grid: readonly (readonly string[])[], from: Cellpos): { dist: Int32Array; cols: number } {
  const rows = grid.length;
  let cols = 0;
  for (const row of grid) if (row.length > cols) cols = row.length;
  const dist = new Int32Array(rows * cols).fill(-1);
  const open = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = grid[r]!;
    for (let c = 0; c < row.length; c++) if (row[c] !== '#') open[r * cols + c] = 1;
  }
  const [fr, fc] = from;
  if (fr >= 0 && fr < rows && fc >= 0 && fc < cols && open[fr * cols + fc]) {
    const queue = new Int32Array(rows * cols);
    let head = 0;
    let tail = 0;
    queue[tail++] = fr * cols + fc;
    dist[fr * cols + fc] = 0;
    // Every cell index below is in range: queued cells are, and each neighbour is checked against the edges.
    // An unvisited cell holds -1 (distances are -1 or >= 0), so `=== -1` is the "not yet reached" test.
    while (head < tail) {
      const i = queue[head++]!;
      const r = (i / cols) | 0;
      const c = i - r * cols;
      const d = dist[i]! + 1;
      if (r > 0 && open[i - cols] && dist[i - cols] === -1) {
        dist[i - cols] = d;
        queue[tail++] = i - cols;
      }
      if (c + 1 < cols && open[i + 1] && dist[i + 1] === -1) {
        dist[i + 1] = d;
        queue[tail++] = i + 1;
      }
      if (r + 1 < rows && open[i + cols] && dist[i + cols] === -1) {
        dist[i + cols] = d;
        queue[tail++] = i + cols;
      }
      if (c > 0 && open[i - 1] && dist[i - 1] === -1) {
        dist[i - 1] = d;
        queue[tail++] = i - 1;
      }
    }
  }
  return { dist, cols };
}

/** A shortest path from start to goal, both included, or undefined when the goal is unreachable.
 *  Among shortest paths it prefers moves in the order up, right, down, left from the goal backwards,
 *  so the answer is deterministic. */
export function mazeShortestPath(grid: readonly (readonly string[])[], start: Cellpos, goal: Cellpos): Cellpos[] | undefined {
  const dist = mazeDistances(grid, start);
  let here = dist[goal[0]]?.[goal[1]];
  if (here === undefined || here < 0) return undefined;
  const path: Cellpos[] = [goal];
  let [r, c] = goal;
  while (here > 0) {
    for (const [dr, dc] of STEPS) {
      const nr = r + dr;
      const nc = c + dc;
      if (dist[nr]?.[nc] === here - 1) {
        r = nr;
        c = nc;
        break;
      }
    }
    path.push([r, c]);
    here = dist[r]?.[c] ?? 0;
  }
  return path.reverse();
}

/** The number of distinct shortest paths from start to goal, counted up to `cap`. */
export function countShortestPaths(grid: readonly (readonly string[])[], start: Cellpos, goal: Cellpos, cap = 2): number {
  const dist = mazeDistances(grid, start);
  const d = dist[goal[0]]?.[goal[1]];
  if (d === undefined || d < 0) return 0;
  // dist has the grid's shape and the goal is reached, so start is a cell of it.
  const ways = dist.map((row) => row.map(() => 0));
  ways[start[0]]![start[1]] = 1;
  const byDist: Cellpos[][] = [];
  dist.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v >= 0 && v <= d) (byDist[v] ??= []).push([r, c]);
    }),
  );
  for (let k = 1; k <= d; k++) {
    for (const [r, c] of byDist[k] ?? []) {
      let w = 0;
      for (const [dr, dc] of STEPS) if (dist[r + dr]?.[c + dc] === k - 1) w += ways[r + dr]?.[c + dc] ?? 0;
      ways[r]![c] = Math.min(w, cap); // (r, c) came from dist, which ways has the shape of
    }
  }
  return ways[goal[0]]?.[goal[1]] ?? 0;
}

/** A cell where a path grid does not copy its maze: `written` is neither the maze's own symbol nor the path's `o`. */
export interface PathCopyDifference {
  cell: Cellpos;
  maze: string;
  written: string;
}

/**
 * The cells of a path grid that do not copy the maze (a wall erased or added, S or G moved), in reading order.
 * The path section is the maze grid with `o` on the path cells; validateMazePath judges the `o` chain.
 */
export function pathCopyDifferences(maze: readonly (readonly string[])[], path: readonly (readonly string[])[]): PathCopyDifference[] {
  const out: PathCopyDifference[] = [];
  path.forEach((row, r) =>
    row.forEach((written, c) => {
      const own = maze[r]?.[c];
      if (own !== undefined && written !== 'o' && written !== own) out.push({ cell: [r, c], maze: own, written });
    }),
  );
  return out;
}

export type PathProblem =
  | { kind: 'wall'; cell: Cellpos }
  | { kind: 'broken'; cell: Cellpos }
  | { kind: 'branch'; cell: Cellpos }
  | { kind: 'missesStart' }
  | { kind: 'missesGoal' }
  | { kind: 'notConnected' }
  | { kind: 'longer'; length: number; shortest: number }
  | { kind: 'shape'; message: string };

/** What each cell of a flat row-major path grid (cols = its widest row) is: off the chain, an end, a marked `o`. */
const OFF = 0;
const END = 1;
const MARKED = 2;

interface FlatPath {
  cols: number;
  /** OFF, END (S or G) or MARKED per cell. */
  cells: Uint8Array;
  /** Indexes of the MARKED cells, in reading order. */
  marked: number[];
}

function flattenPath(maze: readonly (readonly string[])[], path: readonly (readonly string[])[], problems: PathProblem[]): FlatPath {
  let cols = 0;
  for (const row of path) if (row.length > cols) cols = row.length;
  const cells = new Uint8Array(path.length * cols);
  const marked: number[] = [];
  for (let r = 0; r < path.length; r++) {
    const row = path[r]!;
    for (let c = 0; c < row.length; c++) {
      const s = row[c];
      if (s === 'S' || s === 'G') cells[r * cols + c] = END;
      if (s !== 'o') continue;
      cells[r * cols + c] = MARKED;
      marked.push(r * cols + c);
      if (maze[r]?.[c] === '#') problems.push({ kind: 'wall', cell: [r, c] });
    }
  }
  return { cols, cells, marked };
}

/** The chain neighbours of cell i (4-neighbour, within the grid), in the order up, right, down, left, written into
 *  `out` (4 entries; no array per cell: a 30x30 path has hundreds of cells); returns how many. */
function chainNeighbours(flat: FlatPath, i: number, out: Int32Array): number {
  const { cols, cells } = flat;
  const c = i % cols;
  let n = 0;
  if (i >= cols && cells[i - cols] !== OFF) out[n++] = i - cols;
  if (c + 1 < cols && cells[i + 1] !== OFF) out[n++] = i + 1;
  if (i + cols < cells.length && cells[i + cols] !== OFF) out[n++] = i + cols;
  if (c > 0 && cells[i - 1] !== OFF) out[n++] = i - 1;
  return n;
}

/** Whether the walk from S along `o` cells (never back through S) reaches G and every marked cell. */
function chainConnects(flat: FlatPath, start: number, goal: number): boolean {
  const seen = new Uint8Array(flat.cells.length);
  seen[start] = 1;
  const queue = [start];
  const next = new Int32Array(4);
  for (let head = 0; head < queue.length; head++) {
    const n = chainNeighbours(flat, queue[head]!, next);
    for (let j = 0; j < n; j++) {
      const k = next[j]!;
      if (seen[k] || k === start) continue;
      seen[k] = 1;
      if (flat.cells[k] === MARKED) queue.push(k);
    }
  }
  return seen[goal] === 1 && flat.marked.every((i) => seen[i] === 1);
}

/**
 * Checks a path grid (the maze with `o` on the path cells) against the maze:
 * same shape; `o` never on a wall; the marked cells plus S and G form one simple chain from S to G
 * (every `o` has exactly two chain neighbours, S and G one each); and the length against the shortest.
 * Returns the problems found (empty when the path is a valid shortest path) and the path length in moves.
 */
export function validateMazePath(
  maze: readonly (readonly string[])[],
  path: readonly (readonly string[])[],
  /** What the caller already knows of the maze (its ends; the shortest distance from S to G), not found again. */
  known: { ends?: MazeEnds; shortest?: number } = {},
): { problems: PathProblem[]; length?: number } {
  const problems: PathProblem[] = [];
  if (path.length !== maze.length || path.some((row, r) => row.length !== maze[r]?.length)) {
    problems.push({ kind: 'shape', message: "the path grid does not have the maze grid's shape" });
    return { problems };
  }
  const { starts, goals } = known.ends ?? mazeEnds(maze);
  const [start] = starts;
  const [goal] = goals;
  if (start === undefined || goal === undefined || starts.length !== 1 || goals.length !== 1) return { problems };
  const flat = flattenPath(maze, path, problems);
  if (path[start[0]]?.[start[1]] !== 'S') problems.push({ kind: 'missesStart' });
  if (path[goal[0]]?.[goal[1]] !== 'G') problems.push({ kind: 'missesGoal' });
  if (flat.marked.length === 0) {
    // S next to G: the shortest path is the one move between them, with no cell to mark.
    if (Math.abs(start[0] - goal[0]) + Math.abs(start[1] - goal[1]) === 1) return { problems, length: 1 };
    problems.push({ kind: 'notConnected' });
    return { problems };
  }
  let chainBroken = false;
  const next = new Int32Array(4);
  for (const i of flat.marked) {
    const k = chainNeighbours(flat, i, next);
    if (k === 2) continue;
    problems.push({ kind: k < 2 ? 'broken' : 'branch', cell: [Math.floor(i / flat.cols), i % flat.cols] });
    chainBroken = true;
  }
  const at = (pos: Cellpos): number => pos[0] * flat.cols + pos[1];
  if (!chainBroken && !chainConnects(flat, at(start), at(goal))) problems.push({ kind: 'notConnected' });
  const length = flat.marked.length + 1;
  if (problems.length === 0) {
    const shortest = known.shortest ?? mazeDistance(maze, start, goal);
    if (shortest >= 0 && length > shortest) problems.push({ kind: 'longer', length, shortest });
  }
  return { problems, length };
}

/** The maze grid with `o` written on the path cells between S and G. */
export function drawMazePath(maze: readonly (readonly string[])[], path: readonly Cellpos[]): string[][] {
  const out = maze.map((row) => [...row]);
  for (const [r, c] of path) {
    const row = out[r];
    const s = row?.[c];
    if (row !== undefined && s !== undefined && s !== 'S' && s !== 'G') row[c] = 'o'; // cells off the grid are skipped
  }
  return out;
}
