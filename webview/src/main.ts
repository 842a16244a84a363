// The trace webview: draws the puzzle at the cursor and plays the model's per-step reasoning trace.
// State lives in one ViewState (viewModel.ts), saved with setState after every change so that a hidden or
// reloaded panel comes back where it was (the panel does not use retainContextWhenHidden). This file owns the
// state, renders it and wires the input; the page (dom.ts), the boards (boards.ts, figures.ts), the cell
// history (historyTable.ts), the player (player.ts) and PNG export (pngExport.ts) live apart.

import type { Trace } from '../../core/src/trm/trace';
import { ARC_COLOUR_NAMES } from '../../core/src/palette';
import { planBoards } from './boards';
import { buildPage, el } from './dom';
import { comparisonFor } from './exactAnswer';
import { Figures } from './figures';
import { renderHistory } from './historyTable';
import { type FromWebview, isToWebview } from './messages';
import { StepPlayer } from './player';
import { exportPng } from './pngExport';
import { ARC_PALETTE, curveGeometry, curveStepAt, drawHaltCurve, prepareCanvas, readTheme, type Theme } from './render';
import {
  buildFrame,
  describeFrame,
  type Frame,
  goToStep,
  haltingPoint,
  type PlayerKey,
  reduce,
  restoreState,
  savedState,
  selectCell,
  stepForKey,
  type ViewState,
} from './viewModel';
import { countText, legendItems, traceStatusText } from './wording';

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

let state: ViewState = restoreState(api.getState());
const page = buildPage();
const figures = new Figures(page.trainEl, page.boardsEl, { click: onBoardClick, key: onBoardKey });
const player = new StepPlayer({
  state: () => state,
  move: (next) => void (state = next),
  render: () => render(),
});

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

/** Why nothing (or not everything) is drawn, or the last run's error. */
function messageOf(): { text: string; error: boolean } {
  const t = state.trace;
  if (state.runError) return { text: state.runError, error: true };
  if (!state.puzzle && !t) return { text: state.reason ?? 'Put the cursor in a puzzle of an .arc file to see it here.', error: false };
  if (!t) return { text: 'No reasoning trace for this puzzle yet: run the model on it to watch it reason step by step.', error: false };
  if (t.steps.length === 0) return { text: state.runId ? 'Waiting for the first step…' : 'The run produced no steps.', error: false };
  return { text: '', error: false };
}

function renderHeader(): void {
  const t = state.trace;
  const puzzle = state.puzzle;
  page.titleEl.textContent = puzzle?.name ?? t?.puzzleName ?? 'No puzzle';
  page.metaEl.textContent = t
    ? traceStatusText(t, state.runId !== null)
    : puzzle
      ? `${puzzle.kind}${puzzle.source ? ` · ${puzzle.source.fileName}, line ${puzzle.source.line + 1}` : ''}`
      : '';
  const message = messageOf();
  page.messageEl.textContent = message.text;
  page.messageEl.classList.toggle('error', message.error);
  page.messageEl.classList.toggle('hidden', message.text === '');
}

function renderBoards(frame: Frame | undefined, available: number, theme: Theme): void {
  const kind = kindOf();
  const plan = planBoards({ state, frame, available, theme });
  figures.ensure(plan.specs);
  const options = { heatmap: state.heatmap, digits: state.digits, selected: state.selected };
  for (const d of plan.drawings) figures.draw(d.id, d.drawing, options);
  const hasTrain = plan.specs.some((s) => s.group === 'train');
  page.trainHeading.classList.toggle('hidden', !hasTrain);
  page.trainEl.classList.toggle('hidden', !hasTrain);
  page.boardsHeading.textContent = kind === 'arc' ? 'Test' : '';
  page.boardsHeading.classList.toggle('hidden', kind !== 'arc' || plan.specs.every((s) => s.group !== 'boards'));
}

function renderPlayer(frame: Frame | undefined): void {
  const t = state.trace;
  const n = t?.steps.length ?? 0;
  const { firstBtn, prevBtn, playBtn, nextBtn, lastBtn, slider } = page;
  page.traceSection.classList.toggle('hidden', !t);
  const none = n === 0;
  for (const b of [firstBtn, prevBtn, playBtn, nextBtn, lastBtn, page.exportStripBtn]) b.disabled = none;
  slider.disabled = none;
  slider.max = String(Math.max(0, n - 1));
  slider.value = String(Math.max(0, state.stepIndex));
  slider.setAttribute('aria-valuetext', frame ? `Step ${frame.step} of ${n}` : 'No steps');
  firstBtn.disabled = prevBtn.disabled = none || state.stepIndex <= 0;
  nextBtn.disabled = lastBtn.disabled = none || state.stepIndex >= n - 1;
  playBtn.textContent = player.playing ? 'Pause' : 'Play';
  playBtn.setAttribute('aria-pressed', String(player.playing));
  page.stepLabel.textContent = frame ? `Step ${frame.step} / ${n}${state.runId ? ' (live)' : ''}` : '';
  page.summaryEl.textContent = frame && t ? describeFrame(frame, t) : '';
}

function renderHaltCurve(t: Trace, available: number, theme: Theme): void {
  const w = Math.min(560, available);
  const h = 130;
  const ctx = prepareCanvas(page.curveCanvas, w, h);
  drawHaltCurve(ctx, w, h, t, state.stepIndex, theme);
  const halt = haltingPoint(t);
  const scores = t.steps.map((s) => s.haltScore.toFixed(2)).join(', ');
  const verdict = halt !== null ? `The model halts at step ${halt}.` : 'The model did not halt.';
  page.curveCanvas.setAttribute('aria-label', `Halting score over ${countText(t.steps.length, 'step')}: ${scores}. ${verdict}`);
}

function renderOptions(): void {
  const t = state.trace;
  const kind = kindOf();
  // Trace-only controls are hidden while there is no trace.
  page.heatLabel.classList.toggle('hidden', !t);
  page.digitsLabel.classList.toggle('hidden', kind === 'sudoku' || !kind);
  page.exportStripBtn.classList.toggle('hidden', !t);
  page.heatBox.checked = state.heatmap;
  page.digitsBox.checked = state.digits;
  page.exportViewBtn.disabled = !kind;
}

function renderLegend(kind: Trace['kind'] | undefined, hasTrace: boolean): void {
  const items = legendItems(kind, hasTrace, state.heatmap, state.trace ? comparisonFor(state.trace) : undefined).map(
    (i) => [i.swatch, i.label] as const,
  );
  const legendEl = page.legendEl;
  legendEl.replaceChildren(...items.map(([cls, label]) => el('span', {}, el('span', { className: `swatch ${cls}` }), label)));
  if (kind === 'arc' && state.digits) {
    legendEl.append(el('span', { textContent: `colours: ${ARC_PALETTE.map((_, i) => i).join(' ')} = ${ARC_COLOUR_NAMES.join(', ')}` }));
  }
  legendEl.classList.toggle('hidden', legendEl.childElementCount === 0);
}

/** What the page shows, as data attributes (the browser and code-server suites read them). */
function renderDataset(frame: Frame | undefined): void {
  const b = document.body.dataset;
  b.kind = kindOf() ?? '';
  b.step = frame ? String(frame.step) : '';
  b.steps = String(state.trace?.steps.length ?? 0);
  b.playing = String(player.playing);
  b.heatmap = String(state.heatmap);
  b.digits = String(state.digits);
  b.selected = state.selected ? state.selected.join(',') : '';
  b.live = String(state.runId !== null);
}

function render(): void {
  const theme = readTheme(document.body);
  const t = state.trace;
  const frame = currentFrame();
  const available = Math.max(240, (document.body.clientWidth || window.innerWidth) - 30);
  renderHeader();
  renderBoards(frame, available, theme);
  renderPlayer(frame);
  if (t) renderHaltCurve(t, available, theme);
  renderOptions();
  renderLegend(kindOf(), !!t);
  renderHistory(page.historyEl, state);
  renderDataset(frame);
  saveSoon();
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
  if (traceChanged && player.playing) player.stop();
  render();
}

// ---------------------------------------------------------------------------------------------------------------
// Input

function userStep(next: ViewState): void {
  if (player.playing) player.stop();
  setState(next);
}

page.firstBtn.addEventListener('click', () => userStep(stepForKey(state, 'Home')));
page.prevBtn.addEventListener('click', () => userStep(stepForKey(state, 'ArrowLeft')));
page.nextBtn.addEventListener('click', () => userStep(stepForKey(state, 'ArrowRight')));
page.lastBtn.addEventListener('click', () => userStep(stepForKey(state, 'End')));
page.playBtn.addEventListener('click', () => player.toggle());
page.slider.addEventListener('input', () => userStep(goToStep(state, Number(page.slider.value))));
page.heatBox.addEventListener('change', () => setState({ ...state, heatmap: page.heatBox.checked }));
page.digitsBox.addEventListener('change', () => setState({ ...state, digits: page.digitsBox.checked }));
page.exportViewBtn.addEventListener('click', () => exportPng('view', state, page, post));
page.exportStripBtn.addEventListener('click', () => exportPng('strip', state, page, post));

page.curveCanvas.addEventListener('click', (e) => {
  if (!state.trace || state.trace.steps.length === 0) return;
  const rect = page.curveCanvas.getBoundingClientRect();
  const g = curveGeometry(rect.width, rect.height, Math.max(state.trace.steps.length, state.trace.outcome?.stepsRun ?? 0));
  const step = curveStepAt(g, e.clientX - rect.left);
  const index = state.trace.steps.findIndex((s) => s.step === step);
  if (index >= 0) userStep(goToStep(state, index));
});

function onBoardClick(e: MouseEvent): void {
  const canvas = e.currentTarget as HTMLCanvasElement;
  const g = figures.geometryOf(canvas);
  if (!g || !state.trace) return;
  const rect = canvas.getBoundingClientRect();
  const c = Math.floor((e.clientX - rect.left - 1) / g.cell);
  const r = Math.floor((e.clientY - rect.top - 1) / g.cell);
  if (r < 0 || c < 0 || r >= g.rows || c >= g.cols) return;
  setState(selectCell(state, r, c));
}

const CELL_MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

function onBoardKey(e: KeyboardEvent): void {
  const canvas = e.currentTarget as HTMLCanvasElement;
  const g = figures.geometryOf(canvas);
  if (!g || !state.trace) return;
  const mv = CELL_MOVES[e.key];
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
    player.toggle();
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Messages, theme, size

window.addEventListener('message', (e: MessageEvent) => {
  const msg = e.data;
  if (!isToWebview(msg)) return;
  if (msg.type === 'requestExport') {
    exportPng(msg.what, state, page, post);
    return;
  }
  setState(reduce(state, msg));
});

new MutationObserver(() => renderSoon()).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
new MutationObserver(() => renderSoon()).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
window.addEventListener('resize', () => renderSoon());

render();
post({ type: 'ready' });
