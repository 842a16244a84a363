// Which boards the panel draws for what it shows, and how large: the ARC train pairs and test grids, or the
// Sudoku / maze grid with the run's prediction. Returns the figures to lay out and the drawings to put in them.

import { compareWithExpected } from '../../core/src/assist/outcome';
import type { Trace } from '../../core/src/trm/trace';
import type { BoardDrawing, FigureSpec } from './figures';
import type { Grid, PairView } from './messages';
import { fitCell, type Theme } from './render';
import { describeFrame, type Frame, knownSolution, type ViewState } from './viewModel';

export interface BoardPlan {
  specs: FigureSpec[];
  drawings: { id: string; drawing: BoardDrawing }[];
}

interface PlanInput {
  state: ViewState;
  frame: Frame | undefined;
  /** Width the boards may take (CSS pixels). */
  available: number;
  theme: Theme;
}

export function sizeText(g: Grid | undefined): string {
  if (!g || g.length === 0) return 'empty';
  return `${g.length} by ${Math.max(...g.map((r) => r.length))}`;
}

function gridMax(g: Grid | undefined): number {
  if (!g || g.length === 0) return 1;
  return Math.max(g.length, ...g.map((r) => r.length));
}

function predictionLabel(f: Frame, t: Trace): string {
  return `Prediction at step ${f.step}. ${describeFrame(f, t)}`;
}

export function planBoards(input: PlanInput): BoardPlan {
  const plan: BoardPlan = { specs: [], drawings: [] };
  const kind = input.state.puzzle?.kind ?? input.state.trace?.kind;
  if (kind === 'arc') {
    planTrainPairs(plan, input);
    if (input.state.trace) planArcRun(plan, input, input.state.trace);
    else planArcTests(plan, input);
  } else if (kind === 'sudoku' || kind === 'maze') {
    if (input.state.trace) planGridRun(plan, input, kind, input.state.trace);
    else planGridPuzzle(plan, input, kind);
  }
  return plan;
}

function pairsOf(input: PlanInput, role: PairView['role']): PairView[] {
  return (input.state.puzzle?.pairs ?? []).filter((p) => p.role === role);
}

function planTrainPairs(plan: BoardPlan, input: PlanInput): void {
  const { available, theme } = input;
  const train = pairsOf(input, 'train');
  const trainMax = Math.max(1, ...train.flatMap((p) => [gridMax(p.input), gridMax(p.output)]));
  const cell = fitCell(trainMax, trainMax, Math.min(150, available / 2 - 40), 3, 16);
  train.forEach((p, i) => {
    plan.specs.push({ id: `train-${i}-in`, caption: `Pair ${i + 1}`, group: 'train' });
    plan.specs.push({ id: `train-${i}-out`, caption: '', group: 'train', pairWith: `train-${i}-in` });
    plan.drawings.push(
      {
        id: `train-${i}-in`,
        drawing: { kind: 'arc', grid: p.input ?? [], cell, theme, label: `Train pair ${i + 1} input, ${sizeText(p.input)}` },
      },
      {
        id: `train-${i}-out`,
        drawing: { kind: 'arc', grid: p.output ?? [], cell, theme, label: `Train pair ${i + 1} output, ${sizeText(p.output)}` },
      },
    );
  });
}

/** Whether two grids hold the same symbols in the same shape (the comparison the verdicts use). */
function sameGrid(a: readonly (readonly string[])[], b: readonly (readonly string[])[] | undefined): boolean {
  return b !== undefined && compareWithExpected(a, b).same;
}

function planArcRun(plan: BoardPlan, { frame, available, theme }: PlanInput, t: Trace): void {
  const expected = knownSolution(t.expected);
  // The steps streamed are those of the unaugmented version; the answer is the vote of all versions, drawn
  // beside them when it is another grid, so the panel never presents one version's grid as the outcome.
  const o = t.outcome;
  const top = o?.attempts?.[0];
  const voted = top && !sameGrid(top.grid, t.steps[t.steps.length - 1]?.grid) ? top : undefined;
  const boards = 2 + (expected ? 1 : 0) + (voted ? 1 : 0);
  const m = Math.max(gridMax(t.given), gridMax(expected), gridMax(voted?.grid), frame ? frame.rows : 0, frame?.cols ?? 0);
  const cell = fitCell(m, m, Math.min(300, (available - 60) / boards), 3, 30);
  plan.specs.push({ id: 'test-in', caption: 'Test input', group: 'boards' });
  plan.specs.push({
    id: 'prediction',
    caption: frame ? `${voted ? 'Unaugmented version · ' : 'Prediction · '}step ${frame.step} of ${frame.total}` : 'Prediction',
    group: 'boards',
    interactive: true,
  });
  const total = o?.attempts?.reduce((a, b) => a + b.votes, 0) ?? 0;
  if (voted) plan.specs.push({ id: 'voted', caption: `Voted answer · ${voted.votes} of ${total} versions`, group: 'boards' });
  if (expected) plan.specs.push({ id: 'expected', caption: 'Expected output', group: 'boards' });
  plan.drawings.push({ id: 'test-in', drawing: { kind: 'arc', grid: t.given, cell, theme, label: `Test input, ${sizeText(t.given)}` } });
  plan.drawings.push({
    id: 'prediction',
    drawing: frame
      ? { kind: 'arc', frame, cell, theme, label: predictionLabel(frame, t) }
      : { kind: 'arc', grid: [], cell, theme, label: 'No prediction yet' },
  });
  if (voted)
    plan.drawings.push({
      id: 'voted',
      drawing: {
        kind: 'arc',
        grid: voted.grid,
        cell,
        theme,
        label: `Answer the augmented versions voted for (${voted.votes} of ${total}), ${sizeText(voted.grid)}`,
      },
    });
  if (expected)
    plan.drawings.push({
      id: 'expected',
      drawing: { kind: 'arc', grid: expected, cell, theme, label: `Expected output, ${sizeText(expected)}` },
    });
}

function planArcTests(plan: BoardPlan, input: PlanInput): void {
  const { available, theme } = input;
  const tests = pairsOf(input, 'test');
  const m = Math.max(1, ...tests.flatMap((p) => [gridMax(p.input), gridMax(p.output)]));
  const cell = fitCell(m, m, Math.min(260, (available - 60) / 2), 3, 30);
  tests.forEach((p, j) => {
    plan.specs.push({ id: `test-${j}-in`, caption: `Test ${j + 1} input`, group: 'boards' });
    const out = knownSolution(p.output);
    if (out) plan.specs.push({ id: `test-${j}-out`, caption: `Test ${j + 1} output`, group: 'boards' });
    plan.drawings.push({
      id: `test-${j}-in`,
      drawing: { kind: 'arc', grid: p.input ?? [], cell, theme, label: `Test ${j + 1} input, ${sizeText(p.input)}` },
    });
    if (out)
      plan.drawings.push({
        id: `test-${j}-out`,
        drawing: { kind: 'arc', grid: out, cell, theme, label: `Test ${j + 1} output, ${sizeText(out)}` },
      });
  });
}

/**
 * The run's answer when it is not view 1's last grid, with its caption and label: another view's answer the rules
 * accepted, or (no view accepted) the answer most views gave. undefined when view 1's last grid is the answer.
 */
function answerBeside(t: Trace): { caption: string; label: string } | undefined {
  const o = t.outcome;
  const search = o?.search;
  if (!o || !search) return undefined;
  const w = search.winner;
  if (w)
    return w.view === 1
      ? undefined
      : {
          caption: `Accepted answer · view ${w.view} (${w.transform}), its step ${w.step}`,
          label: `Answer the rules accepted, from view ${w.view} (${w.transform}), mapped back to the puzzle as written`,
        };
  if (o.answer.length === 0 || sameGrid(o.answer, t.steps[t.steps.length - 1]?.grid)) return undefined;
  return {
    caption: `Voted answer · ${search.votes ?? 0} of ${search.lanes} views, none accepted by the rules`,
    label: `Answer most views gave (${search.votes ?? 0} of ${search.lanes}), mapped back to the puzzle as written; the rules reject it`,
  };
}

function planGridRun(plan: BoardPlan, { frame, available, theme }: PlanInput, kind: 'sudoku' | 'maze', t: Trace): void {
  const noun = kind === 'sudoku' ? 'Givens' : 'Maze';
  // The steps streamed are those of view 1 (the puzzle as given); when a search took another view's answer (or
  // the views' vote), that answer is drawn beside them, so the panel never presents view 1's last grid as the outcome.
  const o = t.outcome;
  const beside = answerBeside(t);
  const m = Math.max(gridMax(t.given), frame?.rows ?? 0, frame?.cols ?? 0);
  const cell = fitCell(m, m, Math.min(480, (available - 30) / (beside ? 2 : 1)), 4, 44);
  const stepCaption = frame ? `${beside ? 'View 1 (as given) · ' : 'Prediction · '}step ${frame.step} of ${frame.total}` : noun;
  plan.specs.push({ id: 'prediction', caption: stepCaption, group: 'boards', interactive: true });
  if (beside) plan.specs.push({ id: 'accepted', caption: beside.caption, group: 'boards' });
  plan.drawings.push({
    id: 'prediction',
    drawing: frame
      ? { kind, frame, cell, theme, label: predictionLabel(frame, t) }
      : { kind, grid: t.given, cell, theme, label: `${noun}, ${sizeText(t.given)}` },
  });
  if (beside && o) {
    plan.drawings.push({ id: 'accepted', drawing: { kind, grid: o.answer, givens: t.given, cell, theme, label: beside.label } });
  }
}

function planGridPuzzle(plan: BoardPlan, { state, available, theme }: PlanInput, kind: 'sudoku' | 'maze'): void {
  const puzzle = state.puzzle;
  if (!puzzle) return;
  const noun = kind === 'sudoku' ? 'Givens' : 'Maze';
  const grid = puzzle.grid ?? [];
  const solution = knownSolution(puzzle.solution);
  const m = Math.max(gridMax(grid), gridMax(solution));
  const cell = fitCell(m, m, Math.min(420, (available - 30) / (solution ? 2 : 1)), 4, 40);
  const solutionNoun = kind === 'sudoku' ? 'Solution' : 'Path';
  plan.specs.push({ id: 'grid', caption: noun, group: 'boards' });
  if (solution) plan.specs.push({ id: 'solution', caption: solutionNoun, group: 'boards' });
  plan.drawings.push({ id: 'grid', drawing: { kind, grid, cell, theme, label: `${noun}, ${sizeText(grid)}` } });
  if (solution)
    plan.drawings.push({
      id: 'solution',
      drawing: { kind, grid: solution, givens: grid, cell, theme, label: `${solutionNoun}, ${sizeText(solution)}` },
    });
}
