import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { foldingRanges } from '../../core/src/language/outline';
import { toFoldingRange } from './convert';
import type { ServerContext } from './context';

export function registerFolding(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges(
    ctx.guard('foldingRange', (params: FoldingRangeParams): FoldingRange[] => {
      const a = ctx.analysis(params.textDocument.uri);
      return a ? foldingRanges(a.parsed.document, a.text).map(toFoldingRange) : [];
    }),
  );
}
