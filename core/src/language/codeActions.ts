// Code actions as plain data: quick fixes for diagnostics and puzzle-level actions (solve, check uniqueness).

import type { ArcDocument, Diagnostic, Puzzle, Range, Section } from '../dsl/ast';
import { allowedSymbols, sudokuValueToSymbol, UNKNOWN } from '../dsl/symbols';
import { fillSection, lineStarts, type TextEdit } from '../rules/edits';
import { puzzleRuleDiagnostics, startRuleRun } from '../rules/diagnostics';
import { sudokuSize } from '../rules/facts';
import { solveExactly } from '../rules/solve';
import { comparePos, locate, puzzleAtLine, rangesOverlap, sectionsOf } from './locate';

export type ActionKind = 'quickfix' | 'refactor.rewrite';

export interface CodeActionEntry {
  title: string;
  kind: ActionKind;
  edits?: TextEdit[];
  /** A command for the client/server to run instead of (or after) the edits. */
  command?: { command: string; title: string; arguments: unknown[] };
  /** The diagnostics this action fixes. */
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  /** Why the action cannot run now (shown greyed out by clients that support it, else left out). */
  disabledReason?: string;
}

/** Solver time a code action request may spend (ms): the diagnostics finish slower puzzles in the background. */
export const CODE_ACTION_SOLVE_MS = 100;

/** Server command that counts solutions with a high cap and reports it. Arguments: [uri, puzzleIndex]. */
export const CHECK_UNIQUENESS_COMMAND = 'gridReasoner.server.checkUniqueness';

/** The symbol that stands for "not known yet" in a section, or the neutral filler where `?` is not allowed. */
export function fillerSymbol(p: Puzzle, section: Section, role?: 'train' | 'test'): string {
  const size = p.kind === 'sudoku' ? sudokuSize(p) : undefined;
  const allowed = allowedSymbols(p.kind, section.keyword, { role, size });
  if (!allowed || allowed.has(UNKNOWN)) return UNKNOWN;
  if (allowed.has('.')) return '.';
  return '0';
}

function sectionOfRange(p: Puzzle, r: Range): { section: Section; role?: 'train' | 'test' } | undefined {
  for (const { section, pair } of sectionsOf(p)) {
    if (comparePos(section.range.start, r.start) <= 0 && comparePos(r.end, section.range.end) <= 0) {
      return pair ? { section, role: pair.role } : { section };
    }
  }
  return undefined;
}

/** Whether the edited line still parses as one grid row holding exactly `cells` (the edit stays on the line). */
function rowSurvives(text: string, edit: TextEdit, line: number, cells: readonly string[]): boolean {
  if (edit.range.start.line !== line || edit.range.end.line !== line) return false;
  const starts = lineStarts(text);
  const lineText = text.slice(starts[line], line + 1 < starts.length ? starts[line + 1] : text.length).replace(/[\r\n]+$/, '');
  const edited = lineText.slice(0, edit.range.start.character) + edit.newText + lineText.slice(edit.range.end.character);
  const body = edited.replace(/\/\/.*$/, '').trim();
  if (/^[-+|\s]*$/.test(body)) return false;
  const tokens = body.split(/\s+/).filter((t) => t !== '|');
  return tokens.length === cells.length && tokens.every((t, i) => t === cells[i]);
}

function fixRaggedRow(p: Puzzle, d: Diagnostic, text: string): CodeActionEntry[] {
  const found = sectionOfRange(p, d.range);
  if (!found) return [];
  const { section, role } = found;
  const rows = section.grid.rows;
  const row = rows.find((r) => r.range.start.line === d.range.start.line);
  const width = rows[0]?.cells.length ?? 0;
  if (!row || width === 0) return [];
  const n = row.cells.length;
  const last = row.cells.at(-1);
  if (n < width && last !== undefined) {
    const fill = fillerSymbol(p, section, role);
    return [
      {
        title: `Pad the row with ${width - n} '${fill}' cell${width - n === 1 ? '' : 's'}`,
        kind: 'quickfix',
        diagnostics: [d],
        isPreferred: true,
        edits: [{ range: { start: last.range.end, end: last.range.end }, newText: (' ' + fill).repeat(width - n) }],
      },
    ];
  }
  if (n > width && last !== undefined) {
    const keptLast = row.cells[width - 1]!; // 0 < width < n
    const edit = { range: { start: keptLast.range.end, end: last.range.end }, newText: '' };
    // The row must stay a row of `width` cells: a row left as `--` alone would read as a box separator.
    if (
      !rowSurvives(
        text,
        edit,
        row.range.start.line,
        row.cells.slice(0, width).map((c) => c.symbol),
      )
    )
      return [];
    return [
      {
        title: `Remove the last ${n - width} cell${n - width === 1 ? '' : 's'} of the row`,
        kind: 'quickfix',
        diagnostics: [d],
        edits: [edit],
      },
    ];
  }
  return [];
}

function quickFixes(p: Puzzle, d: Diagnostic, text: string): CodeActionEntry[] {
  const data = (d.data ?? {}) as Record<string, unknown>;
  switch (d.code) {
    case 'P012':
      return fixRaggedRow(p, d, text);
    case 'R101': {
      const blank = data.section === 'solution' ? UNKNOWN : '.';
      return [
        {
          title: `Clear this ${sudokuValueToSymbol(Number(data.digit))} (write '${blank}')`,
          kind: 'quickfix',
          diagnostics: [d],
          edits: [{ range: d.range, newText: blank }],
        },
      ];
    }
    case 'R102': {
      const g = sudokuValueToSymbol(Number(data.given));
      return [
        {
          title: `Write the given ${g} here`,
          kind: 'quickfix',
          diagnostics: [d],
          isPreferred: true,
          edits: [{ range: d.range, newText: g }],
        },
      ];
    }
    case 'R308': {
      const own = String(data.maze ?? '');
      if (own.length !== 1) return [];
      return [
        {
          title: `Write the maze's ${own} here`,
          kind: 'quickfix',
          diagnostics: [d],
          isPreferred: true,
          edits: [{ range: d.range, newText: own }],
        },
      ];
    }
    case 'P011': {
      const found = sectionOfRange(p, d.range);
      if (!found) return [];
      const fill = fillerSymbol(p, found.section, found.role);
      return [
        {
          title: `Replace '${String(data.symbol ?? '')}' with '${fill}'`,
          kind: 'quickfix',
          diagnostics: [d],
          edits: [{ range: d.range, newText: fill }],
        },
      ];
    }
    default:
      return [];
  }
}

/** Puzzle-level actions for the puzzle under the range: Solve exactly, Check uniqueness. */
export function puzzleActions(p: Puzzle, puzzleIndex: number, uri: string, text: string, opts: CodeActionOptions = {}): CodeActionEntry[] {
  if (p.kind === 'arc') return [];
  const out: CodeActionEntry[] = [];
  const s = solveExactly(p, 2, { deadline: performance.now() + CODE_ACTION_SOLVE_MS, limitMs: opts.solveLimitMs });
  if (s.status === 'pending' || s.status === 'tooSlow') {
    out.push({ title: `Solve exactly: ${p.name}`, kind: 'refactor.rewrite', disabledReason: s.message });
  } else if (s.status === 'solved' && s.answer && s.target) {
    const edits = fillSection(p, s.target, s.answer, text);
    const what = p.kind === 'sudoku' ? 'solution' : 'path';
    out.push({
      title:
        edits.length === 0
          ? `Solve exactly: the ${what} is already written`
          : `Solve exactly: write the ${what} of ${p.name}${s.unique ? '' : ' (not unique: writes one)'}`,
      kind: 'refactor.rewrite',
      edits,
    });
  }
  out.push({
    title: `Check uniqueness of ${p.name}`,
    kind: 'refactor.rewrite',
    command: { command: CHECK_UNIQUENESS_COMMAND, title: 'Check uniqueness', arguments: [uri, puzzleIndex] },
  });
  return out.filter((a) => !(a.edits && a.edits.length === 0));
}

/**
 * Every action for a range: quick fixes for the given diagnostics (those the client sent in the request,
 * which are ours), then the puzzle-level actions of the puzzle under the range start.
 */
export interface CodeActionOptions {
  /** Solver time after which a puzzle is "not checked: too slow" (the server's give-up setting). */
  solveLimitMs?: number;
  /** The parser's diagnostics of this very text (quick fixes are re-derived from them, see below). */
  parserDiagnostics?: readonly Diagnostic[];
}

const sameRange = (a: Range, b: Range): boolean => comparePos(a.start, b.start) === 0 && comparePos(a.end, b.end) === 0;

/**
 * The diagnostic of the current text that a client's diagnostic stands for, or undefined. The client sends
 * back what was published for some earlier version: right after an edit its ranges point at other text, and
 * its data is whatever the client (or a forged request) put there. A fix is built only from a diagnostic the
 * current text has, with the same code, range and message.
 */
function currentDiagnostic(p: Puzzle, d: Diagnostic, parserDiagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  const same = (c: Diagnostic): boolean => c.code === d.code && c.message === d.message && sameRange(c.range, d.range);
  if (d.code.startsWith('P')) return parserDiagnostics.find(same);
  return puzzleRuleDiagnostics(p, startRuleRun()).find(same);
}

export function codeActions(
  doc: ArcDocument,
  text: string,
  uri: string,
  range: Range,
  diagnostics: readonly Diagnostic[],
  opts: CodeActionOptions = {},
): CodeActionEntry[] {
  const out: CodeActionEntry[] = [];
  for (const d of diagnostics) {
    if (!rangesOverlap(d.range, range)) continue;
    const p = puzzleAtLine(doc.puzzles, d.range.start.line);
    const current = p && currentDiagnostic(p, d, opts.parserDiagnostics ?? []);
    if (p && current) out.push(...quickFixes(p, current, text));
  }
  // One diagnostic per unit can point at the same cell (row and box): offer each distinct fix once,
  // listing every diagnostic it fixes.
  const unique: CodeActionEntry[] = [];
  const byKey = new Map<string, CodeActionEntry>();
  for (const a of out) {
    const key = `${a.title}\u0000${JSON.stringify(a.edits ?? [])}`;
    const seen = byKey.get(key);
    if (seen) seen.diagnostics = [...(seen.diagnostics ?? []), ...(a.diagnostics ?? [])];
    else {
      byKey.set(key, a);
      unique.push(a);
    }
  }
  const loc = locate(doc.puzzles, range.start);
  if (loc.puzzle) unique.push(...puzzleActions(loc.puzzle, doc.puzzles.indexOf(loc.puzzle), uri, text, opts));
  return unique;
}
