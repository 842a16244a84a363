// Completions in a cell the model answers: the built-in legal symbols, ranked by the model's probability at
// its last step (core/src/assist/rank.ts), with what the rules forbid kept but marked.

import {
  CompletionItemKind,
  CompletionItemTag,
  type CancellationToken,
  type CompletionItem,
  type CompletionParams,
} from 'vscode-languageserver';
import { modelCellAt } from '../../../../core/src/assist/cells';
import { percent } from '../../../../core/src/assist/present';
import { rankSymbols } from '../../../../core/src/assist/rank';
import { cellColumnAt } from '../../../../core/src/language/completion';
import { locate } from '../../../../core/src/language/locate';
import type { TrmAssistant } from '../assistant';
import { isNoRun } from '../runs';

/** How long a completion waits for a run to finish before answering without the model. */
const COMPLETION_WAIT_MS = 800;

export async function trmCompletion(
  a: TrmAssistant,
  params: CompletionParams,
  items: CompletionItem[],
  token: CancellationToken,
): Promise<CompletionItem[]> {
  const values = items.filter((i) => i.kind === CompletionItemKind.Value || i.kind === CompletionItemKind.Color);
  if (values.length === 0) return items;
  const uri = params.textDocument.uri;
  const puzzles = a.puzzles(uri);
  const loc = locate(puzzles, params.position);
  if (!loc.puzzle || !loc.section || loc.row === undefined) return items;
  const p = loc.puzzle;
  // The column being typed, from the parse tree: the cell under the cursor, else the next one.
  const gridRow = loc.section.grid.rows[loc.row];
  if (!gridRow) return items;
  const { col } = cellColumnAt(gridRow, params.position);
  const cell = modelCellAt({ ...loc, col, cell: loc.cell ?? { symbol: '', range: { start: params.position, end: params.position } } });
  if (!cell || (p.kind === 'maze' && !cell.inAnswer)) return items;
  const r = await a.runFor(uri, p, puzzles.indexOf(p), cell.testIndex, COMPLETION_WAIT_MS, token);
  if (!r || isNoRun(r)) return items;
  // Special tokens (<pad>, <eos>) are not cell symbols.
  const top = r.steps[r.steps.length - 1]?.top[cell.row]?.[cell.col]?.filter((c) => !c.symbol.startsWith('<'));
  if (!top) return items;
  const fillers = new Set(p.kind === 'sudoku' ? ['?', '.'] : ['?']);
  const byLabel = new Map(values.map((i) => [i.label, i]));
  const template = values[0]!;
  const merged = rankSymbols(
    values.map((i) => i.label),
    fillers,
    top,
  ).map((s) => {
    const base = byLabel.get(s.symbol);
    const item: CompletionItem = base
      ? { ...base }
      : {
          label: s.symbol,
          ...(template.kind !== undefined ? { kind: template.kind } : {}),
          ...(template.textEdit ? { textEdit: { ...template.textEdit, newText: s.symbol } } : { insertText: s.symbol }),
        };
    item.sortText = s.sortText;
    if (s.probability !== undefined) {
      item.labelDetails = { detail: ` ${percent(s.probability)}`, description: s.forbidden ? 'TRM · breaks the rules' : 'TRM' };
      item.detail = s.forbidden
        ? `TRM predicts ${s.symbol} with ${percent(s.probability)}, but the rules forbid it here`
        : `TRM: ${percent(s.probability)}${base?.detail ? ` · ${base.detail}` : ''}`;
    }
    if (s.forbidden) item.tags = [CompletionItemTag.Deprecated];
    return item;
  });
  // Keep VS Code's fuzzy filter from reordering: the order is the sort text.
  return [...items.filter((i) => !values.includes(i)), ...merged];
}
