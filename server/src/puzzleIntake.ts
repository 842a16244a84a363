// Bringing puzzles in: the `New Puzzle` templates, `Import` of a puzzle file, and the quick fix that converts a
// pasted Sudoku string or ARC/Kaggle JSON in place. The decisions live in core (templates in the completion
// module, converters in core/src/io); this file maps them to LSP. The client sends file contents, never parses.

import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { ImportError, importText, pasteConversionAt } from '../../core/src/io';
import { print } from '../../core/src/dsl/printer';
import { puzzleTemplates, snippetToPlainText, type PuzzleTemplate } from '../../core/src/language/completion';
import type { ServerContext } from './context';
import type { ServerExtension } from './serverMain';

export const TEMPLATES_COMMAND = 'gridReasoner.server.puzzleTemplates';
export const IMPORT_COMMAND = 'gridReasoner.server.importPuzzles';

export interface TemplateItem extends PuzzleTemplate {
  plain: string;
}

export type ImportReply = { ok: true; text: string; format: string; count: number } | { ok: false; message: string };

/** args: [fileName, text, solutionsText?]. The file name picks the format (.json, .csv, .txt) as in the CLI. */
function importPuzzles(args: unknown[]): ImportReply {
  const [fileName, text, solutions] = args;
  if (
    typeof fileName !== 'string' ||
    typeof text !== 'string' ||
    (solutions !== undefined && solutions !== null && typeof solutions !== 'string')
  ) {
    return { ok: false, message: 'import needs a file name and the file text' };
  }
  try {
    const r = importText(fileName, text, typeof solutions === 'string' ? solutions : undefined);
    if (r.puzzles.length === 0) return { ok: false, message: `${fileName}: no puzzles in the file` };
    return { ok: true, text: print({ puzzles: r.puzzles, comments: [] }), format: r.format, count: r.puzzles.length };
  } catch (e) {
    if (e instanceof ImportError) {
      const where = e.line !== undefined ? `${fileName}:${e.line}:${e.column ?? 1}` : fileName;
      return { ok: false, message: `${where}: ${e.message}` };
    }
    throw e;
  }
}

function pasteActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const a = ctx.analysis(uri);
  if (!a) return [];
  const c = pasteConversionAt(a.text, params.range.start.line);
  if (!c) return [];
  const lines = a.text.split(/\r\n|\r|\n/);
  const range = { start: { line: c.startLine, character: 0 }, end: { line: c.endLine, character: lines[c.endLine]?.length ?? 0 } };
  const diagnostics = params.context.diagnostics.filter((d) => d.range.start.line >= c.startLine && d.range.start.line <= c.endLine);
  const action: CodeAction = { title: c.title, kind: CodeActionKind.QuickFix };
  if (diagnostics.length) action.diagnostics = diagnostics;
  if (c.newText !== undefined) {
    action.edit = { changes: { [uri]: [{ range, newText: c.newText }] } };
    action.isPreferred = true;
  } else action.disabled = { reason: c.disabledReason ?? 'cannot convert this text' };
  return [action];
}

export function puzzleIntakeExtension(): ServerExtension {
  let ctx: ServerContext | undefined;
  return {
    register: (c) => {
      ctx = c;
    },
    commands: {
      [TEMPLATES_COMMAND]: (): TemplateItem[] => puzzleTemplates().map((t) => ({ ...t, plain: snippetToPlainText(t.snippet) })),
      [IMPORT_COMMAND]: (_ctx, args) => importPuzzles(args),
    },
    codeActions: (params) => {
      const only = params.context.only;
      if (!ctx || (only?.length && !only.some((k) => CodeActionKind.QuickFix.startsWith(k)))) return [];
      return pasteActions(ctx, params);
    },
  };
}
