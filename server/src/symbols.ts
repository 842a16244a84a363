import type { DocumentSymbol, DocumentSymbolParams } from 'vscode-languageserver';
import { outline } from '../../core/src/language/outline';
import { toDocumentSymbol } from './convert';
import type { ServerContext } from './context';

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(
    ctx.guard('documentSymbol', (params: DocumentSymbolParams): DocumentSymbol[] => {
      const a = ctx.analysis(params.textDocument.uri);
      return a ? outline(a.parsed.document).map(toDocumentSymbol) : [];
    }),
  );
}
