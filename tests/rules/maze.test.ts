import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countShortestPaths, drawMazePath, mazeDistances, mazeEnds, mazeShortestPath, validateMazePath } from '../../core/src/rules/maze';
import { defined } from '../defined';

const g = (rows: string[]): string[][] => rows.map((r) => r.split(''));

const MAZE = g(['S..#', '##.#', 'G...']);

describe('maze rules', () => {
  it('BFS distances and reachability', () => {
    const d = mazeDistances(MAZE, [0, 0]);
    assert.deepEqual(d, [
      [0, 1, 2, -1],
      [-1, -1, 3, -1],
      [6, 5, 4, 5],
    ]);
    const blocked = g(['S.#', '###', '..G']);
    assert.equal(mazeDistances(blocked, [0, 0])[2]?.[2], -1);
    assert.equal(mazeShortestPath(blocked, [0, 0], [2, 2]), undefined);
  });

  it('shortest path, drawn', () => {
    const { starts, goals } = mazeEnds(MAZE);
    const p = mazeShortestPath(MAZE, defined(starts[0], 'S'), defined(goals[0], 'G'))!;
    assert.equal(p.length - 1, 6);
    assert.deepEqual(
      drawMazePath(MAZE, p).map((r) => r.join('')),
      ['Soo#', '##o#', 'Goo.'],
    );
  });

  it('counts shortest paths', () => {
    assert.equal(countShortestPaths(MAZE, [0, 0], [2, 0]), 1);
    const open = g(['S..', '...', '..G']);
    assert.equal(countShortestPaths(open, [0, 0], [2, 2], 100), 6);
    assert.equal(countShortestPaths(open, [0, 0], [2, 2], 2), 2);
  });

  it('a valid shortest path has no problems', () => {
    assert.deepEqual(validateMazePath(MAZE, g(['Soo#', '##o#', 'Goo.'])).problems, []);
    // S next to G: the one move between them marks no cell, and is the shortest path (a held-out 15x15 maze).
    assert.deepEqual(validateMazePath(g(['#S#', '#G.']), g(['#S#', '#G.'])), { problems: [], length: 1 });
    assert.deepEqual(validateMazePath(g(['S.G']), g(['S.G'])).problems, [{ kind: 'notConnected' }]);
  });

  it('finds walls, breaks, branches, missing ends and detours', () => {
    const kinds = (path: string[], maze = MAZE): string[] =>
      validateMazePath(maze, g(path))
        .problems.map((p) => p.kind)
        .sort();
    assert.deepEqual(kinds(['S..#', 'o#.#', 'G...']), ['wall']);
    assert.deepEqual(kinds(['Soo#', '##.#', 'Goo.']), ['broken', 'broken']);
    assert.deepEqual(kinds(['.oo#', '##o#', 'Goo.']), ['broken', 'missesStart']);
    assert.deepEqual(kinds(['S..#', '##.#', 'G...']), ['notConnected']);
    const open = g(['S...', '....', '...G']);
    assert.ok(kinds(['Soo.', '.ooo', '..oG'], open).includes('branch'));
    const detour = validateMazePath(open, g(['Soo.', '..o.', '..oG']));
    assert.deepEqual(detour.problems, []);
    const long = validateMazePath(g(['S....', '####.', 'G....', '.###.', '.....']), g(['Soooo', '####o', 'G...o', 'o###o', 'ooooo']));
    assert.deepEqual(long.problems, [{ kind: 'longer', length: 14, shortest: 10 }]);
  });

  it('shape mismatch', () => {
    assert.equal(validateMazePath(MAZE, g(['So', 'oG'])).problems[0]?.kind, 'shape');
  });
});
