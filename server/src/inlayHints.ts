import type { InlayHint, InlayHintParams } from 'vscode-languageserver';
import { inlayHints } from '../../core/src/language/outline';
import { toInlayHint } from './convert';
import type { ServerContext } from './context';

export function registerInlayHints(ctx: ServerContext): void {
  ctx.connection.languages.inlayHint.on(
    ctx.guard('inlayHint', (params: InlayHintParams): InlayHint[] => {
      const a = ctx.analysis(params.textDocument.uri);
      return a ? inlayHints(a.parsed.document, params.range).map(toInlayHint) : [];
    }),
  );
}
