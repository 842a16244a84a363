// The one rule for "the puzzle at this position" (trace panel, status bar, commands from the palette) and the
// drawable view of a puzzle. The server answers it for the client (gridReasoner/puzzleAt).

import type { Position, Puzzle, Section } from '../dsl/ast';
import { gridToMatrix } from '../dsl/symbols';
import { comparePos } from '../language/locate';
import type { Grid, PuzzleView } from '../protocol/puzzleView';

const before = (a: Position, b: Position): boolean => comparePos(a, b) < 0;

export interface PuzzleAt {
  puzzle: Puzzle;
  /** Its index among the document's puzzles. */
  index: number;
  /** ARC: the test pair under the position (0-based among test pairs), else the first; 0 for the other kinds. */
  testIndex: number;
}

/**
 * The puzzle that contains the position; between puzzles, the nearest one above (the one just read); above the
 * first puzzle, the first. Undefined only for a document without puzzles.
 */
export function puzzleAt(puzzles: readonly Puzzle[], pos: Position): PuzzleAt | undefined {
  let found: number | undefined;
  for (let i = 0; i < puzzles.length; i++) {
    const p = puzzles[i]!;
    if (before(pos, p.range.start)) break;
    found = i;
    if (before(pos, p.range.end) || pos.line === p.range.end.line) break;
  }
  const index = found ?? (puzzles.length > 0 ? 0 : undefined);
  if (index === undefined) return undefined;
  const puzzle = puzzles[index]!;
  let testIndex = 0;
  if (puzzle.kind === 'arc') {
    let t = 0;
    for (const pair of puzzle.pairs) {
      if (pair.role !== 'test') continue;
      if (!before(pos, pair.range.start) && pos.line <= pair.range.end.line) {
        testIndex = t;
        break;
      }
      t++;
    }
  }
  return { puzzle, index, testIndex };
}

function sectionGrid(section: Section | undefined): Grid | undefined {
  return section && gridToMatrix(section.grid);
}

/** The drawable view of a parsed puzzle. */
export function puzzleView(puzzle: Puzzle, source?: PuzzleView['source']): PuzzleView {
  const view: PuzzleView = { name: puzzle.name, kind: puzzle.kind };
  if (source) view.source = source;
  const set = (grid: Grid | undefined, solution: Grid | undefined) => {
    if (grid) view.grid = grid;
    if (solution) view.solution = solution;
  };
  switch (puzzle.kind) {
    case 'arc':
      view.pairs = puzzle.pairs.map((p) => {
        const pair: { role: 'train' | 'test'; input?: Grid; output?: Grid } = { role: p.role };
        const input = sectionGrid(p.input);
        const output = sectionGrid(p.output);
        if (input) pair.input = input;
        if (output) pair.output = output;
        return pair;
      });
      break;
    case 'sudoku':
      set(sectionGrid(puzzle.givens), sectionGrid(puzzle.solution));
      break;
    case 'maze':
      set(sectionGrid(puzzle.grid), sectionGrid(puzzle.path));
      break;
  }
  return view;
}
