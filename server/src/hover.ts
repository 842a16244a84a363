import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../core/src/language/hover';
import { toLspRange } from './convert';
import { runHook, type ServerContext } from './context';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(
    ctx.guard('hover', async (params: HoverParams, token): Promise<Hover | null> => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return null;
      // Only the puzzle under the cursor: a hover does not wait for the rest of a large document's parse.
      const puzzle = ctx.cache.puzzleAt(doc, params.position.line);
      const h = hoverAt(puzzle ? [puzzle] : [], params.position, { solveLimitMs: ctx.settings.solverGiveUpMs });
      const parts = h ? [h.markdown] : [];
      let range = h ? toLspRange(h.range) : undefined;
      for (const hook of ctx.hooks) {
        if (!hook.hover) continue;
        const extra = await runHook(ctx, 'hover', undefined, () => hook.hover!(params, token));
        if (!extra) continue;
        parts.push(extra.markdown);
        range ??= extra.range;
      }
      if (parts.length === 0) return null;
      const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
      if (range) hover.range = range;
      return hover;
    }),
  );
}
