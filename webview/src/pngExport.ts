// PNG export: what the panel shows, redrawn onto one canvas (texts and boards at their places), or every
// step's prediction side by side as a strip. The extension saves the data URL (client/src/traceFiles.ts).

import type { Trace } from '../../core/src/trm/trace';
import type { Page } from './dom';
import type { ExportKind, FromWebview } from './messages';
import { boardSize, drawBoard, fitCell, heatColour, readTheme, type Theme } from './render';
import { buildFrame, haltingPoint, type ViewState } from './viewModel';
import { countText } from './wording';

/** The puzzle's name as a file name. */
function fileStem(state: ViewState): string {
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

/** Redraws page elements onto a canvas, each where it is on the page (shifted by `pad`). */
class ViewPainter {
  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    private readonly root: DOMRect,
    private readonly pad: number,
    private readonly width: number,
  ) {}

  at(e: Element): { x: number; y: number; w: number; h: number } {
    const r = e.getBoundingClientRect();
    return { x: r.left - this.root.left + this.pad, y: r.top - this.root.top + this.pad, w: r.width, h: r.height };
  }

  text(e: HTMLElement): void {
    if (!e.textContent) return;
    const s = getComputedStyle(e);
    const p = this.at(e);
    this.ctx.fillStyle = s.color;
    this.ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    this.ctx.textBaseline = 'top';
    this.ctx.textAlign = 'left';
    this.ctx.fillText(e.textContent, p.x, p.y + 1, Math.max(50, this.width - p.x - this.pad));
  }

  canvas(c: HTMLCanvasElement): void {
    const q = this.at(c);
    this.ctx.drawImage(c, q.x, q.y, q.w, q.h);
  }

  /** The figures of a group: their captions and arrows as text, their canvases as images. */
  figures(group: HTMLElement): void {
    group.querySelectorAll<HTMLElement>('figcaption, .arrow').forEach((e) => this.text(e));
    group.querySelectorAll('canvas').forEach((c) => this.canvas(c));
  }

  /** The legend's entries: each swatch as drawn by the stylesheet, then its label. */
  legend(legendEl: HTMLElement, theme: Theme): void {
    const ctx = this.ctx;
    legendEl.querySelectorAll('canvas').forEach((c) => this.canvas(c));
    for (const child of Array.from(legendEl.children) as HTMLElement[]) {
      const sw = child.querySelector<HTMLElement>('.swatch');
      if (sw) this.swatch(sw, theme);
      const label = child.lastChild?.textContent ?? '';
      const q = this.at(child);
      const s = getComputedStyle(child);
      ctx.fillStyle = s.color;
      ctx.font = `${s.fontSize} ${s.fontFamily}`;
      ctx.textBaseline = 'top';
      ctx.fillText(label, q.x + (sw ? sw.getBoundingClientRect().width + 4 : 0), q.y + 1);
    }
  }

  private swatch(sw: HTMLElement, theme: Theme): void {
    const ctx = this.ctx;
    const q = this.at(sw);
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
}

/** Draws what the panel shows (texts and canvases at their places) onto one canvas. */
function renderViewCanvas(page: Page, scale: number): HTMLCanvasElement {
  const theme = readTheme(document.body);
  const root = page.app.getBoundingClientRect();
  const { titleEl, metaEl, messageEl, trainHeading, trainEl, boardsHeading, boardsEl, summaryEl, curveHeading, curveCanvas, legendEl } =
    page;
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
  const painter = new ViewPainter(ctx, root, pad, w);
  for (const p of parts) {
    if (p === trainEl || p === boardsEl) painter.figures(p);
    else if (p === legendEl) painter.legend(p, theme);
    else if (p === curveCanvas) painter.canvas(curveCanvas);
    else painter.text(p);
  }
  return out;
}

/** Every step's prediction side by side (wrapping after 8), with the step and its halting score above each. */
function renderStripCanvas(t: Trace, scale: number, view: Pick<ViewState, 'heatmap' | 'digits'>): HTMLCanvasElement {
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
    const x = pad + (i % perRow) * (boardW + gap);
    const y = pad + head + Math.floor(i / perRow) * (cap + boardH + gap);
    ctx.font = `bold 12px ${theme.font}`;
    ctx.fillStyle = f.step === halt ? theme.good : theme.fg;
    ctx.fillText(`step ${f.step}${f.step === halt ? ' · halts' : ''}`, x, y, boardW);
    ctx.font = `11px ${theme.font}`;
    ctx.fillStyle = theme.muted;
    const wrong = f.wrongCount === null ? '' : ` · ${f.wrongCount} wrong`;
    ctx.fillText(`halt ${f.haltScore.toFixed(2)} · ${f.changedCount} changed${wrong}`, x, y + 15, boardW);
    drawBoard(ctx, x, y + cap, { kind: t.kind, frame: f, cell, theme, heatmap: view.heatmap, digits: view.digits && cell >= 9 });
  });
  return out;
}

/** Draws the PNG and posts it to the extension, or says why it could not. */
export function exportPng(what: ExportKind, state: ViewState, page: Page, post: (msg: FromWebview) => void): void {
  try {
    let canvas: HTMLCanvasElement;
    let name: string;
    if (what === 'strip') {
      if (!state.trace || state.trace.steps.length === 0) {
        post({ type: 'notify', level: 'warning', message: 'There is no trace to export yet: run the model on the puzzle first.' });
        return;
      }
      canvas = renderStripCanvas(state.trace, 2, state);
      name = `${fileStem(state)}-trace.png`;
    } else {
      canvas = renderViewCanvas(page, 2);
      const step = state.trace?.steps[state.stepIndex];
      name = step ? `${fileStem(state)}-step${step.step}.png` : `${fileStem(state)}.png`;
    }
    post({ type: 'exportPng', what, dataUrl: canvas.toDataURL('image/png'), suggestedName: name });
  } catch (e) {
    post({ type: 'notify', level: 'error', message: `The PNG could not be drawn: ${e instanceof Error ? e.message : String(e)}` });
  }
}
