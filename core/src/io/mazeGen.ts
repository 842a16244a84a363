// A seeded generator of Maze-Hard style mazes (square, `# SGo` strings, see maze.ts): a perfect maze carved by a
// randomized depth-first search, so the shortest path is unique; S at a random open cell, G at the open cell
// farthest from S; the answer marks the path between them with `o`.

import { mulberry32 } from '../random';

export interface GeneratedMaze {
  question: string;
  answer: string;
  pathLength: number;
}

/** A size x size maze (size 3..30). `pathLength` counts the path cells including S and G. */
export function generateMaze(size: number, seed: number): GeneratedMaze {
  if (!Number.isInteger(size) || size < 3 || size > 30) throw new RangeError(`maze size ${size} is outside 3..30`);
  const rand = mulberry32(seed);
  const g = carvePerfectMaze(size, rand);
  const open: [number, number][] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (g[r * size + c] === ' ') open.push([r, c]);
  const start = open[Math.floor(rand() * open.length)]!; // (1, 1) at least is open
  const { far: goal, parent } = farthestOpenCell(g, size, start);
  const startKey = start[0] * size + start[1];
  const goalKey = goal[0] * size + goal[1];
  g[startKey] = 'S';
  g[goalKey] = 'G';
  const a = [...g];
  let k = parent.get(goalKey);
  let length = 2;
  while (k !== undefined && k !== startKey) {
    a[k] = 'o';
    length++;
    k = parent.get(k);
  }
  return { question: g.join(''), answer: a.join(''), pathLength: length };
}

/**
 * The grid, row-major (cell (r, c) at r * size + c): walls everywhere but the passages a randomized
 * depth-first search carves on odd coordinates strictly inside the border, which make a perfect maze.
 */
function carvePerfectMaze(size: number, rand: () => number): string[] {
  const key = (r: number, c: number) => r * size + c;
  const g: string[] = Array.from({ length: size * size }, () => '#');
  const cells = Math.floor((size - 1) / 2);
  const stack: [number, number][] = [[1, 1]];
  g[key(1, 1)] = ' ';
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const [r, c] = top;
    const next: [number, number][] = [];
    for (const [dr, dc] of [
      [-2, 0],
      [2, 0],
      [0, -2],
      [0, 2],
    ] as const) {
      const nr = r + dr,
        nc = c + dc;
      if (nr >= 1 && nc >= 1 && nr <= cells * 2 - 1 && nc <= cells * 2 - 1 && g[key(nr, nc)] === '#') next.push([nr, nc]);
    }
    if (next.length === 0) {
      stack.pop();
      continue;
    }
    const [nr, nc] = next[Math.floor(rand() * next.length)]!; // rand() is in [0, 1) and next is not empty
    g[key((r + nr) / 2, (c + nc) / 2)] = ' ';
    g[key(nr, nc)] = ' ';
    stack.push([nr, nc]);
  }
  return g;
}

/** BFS from S over the open cells: the last cell reached is the farthest (G); parents give the (unique) path. */
function farthestOpenCell(
  g: readonly string[],
  size: number,
  start: [number, number],
): { far: [number, number]; parent: Map<number, number> } {
  const key = (r: number, c: number) => r * size + c;
  const dist = new Map<number, number>();
  const parent = new Map<number, number>();
  let queue = [start];
  dist.set(key(...start), 0);
  let far = start;
  while (queue.length) {
    const nq: [number, number][] = [];
    for (const [r, c] of queue) {
      for (const [dr, dc] of [
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ] as const) {
        const nr = r + dr,
          nc = c + dc;
        if (nr < 0 || nc < 0 || nr >= size || nc >= size || g[key(nr, nc)] !== ' ' || dist.has(key(nr, nc))) continue;
        dist.set(key(nr, nc), dist.get(key(r, c))! + 1);
        parent.set(key(nr, nc), key(r, c));
        nq.push([nr, nc]);
        far = [nr, nc];
      }
    }
    queue = nq;
  }
  return { far, parent };
}
