// The one entry point for "every diagnostic the core knows" about a document: the CLI `check` command and
// the language server both call it (the server runs the same steps puzzle by puzzle so it can yield and
// cancel: server/src/diagnostics.ts).

import type { Diagnostic, ParseResult } from './dsl/ast';
import { parse } from './dsl/parser';
import { ruleDiagnostics, type RuleOptions } from './rules/diagnostics';

/** Compare diagnostics by position, then code (the order the CLI prints them in). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** Parser diagnostics plus the rules' diagnostics of a parsed document, sorted by position. */
export function diagnosticsOf(parsed: ParseResult, opts: RuleOptions = {}): Diagnostic[] {
  let rules: Diagnostic[];
  try {
    rules = ruleDiagnostics(parsed.document, opts);
  } catch (e) {
    rules = [
      {
        code: 'R000',
        severity: 'error',
        source: 'rules',
        message: `internal error in the rule checks: ${e instanceof Error ? e.message : String(e)}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ];
  }
  return [...parsed.diagnostics, ...rules].sort(compareDiagnostics);
}

/** Every diagnostic for a document's text (parser and rules), sorted by position. Never throws. */
export function checkDocument(text: string, opts: RuleOptions = {}): Diagnostic[] {
  return diagnosticsOf(parse(text), opts);
}
