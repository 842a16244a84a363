// The one entry point for "every diagnostic the core knows" about a document: the CLI `check` command and
// the language server both call it. Today: the parser's diagnostics; the rules add theirs here.

import type { Diagnostic } from './dsl/ast';
import { parse } from './dsl/parser';

/** Compare diagnostics by position, then code (the order the CLI prints them in). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Every diagnostic for a document's text, sorted by position. Never throws. */
export function checkDocument(text: string): Diagnostic[] {
  const { diagnostics } = parse(text);
  return [...diagnostics].sort(compareDiagnostics);
}
