// The assistant's commands: `Solve with TRM` (an explicit run, with work-done progress the user can cancel)
// and `Solve exactly` (the exact solver's answer, written only into the version it was computed for).

import type { WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { solveReport } from '../../../../core/src/assist/lens';
import { fillSection } from '../../../../core/src/rules/edits';
import { solveExactly } from '../../../../core/src/rules/solve';
import { toWorkspaceEdit } from '../../convert';
import { showMessage } from '../../context';
import type { TrmAssistant } from '../assistant';
import { isNoRun, type RunRecord } from '../runs';

/** Solver time per slice of `Solve exactly` before other requests get their turn. */
const SOLVE_SLICE_MS = 15;

/** `Solve exactly` (uri, puzzle index): writes the exact solver's answer; the lens then reads the verified answer. */
export async function solveExactlyCommand(a: TrmAssistant, args: unknown[]): Promise<{ applied: boolean; message: string }> {
  const { ctx } = a;
  const [uri, index] = args as [unknown, unknown];
  const analysis = ctx.analysis(String(uri));
  const p = analysis?.parsed.document.puzzles[Number(index)];
  if (!analysis || !p) {
    showMessage(ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
    return { applied: false, message: 'the puzzle is gone' };
  }
  // A hard puzzle can take the solver seconds: search in slices so other requests are answered in between.
  const slice = () => solveExactly(p, 2, { deadline: ctx.env.now() + SOLVE_SLICE_MS, now: () => ctx.env.now() });
  let s = slice();
  while (s.status === 'pending') {
    await ctx.env.yieldToEventLoop();
    s = slice();
  }
  // The answer's place comes from this version's tree: if the user edited meanwhile, its ranges are stale.
  if (ctx.analysis(String(uri))?.version !== analysis.version) {
    showMessage(ctx, 'info', 'Grid Reasoner: the document changed while solving; run Solve exactly again.');
    return { applied: false, message: 'the document changed while solving' };
  }
  if (s.status !== 'solved' || !s.answer || !s.target) {
    showMessage(ctx, 'warning', `Grid Reasoner: ${s.message}.`);
    return { applied: false, message: s.message };
  }
  const edits = fillSection(p, s.target, s.answer, analysis.text);
  if (edits.length === 0) return { applied: false, message: 'the answer is already written' };
  const r = await ctx.connection.workspace.applyEdit({
    label: `Solve ${p.name} exactly`,
    edit: toWorkspaceEdit(String(uri), edits),
  });
  return { applied: r.applied, message: s.message };
}

/** `Solve with TRM` (uri, puzzle index, test index): an explicit run; answers with its outcome. */
export async function solveCommand(a: TrmAssistant, args: unknown[]): Promise<unknown> {
  const { ctx } = a;
  if (!a.settings.enabled) {
    showMessage(ctx, 'info', 'Grid Reasoner: the TRM assistant is off (gridReasoner.assistant.enabled).');
    return { error: 'the TRM assistant is off' };
  }
  const at = a.puzzleArgs(args);
  if (!at) {
    showMessage(ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
    return null;
  }
  const r = a.runs.ensure(at.uri, at.p, at.index, at.testIndex, true);
  if (isNoRun(r)) {
    const failed = r.grids ? a.registry.failedFor(r.grids) : undefined;
    const msg = failed ? `the model ${failed.model.meta.name} could not be loaded: ${failed.message}` : r.message;
    // A model that failed to load was reported once already.
    if (!failed) showMessage(ctx, 'warning', `Grid Reasoner: cannot solve ${at.p.name} with TRM: ${msg}.`);
    return { puzzle: at.p.name, error: msg };
  }
  if (r.state === 'running') await withProgress(a, r);
  else await r.done;
  // The verdict and the next step, about the puzzle as it is now (an edit of its input cancelled the run).
  const now = a.puzzleArgs(args);
  const report =
    r.outcome && now && a.runs.get(now.uri, now.p, now.testIndex) === r
      ? solveReport(now.p, now.testIndex, r.outcome, r.grids.expected)
      : undefined;
  if (report) showMessage(ctx, 'info', `Grid Reasoner: ${report}`);
  return {
    puzzle: at.p.name,
    runId: r.id,
    state: r.state,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** Waits for the run, reporting its steps as work-done progress when the client shows server progress. */
async function withProgress(a: TrmAssistant, r: RunRecord): Promise<void> {
  let progress: WorkDoneProgressServerReporter | undefined;
  if (a.serverProgress) {
    try {
      progress = await a.ctx.connection.window.createWorkDoneProgress();
    } catch {
      progress = undefined;
    }
  }
  if (!progress) return r.done;
  const shownProgress = progress;
  shownProgress.begin(`TRM: ${r.grids.name}`, 0, `${r.model.meta.name}: starting`, true);
  const sub = shownProgress.token.onCancellationRequested(() => a.runs.cancel(r));
  let shown = 0;
  const timer = setInterval(() => {
    if (r.steps.length === shown) return;
    shown = r.steps.length;
    const last = r.steps[shown - 1]!;
    shownProgress.report(
      Math.min(100, Math.round((shown / r.maxSteps) * 100)),
      `step ${shown} of at most ${r.maxSteps} · halt score ${last.haltScore.toFixed(2)}`,
    );
  }, 100);
  try {
    await r.done;
  } finally {
    clearInterval(timer);
    sub.dispose();
    shownProgress.done();
  }
}
