// Document and range formatting with the DSL printer. A document whose parse dropped text is not
// formatted (the printer would lose that text): the user gets a message naming the first such problem.

import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatText } from '../../core/src/dsl/printer';
import { comparePos } from '../../core/src/language/locate';
import { showMessage, type ServerContext } from './context';

function endOf(text: string): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]?.length ?? 0 };
}

function refuse(ctx: ServerContext, blocking: { code: string; message: string; range: { start: { line: number } } }[]): void {
  const b = blocking[0];
  if (!b) return;
  showMessage(
    ctx,
    'warning',
    `Grid Reasoner: not formatting: line ${b.range.start.line + 1}: ${b.code} ${b.message}. Fix it first (the formatter would drop text).`,
  );
}

export function registerFormatting(ctx: ServerContext): void {
  ctx.connection.onDocumentFormatting(
    ctx.guard('formatting', (params: DocumentFormattingParams): TextEdit[] => {
      const a = ctx.analysis(params.textDocument.uri);
      if (!a) return [];
      const r = formatText(a.text);
      if (r.blocking.length) {
        refuse(ctx, r.blocking);
        return [];
      }
      if (r.text === a.text) return [];
      return [{ range: { start: { line: 0, character: 0 }, end: endOf(a.text) }, newText: r.text }];
    }),
  );

  ctx.connection.onDocumentRangeFormatting(
    ctx.guard('rangeFormatting', (params: DocumentRangeFormattingParams): TextEdit[] => {
      const a = ctx.analysis(params.textDocument.uri);
      if (!a) return [];
      const puzzles = a.parsed.document.puzzles;
      const lines = a.text.split(/\r\n|\r|\n/);
      const edits: TextEdit[] = [];
      for (let i = 0; i < puzzles.length; i++) {
        const p = puzzles[i]!; // i < puzzles.length
        if (comparePos(p.range.end, params.range.start) < 0 || comparePos(params.range.end, p.range.start) < 0) continue;
        // The puzzle's lines: header to the line before the next header, trailing blank lines excluded.
        const first = p.headerRange.start.line;
        const next = puzzles[i + 1];
        let last = (next ? next.headerRange.start.line : lines.length) - 1;
        while (last > first && lines[last]?.trim() === '') last--;
        const slice = lines.slice(first, last + 1).join('\n') + '\n';
        const r = formatText(slice);
        if (r.blocking.length) {
          refuse(
            ctx,
            r.blocking.map((d) => ({ ...d, range: { start: { line: d.range.start.line + first } } })),
          );
          return [];
        }
        const newText = r.text.replace(/\n$/, '');
        const old = lines.slice(first, last + 1).join('\n');
        if (newText !== old)
          edits.push({
            range: { start: { line: first, character: 0 }, end: { line: last, character: lines[last]?.length ?? 0 } },
            newText,
          });
      }
      return edits;
    }),
  );
}
