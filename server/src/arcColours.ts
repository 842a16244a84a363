// Where the client paints the ARC palette: the swatch ranges of the current version's ARC cells, from the one
// parse the server already holds (the client never parses a document).
import { arcColourRanges } from '../../core/src/language/colours';
import { Messages, onRequest, type ArcColoursParams, type ArcColoursReply } from '../../core/src/protocol/messages';
import type { ServerContext } from './context';

/** Larger documents get no swatches: thousands of decorations slow the editor more than they help. */
const MAX_CHARS = 2_000_000;

export function registerArcColours(ctx: ServerContext): void {
  onRequest(
    ctx.connection,
    Messages.arcColours,
    ctx.guard('arcColours', (p: ArcColoursParams): ArcColoursReply | null => {
      if (typeof p?.uri !== 'string') return null;
      const a = ctx.analysis(p.uri);
      if (!a) return null;
      const byColour = a.text.length <= MAX_CHARS ? arcColourRanges(a.parsed.document) : Array.from({ length: 10 }, () => []);
      return { version: a.version, byColour };
    }),
  );
}
