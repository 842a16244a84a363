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
  const g: string[][] = Array.from({ length: size }, () => Array.from({ length: size }, () => '#'));
  // carve on odd coordinates strictly inside the border
  const cells = Math.floor((size - 1) / 2);
  const stack: [number, number][] = [[1, 1]];
  g[1][1] = ' ';
  while (stack.length) {
    const [r, c] = stack[stack.length - 1];
    const next: [number, number][] = [];
    for (const [dr, dc] of [
      [-2, 0],
      [2, 0],
      [0, -2],
      [0, 2],
    ]) {
      const nr = r + dr,
        nc = c + dc;
      if (nr >= 1 && nc >= 1 && nr <= cells * 2 - 1 && nc <= cells * 2 - 1 && g[nr][nc] === '#') next.push([nr, nc]);
    }
    if (next.length === 0) {
      stack.pop();
      continue;
    }
    const [nr, nc] = next[Math.floor(rand() * next.length)];
    g[(r + nr) / 2][(c + nc) / 2] = ' ';
    g[nr][nc] = ' ';
    stack.push([nr, nc]);
  }
  const open: [number, number][] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (g[r][c] === ' ') open.push([r, c]);
  const start = open[Math.floor(rand() * open.length)];
  // BFS from S: farthest open cell is G; parents give the (unique) path
  const dist = new Map<number, number>();
  const parent = new Map<number, number>();
  const key = (r: number, c: number) => r * size + c;
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
      ]) {
        const nr = r + dr,
          nc = c + dc;
        if (nr < 0 || nc < 0 || nr >= size || nc >= size || g[nr][nc] !== ' ' || dist.has(key(nr, nc))) continue;
        dist.set(key(nr, nc), dist.get(key(r, c))! + 1);
        parent.set(key(nr, nc), key(r, c));
        nq.push([nr, nc]);
        far = [nr, nc];
      }
    }
    queue = nq;
  }
  const goal = far;
  g[start[0]][start[1]] = 'S';
  g[goal[0]][goal[1]] = 'G';
  const a = g.map((row) => [...row]);
  let k = parent.get(key(...goal));
  let length = 2;
  while (k !== undefined && k !== key(...start)) {
    a[Math.floor(k / size)][k % size] = 'o';
    length++;
    k = parent.get(k);
  }
  return { question: g.map((r) => r.join('')).join(''), answer: a.map((r) => r.join('')).join(''), pathLength: length };
}
