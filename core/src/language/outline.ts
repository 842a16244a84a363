// Document outline, folding ranges and inlay hints as plain data.

import type { ArcDocument, Puzzle, Range, Section } from '../dsl/ast';
import { gridRowCount } from '../dsl/lazyGrid';
import { sectionSize } from '../dsl/symbols';
import { sudokuSize } from '../rules/facts';

export type OutlineKind = 'puzzle' | 'pair' | 'section' | 'property';

export interface OutlineNode {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The puzzle kind for puzzle nodes (clients pick an icon from it). */
  puzzleKind?: Puzzle['kind'];
  range: Range;
  selectionRange: Range;
  children: OutlineNode[];
}

function size(s: Section): string {
  const { rows, cols } = sectionSize(s);
  return `${rows}x${cols}`;
}

function sectionNode(s: Section): OutlineNode {
  return { name: s.keyword, detail: size(s), kind: 'section', range: s.range, selectionRange: s.keywordRange, children: [] };
}

function puzzleDetail(p: Puzzle): string {
  if (p.kind === 'arc') {
    const train = p.pairs.filter((x) => x.role === 'train').length;
    return `arc · ${train} train, ${p.pairs.length - train} test`;
  }
  if (p.kind === 'sudoku') {
    const n = sudokuSize(p);
    return n ? `sudoku ${n}x${n}` : 'sudoku';
  }
  return p.grid ? `maze ${size(p.grid)}` : 'maze';
}

export function outline(doc: ArcDocument): OutlineNode[] {
  return doc.puzzles.map((p) => {
    const children: OutlineNode[] = [];
    if (p.kind === 'arc') {
      let train = 0;
      let test = 0;
      for (const pair of p.pairs) {
        const n = pair.role === 'train' ? ++train : ++test;
        children.push({
          name: `${pair.role} ${n}`,
          detail: [pair.input, pair.output]
            .filter((s): s is Section => !!s)
            .map(size)
            .join(' → '),
          kind: 'pair',
          range: pair.range,
          selectionRange: pair.keywordRange,
          children: [pair.input, pair.output].filter((s): s is Section => !!s).map(sectionNode),
        });
      }
    } else {
      const sections = p.kind === 'sudoku' ? [p.givens, p.solution] : [p.grid, p.path];
      for (const s of sections) if (s) children.push(sectionNode(s));
    }
    return {
      name: p.name || `(unnamed ${p.kind})`,
      detail: puzzleDetail(p),
      kind: 'puzzle' as const,
      puzzleKind: p.kind,
      range: p.range,
      selectionRange: p.name ? p.nameRange : p.kindRange,
      children,
    };
  });
}

export interface FoldingEntry {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Folding ranges: puzzles, pairs, sections, and runs of two or more whole-line comments (`text` tells
 *  whole-line comments from comments after a row; without it every comment counts). */
export function foldingRanges(doc: ArcDocument, text?: string): FoldingEntry[] {
  const out: FoldingEntry[] = [];
  const add = (r: Range): void => {
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line, kind: 'region' });
  };
  for (const p of doc.puzzles) {
    add(p.range);
    if (p.kind === 'arc') {
      for (const pair of p.pairs) {
        add(pair.range);
        if (pair.input) add(pair.input.range);
        if (pair.output) add(pair.output.range);
      }
    } else {
      for (const s of p.kind === 'sudoku' ? [p.givens, p.solution] : [p.grid, p.path]) if (s) add(s.range);
    }
  }
  // Runs of whole-line comments.
  let runStart = -1;
  let prev = -2;
  const lines = text?.split(/\r\n|\r|\n/);
  const wholeLine = doc.comments
    .filter((c) => !lines || (lines[c.range.start.line] ?? '').slice(0, c.range.start.character).trim() === '')
    .map((c) => c.range.start.line);
  const flush = (): void => {
    if (runStart >= 0 && prev > runStart) out.push({ startLine: runStart, endLine: prev, kind: 'comment' });
  };
  for (const line of wholeLine) {
    if (line === prev + 1) prev = line;
    else {
      flush();
      runStart = line;
      prev = line;
    }
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

export interface InlayHintEntry {
  position: Range['start'];
  label: string;
  tooltip?: string;
}

/** Grid sizes: after a header without a size annotation (`9x9`), after each ARC pair keyword (`3x3 → 9x9`). */
export function inlayHints(doc: ArcDocument, range?: Range): InlayHintEntry[] {
  const out: InlayHintEntry[] = [];
  const inRange = (line: number): boolean => !range || (line >= range.start.line && line <= range.end.line);
  for (const p of doc.puzzles) {
    if (p.range.end.line < (range?.start.line ?? 0) || p.range.start.line > (range?.end.line ?? Infinity)) continue;
    if (p.kind === 'arc') {
      for (const pair of p.pairs) {
        if (!inRange(pair.keywordRange.start.line) || !pair.input) continue;
        const a = size(pair.input);
        const b = pair.output ? size(pair.output) : '?';
        out.push({ position: pair.keywordRange.end, label: `${a} → ${b}`, tooltip: 'input size → output size' });
      }
    } else if (!p.declared && inRange(p.headerRange.start.line)) {
      const s = p.kind === 'sudoku' ? (p.givens ?? p.solution) : (p.grid ?? p.path);
      if (s && gridRowCount(s.grid)) out.push({ position: p.headerRange.end, label: size(s), tooltip: 'grid size (rows x columns)' });
    }
  }
  return out;
}
