import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { completionsAt } from '../../core/src/language/completion';
import { toCompletionItem } from './convert';
import { runHook, type ServerContext } from './context';

/** The text of one line of a document (without its line end). */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return text.slice(start, end);
}

export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion(
    ctx.guard('completion', async (params: CompletionParams, token): Promise<CompletionItem[]> => {
      const a = ctx.analysis(params.textDocument.uri);
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!a || !doc) return [];
      const line = doc
        .getText({ start: { line: params.position.line, character: 0 }, end: { line: params.position.line + 1, character: 0 } })
        .replace(/\r?\n$/, '');
      const snippets = ctx.clientCapabilities?.textDocument?.completion?.completionItem?.snippetSupport === true;
      let items = completionsAt(a.parsed.document.puzzles, params.position, line).map((e) => toCompletionItem(e, snippets));
      for (const hook of ctx.hooks) {
        if (hook.completion) {
          const before = items;
          items = await runHook(ctx, 'completion', before, () => hook.completion!(params, before, token));
        }
      }
      return items;
    }),
  );
}
