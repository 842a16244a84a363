// Push diagnostics: parser + rules for each open document, debounced after edits, computed puzzle by
// puzzle with yields so a newer version cancels the stale run, published with the version they describe.

import type { Diagnostic, Range } from '../../core/src/dsl/ast';
import { compareDiagnostics } from '../../core/src/check';
import { advancePuzzleSolve, finishRuleRun, puzzleRuleDiagnostics, startRuleRun, type RuleRun } from '../../core/src/rules/diagnostics';
import { toLspDiagnostic } from './convert';
import type { Timer } from './environment';
import { runHook, type Analysis, type ServerContext } from './context';
import { PENDING, type PuzzleResult, PuzzleResults } from './puzzleResults';

/** Time slice (ms) of rule checking between yields to the event loop. */
const SLICE_MS = 15;
/** Pause before a follow-up run finishes the solver checks a run left for its budget. */
const CONTINUE_MS = 150;
/** Pause before the run refresh() asks for, so a burst of changes makes one run. */
const REFRESH_DELAY_MS = 50;
/** A document whose parse alone took longer than this is large: its first publication leaves the solving to the
 *  next run, whatever the solver budget; a shorter parse never defers (a budget of 0 still solves one puzzle per
 *  run). */
const DEFER_SOLVING_AFTER_MS = 250;

function moveRange(r: Range, lines: number): Range {
  return {
    start: { line: r.start.line + lines, character: r.start.character },
    end: { line: r.end.line + lines, character: r.end.character },
  };
}

function moveLines(d: Diagnostic, lines: number): Diagnostic {
  const out: Diagnostic = { ...d, range: moveRange(d.range, lines) };
  if (d.related) out.related = d.related.map((x) => ({ ...x, range: moveRange(x.range, lines) }));
  return out;
}

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, Timer>();
  /** Incremented per scheduled run; a run whose number is no longer current stops. */
  private readonly generation = new Map<string, number>();

  /** Per document: rule diagnostics of each puzzle by its text, lines counted from its header. */
  private readonly puzzleResults = new Map<string, PuzzleResults>();

  /** The generation of the run under way per document (it may be stale and about to stop). */
  private readonly inFlight = new Map<string, number>();
  /** The version of each document whose first run left its solving to the next (deferSolving). */
  private readonly solvingDeferred = new Map<string, number>();
  /** The version each document's puzzleResults were found for. */
  private readonly resultsVersion = new Map<string, number>();
  /** Documents to run again when their run under way ends (refresh() came meanwhile). */
  private readonly refreshAfterRun = new Set<string>();

  constructor(private readonly ctx: ServerContext) {}

  schedule(uri: string, delayMs = this.ctx.settings.diagnosticsDelayMs): void {
    this.timers.get(uri)?.cancel();
    const gen = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, gen);
    this.timers.set(
      uri,
      this.ctx.env.setTimer(() => {
        this.timers.delete(uri);
        void this.track(uri, gen);
      }, delayMs),
    );
  }

  /**
   * What an extension adds changed (a TRM run ended): recompute soon, without restarting a run under way (on a
   * large document, background runs ending one after another would otherwise keep restarting it and nothing
   * would be published), and once for a burst of such changes.
   */
  refresh(uri: string): void {
    if (this.inFlight.has(uri)) this.refreshAfterRun.add(uri);
    else if (!this.timers.has(uri)) this.schedule(uri, REFRESH_DELAY_MS);
  }

  clear(uri: string): void {
    this.puzzleResults.delete(uri);
    this.resultsVersion.delete(uri);
    this.solvingDeferred.delete(uri);
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Whether this run leaves the solving to the next: the first run over a version of a large document publishes
   * its other diagnostics first, a budget's worth of solving sooner. Not compared with the budget: a parse a little
   * faster than the budget would then make the first publication wait for the whole budget. The parse may have
   * been done by a request before this run, so it is the parse's own time that counts.
   */
  private deferSolving(uri: string, a: Analysis): boolean {
    if (a.parseMs <= DEFER_SOLVING_AFTER_MS) return false;
    if (this.solvingDeferred.get(uri) === a.version) return false;
    this.solvingDeferred.set(uri, a.version);
    return true;
  }

  private async track(uri: string, gen: number): Promise<void> {
    this.inFlight.set(uri, gen);
    try {
      await this.run(uri, gen);
    } finally {
      if (this.inFlight.get(uri) === gen) this.inFlight.delete(uri);
      if (!this.inFlight.has(uri) && this.refreshAfterRun.delete(uri) && !this.timers.has(uri)) this.schedule(uri, REFRESH_DELAY_MS);
    }
  }

  private stale(uri: string, gen: number, version: number): boolean {
    return this.generation.get(uri) !== gen || this.ctx.documents.get(uri)?.version !== version;
  }

  /** Computes and publishes; returns false when cancelled by a newer version. */
  async run(uri: string, gen: number): Promise<boolean> {
    const { ctx } = this;
    try {
      const t0 = ctx.env.now();
      const doc = ctx.documents.get(uri);
      if (!doc) return false;
      // Parsed in slices too: a large document's first parse (or an edit near its start, which moves every
      // puzzle after it) does not hold up other requests.
      const a = await ctx.cache.analyse(doc, {
        now: () => ctx.env.now(),
        sliceMs: SLICE_MS,
        yieldToEventLoop: () => ctx.env.yieldToEventLoop(),
      });
      if (!a || this.stale(uri, gen, a.version)) return false;
      const tParsed = ctx.env.now();
      const version = a.version;
      const diagnostics: Diagnostic[] = [...a.parsed.diagnostics];
      const run = startRuleRun({
        budgetMs: ctx.settings.solverBudgetMs,
        solveLimitMs: ctx.settings.solverGiveUpMs,
        now: () => ctx.env.now(),
        deferSolving: this.deferSolving(uri, a),
      });
      if (!(await this.checkPuzzles(uri, gen, a, run, diagnostics))) return false;
      diagnostics.push(...finishRuleRun(a.parsed.document, run));
      if (this.stale(uri, gen, version)) return false;
      diagnostics.sort(compareDiagnostics);
      const lsp = diagnostics.map((d) => toLspDiagnostic(uri, d));
      for (const hook of ctx.hooks) {
        if (hook.diagnostics) lsp.push(...(await runHook(ctx, 'diagnostics', [], () => hook.diagnostics!(uri, version))));
      }
      if (this.stale(uri, gen, version)) return false;
      const tDone = ctx.env.now();
      await ctx.connection.sendDiagnostics({ uri, version, diagnostics: lsp });
      // Solver checks left over for the budget: carry on in the background while the document is unchanged
      // (each run starts with the memoised results, so it gets further; an edit cancels it).
      // Every run moves the searches on (their progress is kept), and a search stops at solverGiveUpMs.
      if (run.skipped > 0) this.schedule(uri, CONTINUE_MS);
      const total = ctx.env.now() - t0;
      if (total > 250) {
        ctx.log.info(
          `diagnostics of ${uri} v${version}: ${total.toFixed(0)} ms (analysis ${(tParsed - t0).toFixed(0)}, rules and hooks ${(tDone - tParsed).toFixed(0)}, sending ${(ctx.env.now() - tDone).toFixed(0)}; ${lsp.length} diagnostics${run.skipped ? `, ${run.skipped} solver checks over budget` : ''})`,
        );
      }
      return true;
    } catch (e) {
      ctx.log.error(`diagnostics for ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return false;
    }
  }

  /**
   * Appends every puzzle's rule diagnostics to `out`, yielding to the event loop between slices; returns false
   * when a newer version or run made this one stale.
   */
  private async checkPuzzles(uri: string, gen: number, a: Analysis, run: RuleRun, out: Diagnostic[]): Promise<boolean> {
    const { ctx } = this;
    const version = a.version;
    let sliceStart = ctx.env.now();
    const nextSlice = async (): Promise<boolean> => {
      await ctx.env.yieldToEventLoop();
      sliceStart = ctx.env.now();
      return !this.stale(uri, gen, version);
    };
    // Rule results depend only on a puzzle's own text: after an edit, only the puzzles it touched are checked
    // again; the others reuse their results, moved to where the puzzle now starts. (A puzzle whose text comes twice
    // in this version is checked twice: its results are the same, and looking up this run's results as they are
    // found would hash every puzzle text of the first run, before its publication.)
    const known = this.puzzleResults.get(uri);
    // Results of an earlier version: the solver checks it left pending (puzzles this edit did not touch) wait for
    // the follow-up runs of this version, so the edited puzzles have the budget and the edit's diagnostics do not
    // wait for a backlog of solves.
    const deferPending = known !== undefined && this.resultsVersion.get(uri) !== version;
    const kept: [string, PuzzleResult][] = [];
    const puzzles = a.parsed.document.puzzles;
    for (const [i, p] of puzzles.entries()) {
      const first = p.headerRange.start.line;
      const key = a.puzzleTexts[i];
      const hit = key === undefined ? undefined : known?.get(key, i);
      if (key !== undefined && hit && hit !== PENDING) {
        kept.push([key, hit]);
        for (const d of hit) out.push(moveLines(d, first));
        continue;
      }
      const leftPending = deferPending && hit === PENDING;
      if (leftPending) run.deferred = true;
      // A slow exact solve runs in slices too: other requests and documents are answered in between.
      while (!leftPending && !advancePuzzleSolve(p, run, sliceStart + SLICE_MS)) {
        if (!(await nextSlice())) return false;
      }
      const skippedBefore = run.skipped;
      const found = puzzleRuleDiagnostics(p, run);
      out.push(...found);
      // Only complete results are kept; a puzzle whose solve is still to come is checked again.
      if (key !== undefined) kept.push([key, run.skipped === skippedBefore ? found.map((d) => moveLines(d, -first)) : PENDING]);
      if (ctx.env.now() - sliceStart > SLICE_MS && !(await nextSlice())) return false;
    }
    this.puzzleResults.set(uri, new PuzzleResults(kept));
    this.resultsVersion.set(uri, version);
    return true;
  }
}
