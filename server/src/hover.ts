import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../core/src/language/hover';
import { toLspRange } from './convert';
import type { ServerContext } from './context';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(ctx.guard('hover', (params: HoverParams): Hover | null => {
    const a = ctx.analysis(params.textDocument.uri);
    if (!a) return null;
    const h = hoverAt(a.parsed.document.puzzles, params.position);
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toLspRange(h.range) };
  }));
}
