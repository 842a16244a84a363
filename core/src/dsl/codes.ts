// Stable parser diagnostic codes (documented in docs/dsl.md, "Diagnostics").
// `lossy`: the parser dropped text it could not place in the tree; the formatter refuses to rewrite such a document.

import type { Severity } from './ast';

export interface CodeInfo {
  severity: Severity;
  lossy: boolean;
  title: string;
}

export const PARSER_CODES = {
  P000: { severity: 'error', lossy: true, title: 'internal parser error (a bug: please report it)' },
  P001: { severity: 'error', lossy: true, title: 'unknown keyword' },
  P002: { severity: 'error', lossy: false, title: 'missing puzzle name' },
  P003: { severity: 'error', lossy: true, title: 'invalid size annotation' },
  P004: { severity: 'error', lossy: true, title: 'unexpected text after a keyword' },
  P005: { severity: 'error', lossy: true, title: 'content before the first puzzle header' },
  P006: { severity: 'error', lossy: true, title: 'section not allowed in this kind of puzzle' },
  P007: { severity: 'error', lossy: true, title: 'duplicate section' },
  P008: { severity: 'error', lossy: true, title: 'input/output outside a train or test pair' },
  P009: { severity: 'error', lossy: true, title: 'grid row outside a section' },
  P010: { severity: 'error', lossy: false, title: 'cell token longer than one character' },
  P011: { severity: 'error', lossy: false, title: 'symbol not allowed in this section' },
  P012: { severity: 'error', lossy: false, title: 'row length differs from the first row' },
  P013: { severity: 'error', lossy: false, title: 'section size differs from its annotation' },
  P014: { severity: 'error', lossy: false, title: 'grid size differs from the header annotation' },
  P015: { severity: 'error', lossy: false, title: 'empty section' },
  P016: { severity: 'error', lossy: false, title: 'unsupported grid size' },
  P017: { severity: 'error', lossy: false, title: 'missing section' },
  P018: { severity: 'warning', lossy: false, title: 'property after a section' },
  P019: { severity: 'error', lossy: false, title: 'sections of one puzzle disagree in size' },
  P020: { severity: 'warning', lossy: true, title: 'box separators outside a Sudoku' },
  P021: { severity: 'warning', lossy: false, title: 'box separator not at a box boundary' },
  P022: { severity: 'warning', lossy: false, title: 'duplicate puzzle name' },
  P023: { severity: 'warning', lossy: false, title: 'size annotation on an ARC header is ignored' },
} as const satisfies Record<string, CodeInfo>;

export type ParserCode = keyof typeof PARSER_CODES;

/** Whether a parser diagnostic means text was dropped from the tree (formatting would lose it). */
export function isLossy(code: string): boolean {
  const info = (PARSER_CODES as Record<string, CodeInfo>)[code];
  return info !== undefined && info.lossy;
}
