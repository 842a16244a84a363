// The board canvases of the page, each in a figure with its caption. They are kept across renders while the
// layout stays the same (so keyboard focus on the prediction grid stays put), and remember the geometry they
// were drawn with so that clicks and keys can be mapped to cells.

import { el } from './dom';
import type { Grid } from './messages';
import { boardSize, drawBoard, prepareCanvas, type Theme } from './render';
import type { Frame } from './viewModel';
import type { Trace } from '../../core/src/trm/trace';

export interface FigureSpec {
  id: string;
  caption: string;
  group: 'train' | 'boards';
  /** Train pairs: the input and output canvases share one figure. */
  pairWith?: string;
  interactive?: boolean;
}

export interface Geometry {
  rows: number;
  cols: number;
  cell: number;
}

/** What one board shows. */
export interface BoardDrawing {
  kind: Trace['kind'];
  grid?: Grid;
  frame?: Frame;
  givens?: Grid;
  cell: number;
  theme: Theme;
  label: string;
  marks?: boolean;
}

/** The view's options that every board follows. */
export interface BoardOptions {
  heatmap: boolean;
  digits: boolean;
  selected: [number, number] | null;
}

/** What a cell click or key on an interactive board does. */
export interface BoardInput {
  click(e: MouseEvent): void;
  key(e: KeyboardEvent): void;
}

export class Figures {
  private layoutKey = '';
  private readonly canvases = new Map<string, HTMLCanvasElement>();
  private readonly captions = new Map<string, HTMLElement>();
  private readonly geometry = new Map<string, Geometry>();

  constructor(
    private readonly trainEl: HTMLElement,
    private readonly boardsEl: HTMLElement,
    private readonly input: BoardInput,
  ) {}

  /**
   * Makes the figures match `specs` (rebuilt only when the layout changed) and sets their captions. The boards
   * are drawn next, so the geometry of the last drawing is forgotten.
   */
  ensure(specs: FigureSpec[]): void {
    const key = specs.map((s) => `${s.group}:${s.id}:${s.pairWith ?? ''}:${s.interactive ? 1 : 0}`).join('|');
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.rebuild(specs);
    }
    for (const s of specs) {
      const cap = this.captions.get(s.id);
      if (cap) cap.textContent = s.caption;
    }
    this.geometry.clear();
  }

  /** The geometry a board canvas was last drawn with. */
  geometryOf(canvas: HTMLCanvasElement): Geometry | undefined {
    return this.geometry.get(canvas.dataset.role ?? '');
  }

  draw(id: string, d: BoardDrawing, options: BoardOptions): void {
    const canvas = this.canvases.get(id);
    if (!canvas) return;
    const rows = d.frame ? d.frame.rows : (d.grid?.length ?? 0);
    const cols = d.frame ? d.frame.cols : rows ? Math.max(...d.grid!.map((r) => r.length)) : 0;
    const size = boardSize(rows, cols, d.cell);
    const ctx = prepareCanvas(canvas, size.width, size.height);
    const interactive = canvas.classList.contains('interactive');
    drawBoard(ctx, 0, 0, {
      kind: d.kind,
      ...(d.grid ? { grid: d.grid } : {}),
      ...(d.frame ? { frame: d.frame } : {}),
      ...(d.givens ? { givens: d.givens } : {}),
      cell: d.cell,
      theme: d.theme,
      heatmap: options.heatmap && d.frame !== undefined,
      digits: options.digits,
      selected: interactive ? options.selected : null,
      marks: d.marks !== false,
    });
    this.geometry.set(id, { rows, cols, cell: d.cell });
    canvas.dataset.rows = String(rows);
    canvas.dataset.cols = String(cols);
    canvas.dataset.cell = String(d.cell);
    canvas.setAttribute('aria-label', d.label);
  }

  private rebuild(specs: FigureSpec[]): void {
    this.canvases.clear();
    this.captions.clear();
    this.trainEl.replaceChildren();
    this.boardsEl.replaceChildren();
    for (const s of specs) {
      if (s.pairWith && this.canvases.has(s.pairWith)) continue; // drawn with its partner
      const canvas = this.canvas(s.id);
      const caption = el('figcaption');
      this.captions.set(s.id, caption);
      const partner = specs.find((p) => p.pairWith === s.id);
      const fig = partner
        ? el(
            'figure',
            {},
            caption,
            el('figure', { className: 'pair' }, canvas, el('span', { className: 'arrow', textContent: '→' }), this.canvas(partner.id)),
          )
        : el('figure', {}, caption, canvas);
      if (s.interactive) {
        canvas.tabIndex = 0;
        canvas.classList.add('interactive');
        canvas.addEventListener('click', (e) => this.input.click(e));
        canvas.addEventListener('keydown', (e) => this.input.key(e));
      }
      (s.group === 'train' ? this.trainEl : this.boardsEl).append(fig);
    }
  }

  private canvas(id: string): HTMLCanvasElement {
    const canvas = el('canvas', { className: 'board' });
    canvas.dataset.role = id;
    canvas.setAttribute('role', 'img');
    this.canvases.set(id, canvas);
    return canvas;
  }
}
