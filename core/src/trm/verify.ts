// Whether an answer satisfies the puzzle's rules, decided by the core rules (core/src/rules), not the model.

import { sudokuSymbolToValue } from '../dsl/symbols';
import { checkArcGrid } from '../rules/arc';
import { pathCopyDifferences, validateMazePath, type PathProblem } from '../rules/maze';
import { boxShape, sudokuConflicts } from '../rules/sudoku';
import type { PuzzleGrids } from './encode';

export interface Verdict {
  satisfiesRules: boolean;
  violations: string[];
  /** Whether the answer equals the known answer in the file (undefined when the file has none). */
  matchesExpected?: boolean;
}

function where(r: number, c: number): string {
  return `row ${r + 1}, column ${c + 1}`;
}

function sudokuViolations(given: string[][], answer: string[][]): string[] {
  const n = given.length;
  const out: string[] = [];
  if (answer.length !== n || answer.some((r) => r.length !== n)) return [`the answer is not ${n}x${n}`];
  if (!boxShape(n)) return [`no Sudoku box shape for size ${n}`];
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = sudokuSymbolToValue(answer[r]![c]!);
      if (v === undefined || v === 0 || v > n) {
        out.push(`${where(r, c)} has no digit (${JSON.stringify(answer[r]![c])})`);
        values.push(0);
        continue;
      }
      const g = given[r]![c]!;
      if (g !== '.' && g !== answer[r]![c]) out.push(`${where(r, c)} changes the given ${g} to ${answer[r]![c]}`);
      values.push(v);
    }
  }
  for (const k of sudokuConflicts(values, n)) {
    out.push(`${k.unit} ${k.index + 1} repeats ${answer[Math.floor(k.cells[0]! / n)]![k.cells[0]! % n]} (${k.cells.length} times)`);
  }
  return out;
}

function mazeProblem(p: PathProblem): string {
  switch (p.kind) {
    case 'wall':
      return `the path crosses a wall at ${where(p.cell[0], p.cell[1])}`;
    case 'broken':
      return `the path breaks off at ${where(p.cell[0], p.cell[1])}`;
    case 'branch':
      return `the path branches at ${where(p.cell[0], p.cell[1])}`;
    case 'missesStart':
      return 'the path does not start at S';
    case 'missesGoal':
      return 'the path does not reach G';
    case 'notConnected':
      return 'the path does not connect S to G';
    case 'longer':
      return `the path has ${p.length} moves, the shortest has ${p.shortest}`;
    case 'shape':
      return p.message;
  }
}

function mazeViolations(given: string[][], answer: string[][]): string[] {
  const out: string[] = [];
  if (answer.length === given.length && answer.every((r, i) => r.length === given[i]!.length)) {
    for (const d of pathCopyDifferences(given, answer))
      out.push(`${where(d.cell[0], d.cell[1])} changes the maze's ${JSON.stringify(d.maze)} to ${JSON.stringify(d.written)}`);
  }
  return out.concat(validateMazePath(given, answer).problems.map(mazeProblem));
}

function arcViolations(answer: string[][]): string[] {
  return checkArcGrid(answer).map((p) => {
    switch (p.kind) {
      case 'empty':
        return 'the answer is empty (the model predicted no grid before EOS)';
      case 'tooLarge':
        return `the answer is ${p.rows}x${p.cols}, over 30x30`;
      case 'ragged':
        return `row ${p.row + 1} has ${p.length} cells, expected ${p.expected}`;
      case 'colour':
        return `${where(p.row, p.col)} holds ${JSON.stringify(p.symbol)}, not a colour`;
    }
  });
}

function same(a: string[][], b: string[][]): boolean {
  return a.length === b.length && a.every((r, i) => r.length === b[i]!.length && r.every((s, j) => s === b[i]![j]));
}

/** Checks an answer grid of DSL symbols against the rules of the puzzle's kind. */
export function verifyAnswer(g: PuzzleGrids, answer: string[][]): Verdict {
  const violations =
    g.kind === 'sudoku' ? sudokuViolations(g.given, answer) : g.kind === 'maze' ? mazeViolations(g.given, answer) : arcViolations(answer);
  const v: Verdict = { satisfiesRules: violations.length === 0, violations };
  if (g.expected) v.matchesExpected = same(answer, g.expected);
  return v;
}
