// The TRM part of a hover: on a puzzle header, a summary of each run; on a cell the model answers, the
// cell's symbol and probability at every supervision step (core/src/assist/present.ts writes the markdown).

import type { CancellationToken, HoverParams, Range as LspRange } from 'vscode-languageserver';
import { modelCellAt, runCount } from '../../../../core/src/assist/cells';
import { cellHoverMarkdown, headerHoverMarkdown } from '../../../../core/src/assist/present';
import { locate } from '../../../../core/src/language/locate';
import { codeSpan, escapeMarkdown } from '../../../../core/src/language/markdown';
import { fixedSymbol } from '../../../../core/src/trm/encode';
import { knownAnswers } from '../../../../core/src/trm/knownAnswer';
import { toLspRange } from '../../convert';
import type { TrmAssistant } from '../assistant';
import { isNoRun } from '../runs';

/** How long a hover waits for a run to finish before showing what it has. */
const HOVER_WAIT_MS = 600;

export async function trmHover(
  a: TrmAssistant,
  params: HoverParams,
  token: CancellationToken,
): Promise<{ markdown: string; range?: LspRange } | undefined> {
  const uri = params.textDocument.uri;
  const puzzles = a.puzzles(uri);
  const loc = locate(puzzles, params.position);
  if (!loc.puzzle) return undefined;
  const index = puzzles.indexOf(loc.puzzle);
  if (loc.onHeader) {
    const parts: string[] = [];
    const n = runCount(loc.puzzle);
    for (let t = 0; t < n; t++) {
      const r = await a.runFor(uri, loc.puzzle, index, t, HOVER_WAIT_MS, token);
      if (!r) continue;
      if (isNoRun(r)) {
        if (r.reason !== 'no-input') parts.push(`**TRM**: ${escapeMarkdown(r.message)}`);
        continue;
      }
      parts.push(
        headerHoverMarkdown({
          kind: r.grids.kind,
          model: r.model.meta.name,
          ...knownAnswers(r.grids),
          steps: r.steps,
          running: r.state === 'running',
          ...(r.outcome ? { outcome: r.outcome } : {}),
          ...(r.error ? { error: `Failed: ${r.error}` } : r.state === 'cancelled' && !r.outcome ? { error: 'Cancelled.' } : {}),
          ...(n > 1 ? { label: `test ${t + 1}` } : {}),
        }),
      );
    }
    return parts.length ? { markdown: parts.join('\n\n'), range: toLspRange(loc.puzzle.headerRange) } : undefined;
  }
  const cell = modelCellAt(loc);
  if (!cell || !loc.cell) return undefined;
  const r = await a.runFor(uri, loc.puzzle, index, cell.testIndex, HOVER_WAIT_MS, token);
  if (!r || isNoRun(r)) return undefined;
  const range = toLspRange(loc.cell.range);
  if (r.error) return { markdown: `**TRM** ${codeSpan(r.model.meta.name)}: the run failed: ${escapeMarkdown(r.error)}`, range };
  const fixed = r.grids.kind === 'arc' ? undefined : fixedSymbol(r.grids.given, cell.row, cell.col);
  return {
    markdown: cellHoverMarkdown({
      model: r.model.meta.name,
      row: cell.row,
      col: cell.col,
      steps: r.steps,
      running: r.state === 'running',
      maxSteps: r.maxSteps,
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(fixed !== undefined ? { fixed } : {}),
      kind: r.grids.kind,
      ...knownAnswers(r.grids),
    }),
    range,
  };
}
