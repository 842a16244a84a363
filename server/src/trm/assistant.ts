// The TRM assistant in the language server: the models, the per-document runs, the settings, the status and
// trace notifications, and the lifecycle. What each LSP feature answers is in features/ (one file each),
// and what it says is decided in core/src/assist. Plugs into the built-in server through FeatureHooks
// (server/src/context.ts).

import {
  CodeActionKind,
  type CancellationToken,
  type CodeLensParams,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { knownAnswers } from '../../../core/src/trm/knownAnswer';
import { fileUriToPath } from '../fileUri';
import type { Puzzle } from '../../../core/src/dsl/ast';
import type { ModelCatalog, ModelProblem, ModelRunner } from '../../../core/src/assist/catalog';
import { runCount } from '../../../core/src/assist/cells';
import { Commands, Messages, onNotification, onRequest, sendNotification, type PuzzleAtParams } from '../../../core/src/protocol/messages';
import { DEFAULT_TRM_SETTINGS, mergeTrmSettings, runOptionsOf } from '../../../core/src/assist/settings';
import {
  type TrmClientSettings,
  type TrmSettings,
  type TrmStatus,
  type TrmTraceEvent,
  type TrmTraceRequest,
} from '../../../core/src/protocol/trmMessages';
import { showMessage, type ServerContext } from '../context';
import type { ServerExtension } from '../serverMain';
import { trmCodeActions } from './features/codeActions';
import { solveCommand, solveExactlyCommand } from './features/commands';
import { trmCompletion } from './features/completion';
import { trmHover } from './features/hover';
import { trmCodeLenses } from './features/lens';
import { trmDiagnostics } from './features/modelDiagnostics';
import { puzzleAtReply, traceReply } from './features/requests';
import { isNoRun, RunManager, type NoRun, type RunRecord } from './runs';

/** Where a model path came from, in the words of a message about it. */
const MODEL_ORIGIN_TEXT = {
  bundled: 'from a model folder: the bundled models or $GRID_REASONER_MODELS',
  user: 'from your user settings, gridReasoner.models',
  workspace: 'from the workspace settings, gridReasoner.models',
} as const;
/** Background runs start this long after the last edit. */
const AUTO_RUN_DELAY_MS = 300;
/** Background runs per document at most (the first puzzles); explicit runs are not limited. */
const AUTO_RUN_LIMIT = 64;
/** Time slice (ms) of the auto-run's parse and walk over the puzzles between yields to the event loop. */
const AUTO_RUN_SLICE_MS = 15;

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
  /** The server's context, set when the server registers the extension. */
  ctx!: ServerContext;
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
        [Commands.trmSolve.method]: (_ctx, args) => solveCommand(this, args),
        [Commands.solveExactly.method]: (_ctx, args) => solveExactlyCommand(this, args),
      },
      register: (ctx) => this.register(ctx),
      // Off (gridReasoner.assistant.enabled: false): the built-in results pass through unchanged.
      hover: (p, t) => (this.settings.enabled ? trmHover(this, p, t) : undefined),
      completion: (p, items, t) => (this.settings.enabled ? trmCompletion(this, p, items, t) : items),
      codeActions: (p, builtIn) => (this.settings.enabled ? trmCodeActions(this, p, builtIn) : []),
      diagnostics: (uri, version) => (this.settings.enabled ? trmDiagnostics(this, uri, version) : []),
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
    ctx.connection.onCodeLens(ctx.guard('codeLens', (p: CodeLensParams) => (this.settings.enabled ? trmCodeLenses(this, p) : [])));
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
      ctx.guard('trmGetTrace', (p: TrmTraceRequest) => traceReply(this, p)),
    );
    onRequest(
      ctx.connection,
      Messages.trmModelInfo,
      ctx.guard('trmModelInfo', () => this.statusObject()),
    );
    onRequest(
      ctx.connection,
      Messages.puzzleAt,
      ctx.guard('puzzleAt', (p: PuzzleAtParams) => puzzleAtReply(this, p)),
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
    this.restartRuns();
    this.refreshLenses();
    this.status(true);
  }

  /** Results computed before no longer apply (other models or options): every open document starts afresh. */
  private restartRuns(): void {
    this.runs.clear();
    sendNotification(this.ctx.connection, Messages.trmTrace, { type: 'runsRestarted' });
    for (const doc of this.ctx.documents.all()) {
      this.changed(doc.uri);
      this.ctx.refreshDiagnostics(doc.uri);
    }
  }

  /** New settings: models re-read (problems reported once), runs restarted when what they compute changed. */
  applySettings(sent: TrmClientSettings | undefined, live: boolean): void {
    const fingerprint = () => JSON.stringify([this.settings, this.registry.summaries().map((m) => [m.path, m.origin, m.state])]);
    const before = fingerprint();
    this.settings = mergeTrmSettings(DEFAULT_TRM_SETTINGS, sent);
    const problems = this.registry.configure(sent);
    // window/showMessage may be sent while the initialize request is handled (LSP), so report at once.
    this.reportModelProblems(problems);
    const ignored = this.registry.summaries().filter((m) => m.state === 'ignored');
    if (ignored.length && !this.toldUntrusted) {
      this.toldUntrusted = true;
      const which = ignored.map((m) => `${m.path} (${m.error ?? 'untrusted workspace'})`).join('; ');
      showMessage(this.ctx, 'info', `Grid Reasoner: not loaded until you trust this workspace: ${which}.`);
    }
    if (!live) return;
    if (fingerprint() !== before || problems.length) this.restartRuns();
    this.refreshLenses();
    this.status(true);
  }

  /** Models that cannot be used, one message each (the host's catalog reports each problem once). */
  reportModelProblems(problems: readonly ModelProblem[]): void {
    for (const p of problems) {
      showMessage(
        this.ctx,
        'error',
        `Grid Reasoner: the model ${p.path} (${MODEL_ORIGIN_TEXT[p.origin]}) cannot be used: ${p.message}. The other models and every other feature keep working.`,
      );
    }
  }

  // ----- runs ------------------------------------------------------------------------------------------

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
        // Without runs there is nothing to sync, and the puzzles are not asked for: that would finish a large
        // document's parse at once, while the diagnostics parse it in slices.
        if (this.runs.all(uri).length > 0) this.runs.sync(uri, this.puzzles(uri), runCount);
        this.status();
        if (this.settings.autoRun && this.settings.enabled)
          this.autoRun(uri).catch((e: unknown) =>
            this.ctx.log.warn(`TRM auto-run of ${uri} failed: ${e instanceof Error ? e.message : String(e)}`),
          );
      }, AUTO_RUN_DELAY_MS),
    );
  }

  /**
   * Starts the background runs of a document's first puzzles. The parse is awaited in slices (the diagnostics'
   * own, shared through the cache), and the walk over the puzzles yields too: on a large document, finishing
   * either at once would hold up every other request.
   */
  private async autoRun(uri: string): Promise<void> {
    const doc = this.ctx.documents.get(uri);
    if (!doc || !this.settings.autoRun || this.registry.empty) return;
    const { env } = this.ctx;
    const analysis = await this.ctx.cache.analyse(doc, {
      now: () => env.now(),
      sliceMs: AUTO_RUN_SLICE_MS,
      yieldToEventLoop: () => env.yieldToEventLoop(),
    });
    if (!analysis) return;
    const { version } = analysis;
    const puzzles = analysis.parsed.document.puzzles;
    let started = 0;
    let sliceStart = env.now();
    for (let i = 0; i < puzzles.length && started < AUTO_RUN_LIMIT; i++) {
      for (let t = 0; t < runCount(puzzles[i]!) && started < AUTO_RUN_LIMIT; t++) {
        const r = this.runs.ensure(uri, puzzles[i]!, i, t, false);
        if (!isNoRun(r)) started++;
      }
      if (env.now() - sliceStart < AUTO_RUN_SLICE_MS) continue;
      await env.yieldToEventLoop();
      // An edit or a close meanwhile: its own timer starts the runs of the new text.
      if (this.ctx.documents.get(uri)?.version !== version || !this.settings.autoRun) return;
      sliceStart = env.now();
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

  // ----- what the feature handlers (features/) share ------------------------------------------------

  /** The puzzles of a document's current analysis (none when it is not open). */
  puzzles(uri: string): Puzzle[] {
    return this.ctx.analysis(uri)?.parsed.document.puzzles ?? [];
  }

  /** A command's (uri, puzzle index, test index) arguments, resolved against the current text. */
  puzzleArgs(args: unknown[]): { uri: string; index: number; testIndex: number; p: Puzzle } | undefined {
    const [uri, index, testIndex] = args as [unknown, unknown, unknown];
    const p = this.puzzles(String(uri))[Number(index)];
    if (!p) return undefined;
    return { uri: String(uri), index: Number(index), testIndex: Number.isInteger(testIndex) ? Number(testIndex) : 0, p };
  }

  /** The run of a puzzle, started in the background when there is none, waited for up to `waitMs`. */
  async runFor(
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

  /** Whether explicit runs report work-done progress (the client shows it, and shows none of its own). */
  get serverProgress(): boolean {
    return this.progressSupported && !this.clientProgress;
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
