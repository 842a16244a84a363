// Canvas drawing of grids (ARC, Sudoku, maze), trace overlays and the halting-score curve.
// Colours come from VS Code's theme variables (read by readTheme), except the ARC palette, which is fixed.

import { sudokuBoxShape } from '../../core/src/dsl/symbols';
import { ARC_COLOUR_HEX } from '../../core/src/palette';
import type { Trace } from '../../core/src/trm/trace';
import type { Grid, PuzzleKind } from './messages';
import { type Frame, type FrameCell, haltingPoint, isSudokuBlank, UNKNOWN } from './viewModel';

/** The standard ARC palette (the ARC testing interface's colours), index = colour symbol 0-9. */
export { ARC_COLOUR_HEX as ARC_PALETTE } from '../../core/src/palette';

export interface Theme {
  fg: string;
  bg: string;
  muted: string;
  border: string;
  gridLine: string;
  focus: string;
  accent: string;
  changed: string;
  wrong: string;
  good: string;
  wall: string;
  start: string;
  goal: string;
  path: string;
  givenBg: string;
  font: string;
  monoFont: string;
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/** The theme as the webview's CSS variables give it (VS Code sets them on <html>/<body> and updates them live). */
export function readTheme(el: HTMLElement): Theme {
  const s = getComputedStyle(el);
  const body = el.ownerDocument.body;
  const highContrast = body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light');
  const light = body.classList.contains('vscode-light') || body.classList.contains('vscode-high-contrast-light');
  const fg = cssVar(s, '--vscode-editor-foreground', light ? '#1f1f1f' : '#cccccc');
  return {
    fg,
    bg: cssVar(s, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    muted: cssVar(s, '--vscode-descriptionForeground', light ? '#717171' : '#9d9d9d'),
    border: cssVar(s, '--vscode-contrastBorder', '') || cssVar(s, '--vscode-panel-border', light ? '#d4d4d4' : '#454545'),
    gridLine: highContrast ? cssVar(s, '--vscode-contrastBorder', fg) : light ? '#b8b8b8' : '#555555',
    focus: cssVar(s, '--vscode-focusBorder', '#0078d4'),
    accent: cssVar(s, '--vscode-charts-blue', light ? '#005fb8' : '#4daafc'),
    changed: cssVar(s, '--vscode-charts-yellow', light ? '#bf8803' : '#e2c08d'),
    wrong: cssVar(s, '--vscode-errorForeground', light ? '#e51400' : '#f48771'),
    good: cssVar(s, '--vscode-charts-green', light ? '#388a34' : '#89d185'),
    wall: light ? '#3b3b3b' : '#8a8a8a',
    start: cssVar(s, '--vscode-charts-green', '#388a34'),
    goal: cssVar(s, '--vscode-charts-red', '#e51400'),
    path: cssVar(s, '--vscode-charts-blue', '#4daafc'),
    givenBg: light ? 'rgba(0,0,0,0.07)' : 'rgba(255,255,255,0.08)',
    font: cssVar(s, '--vscode-font-family', 'sans-serif'),
    monoFont: cssVar(s, '--vscode-editor-font-family', 'monospace'),
    highContrast,
  };
}

/** A cell's confidence as a heat colour: red (unsure) through yellow to green (sure). */
export function heatColour(p: number, alpha = 0.55): string {
  const x = Math.max(0, Math.min(1, p));
  return `hsla(${Math.round(120 * x)}, 85%, 45%, ${alpha})`;
}

/** Black or white, whichever reads better on an ARC colour. */
function inkOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000000' : '#ffffff';
}

export interface BoardOptions {
  kind: PuzzleKind;
  /** The symbols to draw when there is no frame. */
  grid?: Grid;
  /** The trace step to draw (prediction with overlays). */
  frame?: Frame;
  /** Without a frame: the Sudoku givens, so that a solution board draws its givens apart from the rest. */
  givens?: Grid;
  cell: number;
  theme: Theme;
  heatmap?: boolean;
  digits?: boolean;
  selected?: [number, number] | null;
  /** Marks for changed and wrong cells (off for the thumbnails of a strip where the caption says it). */
  marks?: boolean;
}

export interface BoardSize {
  width: number;
  height: number;
}

/** Outer size of a board in CSS pixels (a 1 px frame around the cells). */
export function boardSize(rows: number, cols: number, cell: number): BoardSize {
  return { width: Math.max(1, cols) * cell + 2, height: Math.max(1, rows) * cell + 2 };
}

/** A cell size that fits a rows x cols grid into maxPx (clamped to [minCell, maxCell]). */
export function fitCell(rows: number, cols: number, maxPx: number, minCell = 4, maxCell = 40): number {
  const n = Math.max(rows, cols, 1);
  return Math.max(minCell, Math.min(maxCell, Math.floor((maxPx - 2) / n)));
}

function dims(grid: Grid | undefined, frame: Frame | undefined): { rows: number; cols: number } {
  if (frame) return { rows: frame.rows, cols: frame.cols };
  const rows = grid?.length ?? 0;
  const cols = rows ? Math.max(...grid!.map((r) => r.length)) : 0;
  return { rows, cols };
}

function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, colour: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, s, s);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  for (let d = -s; d < s; d += Math.max(3, s / 4)) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + s);
    ctx.lineTo(x + d + s, y);
    ctx.stroke();
  }
  ctx.restore();
}

function text(
  ctx: CanvasRenderingContext2D,
  t: string,
  cx: number,
  cy: number,
  size: number,
  colour: string,
  font: string,
  bold = false,
): void {
  ctx.fillStyle = colour;
  ctx.font = `${bold ? 'bold ' : ''}${Math.max(6, Math.round(size))}px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(t, cx, cy + 0.5);
}

/** Draws a board at (x0, y0) in CSS pixels of `ctx`. The frame of cells starts one pixel in. */
export function drawBoard(ctx: CanvasRenderingContext2D, x0: number, y0: number, o: BoardOptions): BoardSize {
  const { rows, cols } = dims(o.grid, o.frame);
  const s = o.cell;
  const size = boardSize(rows, cols, s);
  const t = o.theme;
  const ox = x0 + 1;
  const oy = y0 + 1;
  ctx.save();
  ctx.fillStyle = t.bg;
  ctx.fillRect(x0, y0, size.width, size.height);
  const symbolAt = (r: number, c: number): string | undefined => (o.frame ? o.frame.cells[r]?.[c]?.symbol : o.grid?.[r]?.[c]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = ox + c * s;
      const y = oy + r * s;
      const sym = symbolAt(r, c);
      const fc: FrameCell | undefined = o.frame?.cells[r]?.[c];
      drawCell(ctx, o, r, c, x, y, s, sym, fc, o.heatmap && fc ? fc.probability : undefined);
    }
  }
  drawGridLines(ctx, o, ox, oy, rows, cols, s);
  const layout: CellLayout = { ox, oy, rows, cols, s };
  if (o.frame && o.marks !== false) drawFrameMarks(ctx, t, o.frame, layout);
  if (o.selected) drawSelection(ctx, t, o.selected, layout);
  ctx.strokeStyle = t.gridLine;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, y0 + 0.5, size.width - 1, size.height - 1);
  ctx.restore();
  return size;
}

/** Where a board's cells lie: the top-left corner of cell (0, 0), the grid's size and the cell size. */
interface CellLayout {
  ox: number;
  oy: number;
  rows: number;
  cols: number;
  s: number;
}

/** A trace frame's marks over its cells: an outline on cells this step changed, a corner flag on wrong ones. */
function drawFrameMarks(ctx: CanvasRenderingContext2D, t: Theme, frame: Frame, { ox, oy, rows, cols, s }: CellLayout): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const fc = frame.cells[r]?.[c];
      if (!fc) continue;
      const x = ox + c * s;
      const y = oy + r * s;
      if (fc.changed && frame.step > 1) {
        ctx.strokeStyle = t.changed;
        ctx.lineWidth = Math.max(1.5, s / 10);
        const w = ctx.lineWidth;
        ctx.strokeRect(x + w / 2 + 0.5, y + w / 2 + 0.5, s - w - 1, s - w - 1);
      }
      if (fc.wrong) {
        // A corner flag, so the symbol under it stays readable.
        const k = Math.max(5, s * 0.4);
        ctx.fillStyle = t.wrong;
        ctx.beginPath();
        ctx.moveTo(x + s - k, y);
        ctx.lineTo(x + s, y);
        ctx.lineTo(x + s, y + k);
        ctx.closePath();
        ctx.fill();
        ctx.strokeStyle = t.bg;
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
  }
}

/** The focus ring around the selected cell (inside the board only), with an inner line of the background. */
function drawSelection(
  ctx: CanvasRenderingContext2D,
  t: Theme,
  [r, c]: readonly [number, number],
  { ox, oy, rows, cols, s }: CellLayout,
): void {
  if (r >= rows || c >= cols) return;
  ctx.strokeStyle = t.focus;
  ctx.lineWidth = Math.max(2, s / 8);
  ctx.strokeRect(ox + c * s - 1, oy + r * s - 1, s + 2, s + 2);
  ctx.strokeStyle = t.bg;
  ctx.lineWidth = 1;
  ctx.strokeRect(ox + c * s + 1.5, oy + r * s + 1.5, s - 3, s - 3);
}

/** Where one cell is painted, and its heat-map square: behind the symbol or as a centre square. */
interface CellPaint {
  ctx: CanvasRenderingContext2D;
  o: BoardOptions;
  x: number;
  y: number;
  s: number;
  confidence: number | undefined;
}

// The heat map: behind the symbol where the cell is floor (Sudoku, maze floor); as a centre square where the
// cell's own colour carries meaning (ARC colours, maze walls, start, goal).
function heatBehind({ ctx, x, y, s, confidence }: CellPaint): void {
  if (confidence === undefined) return;
  ctx.fillStyle = heatColour(confidence, 0.5);
  ctx.fillRect(x, y, s, s);
}

function heatCentre({ ctx, x, y, s, confidence }: CellPaint): void {
  if (confidence === undefined) return;
  const k = s * 0.26;
  ctx.fillStyle = heatColour(confidence, 0.95);
  ctx.fillRect(x + k, y + k, s - 2 * k, s - 2 * k);
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + k + 0.5, y + k + 0.5, s - 2 * k - 1, s - 2 * k - 1);
}

function drawCell(
  ctx: CanvasRenderingContext2D,
  o: BoardOptions,
  r: number,
  c: number,
  x: number,
  y: number,
  s: number,
  sym: string | undefined,
  fc: FrameCell | undefined,
  confidence: number | undefined,
): void {
  if (sym === undefined) {
    hatch(ctx, x, y, s, o.theme.border);
    return;
  }
  const at: CellPaint = { ctx, o, x, y, s, confidence };
  if (o.kind === 'arc') drawArcCell(at, sym);
  else if (o.kind === 'sudoku')
    drawSudokuCell(at, sym, fc ? fc.given : o.givens ? !isSudokuBlank(o.givens[r]?.[c]) : !isSudokuBlank(sym), fc);
  else drawMazeCell(at, sym);
}

function drawArcCell(at: CellPaint, sym: string): void {
  const { ctx, o, x, y, s } = at;
  const t = o.theme;
  const idx = sym.length === 1 ? '0123456789'.indexOf(sym) : -1;
  if (idx < 0) {
    ctx.fillStyle = t.bg;
    ctx.fillRect(x, y, s, s);
    hatch(ctx, x, y, s, t.muted);
    if (sym === UNKNOWN && s >= 10) text(ctx, '?', x + s / 2, y + s / 2, s * 0.6, t.fg, t.monoFont);
    return;
  }
  const colour = ARC_COLOUR_HEX[idx]!;
  ctx.fillStyle = colour;
  ctx.fillRect(x, y, s, s);
  heatCentre(at);
  if (o.digits && s >= 9 && at.confidence === undefined) text(ctx, sym, x + s / 2, y + s / 2, s * 0.55, inkOn(colour), t.monoFont);
}

function drawSudokuCell(at: CellPaint, sym: string, isGiven: boolean, fc: FrameCell | undefined): void {
  const { ctx, o, x, y, s } = at;
  const t = o.theme;
  if (isGiven) {
    ctx.fillStyle = t.givenBg;
    ctx.fillRect(x, y, s, s);
  }
  heatBehind(at);
  if (isSudokuBlank(sym)) {
    if (sym === UNKNOWN && s >= 10) text(ctx, '?', x + s / 2, y + s / 2, s * 0.5, t.muted, t.font);
    return;
  }
  // Givens: bold in the text colour. Predictions: the accent colour, or the error colour when wrong.
  const colour = isGiven ? t.fg : fc?.wrong ? t.wrong : t.accent;
  // (A solution board without a trace draws its non-given digits in the accent colour too.)
  text(ctx, sym, x + s / 2, y + s / 2, s * (isGiven ? 0.62 : 0.58), colour, t.font, isGiven);
}

function drawMazeCell(at: CellPaint, sym: string): void {
  const { ctx, o, x, y, s } = at;
  const t = o.theme;
  // A prediction that contradicts the maze is drawn as predicted (and flagged wrong by the marks).
  ctx.fillStyle = t.bg;
  ctx.fillRect(x, y, s, s);
  if (sym === '#') {
    ctx.fillStyle = t.wall;
    ctx.fillRect(x, y, s, s);
    heatCentre(at);
  } else if (sym === 'S' || sym === 'G') {
    ctx.fillStyle = sym === 'S' ? t.start : t.goal;
    ctx.fillRect(x + 1, y + 1, s - 2, s - 2);
    if (at.confidence !== undefined) heatCentre(at);
    else if (s >= 10) text(ctx, sym, x + s / 2, y + s / 2, s * 0.62, '#ffffff', t.font, true);
  } else if (sym === 'o') {
    heatBehind(at);
    ctx.fillStyle = t.path;
    const m = Math.max(1, s * 0.22);
    ctx.beginPath();
    ctx.arc(x + s / 2, y + s / 2, s / 2 - m, 0, Math.PI * 2);
    ctx.fill();
  } else if (sym === '.' || sym === ' ') {
    heatBehind(at);
  } else {
    hatch(ctx, x, y, s, t.muted);
    if (sym === UNKNOWN && s >= 10) text(ctx, '?', x + s / 2, y + s / 2, s * 0.5, t.fg, t.font);
  }
  if (o.digits && s >= 12 && sym !== '#' && sym !== 'S' && sym !== 'G') {
    text(ctx, sym, x + s / 2, y + s / 2, s * 0.4, t.fg, t.monoFont);
  }
}

function drawGridLines(
  ctx: CanvasRenderingContext2D,
  o: BoardOptions,
  ox: number,
  oy: number,
  rows: number,
  cols: number,
  s: number,
): void {
  const t = o.theme;
  /** One-pixel lines between every row and every column, in the current stroke style. */
  const cellLines = (): void => {
    ctx.beginPath();
    for (let r = 1; r < rows; r++) {
      ctx.moveTo(ox, oy + r * s + 0.5);
      ctx.lineTo(ox + cols * s, oy + r * s + 0.5);
    }
    for (let c = 1; c < cols; c++) {
      ctx.moveTo(ox + c * s + 0.5, oy);
      ctx.lineTo(ox + c * s + 0.5, oy + rows * s);
    }
    ctx.stroke();
  };
  if (s >= 6 && o.kind !== 'maze') {
    ctx.strokeStyle = t.gridLine;
    ctx.lineWidth = 1;
    cellLines();
  }
  if (o.kind === 'maze' && s >= 8) {
    // Faint lines over the floor only, so walls read as solid blocks.
    ctx.strokeStyle = t.gridLine;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    cellLines();
    ctx.globalAlpha = 1;
  }
  if (o.kind === 'sudoku' && rows === cols) {
    const box = sudokuBoxShape(rows);
    if (box) {
      ctx.strokeStyle = t.fg;
      ctx.lineWidth = Math.max(2, s / 14);
      ctx.beginPath();
      for (let r = box.rows; r < rows; r += box.rows) {
        ctx.moveTo(ox, oy + r * s);
        ctx.lineTo(ox + cols * s, oy + r * s);
      }
      for (let c = box.cols; c < cols; c += box.cols) {
        ctx.moveTo(ox + c * s, oy);
        ctx.lineTo(ox + c * s, oy + rows * s);
      }
      ctx.stroke();
      ctx.strokeRect(ox, oy, cols * s, rows * s);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Halting-score curve

export interface CurveGeometry {
  left: number;
  right: number;
  top: number;
  bottom: number;
  steps: number;
}

export function curveGeometry(width: number, height: number, steps: number): CurveGeometry {
  return { left: 34, right: width - 12, top: 14, bottom: height - 22, steps: Math.max(2, steps) };
}

/** The x of step (1-based) on the curve. */
export function curveX(g: CurveGeometry, step: number): number {
  return g.left + ((step - 1) / (g.steps - 1)) * (g.right - g.left);
}

/** The step (1-based) nearest to x on the curve. */
export function curveStepAt(g: CurveGeometry, x: number): number {
  const f = (x - g.left) / (g.right - g.left);
  return Math.max(1, Math.min(g.steps, Math.round(f * (g.steps - 1)) + 1));
}

export function drawHaltCurve(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  trace: Trace,
  currentIndex: number,
  t: Theme,
): void {
  ctx.save();
  ctx.fillStyle = t.bg;
  ctx.fillRect(0, 0, width, height);
  const g = curveGeometry(width, height, Math.max(trace.steps.length, trace.outcome?.stepsRun ?? 0));
  const y = (v: number): number => g.bottom - v * (g.bottom - g.top);
  drawCurveAxes(ctx, g, y, t);
  // current step
  const cur = trace.steps[currentIndex];
  if (cur) {
    ctx.strokeStyle = t.focus;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(curveX(g, cur.step), g.top - 4);
    ctx.lineTo(curveX(g, cur.step), g.bottom);
    ctx.stroke();
  }
  drawCurveLine(ctx, g, y, trace, t);
  drawHaltingPoint(ctx, g, y, trace, t);
  ctx.restore();
}

/** The axes, their labels, the 0.5 threshold and the step ticks. */
function drawCurveAxes(ctx: CanvasRenderingContext2D, g: CurveGeometry, y: (v: number) => number, t: Theme): void {
  ctx.font = `11px ${t.font}`;
  ctx.fillStyle = t.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.strokeStyle = t.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(g.left + 0.5, g.top);
  ctx.lineTo(g.left + 0.5, g.bottom + 0.5);
  ctx.lineTo(g.right, g.bottom + 0.5);
  ctx.stroke();
  for (const v of [0, 0.5, 1]) ctx.fillText(v.toFixed(1), g.left - 5, y(v));
  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = t.muted;
  ctx.beginPath();
  ctx.moveTo(g.left, y(0.5) + 0.5);
  ctx.lineTo(g.right, y(0.5) + 0.5);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const every = g.steps > 20 ? 5 : g.steps > 10 ? 2 : 1;
  for (let s = 1; s <= g.steps; s++) {
    if (s === 1 || s % every === 0) ctx.fillText(String(s), curveX(g, s), g.bottom + 5);
  }
}

/** The halt score at each step: a line through dots. */
function drawCurveLine(ctx: CanvasRenderingContext2D, g: CurveGeometry, y: (v: number) => number, trace: Trace, t: Theme): void {
  if (trace.steps.length === 0) return;
  ctx.strokeStyle = t.accent;
  ctx.lineWidth = 2;
  ctx.beginPath();
  trace.steps.forEach((s, i) => {
    const px = curveX(g, s.step);
    const py = y(s.haltScore);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  });
  ctx.stroke();
  ctx.fillStyle = t.accent;
  for (const s of trace.steps) {
    ctx.beginPath();
    ctx.arc(curveX(g, s.step), y(s.haltScore), 2.5, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** The step where the model halts, ringed and labelled. */
function drawHaltingPoint(ctx: CanvasRenderingContext2D, g: CurveGeometry, y: (v: number) => number, trace: Trace, t: Theme): void {
  const halt = haltingPoint(trace);
  const hs = halt !== null ? trace.steps.find((s) => s.step === halt) : undefined;
  if (!hs) return;
  const px = curveX(g, hs.step);
  const py = y(hs.haltScore);
  ctx.strokeStyle = t.good;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.arc(px, py, 6, 0, Math.PI * 2);
  ctx.stroke();
  ctx.fillStyle = t.good;
  ctx.font = `bold 11px ${t.font}`;
  // The curve rises to the halting point and stays up after it: the label goes up-left of the point when
  // there is room on the left (empty above a rising curve), else down-right of it (empty below a high curve).
  const left = px > (g.left + g.right) / 2;
  ctx.textAlign = left ? 'right' : 'left';
  ctx.textBaseline = left ? 'bottom' : 'top';
  ctx.fillText(`halts at step ${hs.step}`, left ? px - 10 : px + 10, left ? Math.max(g.top + 12, py - 6) : Math.min(g.bottom - 12, py + 8));
}

// ---------------------------------------------------------------------------------------------------------------
// Canvases

/** Sizes a canvas for CSS size w x h at the device pixel ratio and returns a context in CSS pixels. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  w: number,
  h: number,
  scale = window.devicePixelRatio || 1,
): CanvasRenderingContext2D {
  canvas.width = Math.max(1, Math.round(w * scale));
  canvas.height = Math.max(1, Math.round(h * scale));
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this webview cannot draw on a canvas (no 2D context)');
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  return ctx;
}
