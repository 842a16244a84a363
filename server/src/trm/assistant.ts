// The TRM assistant in the language server: models, per-document runs, code lenses, code
// actions that fill answers, per-step hovers, merged completions, model diagnostics, work-done progress
// and the status / trace notifications. Plugs into the built-in server through FeatureHooks
// (server/src/context.ts); the pure pieces live in core/src/assist.

import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  DiagnosticSeverity,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type CompletionItem,
  type CompletionParams,
  type Diagnostic as LspDiagnostic,
  type HoverParams,
  type InitializeParams,
  type Range as LspRange,
  type ServerCapabilities,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { knownAnswers } from '../../../core/src/trm/knownAnswer';
import { codeSpan, escapeMarkdown } from '../../../core/src/language/markdown';
import { fileUriToPath } from '../fileUri';
import type { Diagnostic, Puzzle } from '../../../core/src/dsl/ast';
import { cellColumnAt } from '../../../core/src/language/completion';
import { locate } from '../../../core/src/language/locate';
import { fillSection, type TextEdit } from '../../../core/src/rules/edits';
import { solveExactly } from '../../../core/src/rules/solve';
import type { Trace } from '../../../core/src/trm/trace';
import type { ModelCatalog, ModelRunner } from '../../../core/src/assist/catalog';
import { modelCellAt, runCount } from '../../../core/src/assist/cells';
import { MODEL_DISAGREES, modelDiagnostics, type ModelDisagreement } from '../../../core/src/assist/modelDiagnostics';
import { puzzleAt, puzzleView } from '../../../core/src/assist/puzzleAt';
import {
  Commands,
  Messages,
  onNotification,
  onRequest,
  sendNotification,
  type PuzzleAtParams,
  type PuzzleAtReply,
} from '../../../core/src/protocol/messages';
import { fillActions } from '../../../core/src/assist/fillActions';
import { lensRows, type LensAction, type LensRun } from '../../../core/src/assist/lens';
import { cellHoverMarkdown, headerHoverMarkdown, percent, providerName } from '../../../core/src/assist/present';
import { rankSymbols } from '../../../core/src/assist/rank';
import { DEFAULT_TRM_SETTINGS, mergeTrmSettings, runOptionsOf } from '../../../core/src/assist/settings';
import {
  type TrmClientSettings,
  type TrmSettings,
  type TrmStatus,
  type TrmTraceEvent,
  type TrmTraceReply,
  type TrmTraceRequest,
} from '../../../core/src/protocol/trmMessages';
import { toLspRange } from '../convert';
import { InvalidParams, showMessage, type ServerContext } from '../context';
import type { ServerExtension } from '../serverMain';
import { RunManager, type NoRun, type RunRecord } from './runs';

/** Background runs start this long after the last edit. */
/** Where a model path came from, in the words of a message about it. */
const MODEL_ORIGIN_TEXT = {
  bundled: 'from a model folder: the bundled models or $GRID_REASONER_MODELS',
  user: 'from your user settings, gridReasoner.models',
  workspace: 'from the workspace settings, gridReasoner.models',
} as const;
/** Solver time per slice of `Solve exactly` before other requests get their turn. */
const SOLVE_SLICE_MS = 15;
const AUTO_RUN_DELAY_MS = 300;
/** Background runs per document at most (the first puzzles); explicit runs are not limited. */
const AUTO_RUN_LIMIT = 64;
/** How long a hover / completion waits for a run to finish before showing what it has. */
const HOVER_WAIT_MS = 600;
const COMPLETION_WAIT_MS = 800;
/** Code lenses for this many puzzles at most. */
const LENS_LIMIT = 500;
export const TRM_SOURCE = 'trm';

function isNoRun(x: RunRecord | NoRun): x is NoRun {
  return 'reason' in x;
}

function wait(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void p.then(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

export class TrmAssistant {
  settings: TrmSettings = { ...DEFAULT_TRM_SETTINGS };
  /** Reading models: the host's catalog. */
  readonly registry: ModelCatalog;
  readonly runs: RunManager;
  private ctx!: ServerContext;
  /** Running the model: the host's runner. */
  private readonly runner: ModelRunner;
  private lensRefresh = false;
  private progressSupported = false;
  /** The client shows its own cancellable progress for explicit runs (TrmClientSettings.clientProgress). */
  private clientProgress = false;
  private lastModel?: { name: string; provider?: TrmStatus['provider']; note?: string };
  private readonly autoTimers = new Map<string, { cancel(): void }>();
  private lastStatus = '';
  private toldUntrusted = false;

  /** The two ports of the host: the models it can read and how it runs them (nodePorts.ts, browserTrm.ts). */
  constructor(ports: { catalog: ModelCatalog; runner: (settings: () => TrmSettings) => ModelRunner }) {
    this.registry = ports.catalog;
    this.runner = ports.runner(() => this.settings);
    this.runs = new RunManager({
      modelFor: (g) => this.registry.modelFor(g),
      options: (t) => runOptionsOf(this.settings, t),
      start: (model, g, options) => this.runner.run(model, g, options),
      onStart: (r) => {
        if (r.explicit)
          this.trace(r, {
            type: 'start',
            runId: r.id,
            uri: r.uri,
            puzzleIndex: r.puzzleIndex,
            testIndex: r.testIndex,
            puzzleName: r.grids.name,
            kind: r.grids.kind,
            model: r.model.meta.name,
            maxSteps: r.maxSteps,
            given: r.grids.given,
            ...knownAnswers(r.grids),
          });
        this.status();
      },
      onStep: (r, step) => {
        if (r.explicit || r.streamed) this.trace(r, { type: 'step', runId: r.id, step });
      },
      onEnd: (r) => this.ended(r),
      onError: (r, message, modelFailure) => this.failed(r, message, modelFailure),
    });
  }

  // ----- lifecycle ------------------------------------------------------------------------------------

  extension(): ServerExtension {
    return {
      initialize: (p) => this.initialize(p),
      capabilities: (caps) => this.capabilities(caps),
      commands: {
        [Commands.trmSolve.method]: (_ctx, args) => this.solveCommand(args),
        [Commands.solveExactly.method]: (_ctx, args) => this.solveExactlyCommand(args),
      },
      register: (ctx) => this.register(ctx),
      // Off (gridReasoner.assistant.enabled: false): the built-in results pass through unchanged.
      hover: (p, t) => (this.settings.enabled ? this.hover(p, t) : undefined),
      completion: (p, items, t) => (this.settings.enabled ? this.completion(p, items, t) : items),
      codeActions: (p, builtIn) => (this.settings.enabled ? this.codeActions(p, builtIn) : []),
      diagnostics: (uri, version) => (this.settings.enabled ? this.diagnostics(uri, version) : []),
    };
  }

  private initialize(params: InitializeParams): void {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const rootPath = fileUriToPath(root);
    if (rootPath) this.registry.setRoot?.(rootPath);
    this.lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    this.progressSupported = params.capabilities.window?.workDoneProgress === true;
    const opts = (params.initializationOptions ?? {}) as { trm?: TrmClientSettings };
    this.clientProgress = opts.trm?.clientProgress === true;
    this.applySettings(opts.trm, false);
  }

  private capabilities(caps: ServerCapabilities): void {
    caps.codeLensProvider = { resolveProvider: false };
    const ca = caps.codeActionProvider;
    if (ca && typeof ca === 'object')
      ca.codeActionKinds = [...new Set([...(ca.codeActionKinds ?? []), CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite])];
  }

  private register(ctx: ServerContext): void {
    this.ctx = ctx;
    ctx.connection.onCodeLens(ctx.guard('codeLens', (p: CodeLensParams) => (this.settings.enabled ? this.codeLenses(p) : [])));
    onNotification(ctx.connection, Messages.trmSettings, (p) => {
      try {
        this.applySettings(p, true);
      } catch (e) {
        ctx.log.error(`TRM settings: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    onNotification(ctx.connection, Messages.trmCancel, (p) => {
      const r = this.runs.byId(String(p?.runId));
      if (r) this.runs.cancel(r);
    });
    onRequest(
      ctx.connection,
      Messages.trmGetTrace,
      ctx.guard('trmGetTrace', (p: TrmTraceRequest) => this.getTrace(p)),
    );
    onRequest(
      ctx.connection,
      Messages.trmModelInfo,
      ctx.guard('trmModelInfo', () => this.statusObject()),
    );
    onRequest(
      ctx.connection,
      Messages.puzzleAt,
      ctx.guard('puzzleAt', (p: PuzzleAtParams) => this.puzzleAtReply(p)),
    );
    ctx.documents.onDidChangeContent((e) => this.changed(e.document.uri));
    ctx.documents.onDidClose((e) => {
      this.autoTimers.get(e.document.uri)?.cancel();
      this.autoTimers.delete(e.document.uri);
      this.runs.clear(e.document.uri);
      this.status();
    });
    ctx.connection.onShutdown(() => this.dispose());
  }

  async dispose(): Promise<void> {
    this.runs.clear();
    await this.runner.dispose();
  }

  /** The host's models changed (the browser worker finished reading them): runs, lenses and status start afresh. */
  modelsChanged(): void {
    if (!this.ctx) return;
    this.runs.clear();
    for (const doc of this.ctx.documents.all()) {
      this.changed(doc.uri);
      this.ctx.refreshDiagnostics(doc.uri);
    }
    this.refreshLenses();
    this.status(true);
  }

  /** New settings: models re-read (problems reported once), runs restarted when what they compute changed. */
  applySettings(sent: TrmClientSettings | undefined, live: boolean): void {
    const before = JSON.stringify([this.settings, this.registry.summaries().map((m) => [m.path, m.origin, m.state])]);
    this.settings = mergeTrmSettings(DEFAULT_TRM_SETTINGS, sent);
    const problems = this.registry.configure(sent);
    // window/showMessage may be sent while the initialize request is handled (LSP), so report at once.
    for (const p of problems) {
      showMessage(
        this.ctx,
        'error',
        `Grid Reasoner: the model ${p.path} (${MODEL_ORIGIN_TEXT[p.origin]}) cannot be used: ${p.message}. The other models and every other feature keep working.`,
      );
    }
    const ignored = this.registry.summaries().filter((m) => m.state === 'ignored');
    if (ignored.length && !this.toldUntrusted) {
      this.toldUntrusted = true;
      const which = ignored.map((m) => `${m.path} (${m.error ?? 'untrusted workspace'})`).join('; ');
      showMessage(this.ctx, 'info', `Grid Reasoner: not loaded until you trust this workspace: ${which}.`);
    }
    if (!live) return;
    const after = JSON.stringify([this.settings, this.registry.summaries().map((m) => [m.path, m.origin, m.state])]);
    if (after !== before || problems.length) {
      // Other options or other models: results computed before no longer apply.
      this.runs.clear();
      for (const doc of this.ctx.documents.all()) {
        this.changed(doc.uri);
        this.ctx.refreshDiagnostics(doc.uri);
      }
    }
    this.refreshLenses();
    this.status(true);
  }

  // ----- runs ------------------------------------------------------------------------------------------

  private puzzles(uri: string): Puzzle[] {
    return this.ctx.analysis(uri)?.parsed.document.puzzles ?? [];
  }

  /** An edit: stale runs cancelled now; background runs scheduled. */
  private changed(uri: string): void {
    // Running work on a changed input is cancelled at once; finished results of old inputs are never looked
    // up again (lookups go through the current text) and are dropped after the edits settle, so a burst of
    // edits does not parse every version.
    if (this.runs.all(uri).some((r) => r.state === 'running')) {
      this.runs.sync(uri, this.puzzles(uri), runCount);
      this.status();
    }
    this.autoTimers.get(uri)?.cancel();
    this.autoTimers.set(
      uri,
      this.ctx.env.setTimer(() => {
        this.autoTimers.delete(uri);
        if (!this.ctx.documents.get(uri)) return;
        this.runs.sync(uri, this.puzzles(uri), runCount);
        this.status();
        if (this.settings.autoRun && this.settings.enabled) this.autoRun(uri);
      }, AUTO_RUN_DELAY_MS),
    );
  }

  private autoRun(uri: string): void {
    if (!this.settings.autoRun || this.registry.empty) return;
    let started = 0;
    const puzzles = this.puzzles(uri);
    for (let i = 0; i < puzzles.length && started < AUTO_RUN_LIMIT; i++) {
      for (let t = 0; t < runCount(puzzles[i]!) && started < AUTO_RUN_LIMIT; t++) {
        const r = this.runs.ensure(uri, puzzles[i]!, i, t, false);
        if (!isNoRun(r)) started++;
      }
    }
  }

  private trace(r: RunRecord, e: TrmTraceEvent): void {
    sendNotification(this.ctx.connection, Messages.trmTrace, e);
    void r;
  }

  private ended(r: RunRecord): void {
    if (r.outcome) {
      this.lastModel = {
        name: r.model.meta.name,
        provider: r.outcome.provider,
        ...(r.outcome.providerNote ? { note: r.outcome.providerNote } : {}),
      };
      this.registry.noteProvider(r.model.path, r.outcome.provider, r.outcome.providerNote);
    }
    if (r.explicit || r.streamed)
      this.trace(r, {
        type: 'end',
        runId: r.id,
        ...(r.outcome ? { outcome: r.outcome } : {}),
        ...(r.error ? { error: r.error } : r.state === 'cancelled' && !r.outcome ? { error: 'cancelled' } : {}),
      });
    this.status();
    if (r.state === 'done' && this.ctx.documents.get(r.uri)) this.ctx.refreshDiagnostics(r.uri);
    this.refreshLenses();
  }

  private failed(r: RunRecord, message: string, modelFailure: boolean): void {
    if (modelFailure) {
      if (this.registry.markFailed(r.model.path, message)) {
        showMessage(
          this.ctx,
          'error',
          `Grid Reasoner: the model ${r.model.meta.name} (${r.model.path}) could not be loaded: ${message}. TRM features for ${r.model.meta.kind} ${r.model.meta.grid.rows}x${r.model.meta.grid.cols} are off; every other feature keeps working.`,
        );
      }
    } else {
      this.ctx.log.warn(`TRM run on ${r.grids.name} failed: ${message}`);
      // A worker that died (out of memory, a native crash) is replaced on the next run.
      if (/inference worker exited/.test(message)) this.runner.reset?.();
    }
  }

  private refreshLenses(): void {
    if (!this.lensRefresh || !this.ctx) return;
    this.ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  statusObject(): TrmStatus {
    const running = this.runs.running();
    const problem = this.registry.problemLine();
    const s: TrmStatus = {
      state: running > 0 ? 'busy' : problem ? 'error' : this.registry.empty ? 'none' : 'idle',
      running,
      providerSetting: this.settings.provider,
      models: this.registry.summaries(),
    };
    if (this.lastModel) {
      s.model = this.lastModel.name;
      if (this.lastModel.provider) s.provider = this.lastModel.provider;
      if (this.lastModel.note) s.providerNote = this.lastModel.note;
    }
    if (problem) s.message = problem;
    else if (this.registry.empty) s.message = 'no TRM model found (bundled models/ folder empty; add paths in gridReasoner.models)';
    return s;
  }

  private status(force = false): void {
    if (!this.ctx) return;
    const s = this.statusObject();
    const json = JSON.stringify(s);
    if (!force && json === this.lastStatus) return;
    this.lastStatus = json;
    sendNotification(this.ctx.connection, Messages.trmStatus, s);
  }

  // ----- commands and requests -------------------------------------------------------------------------

  private puzzleArgs(args: unknown[]): { uri: string; index: number; testIndex: number; p: Puzzle } | undefined {
    const [uri, index, testIndex] = args as [unknown, unknown, unknown];
    const p = this.puzzles(String(uri))[Number(index)];
    if (!p) return undefined;
    return { uri: String(uri), index: Number(index), testIndex: Number.isInteger(testIndex) ? Number(testIndex) : 0, p };
  }

  /** The `Solve exactly` lens: writes the exact solver's answer (the lens then reads the verified answer). */
  async solveExactlyCommand(args: unknown[]): Promise<{ applied: boolean; message: string }> {
    const [uri, index] = args as [unknown, unknown];
    const a = this.ctx.analysis(String(uri));
    const p = a?.parsed.document.puzzles[Number(index)];
    if (!a || !p) {
      showMessage(this.ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
      return { applied: false, message: 'the puzzle is gone' };
    }
    // A hard puzzle can take the solver seconds: search in slices so other requests are answered in between.
    const slice = () => solveExactly(p, 2, { deadline: this.ctx.env.now() + SOLVE_SLICE_MS, now: () => this.ctx.env.now() });
    let s = slice();
    while (s.status === 'pending') {
      await this.ctx.env.yieldToEventLoop();
      s = slice();
    }
    // The answer's place comes from this version's tree: if the user edited meanwhile, its ranges are stale.
    if (this.ctx.analysis(String(uri))?.version !== a.version) {
      showMessage(this.ctx, 'info', 'Grid Reasoner: the document changed while solving; run Solve exactly again.');
      return { applied: false, message: 'the document changed while solving' };
    }
    if (s.status !== 'solved' || !s.answer || !s.target) {
      showMessage(this.ctx, 'warning', `Grid Reasoner: ${s.message}.`);
      return { applied: false, message: s.message };
    }
    const edits = fillSection(p, s.target, s.answer, a.text);
    if (edits.length === 0) return { applied: false, message: 'the answer is already written' };
    const r = await this.ctx.connection.workspace.applyEdit({
      label: `Solve ${p.name} exactly`,
      edit: { changes: { [String(uri)]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } },
    });
    return { applied: r.applied, message: s.message };
  }

  /** `Solve with TRM`: an explicit run with work-done progress (cancellable); answers with the outcome. */
  async solveCommand(args: unknown[]): Promise<unknown> {
    if (!this.settings.enabled) {
      showMessage(this.ctx, 'info', 'Grid Reasoner: the TRM assistant is off (gridReasoner.assistant.enabled).');
      return { error: 'the TRM assistant is off' };
    }
    const a = this.puzzleArgs(args);
    if (!a) {
      showMessage(this.ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
      return null;
    }
    const r = this.runs.ensure(a.uri, a.p, a.index, a.testIndex, true);
    if (isNoRun(r)) {
      const failed = r.grids ? this.registry.failedFor(r.grids) : undefined;
      const msg = failed ? `the model ${failed.model.meta.name} could not be loaded: ${failed.message}` : r.message;
      // A model that failed to load was reported once already.
      if (!failed) showMessage(this.ctx, 'warning', `Grid Reasoner: cannot solve ${a.p.name} with TRM: ${msg}.`);
      return { puzzle: a.p.name, error: msg };
    }
    if (r.state === 'running') await this.withProgress(r);
    else await r.done;
    return {
      puzzle: a.p.name,
      runId: r.id,
      state: r.state,
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(r.error ? { error: r.error } : {}),
    };
  }

  private async withProgress(r: RunRecord): Promise<void> {
    let progress: WorkDoneProgressServerReporter | undefined;
    if (this.progressSupported && !this.clientProgress) {
      try {
        progress = await this.ctx.connection.window.createWorkDoneProgress();
      } catch {
        progress = undefined;
      }
    }
    if (!progress) return r.done;
    progress.begin(`TRM: ${r.grids.name}`, 0, `${r.model.meta.name}: starting`, true);
    const sub = progress.token.onCancellationRequested(() => this.runs.cancel(r));
    let shown = 0;
    const timer = setInterval(() => {
      if (r.steps.length === shown) return;
      shown = r.steps.length;
      const last = r.steps[shown - 1]!;
      progress!.report(
        Math.min(100, Math.round((shown / r.maxSteps) * 100)),
        `step ${shown} of at most ${r.maxSteps} · halt score ${last.haltScore.toFixed(2)}`,
      );
    }, 100);
    try {
      await r.done;
    } finally {
      clearInterval(timer);
      sub.dispose();
      progress.done();
    }
  }

  /** The puzzle at a position (the one rule of core/src/assist/puzzleAt.ts) and the model that takes it. */
  private puzzleAtReply(p: PuzzleAtParams): PuzzleAtReply {
    if (typeof p?.uri !== 'string' || !p.position) throw new InvalidParams('takes { uri: string, position: { line, character } }');
    const a = this.ctx.analysis(p.uri);
    if (!a) return { reason: 'The language server does not have this document open.' };
    const at = puzzleAt(a.parsed.document.puzzles, p.position);
    if (!at) return { reason: 'This file has no puzzles yet.' };
    const fileName = p.uri.split('/').pop() ?? p.uri;
    const reply: PuzzleAtReply = {
      uri: p.uri,
      puzzleIndex: at.index,
      testIndex: at.testIndex,
      name: at.puzzle.name,
      kind: at.puzzle.kind,
      view: puzzleView(at.puzzle, { uri: p.uri, fileName: decodeURIComponent(fileName), line: at.puzzle.range.start.line }),
    };
    if (!this.settings.enabled) return { ...reply, noModel: 'the TRM assistant is off (gridReasoner.assistant.enabled)' };
    const d = this.runs.describe(at.puzzle, at.testIndex);
    if ('key' in d) return { ...reply, model: d.model.meta.name };
    if (d.reason === 'not-runnable' && d.model) return { ...reply, model: d.model.meta.name, notRun: d.message };
    return { ...reply, noModel: d.message };
  }

  private getTrace(p: TrmTraceRequest): TrmTraceReply | null {
    const index = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (typeof p?.uri !== 'string' || !index(p.puzzleIndex) || (p.testIndex !== undefined && !index(p.testIndex))) {
      throw new InvalidParams('takes { uri: string, puzzleIndex: integer >= 0, testIndex?: integer >= 0, start?: boolean }');
    }
    const puzzle = this.puzzles(p.uri)[p.puzzleIndex];
    if (!puzzle) return null;
    const t = p.testIndex ?? 0;
    const r = p.start ? this.runs.ensure(p.uri, puzzle, p.puzzleIndex, t, true) : this.runs.get(p.uri, puzzle, t);
    if (!r || isNoRun(r)) return null;
    // The client now holds a partial trace of a running run: stream the rest of it, so it never stays "running".
    if (r.state === 'running') r.streamed = true;
    const trace: Trace = {
      puzzleName: r.grids.name,
      kind: r.grids.kind,
      model: r.model.meta.name,
      given: r.grids.given,
      ...knownAnswers(r.grids),
      steps: [...r.steps],
      ...(r.outcome ? { outcome: r.outcome } : {}),
    };
    const fileName = p.uri.split('/').pop() ?? p.uri;
    const view = puzzleView(puzzle, { uri: p.uri, fileName: decodeURIComponent(fileName), line: puzzle.range.start.line });
    return { runId: r.id, running: r.state === 'running', trace, view };
  }

  // ----- code lenses -----------------------------------------------------------------------------------

  private codeLenses(p: CodeLensParams): CodeLens[] {
    const uri = p.textDocument.uri;
    const puzzles = this.puzzles(uri);
    const out: CodeLens[] = [];
    const commandOf: Record<LensAction, string> = {
      solve: Commands.trmSolve.method,
      trace: Commands.showTrace.method,
      solveExactly: Commands.solveExactly.method,
      none: '',
    };
    for (let i = 0; i < puzzles.length && i < LENS_LIMIT; i++) {
      const puzzle = puzzles[i]!;
      const n = runCount(puzzle);
      for (let t = 0; t < Math.max(1, n); t++) {
        const range: LspRange = toLspRange(puzzle.kind === 'arc' && n > 1 ? this.testPairRange(puzzle, t) : puzzle.headerRange);
        const label = puzzle.kind === 'arc' && n > 1 ? ` (test ${t + 1})` : '';
        for (const row of lensRows(puzzle, t, this.lensRun(uri, puzzle, t), label)) {
          const args = row.action === 'solveExactly' ? [uri, i] : row.action === 'none' ? undefined : [uri, i, t];
          out.push({
            range,
            command: {
              title: row.title,
              command: commandOf[row.action],
              ...(args ? { arguments: args } : {}),
              ...(row.tooltip ? { tooltip: row.tooltip } : {}),
            },
          });
        }
      }
    }
    return out;
  }

  /** The state of a puzzle's run for its lens. */
  private lensRun(uri: string, puzzle: Puzzle, t: number): LensRun {
    const d = this.runs.describe(puzzle, t);
    if (!('key' in d)) {
      const failed = d.grids ? this.registry.failedFor(d.grids) : undefined;
      return { state: 'no-model', message: failed ? `model ${failed.model.meta.name} failed to load` : d.message };
    }
    const r = this.runs.get(uri, puzzle, t);
    if (!r) return { state: 'none' };
    if (r.state === 'running') return { state: 'running', steps: r.steps.length, maxSteps: r.maxSteps };
    if (r.outcome && r.outcome.stopReason !== 'cancelled')
      return { state: 'done', outcome: r.outcome, ...(r.grids.expected ? { expected: r.grids.expected } : {}) };
    if (r.state === 'cancelled') return { state: 'cancelled' };
    return { state: 'error', message: r.error ?? 'unknown error' };
  }

  private testPairRange(p: Puzzle, t: number): Diagnostic['range'] {
    if (p.kind !== 'arc') return p.headerRange;
    const tests = p.pairs.filter((x) => x.role === 'test');
    return tests[t]?.keywordRange ?? p.headerRange;
  }

  // ----- hovers ----------------------------------------------------------------------------------------

  private async hover(params: HoverParams, token: CancellationToken): Promise<{ markdown: string; range?: LspRange } | undefined> {
    const uri = params.textDocument.uri;
    const a = this.ctx.analysis(uri);
    if (!a) return undefined;
    const puzzles = a.parsed.document.puzzles;
    const loc = locate(puzzles, params.position);
    if (!loc.puzzle) return undefined;
    const index = puzzles.indexOf(loc.puzzle);
    if (loc.onHeader) {
      const parts: string[] = [];
      const n = runCount(loc.puzzle);
      for (let t = 0; t < n; t++) {
        const r = await this.runFor(uri, loc.puzzle, index, t, HOVER_WAIT_MS, token);
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
    const r = await this.runFor(uri, loc.puzzle, index, cell.testIndex, HOVER_WAIT_MS, token);
    if (!r || isNoRun(r)) return undefined;
    if (r.error)
      return {
        markdown: `**TRM** ${codeSpan(r.model.meta.name)}: the run failed: ${escapeMarkdown(r.error)}`,
        range: toLspRange(loc.cell.range),
      };
    return {
      markdown: cellHoverMarkdown({
        model: r.model.meta.name,
        row: cell.row,
        col: cell.col,
        steps: r.steps,
        running: r.state === 'running',
        maxSteps: r.maxSteps,
        ...(r.outcome ? { outcome: r.outcome } : {}),
      }),
      range: toLspRange(loc.cell.range),
    };
  }

  /** The run of a puzzle, started in the background when there is none, waited for up to `waitMs`. */
  private async runFor(
    uri: string,
    p: Puzzle,
    index: number,
    t: number,
    waitMs: number,
    token?: CancellationToken,
  ): Promise<RunRecord | NoRun | undefined> {
    const existing = this.runs.get(uri, p, t);
    const r = existing ?? (this.settings.autoRun || waitMs > 0 ? this.runs.ensure(uri, p, index, t, false) : undefined);
    if (!r || isNoRun(r)) return r;
    if (r.state === 'running' && waitMs > 0) {
      const cancelled = new Promise<void>((resolve) => token?.onCancellationRequested(() => resolve()));
      await wait(Promise.race([r.done, cancelled]), waitMs);
    }
    return r;
  }

  // ----- completions -----------------------------------------------------------------------------------

  private async completion(params: CompletionParams, items: CompletionItem[], token: CancellationToken): Promise<CompletionItem[]> {
    const values = items.filter((i) => i.kind === CompletionItemKind.Value || i.kind === CompletionItemKind.Color);
    if (values.length === 0) return items;
    const uri = params.textDocument.uri;
    const a = this.ctx.analysis(uri);
    if (!a) return items;
    const puzzles = a.parsed.document.puzzles;
    const loc = locate(puzzles, params.position);
    if (!loc.puzzle || !loc.section || loc.row === undefined) return items;
    const p = loc.puzzle;
    // The column being typed, from the parse tree: the cell under the cursor, else the next one.
    const gridRow = loc.section.grid.rows[loc.row];
    if (!gridRow) return items;
    const { col } = cellColumnAt(gridRow, params.position);
    const cell = modelCellAt({ ...loc, col, cell: loc.cell ?? { symbol: '', range: { start: params.position, end: params.position } } });
    if (!cell) return items;
    if (p.kind === 'maze' && !cell.inAnswer) return items;
    const r = await this.runFor(uri, p, puzzles.indexOf(p), cell.testIndex, COMPLETION_WAIT_MS, token);
    if (!r || isNoRun(r)) return items;
    const last = r.steps[r.steps.length - 1];
    // Special tokens (<pad>, <eos>) are not cell symbols.
    const top = last?.top[cell.row]?.[cell.col]?.filter((c) => !c.symbol.startsWith('<'));
    if (!top) return items;
    const fillers = new Set(p.kind === 'sudoku' ? ['?', '.'] : ['?']);
    const byLabel = new Map(values.map((i) => [i.label, i]));
    const ranked = rankSymbols(
      values.map((i) => i.label),
      fillers,
      top,
    );
    const template = values[0]!;
    const merged: CompletionItem[] = ranked.map((s) => {
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

  // ----- code actions ----------------------------------------------------------------------------------

  private codeActions(params: CodeActionParams, builtIn: readonly CodeAction[]): CodeAction[] {
    const uri = params.textDocument.uri;
    const a = this.ctx.analysis(uri);
    if (!a) return [];
    const puzzles = a.parsed.document.puzzles;
    const out: CodeAction[] = [];
    const edit = (edits: TextEdit[]) => ({ changes: { [uri]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } });

    // Quick fixes for model diagnostics.
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

    const loc = locate(puzzles, params.range.start);
    const p = loc.puzzle;
    if (!p) return out;
    const index = puzzles.indexOf(p);
    const cell = modelCellAt(loc);
    // Which runs: the test pair under the cursor (ARC), else every run of the puzzle.
    const tests = cell
      ? [cell.testIndex]
      : p.kind === 'arc' && loc.pairIndex !== undefined && p.pairs[loc.pairIndex]?.role === 'test'
        ? [p.pairs.slice(0, loc.pairIndex).filter((x) => x.role === 'test').length]
        : Array.from({ length: runCount(p) }, (_, t) => t);
    for (const t of tests) {
      const r = this.runs.get(uri, p, t) ?? (this.settings.autoRun ? this.runs.ensure(uri, p, index, t, false) : undefined);
      if (!r || isNoRun(r) || !r.outcome || r.state !== 'done') continue;
      const here = cell && loc.cell ? { at: cell, symbol: loc.cell.symbol, range: loc.cell.range } : undefined;
      const offered = (edits: TextEdit[]) => builtIn.some((b) => JSON.stringify(b.edit) === JSON.stringify(edit(edits)));
      for (const f of fillActions(p, t, r.outcome, r.steps[r.steps.length - 1], a.text, here, offered)) {
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

  // ----- model diagnostics -----------------------------------------------------------------------------

  private diagnostics(uri: string, version: number): LspDiagnostic[] {
    if (!this.settings.modelDiagnostics) return [];
    const a = this.ctx.analysis(uri);
    if (!a || a.version !== version) return [];
    const out: LspDiagnostic[] = [];
    for (const p of a.parsed.document.puzzles) {
      for (let t = 0; t < runCount(p); t++) {
        const r = this.runs.get(uri, p, t);
        const last = r?.steps[r.steps.length - 1];
        if (!r || r.state !== 'done' || !last) continue;
        for (const d of modelDiagnostics(p, t, last, this.settings.confidenceThreshold, r.model.meta.name)) {
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
}

/** The assistant as a server extension, for a host's ports (nodePorts.ts, browserTrm.ts). */
export function trmExtension(ports: ConstructorParameters<typeof TrmAssistant>[0]): {
  assistant: TrmAssistant;
  extension: ServerExtension;
} {
  const assistant = new TrmAssistant(ports);
  return { assistant, extension: assistant.extension() };
}

export { providerName };
