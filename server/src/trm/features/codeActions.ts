// Code actions of the TRM assistant: quick fixes for model diagnostics, and the fill actions
// (core/src/assist/fillActions.ts) of the finished runs of the puzzle under the cursor.

import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { modelCellAt, runCount } from '../../../../core/src/assist/cells';
import { fillActions } from '../../../../core/src/assist/fillActions';
import { MODEL_DISAGREES, type ModelDisagreement } from '../../../../core/src/assist/modelDiagnostics';
import { percent } from '../../../../core/src/assist/present';
import type { Puzzle } from '../../../../core/src/dsl/ast';
import { locate } from '../../../../core/src/language/locate';
import type { TextEdit } from '../../../../core/src/rules/edits';
import { toWorkspaceEdit } from '../../convert';
import type { TrmAssistant } from '../assistant';
import { isNoRun } from '../runs';
import { TRM_SOURCE } from './modelDiagnostics';

export function trmCodeActions(a: TrmAssistant, params: CodeActionParams, builtIn: readonly CodeAction[]): CodeAction[] {
  const uri = params.textDocument.uri;
  const analysis = a.ctx.analysis(uri);
  if (!analysis) return [];
  const out = modelDiagnosticFixes(uri, params);
  const puzzles = analysis.parsed.document.puzzles;
  const loc = locate(puzzles, params.range.start);
  const p = loc.puzzle;
  if (!p) return out;
  const index = puzzles.indexOf(p);
  const cell = modelCellAt(loc);
  const edit = (edits: TextEdit[]) => toWorkspaceEdit(uri, edits);
  const offered = (edits: TextEdit[]) => builtIn.some((b) => JSON.stringify(b.edit) === JSON.stringify(edit(edits)));
  const here = cell && loc.cell ? { at: cell, symbol: loc.cell.symbol, range: loc.cell.range } : undefined;
  for (const t of runsUnderCursor(p, cell?.testIndex, loc.pairIndex)) {
    const r = a.runs.get(uri, p, t) ?? (a.settings.autoRun ? a.runs.ensure(uri, p, index, t, false) : undefined);
    if (!r || isNoRun(r) || !r.outcome || r.state !== 'done') continue;
    for (const f of fillActions(p, t, r.outcome, r.steps[r.steps.length - 1], analysis.text, here, offered)) {
      out.push({
        title: f.title,
        kind: CodeActionKind.RefactorRewrite,
        edit: edit(f.edits),
        ...(f.preferred ? { isPreferred: true } : {}),
      });
    }
  }
  return out;
}

/** "Write TRM's 7 here" for each model diagnostic the client sent with the request. */
function modelDiagnosticFixes(uri: string, params: CodeActionParams): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== TRM_SOURCE || d.code !== MODEL_DISAGREES) continue;
    const data = d.data as ModelDisagreement | undefined;
    if (!data || typeof data.value !== 'string') continue;
    out.push({
      title: `Write TRM's ${data.value} here (${percent(data.probability)})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: data.value }] } },
    });
  }
  return out;
}

/** Which runs: the test pair of the cell or pair under the cursor (ARC), else every run of the puzzle. */
function runsUnderCursor(p: Puzzle, cellTest: number | undefined, pairIndex: number | undefined): number[] {
  if (cellTest !== undefined) return [cellTest];
  if (p.kind === 'arc' && pairIndex !== undefined && p.pairs[pairIndex]?.role === 'test')
    return [p.pairs.slice(0, pairIndex).filter((x) => x.role === 'test').length];
  return Array.from({ length: runCount(p) }, (_, t) => t);
}
