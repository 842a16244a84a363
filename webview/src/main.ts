// The trace webview: draws the puzzle at the cursor and plays the model's per-step reasoning trace.
// State lives in one ViewState (viewModel.ts), saved with setState after every change so that a hidden or
// reloaded panel comes back where it was (the panel does not use retainContextWhenHidden).

import { outcomeWording } from '../../core/src/assist/outcome';
import type { Trace } from '../../core/src/trm/trace';
import { comparisonFor } from './exactAnswer';
import { type ExportKind, type FromWebview, type Grid, isToWebview } from './messages';
import { ARC_COLOUR_NAMES } from '../../core/src/palette';
import {
  ARC_PALETTE,
  boardSize,
  curveGeometry,
  curveStepAt,
  drawBoard,
  drawHaltCurve,
  fitCell,
  heatColour,
  prepareCanvas,
  readTheme,
  type Theme,
} from './render';
import { confidenceText, countText, legendItems } from './wording';
import {
  buildFrame,
  cellHistory,
  describeFrame,
  type Frame,
  goToStep,
  haltingPoint,
  knownSolution,
  nextPlayIndex,
  type PlayerKey,
  reduce,
  restoreState,
  savedState,
  selectCell,
  stepForKey,
  type ViewState,
} from './viewModel';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : (() => {
        // Outside VS Code (a plain page): keep the state in memory, log posts.
        let s: unknown;
        return { postMessage: (m: unknown) => console.log('webview ->', m), getState: () => s, setState: (v: unknown) => void (s = v) };
      })();

function post(msg: FromWebview): void {
  api.postMessage(msg);
}

const PLAY_INTERVAL_MS = 600;

let state: ViewState = restoreState(api.getState());
let playing = false;
let playTimer: ReturnType<typeof setInterval> | undefined;

// ---------------------------------------------------------------------------------------------------------------
// DOM

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
}

const app = document.getElementById('app') ?? document.body.appendChild(el('main', { id: 'app' }));
const titleEl = el('h1', { id: 'title' });
const metaEl = el('div', { className: 'meta', id: 'meta' });
const messageEl = el('div', { className: 'message', id: 'message' });
messageEl.setAttribute('role', 'status');
const trainHeading = el('h2', { textContent: 'Train pairs' });
const trainEl = el('div', { className: 'pairs', id: 'train' });
const boardsHeading = el('h2', { id: 'boards-heading' });
const boardsEl = el('div', { className: 'boards', id: 'boards' });

const firstBtn = el('button', { id: 'first', textContent: 'First', title: 'First step (Home)' });
const prevBtn = el('button', { id: 'prev', textContent: 'Previous', title: 'Previous step (Left)' });
const playBtn = el('button', { id: 'play', className: 'primary', textContent: 'Play', title: 'Play / pause (Space)' });
const nextBtn = el('button', { id: 'next', textContent: 'Next', title: 'Next step (Right)' });
const lastBtn = el('button', { id: 'last', textContent: 'Last', title: 'Last step (End)' });
const slider = el('input', { id: 'slider', type: 'range', min: '0', max: '0', step: '1', value: '0' });
slider.setAttribute('aria-label', 'Step');
const stepLabel = el('span', { className: 'step-label', id: 'step-label' });
const playerEl = el('div', { className: 'player', id: 'player' }, firstBtn, prevBtn, playBtn, nextBtn, lastBtn, slider, stepLabel);
playerEl.setAttribute('role', 'group');
playerEl.setAttribute('aria-label', 'Trace player');

const summaryEl = el('div', { className: 'summary', id: 'summary' });
summaryEl.setAttribute('aria-live', 'polite');
const curveHeading = el('h2', { textContent: 'Halting score' });
const curveCanvas = el('canvas', { id: 'curve', className: 'curve', tabIndex: 0 });
curveCanvas.setAttribute('role', 'img');

const heatBox = el('input', { id: 'heatmap', type: 'checkbox' });
const digitsBox = el('input', { id: 'digits', type: 'checkbox' });
const exportViewBtn = el('button', { id: 'export-view', textContent: 'Export view as PNG' });
const exportStripBtn = el('button', { id: 'export-strip', textContent: 'Export trace as PNG strip' });
const heatLabel = el('label', {}, heatBox, 'Confidence heat map');
const digitsLabel = el('label', {}, digitsBox, 'Show symbols');
const optionsEl = el('div', { className: 'options', id: 'options' }, heatLabel, digitsLabel, exportViewBtn, exportStripBtn);
const legendEl = el('div', { className: 'legend', id: 'legend' });
const historyEl = el('section', { className: 'history', id: 'history' });
historyEl.setAttribute('aria-label', 'Cell history');
const hintEl = el('div', {
  className: 'hint',
  textContent:
    'Keys: Left/Right step, Space play/pause, Home/End first/last step. Tab to the prediction grid and use the arrow keys to pick a cell and see its history; Escape clears it. Click a cell to do the same.',
});
const traceSection = el('section', { id: 'trace-section' }, playerEl, summaryEl, curveHeading, curveCanvas);

app.append(
  titleEl,
  metaEl,
  messageEl,
  trainHeading,
  trainEl,
  boardsHeading,
  boardsEl,
  traceSection,
  optionsEl,
  legendEl,
  historyEl,
  hintEl,
);

// ---------------------------------------------------------------------------------------------------------------
// Figures: the board canvases, kept across renders while the layout is the same (so focus stays put)

interface FigureSpec {
  id: string;
  caption: string;
  group: 'train' | 'boards';
  /** Train pairs: the input and output canvases share one figure. */
  pairWith?: string;
  interactive?: boolean;
}

let figureKey = '';
const canvases = new Map<string, HTMLCanvasElement>();
const captions = new Map<string, HTMLElement>();

function ensureFigures(specs: FigureSpec[]): void {
  const key = specs.map((s) => `${s.group}:${s.id}:${s.pairWith ?? ''}:${s.interactive ? 1 : 0}`).join('|');
  if (key !== figureKey) {
    figureKey = key;
    canvases.clear();
    captions.clear();
    trainEl.replaceChildren();
    boardsEl.replaceChildren();
    for (const s of specs) {
      if (s.pairWith && canvases.has(s.pairWith)) continue; // drawn with its partner
      const canvas = el('canvas', { className: 'board' });
      canvas.dataset.role = s.id;
      canvas.setAttribute('role', 'img');
      canvases.set(s.id, canvas);
      const caption = el('figcaption');
      captions.set(s.id, caption);
      let fig: HTMLElement;
      const partner = specs.find((p) => p.pairWith === s.id);
      if (partner) {
        const out = el('canvas', { className: 'board' });
        out.dataset.role = partner.id;
        out.setAttribute('role', 'img');
        canvases.set(partner.id, out);
        const row = el('figure', { className: 'pair' }, canvas, el('span', { className: 'arrow', textContent: '→' }), out);
        fig = el('figure', {}, caption, row);
      } else {
        fig = el('figure', {}, caption, canvas);
      }
      if (s.interactive) {
        canvas.tabIndex = 0;
        canvas.classList.add('interactive');
        canvas.addEventListener('click', onBoardClick);
        canvas.addEventListener('keydown', onBoardKey);
      }
      (s.group === 'train' ? trainEl : boardsEl).append(fig);
    }
  }
  for (const s of specs) {
    const cap = captions.get(s.id);
    if (cap) cap.textContent = s.caption;
  }
}

interface Geometry {
  rows: number;
  cols: number;
  cell: number;
}
const geometry = new Map<string, Geometry>();

function drawInto(
  id: string,
  opts: { kind: Trace['kind']; grid?: Grid; frame?: Frame; givens?: Grid; cell: number; theme: Theme; label: string; marks?: boolean },
): void {
  const canvas = canvases.get(id);
  if (!canvas) return;
  const rows = opts.frame ? opts.frame.rows : (opts.grid?.length ?? 0);
  const cols = opts.frame ? opts.frame.cols : rows ? Math.max(...opts.grid!.map((r) => r.length)) : 0;
  const size = boardSize(rows, cols, opts.cell);
  const ctx = prepareCanvas(canvas, size.width, size.height);
  const interactive = canvas.classList.contains('interactive');
  drawBoard(ctx, 0, 0, {
    kind: opts.kind,
    ...(opts.grid ? { grid: opts.grid } : {}),
    ...(opts.frame ? { frame: opts.frame } : {}),
    ...(opts.givens ? { givens: opts.givens } : {}),
    cell: opts.cell,
    theme: opts.theme,
    heatmap: state.heatmap && opts.frame !== undefined,
    digits: state.digits,
    selected: interactive ? state.selected : null,
    marks: opts.marks !== false,
  });
  geometry.set(id, { rows, cols, cell: opts.cell });
  canvas.dataset.rows = String(rows);
  canvas.dataset.cols = String(cols);
  canvas.dataset.cell = String(opts.cell);
  canvas.setAttribute('aria-label', opts.label);
}

// ---------------------------------------------------------------------------------------------------------------
// Render

function currentFrame(): Frame | undefined {
  const t = state.trace;
  if (!t || state.stepIndex < 0 || state.stepIndex >= t.steps.length) return undefined;
  return buildFrame(t, state.stepIndex);
}

function kindOf(): Trace['kind'] | undefined {
  return state.puzzle?.kind ?? state.trace?.kind;
}

function sizeText(g: Grid | undefined): string {
  if (!g || g.length === 0) return 'empty';
  return `${g.length} by ${Math.max(...g.map((r) => r.length))}`;
}

function gridMax(g: Grid | undefined): number {
  if (!g || g.length === 0) return 1;
  return Math.max(g.length, ...g.map((r) => r.length));
}

function statusText(t: Trace): string {
  const parts = [t.kind, `model ${t.model}`];
  if (state.runId) parts.push(`running: ${countText(t.steps.length, 'step')} so far`);
  const o = t.outcome;
  if (o) {
    const reason = {
      'max-steps': 'ran all steps',
      halted: 'halted',
      stable: 'prediction stable',
      cancelled: 'cancelled',
      verified: 'the rules accepted an answer',
      budget: 'search budget spent',
    }[o.stopReason];
    parts.push(`${countText(o.stepsRun, 'step')} on ${o.provider}, ${reason}, ${(o.elapsedMs / 1000).toFixed(2)} s`);
    if (o.search)
      parts.push(
        o.search.winner
          ? `answer from view ${o.search.winner.view} of ${o.search.views} (${o.search.winner.transform}) at its step ${o.search.winner.step}`
          : `no view's answer satisfies the rules; ${o.search.votes ?? 0} of ${o.search.lanes} views voted for this one`,
      );
    const w = outcomeWording(t.kind, o, t.expected);
    parts.push(w.verdict === 'breaks-rules' && o.violations.length ? `${w.short}: ${o.violations[0]}` : w.short);
  }
  if (comparisonFor(t)?.from === 'exact-solver') parts.push("wrong cells: against the exact solver's unique solution");
  return parts.join(' · ');
}

function render(): void {
  const theme = readTheme(document.body);
  const t = state.trace;
  const puzzle = state.puzzle;
  const kind = kindOf();
  const frame = currentFrame();
  const available = Math.max(240, (document.body.clientWidth || window.innerWidth) - 30);

  titleEl.textContent = puzzle?.name ?? t?.puzzleName ?? 'No puzzle';
  metaEl.textContent = t
    ? statusText(t)
    : puzzle
      ? `${puzzle.kind}${puzzle.source ? ` · ${puzzle.source.fileName}, line ${puzzle.source.line + 1}` : ''}`
      : '';

  let message = '';
  let error = false;
  if (state.runError) {
    message = state.runError;
    error = true;
  } else if (!puzzle && !t) {
    message = state.reason ?? 'Put the cursor in a puzzle of an .arc file to see it here.';
  } else if (!t) {
    message = 'No reasoning trace for this puzzle yet: run the model on it to watch it reason step by step.';
  } else if (t.steps.length === 0) {
    message = state.runId ? 'Waiting for the first step…' : 'The run produced no steps.';
  }
  messageEl.textContent = message;
  messageEl.classList.toggle('error', error);
  messageEl.classList.toggle('hidden', message === '');

  // Figures
  const specs: FigureSpec[] = [];
  const draws: (() => void)[] = [];
  const predictionLabel = (f: Frame): string => `Prediction at step ${f.step}. ${describeFrame(f, t!)}`;
  if (kind === 'arc') {
    const pairs = puzzle?.pairs ?? [];
    const train = pairs.filter((p) => p.role === 'train');
    const trainMax = Math.max(1, ...train.flatMap((p) => [gridMax(p.input), gridMax(p.output)]));
    const trainCell = fitCell(trainMax, trainMax, Math.min(150, available / 2 - 40), 3, 16);
    train.forEach((p, i) => {
      specs.push({ id: `train-${i}-in`, caption: `Pair ${i + 1}`, group: 'train' });
      specs.push({ id: `train-${i}-out`, caption: '', group: 'train', pairWith: `train-${i}-in` });
      draws.push(() => {
        drawInto(`train-${i}-in`, {
          kind: 'arc',
          grid: p.input ?? [],
          cell: trainCell,
          theme,
          label: `Train pair ${i + 1} input, ${sizeText(p.input)}`,
        });
        drawInto(`train-${i}-out`, {
          kind: 'arc',
          grid: p.output ?? [],
          cell: trainCell,
          theme,
          label: `Train pair ${i + 1} output, ${sizeText(p.output)}`,
        });
      });
    });
    if (t) {
      const expected = knownSolution(t.expected);
      const predGrid = frame ? frame.rows : 0;
      const m = Math.max(gridMax(t.given), gridMax(expected), predGrid, frame?.cols ?? 0);
      const cell = fitCell(m, m, Math.min(300, (available - 60) / (expected ? 3 : 2)), 3, 30);
      specs.push({ id: 'test-in', caption: 'Test input', group: 'boards' });
      specs.push({
        id: 'prediction',
        caption: frame ? `Prediction · step ${frame.step} of ${frame.total}` : 'Prediction',
        group: 'boards',
        interactive: true,
      });
      if (expected) specs.push({ id: 'expected', caption: 'Expected output', group: 'boards' });
      draws.push(() => {
        drawInto('test-in', { kind: 'arc', grid: t.given, cell, theme, label: `Test input, ${sizeText(t.given)}` });
        if (frame) drawInto('prediction', { kind: 'arc', frame, cell, theme, label: predictionLabel(frame) });
        else drawInto('prediction', { kind: 'arc', grid: [], cell, theme, label: 'No prediction yet' });
        if (expected) drawInto('expected', { kind: 'arc', grid: expected, cell, theme, label: `Expected output, ${sizeText(expected)}` });
      });
    } else {
      const tests = pairs.filter((p) => p.role === 'test');
      const m = Math.max(1, ...tests.flatMap((p) => [gridMax(p.input), gridMax(p.output)]));
      const cell = fitCell(m, m, Math.min(260, (available - 60) / 2), 3, 30);
      tests.forEach((p, j) => {
        specs.push({ id: `test-${j}-in`, caption: `Test ${j + 1} input`, group: 'boards' });
        const out = knownSolution(p.output);
        if (out) specs.push({ id: `test-${j}-out`, caption: `Test ${j + 1} output`, group: 'boards' });
        draws.push(() => {
          drawInto(`test-${j}-in`, { kind: 'arc', grid: p.input ?? [], cell, theme, label: `Test ${j + 1} input, ${sizeText(p.input)}` });
          if (out) drawInto(`test-${j}-out`, { kind: 'arc', grid: out, cell, theme, label: `Test ${j + 1} output, ${sizeText(out)}` });
        });
      });
    }
  } else if (kind === 'sudoku' || kind === 'maze') {
    const noun = kind === 'sudoku' ? 'Givens' : 'Maze';
    if (t) {
      // The steps streamed are those of view 1 (the puzzle as given); when a search took another view's answer,
      // that answer is drawn beside them, so the panel never presents view 1's last grid as the outcome.
      const o = t.outcome;
      const otherView = o?.search?.winner && o.search.winner.view !== 1 ? o.search.winner : undefined;
      const m = Math.max(gridMax(t.given), frame?.rows ?? 0, frame?.cols ?? 0);
      const cell = fitCell(m, m, Math.min(480, (available - 30) / (otherView ? 2 : 1)), 4, 44);
      const stepCaption = frame ? `${otherView ? 'View 1 (as given) · ' : 'Prediction · '}step ${frame.step} of ${frame.total}` : noun;
      specs.push({ id: 'prediction', caption: stepCaption, group: 'boards', interactive: true });
      if (otherView) {
        specs.push({
          id: 'accepted',
          caption: `Accepted answer · view ${otherView.view} (${otherView.transform}), its step ${otherView.step}`,
          group: 'boards',
        });
      }
      draws.push(() => {
        if (frame) drawInto('prediction', { kind, frame, cell, theme, label: predictionLabel(frame) });
        else drawInto('prediction', { kind, grid: t.given, cell, theme, label: `${noun}, ${sizeText(t.given)}` });
        if (otherView && o) {
          drawInto('accepted', {
            kind,
            grid: o.answer,
            givens: t.given,
            cell,
            theme,
            label: `Answer the rules accepted, from view ${otherView.view} (${otherView.transform}), mapped back to the puzzle as written`,
          });
        }
      });
    } else if (puzzle) {
      const grid = puzzle.grid ?? [];
      const solution = knownSolution(puzzle.solution);
      const m = Math.max(gridMax(grid), gridMax(solution));
      const cell = fitCell(m, m, Math.min(420, (available - 30) / (solution ? 2 : 1)), 4, 40);
      specs.push({ id: 'grid', caption: noun, group: 'boards' });
      if (solution) specs.push({ id: 'solution', caption: kind === 'sudoku' ? 'Solution' : 'Path', group: 'boards' });
      draws.push(() => {
        drawInto('grid', { kind, grid, cell, theme, label: `${noun}, ${sizeText(grid)}` });
        if (solution)
          drawInto('solution', {
            kind,
            grid: solution,
            givens: grid,
            cell,
            theme,
            label: `${kind === 'sudoku' ? 'Solution' : 'Path'}, ${sizeText(solution)}`,
          });
      });
    }
  }
  ensureFigures(specs);
  geometry.clear();
  for (const d of draws) d();
  const hasTrain = specs.some((s) => s.group === 'train');
  trainHeading.classList.toggle('hidden', !hasTrain);
  trainEl.classList.toggle('hidden', !hasTrain);
  boardsHeading.textContent = kind === 'arc' ? 'Test' : '';
  boardsHeading.classList.toggle('hidden', kind !== 'arc' || specs.every((s) => s.group !== 'boards'));

  // Player
  const n = t?.steps.length ?? 0;
  traceSection.classList.toggle('hidden', !t);
  const none = n === 0;
  for (const b of [firstBtn, prevBtn, playBtn, nextBtn, lastBtn, exportStripBtn]) b.disabled = none;
  slider.disabled = none;
  slider.max = String(Math.max(0, n - 1));
  slider.value = String(Math.max(0, state.stepIndex));
  slider.setAttribute('aria-valuetext', frame ? `Step ${frame.step} of ${n}` : 'No steps');
  firstBtn.disabled = prevBtn.disabled = none || state.stepIndex <= 0;
  nextBtn.disabled = lastBtn.disabled = none || state.stepIndex >= n - 1;
  playBtn.textContent = playing ? 'Pause' : 'Play';
  playBtn.setAttribute('aria-pressed', String(playing));
  stepLabel.textContent = frame ? `Step ${frame.step} / ${n}${state.runId ? ' (live)' : ''}` : '';
  summaryEl.textContent = frame && t ? describeFrame(frame, t) : '';

  // Halting curve
  if (t) {
    const w = Math.min(560, available);
    const h = 130;
    const ctx = prepareCanvas(curveCanvas, w, h);
    drawHaltCurve(ctx, w, h, t, state.stepIndex, theme);
    const halt = haltingPoint(t);
    curveCanvas.setAttribute(
      'aria-label',
      `Halting score over ${countText(n, 'step')}: ${t.steps.map((s) => s.haltScore.toFixed(2)).join(', ')}. ${halt !== null ? `The model halts at step ${halt}.` : 'The model did not halt.'}`,
    );
  }

  // Trace-only controls are hidden while there is no trace.
  heatLabel.classList.toggle('hidden', !t);
  digitsLabel.classList.toggle('hidden', kind === 'sudoku' || !kind);
  exportStripBtn.classList.toggle('hidden', !t);
  heatBox.checked = state.heatmap;
  digitsBox.checked = state.digits;
  exportViewBtn.disabled = !kind;
  renderLegend(kind, !!t);
  renderHistory();

  const b = document.body.dataset;
  b.kind = kind ?? '';
  b.step = frame ? String(frame.step) : '';
  b.steps = String(n);
  b.playing = String(playing);
  b.heatmap = String(state.heatmap);
  b.digits = String(state.digits);
  b.selected = state.selected ? state.selected.join(',') : '';
  b.live = String(state.runId !== null);
  saveSoon();
}

function renderLegend(kind: Trace['kind'] | undefined, hasTrace: boolean): void {
  const items = legendItems(kind, hasTrace, state.heatmap, state.trace ? comparisonFor(state.trace) : undefined).map(
    (i) => [i.swatch, i.label] as const,
  );
  legendEl.replaceChildren(...items.map(([cls, label]) => el('span', {}, el('span', { className: `swatch ${cls}` }), label)));
  if (kind === 'arc' && state.digits) {
    legendEl.append(el('span', { textContent: `colours: ${ARC_PALETTE.map((_, i) => i).join(' ')} = ${ARC_COLOUR_NAMES.join(', ')}` }));
  }
  legendEl.classList.toggle('hidden', legendEl.childElementCount === 0);
}

function renderHistory(): void {
  const t = state.trace;
  const sel = state.selected;
  if (!t || !sel || t.steps.length === 0) {
    historyEl.replaceChildren();
    historyEl.classList.add('hidden');
    return;
  }
  historyEl.classList.remove('hidden');
  const [r, c] = sel;
  const h = cellHistory(t, r, c);
  const comparison = comparisonFor(t);
  const expected = comparison?.grid[r]?.[c];
  const given = t.given[r]?.[c];
  const head = el('h2', { textContent: `Cell row ${r + 1}, column ${c + 1}` });
  const info = el('div', {
    className: 'meta',
    textContent: [
      given !== undefined ? `given ${JSON.stringify(given)}` : '',
      expected !== undefined ? `${comparison?.from === 'exact-solver' ? 'exact solver' : 'solution'} ${JSON.stringify(expected)}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  });
  const table = el('table');
  table.append(
    el('thead', {}, el('tr', {}, ...['Step', 'Prediction', 'Probability', 'Top candidates', ''].map((x) => el('th', { textContent: x })))),
  );
  const body = el('tbody');
  h.forEach((e, i) => {
    const tr = el('tr');
    if (i === state.stepIndex) tr.className = 'current';
    tr.append(
      el('td', { textContent: String(e.step) }),
      el('td', { textContent: e.symbol ?? '—', className: e.wrong ? 'wrong' : '' }),
      el('td', { textContent: confidenceText(e.probability) }),
      el('td', { textContent: e.top.map((k) => `${k.symbol} ${confidenceText(k.probability)}`).join(', ') }),
      el('td', { textContent: [e.changed && i > 0 ? 'changed' : '', e.wrong ? 'wrong' : ''].filter(Boolean).join(', ') }),
    );
    body.append(tr);
  });
  table.append(body);
  historyEl.replaceChildren(head, info, table);
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    api.setState(savedState(state));
  }, 50);
}

let renderQueued = false;
function renderSoon(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function setState(next: ViewState): void {
  if (next === state) return;
  const traceChanged = next.trace !== state.trace && (next.trace?.puzzleName !== state.trace?.puzzleName || next.runId !== state.runId);
  state = next;
  if (traceChanged && playing) stopPlaying();
  render();
}

// ---------------------------------------------------------------------------------------------------------------
// Playing

function stopPlaying(): void {
  playing = false;
  if (playTimer) clearInterval(playTimer);
  playTimer = undefined;
}

function togglePlay(): void {
  if (!state.trace || state.trace.steps.length === 0) return;
  if (playing) {
    stopPlaying();
    render();
    return;
  }
  if (nextPlayIndex(state) === null) state = goToStep(state, 0);
  playing = true;
  playTimer = setInterval(() => {
    const next = nextPlayIndex(state);
    if (next === null) {
      stopPlaying();
      render();
      return;
    }
    state = goToStep(state, next);
    render();
  }, PLAY_INTERVAL_MS);
  render();
}

// ---------------------------------------------------------------------------------------------------------------
// Input

function userStep(next: ViewState): void {
  if (playing) stopPlaying();
  setState(next);
}

firstBtn.addEventListener('click', () => userStep(stepForKey(state, 'Home')));
prevBtn.addEventListener('click', () => userStep(stepForKey(state, 'ArrowLeft')));
nextBtn.addEventListener('click', () => userStep(stepForKey(state, 'ArrowRight')));
lastBtn.addEventListener('click', () => userStep(stepForKey(state, 'End')));
playBtn.addEventListener('click', () => togglePlay());
slider.addEventListener('input', () => userStep(goToStep(state, Number(slider.value))));
heatBox.addEventListener('change', () => setState({ ...state, heatmap: heatBox.checked }));
digitsBox.addEventListener('change', () => setState({ ...state, digits: digitsBox.checked }));
exportViewBtn.addEventListener('click', () => exportPng('view'));
exportStripBtn.addEventListener('click', () => exportPng('strip'));

curveCanvas.addEventListener('click', (e) => {
  if (!state.trace || state.trace.steps.length === 0) return;
  const rect = curveCanvas.getBoundingClientRect();
  const g = curveGeometry(rect.width, rect.height, Math.max(state.trace.steps.length, state.trace.outcome?.stepsRun ?? 0));
  const step = curveStepAt(g, e.clientX - rect.left);
  const index = state.trace.steps.findIndex((s) => s.step === step);
  if (index >= 0) userStep(goToStep(state, index));
});

function onBoardClick(e: MouseEvent): void {
  const canvas = e.currentTarget as HTMLCanvasElement;
  const g = geometry.get(canvas.dataset.role ?? '');
  if (!g || !state.trace) return;
  const rect = canvas.getBoundingClientRect();
  const c = Math.floor((e.clientX - rect.left - 1) / g.cell);
  const r = Math.floor((e.clientY - rect.top - 1) / g.cell);
  if (r < 0 || c < 0 || r >= g.rows || c >= g.cols) return;
  setState(selectCell(state, r, c));
}

function onBoardKey(e: KeyboardEvent): void {
  const canvas = e.currentTarget as HTMLCanvasElement;
  const g = geometry.get(canvas.dataset.role ?? '');
  if (!g || !state.trace) return;
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const mv = moves[e.key];
  if (mv) {
    e.preventDefault();
    e.stopPropagation();
    const [r0, c0] = state.selected ?? [0, 0];
    const r = state.selected ? Math.max(0, Math.min(g.rows - 1, r0 + mv[0])) : 0;
    const c = state.selected ? Math.max(0, Math.min(g.cols - 1, c0 + mv[1])) : 0;
    setState({ ...state, selected: [r, c] });
  } else if (e.key === 'Escape' && state.selected) {
    e.preventDefault();
    e.stopPropagation();
    setState({ ...state, selected: null });
  }
}

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target as HTMLElement | null;
  const tag = target?.tagName;
  const isRange = target instanceof HTMLInputElement && target.type === 'range';
  const activatesOnSpace = tag === 'BUTTON' || (target instanceof HTMLInputElement && !isRange) || tag === 'SELECT' || tag === 'TEXTAREA';
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') {
    if (isRange) return; // the slider moves itself and reports through 'input'
    e.preventDefault();
    userStep(stepForKey(state, e.key as PlayerKey));
  } else if (e.key === ' ' || e.key === 'Spacebar') {
    if (activatesOnSpace) return;
    e.preventDefault();
    togglePlay();
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Export

function fileStem(): string {
  const name = state.puzzle?.name ?? state.trace?.puzzleName ?? 'puzzle';
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'puzzle';
}

/** A new canvas of w x h CSS pixels at `scale` device pixels each, filled with `bg`, its context scaled to CSS pixels. */
function blankCanvas(w: number, h: number, scale: number, bg: string): { out: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const out = document.createElement('canvas');
  out.width = Math.round(w * scale);
  out.height = Math.round(h * scale);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.scale(scale, scale);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, w, h);
  return { out, ctx };
}

/** Draws what the panel shows (texts and canvases at their places) onto one canvas. */
function renderViewCanvas(scale: number): HTMLCanvasElement {
  const theme = readTheme(document.body);
  const root = app.getBoundingClientRect();
  const parts = [
    titleEl,
    metaEl,
    messageEl,
    trainHeading,
    trainEl,
    boardsHeading,
    boardsEl,
    summaryEl,
    curveHeading,
    curveCanvas,
    legendEl,
  ].filter((e) => !e.classList.contains('hidden') && !e.closest('.hidden'));
  let bottom = 0;
  let right = 0;
  for (const p of parts) {
    const r = p.getBoundingClientRect();
    bottom = Math.max(bottom, r.bottom - root.top);
    right = Math.max(right, r.right - root.left);
  }
  const pad = 12;
  const w = Math.ceil(right) + pad * 2;
  const h = Math.ceil(bottom) + pad * 2;
  const { out, ctx } = blankCanvas(w, h, scale, theme.bg);
  const at = (e: Element): { x: number; y: number; w: number; h: number } => {
    const r = e.getBoundingClientRect();
    return { x: r.left - root.left + pad, y: r.top - root.top + pad, w: r.width, h: r.height };
  };
  const textOf = (e: HTMLElement): void => {
    if (!e.textContent) return;
    const s = getComputedStyle(e);
    const p = at(e);
    ctx.fillStyle = s.color;
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(e.textContent, p.x, p.y + 1, Math.max(50, w - p.x - pad));
  };
  for (const p of parts) {
    if (p === trainEl || p === boardsEl || p === legendEl) {
      if (p !== legendEl) p.querySelectorAll<HTMLElement>('figcaption, .arrow').forEach(textOf);
      p.querySelectorAll('canvas').forEach((c) => {
        const q = at(c);
        ctx.drawImage(c, q.x, q.y, q.w, q.h);
      });
      if (p === legendEl) {
        for (const child of Array.from(p.children) as HTMLElement[]) {
          const sw = child.querySelector<HTMLElement>('.swatch');
          if (sw) {
            const q = at(sw);
            const s = getComputedStyle(sw);
            if (sw.classList.contains('sw-heat')) {
              const g = ctx.createLinearGradient(q.x, 0, q.x + q.w, 0);
              [0, 0.5, 1].forEach((v) => g.addColorStop(v, heatColour(v, 1)));
              ctx.fillStyle = g;
            } else ctx.fillStyle = s.backgroundColor;
            if (sw.classList.contains('sw-changed')) {
              ctx.strokeStyle = theme.changed;
              ctx.lineWidth = 2;
              ctx.strokeRect(q.x + 1, q.y + 1, q.w - 2, q.h - 2);
            } else ctx.fillRect(q.x, q.y, q.w, q.h);
          }
          const label = child.lastChild?.textContent ?? '';
          const q = at(child);
          const s = getComputedStyle(child);
          ctx.fillStyle = s.color;
          ctx.font = `${s.fontSize} ${s.fontFamily}`;
          ctx.textBaseline = 'top';
          ctx.fillText(label, q.x + (sw ? sw.getBoundingClientRect().width + 4 : 0), q.y + 1);
        }
      }
    } else if (p === curveCanvas) {
      const q = at(p);
      ctx.drawImage(curveCanvas, q.x, q.y, q.w, q.h);
    } else {
      textOf(p);
    }
  }
  return out;
}

/** Every step's prediction side by side (wrapping after 8), with the step and its halting score above each. */
function renderStripCanvas(t: Trace, scale: number): HTMLCanvasElement {
  const theme = readTheme(document.body);
  const frames = t.steps.map((_, i) => buildFrame(t, i));
  const m = Math.max(1, ...frames.map((f) => Math.max(f.rows, f.cols)));
  const cell = fitCell(m, m, 170, 2, 20);
  const boardW = Math.max(...frames.map((f) => boardSize(f.rows, f.cols, cell).width), 90);
  const boardH = Math.max(...frames.map((f) => boardSize(f.rows, f.cols, cell).height));
  const perRow = Math.min(8, frames.length);
  const rowsOfFrames = Math.ceil(frames.length / perRow);
  const gap = 14;
  const pad = 14;
  const head = 26;
  const cap = 34;
  const w = pad * 2 + perRow * boardW + (perRow - 1) * gap;
  const h = pad * 2 + head + rowsOfFrames * (cap + boardH) + (rowsOfFrames - 1) * gap;
  const { out, ctx } = blankCanvas(w, h, scale, theme.bg);
  ctx.fillStyle = theme.fg;
  ctx.font = `bold 14px ${theme.font}`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(`${t.puzzleName} · ${t.kind} · model ${t.model} · ${countText(frames.length, 'step')}`, pad, pad, w - 2 * pad);
  const halt = haltingPoint(t);
  frames.forEach((f, i) => {
    const col = i % perRow;
    const row = Math.floor(i / perRow);
    const x = pad + col * (boardW + gap);
    const y = pad + head + row * (cap + boardH + gap);
    ctx.font = `bold 12px ${theme.font}`;
    ctx.fillStyle = f.step === halt ? theme.good : theme.fg;
    ctx.fillText(`step ${f.step}${f.step === halt ? ' · halts' : ''}`, x, y, boardW);
    ctx.font = `11px ${theme.font}`;
    ctx.fillStyle = theme.muted;
    const wrong = f.wrongCount === null ? '' : ` · ${f.wrongCount} wrong`;
    ctx.fillText(`halt ${f.haltScore.toFixed(2)} · ${f.changedCount} changed${wrong}`, x, y + 15, boardW);
    drawBoard(ctx, x, y + cap, { kind: t.kind, frame: f, cell, theme, heatmap: state.heatmap, digits: state.digits && cell >= 9 });
  });
  return out;
}

function exportPng(what: ExportKind): void {
  try {
    let canvas: HTMLCanvasElement;
    let name: string;
    if (what === 'strip') {
      if (!state.trace || state.trace.steps.length === 0) {
        post({ type: 'notify', level: 'warning', message: 'There is no trace to export yet: run the model on the puzzle first.' });
        return;
      }
      canvas = renderStripCanvas(state.trace, 2);
      name = `${fileStem()}-trace.png`;
    } else {
      canvas = renderViewCanvas(2);
      const f = currentFrame();
      name = f ? `${fileStem()}-step${f.step}.png` : `${fileStem()}.png`;
    }
    post({ type: 'exportPng', what, dataUrl: canvas.toDataURL('image/png'), suggestedName: name });
  } catch (e) {
    post({ type: 'notify', level: 'error', message: `The PNG could not be drawn: ${e instanceof Error ? e.message : String(e)}` });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Messages, theme, size

window.addEventListener('message', (e: MessageEvent) => {
  const msg = e.data;
  if (!isToWebview(msg)) return;
  if (msg.type === 'requestExport') {
    exportPng(msg.what);
    return;
  }
  setState(reduce(state, msg));
});

new MutationObserver(() => renderSoon()).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
new MutationObserver(() => renderSoon()).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
window.addEventListener('resize', () => renderSoon());

render();
post({ type: 'ready' });
