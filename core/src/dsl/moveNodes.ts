// Copies of parsed nodes moved some lines down (or up): what a puzzle becomes when lines are inserted or deleted
// above it. The copy equals what parsing the moved text would give; the original is left as it is (an older
// version of the document may still be read). Written out node type by node type, field by field (a generic walk
// over every object costs several times more, and a document's worth of puzzles moves after an edit near its
// start): a field added to a node in ast.ts is added here too (tests/dsl/incremental.test.ts fails until it is).

import type { ArcPair, Comment, Diagnostic, GridNode, Position, Property, Puzzle, Range, Section, SizeAnnotation } from './ast';
import { movedLazyGrid } from './lazyGrid';

function pos(p: Position, lines: number): Position {
  return { line: p.line + lines, character: p.character };
}

function rng(r: Range, lines: number): Range {
  return { start: pos(r.start, lines), end: pos(r.end, lines) };
}

function size(s: SizeAnnotation, lines: number): SizeAnnotation {
  return { ...s, range: rng(s.range, lines) };
}

function grid(g: GridNode, lines: number): GridNode {
  const range = rng(g.range, lines);
  // A grid the parser built moves without building its rows.
  return (
    movedLazyGrid(g, lines, range) ?? {
      rows: g.rows.map((r) => ({ range: rng(r.range, lines), cells: r.cells.map((c) => ({ ...c, range: rng(c.range, lines) })) })),
      range,
      separators: g.separators,
    }
  );
}

function section(s: Section, lines: number): Section {
  const out: Section = {
    keyword: s.keyword,
    keywordRange: rng(s.keywordRange, lines),
    grid: grid(s.grid, lines),
    range: rng(s.range, lines),
  };
  if (s.declared) out.declared = size(s.declared, lines);
  return out;
}

function property(p: Property, lines: number): Property {
  return { key: p.key, value: p.value, keyRange: rng(p.keyRange, lines), valueRange: rng(p.valueRange, lines), range: rng(p.range, lines) };
}

function pair(p: ArcPair, lines: number): ArcPair {
  const out: ArcPair = { ...p, keywordRange: rng(p.keywordRange, lines), range: rng(p.range, lines) };
  if (p.input) out.input = section(p.input, lines);
  if (p.output) out.output = section(p.output, lines);
  return out;
}

export function movedPuzzle(p: Puzzle, lines: number): Puzzle {
  const base = {
    nameRange: rng(p.nameRange, lines),
    kindRange: rng(p.kindRange, lines),
    headerRange: rng(p.headerRange, lines),
    properties: p.properties.map((x) => property(x, lines)),
    range: rng(p.range, lines),
  };
  let out: Puzzle;
  if (p.kind === 'arc') out = { ...p, ...base, pairs: p.pairs.map((x) => pair(x, lines)) };
  else if (p.kind === 'sudoku') {
    out = { ...p, ...base };
    if (p.givens) out.givens = section(p.givens, lines);
    if (p.solution) out.solution = section(p.solution, lines);
  } else {
    out = { ...p, ...base };
    if (p.grid) out.grid = section(p.grid, lines);
    if (p.path) out.path = section(p.path, lines);
  }
  if (p.declared) out.declared = size(p.declared, lines);
  return out;
}

export function movedComment(c: Comment, lines: number): Comment {
  return { ...c, range: rng(c.range, lines) };
}

export function movedDiagnostic(d: Diagnostic, lines: number): Diagnostic {
  const out: Diagnostic = { ...d, range: rng(d.range, lines) };
  if (d.related) out.related = d.related.map((x) => ({ ...x, range: rng(x.range, lines) }));
  if (d.data !== undefined) out.data = movedData(d.data, lines);
  return out;
}

/** A diagnostic's extras, with any range in them moved (P007 points at the first section, for one). */
function movedData(v: unknown, lines: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => movedData(x, lines));
  const o = v as Record<string, unknown>;
  if (typeof o.line === 'number' && typeof o.character === 'number') return pos(o as unknown as Position, lines);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = movedData(o[k], lines);
  return out;
}
