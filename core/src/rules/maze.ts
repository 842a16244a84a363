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
  grid.forEach((row, r) =>
    row.forEach((s, c) => {
      if (s === 'S') starts.push([r, c]);
      else if (s === 'G') goals.push([r, c]);
    }),
  );
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
  const rows = grid.length;
  let cols = 0;
  for (const row of grid) if (row.length > cols) cols = row.length;
  const dist = new Int32Array(rows * cols).fill(-1);
  const open = new Uint8Array(rows * cols);
  grid.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) if (row[c] !== '#') open[r * cols + c] = 1;
  });
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
  return grid.map((row, r) => Array.from(dist.subarray(r * cols, r * cols + row.length)));
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

export type PathProblem =
  | { kind: 'wall'; cell: Cellpos }
  | { kind: 'broken'; cell: Cellpos }
  | { kind: 'branch'; cell: Cellpos }
  | { kind: 'missesStart' }
  | { kind: 'missesGoal' }
  | { kind: 'notConnected' }
  | { kind: 'longer'; length: number; shortest: number }
  | { kind: 'shape'; message: string };

/**
 * Checks a path grid (the maze with `o` on the path cells) against the maze:
 * same shape; `o` never on a wall; the marked cells plus S and G form one simple chain from S to G
 * (every `o` has exactly two chain neighbours, S and G one each); and the length against the shortest.
 * Returns the problems found (empty when the path is a valid shortest path) and the path length in moves.
 */
export function validateMazePath(
  maze: readonly (readonly string[])[],
  path: readonly (readonly string[])[],
): { problems: PathProblem[]; length?: number } {
  const problems: PathProblem[] = [];
  if (path.length !== maze.length || path.some((row, r) => row.length !== maze[r]?.length)) {
    problems.push({ kind: 'shape', message: "the path grid does not have the maze grid's shape" });
    return { problems };
  }
  const { starts, goals } = mazeEnds(maze);
  const [start] = starts;
  const [goal] = goals;
  if (start === undefined || goal === undefined || starts.length !== 1 || goals.length !== 1) return { problems };
  const onPath = (r: number, c: number): boolean => {
    const s = path[r]?.[c];
    return s === 'o' || s === 'S' || s === 'G';
  };
  const cells: Cellpos[] = [];
  path.forEach((row, r) =>
    row.forEach((s, c) => {
      if (s !== 'o') return;
      cells.push([r, c]);
      if (maze[r]?.[c] === '#') problems.push({ kind: 'wall', cell: [r, c] });
    }),
  );
  if (path[start[0]]?.[start[1]] !== 'S') problems.push({ kind: 'missesStart' });
  if (path[goal[0]]?.[goal[1]] !== 'G') problems.push({ kind: 'missesGoal' });
  if (cells.length === 0) {
    problems.push({ kind: 'notConnected' });
    return { problems };
  }
  const degree = (r: number, c: number): number => STEPS.reduce((n, [dr, dc]) => n + (onPath(r + dr, c + dc) ? 1 : 0), 0);
  for (const [r, c] of cells) {
    const k = degree(r, c);
    if (k < 2) problems.push({ kind: 'broken', cell: [r, c] });
    else if (k > 2) problems.push({ kind: 'branch', cell: [r, c] });
  }
  // Walk from S along path cells; the walk must reach G and visit every marked cell.
  const cols = path.reduce((m, row) => Math.max(m, row.length), 0);
  const seen = new Uint8Array(path.length * cols);
  seen[start[0] * cols + start[1]] = 1;
  const queue: Cellpos[] = [start];
  for (const [r, c] of queue) {
    // the array iterator also visits the cells pushed while walking
    for (const [dr, dc] of STEPS) {
      const nr = r + dr;
      const nc = c + dc;
      if (nc < 0 || nc >= cols || !onPath(nr, nc)) continue;
      const k = nr * cols + nc;
      const s = path[nr]?.[nc];
      if (!seen[k] && s !== 'S') {
        seen[k] = 1;
        if (s === 'o') queue.push([nr, nc]);
      }
    }
  }
  const reachesGoal = seen[goal[0] * cols + goal[1]] === 1;
  const allVisited = cells.every(([r, c]) => seen[r * cols + c] === 1);
  if (!reachesGoal || !allVisited) {
    if (!problems.some((p) => p.kind === 'broken' || p.kind === 'branch')) problems.push({ kind: 'notConnected' });
  }
  const length = cells.length + 1;
  if (problems.length === 0) {
    const dist = mazeDistances(maze, start);
    const shortest = dist[goal[0]]?.[goal[1]] ?? -1;
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
