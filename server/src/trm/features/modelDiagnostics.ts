// Model diagnostics: where a finished run's confident answer differs from what is written, as the policy of
// core/src/assist/modelDiagnostics.ts decides (never on a cell the rules force or an answer they verify).

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { runCount } from '../../../../core/src/assist/cells';
import { modelDiagnostics } from '../../../../core/src/assist/modelDiagnostics';
import { toLspRange } from '../../convert';
import type { TrmAssistant } from '../assistant';
import { puzzleIndexesByName, type RunRecord } from '../runs';

export const TRM_SOURCE = 'trm';

export function trmDiagnostics(a: TrmAssistant, uri: string, version: number): LspDiagnostic[] {
  if (!a.settings.modelDiagnostics) return [];
  // The finished runs are looked up where their puzzles are, not every puzzle for its run: a large document has
  // thousands of puzzles and a few dozen runs.
  const done = a.runs.all(uri).filter((r) => r.state === 'done' && r.steps.length > 0);
  if (done.length === 0) return [];
  const analysis = a.ctx.analysis(uri);
  if (!analysis || analysis.version !== version) return [];
  const puzzles = analysis.parsed.document.puzzles;
  const names = puzzleIndexesByName(puzzles);
  const found: { index: number; run: RunRecord }[] = [];
  for (const run of done) for (const index of a.runs.whereIs(run, puzzles, runCount, names)) found.push({ index, run });
  // In document order, as when every puzzle was walked.
  found.sort((x, y) => x.index - y.index || x.run.testIndex - y.run.testIndex);
  const out: LspDiagnostic[] = [];
  for (const { index, run } of found) {
    const last = run.steps[run.steps.length - 1]!; // done runs with steps only (above)
    for (const d of modelDiagnostics(puzzles[index]!, run.testIndex, last, a.settings.confidenceThreshold, run.model.meta.name)) {
      out.push({
        range: toLspRange(d.range),
        severity: DiagnosticSeverity.Information,
        code: d.code,
        source: TRM_SOURCE,
        message: d.message,
        data: d.data,
      });
    }
  }
  return out;
}
