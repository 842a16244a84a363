// What is under a position: puzzle, pair, section, cell. Plain data over the AST.

import type { ArcPair, Cell, Position, Puzzle, Range, Section } from '../dsl/ast';

export function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Inclusive at both ends, so a cursor right after a token still counts as on it. */
export function rangeContains(r: Range, p: Position): boolean {
  return comparePos(r.start, p) <= 0 && comparePos(p, r.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePos(a.start, b.end) <= 0 && comparePos(b.start, a.end) <= 0;
}

export interface Located {
  puzzle?: Puzzle;
  pair?: ArcPair;
  pairIndex?: number;
  section?: Section;
  /** The grid row and column of the cell under the position (0-based). */
  row?: number;
  col?: number;
  cell?: Cell;
  /** The position is on the puzzle's header line. */
  onHeader?: boolean;
}

/** The sections of a puzzle, with the pair they belong to (ARC). */
export function sectionsOf(p: Puzzle): { section: Section; pair?: ArcPair; pairIndex?: number }[] {
  if (p.kind === 'sudoku') return [p.givens, p.solution].filter((s): s is Section => !!s).map((section) => ({ section }));
  if (p.kind === 'maze') return [p.grid, p.path].filter((s): s is Section => !!s).map((section) => ({ section }));
  const out: { section: Section; pair?: ArcPair; pairIndex?: number }[] = [];
  p.pairs.forEach((pair, pairIndex) => {
    if (pair.input) out.push({ section: pair.input, pair, pairIndex });
    if (pair.output) out.push({ section: pair.output, pair, pairIndex });
  });
  return out;
}

/** The puzzle whose lines hold `line` (from its header to the line before the next header). */
export function puzzleAtLine(puzzles: readonly Puzzle[], line: number): Puzzle | undefined {
  let lo = 0;
  let hi = puzzles.length - 1;
  let found: Puzzle | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = puzzles[mid]!; // 0 <= lo <= mid <= hi < puzzles.length
    if (candidate.headerRange.start.line <= line) {
      found = candidate;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function locate(puzzles: readonly Puzzle[], pos: Position): Located {
  const puzzle = puzzleAtLine(puzzles, pos.line);
  if (!puzzle) return {};
  const out: Located = { puzzle };
  if (pos.line === puzzle.headerRange.start.line) out.onHeader = true;
  if (puzzle.kind === 'arc') {
    puzzle.pairs.forEach((pair, i) => {
      if (pair.range.start.line <= pos.line && pos.line <= pair.range.end.line) {
        out.pair = pair;
        out.pairIndex = i;
      }
    });
  }
  for (const { section, pair, pairIndex } of sectionsOf(puzzle)) {
    if (section.range.start.line <= pos.line && pos.line <= section.range.end.line) {
      out.section = section;
      if (pair) {
        out.pair = pair;
        if (pairIndex !== undefined) out.pairIndex = pairIndex;
      }
      const rows = section.grid.rows;
      for (const [r, row] of rows.entries()) {
        if (row.range.start.line !== pos.line) continue;
        out.row = r;
        const c = row.cells.findIndex((cell) => rangeContains(cell.range, pos));
        const cell = row.cells[c];
        if (cell) {
          out.col = c;
          out.cell = cell;
        }
        break;
      }
    }
  }
  return out;
}
