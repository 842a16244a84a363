// Whether a puzzle is worth giving to the model at all. A Sudoku whose givens already repeat a digit, or a maze
// with no single start and goal or no way between them, has no answer the rules could accept: a run would
// only end in "not verified" and read as the model's failure. Such a puzzle is not run; the lens says why and
// the rule diagnostics point at the cells. Checks here are cheap (no search), so every lens can ask.

import type { Puzzle } from '../dsl/ast';
import { sudokuValueToSymbol } from '../dsl/symbols';
import { mazeFacts, sudokuFacts } from '../rules/facts';
import { mazeDistance } from '../rules/maze';
import { sudokuConflicts } from '../rules/sudoku';

/** Why the model is not run on this puzzle as written, or undefined when it can be. */
export function whyNotRunnable(p: Puzzle): string | undefined {
  if (p.kind === 'sudoku') {
    const facts = sudokuFacts(p);
    if (!facts?.givens) return undefined;
    const clash = sudokuConflicts(facts.givens, facts.size)[0];
    if (!clash) return undefined;
    const times = clash.cells.length === 2 ? 'twice' : `${clash.cells.length} times`;
    return `not run: the givens break the rules (${sudokuValueToSymbol(clash.digit)} ${times} in ${clash.unit} ${clash.index + 1}); fix them first`;
  }
  if (p.kind === 'maze') {
    const facts = mazeFacts(p);
    if (!facts) return undefined;
    const { starts, goals } = facts.ends;
    const [start] = starts;
    const [goal] = goals;
    if (start === undefined || goal === undefined || starts.length !== 1 || goals.length !== 1) {
      const count = (n: number, what: string) => (n === 0 ? `no ${what}` : `${n} ${what}`);
      return `not run: a maze needs one start and one goal (it has ${count(starts.length, 'S')} and ${count(goals.length, 'G')})`;
    }
    if (mazeDistance(facts.grid, start, goal) < 0) return 'not run: the goal cannot be reached from the start';
  }
  return undefined;
}
