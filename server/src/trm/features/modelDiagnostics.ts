// Model diagnostics: where a finished run's confident answer differs from what is written, as the policy of
// core/src/assist/modelDiagnostics.ts decides (never on a cell the rules force or an answer they verify).

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { runCount } from '../../../../core/src/assist/cells';
import { modelDiagnostics } from '../../../../core/src/assist/modelDiagnostics';
import { toLspRange } from '../../convert';
import type { TrmAssistant } from '../assistant';

export const TRM_SOURCE = 'trm';

export function trmDiagnostics(a: TrmAssistant, uri: string, version: number): LspDiagnostic[] {
  if (!a.settings.modelDiagnostics) return [];
  // Finding a puzzle's run reads its grids; a document without finished runs is not walked (it may be large).
  if (!a.runs.all(uri).some((r) => r.state === 'done')) return [];
  const analysis = a.ctx.analysis(uri);
  if (!analysis || analysis.version !== version) return [];
  const out: LspDiagnostic[] = [];
  for (const p of analysis.parsed.document.puzzles) {
    for (let t = 0; t < runCount(p); t++) {
      const r = a.runs.get(uri, p, t);
      const last = r?.steps[r.steps.length - 1];
      if (!r || r.state !== 'done' || !last) continue;
      for (const d of modelDiagnostics(p, t, last, a.settings.confidenceThreshold, r.model.meta.name)) {
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
  }
  return out;
}
