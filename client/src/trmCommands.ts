// The TRM assistant on the client side: sends the `gridReasoner.*` model settings and the
// workspace trust to the server, and registers `Grid Reasoner: Select Provider`, `Grid Reasoner: Show
// Model Info` and the code lens command `Show reasoning trace`. Live traces from the server
// (gridReasoner/trmTrace) are re-emitted on `TrmClientApi.onTrace` for the trace panel.

import * as vscode from 'vscode';
import { DEFAULT_SOLVER_BUDGET_MS, DEFAULT_TRM_SETTINGS, readTrmSettings, TRM_SETTING_KEYS } from '../../core/src/assist/settings';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  Commands,
  Messages,
  onNotification,
  sendNotification,
  sendRequest,
  SELECT_PROVIDER_COMMAND,
  SHOW_MODEL_INFO_COMMAND,
  type ProviderChoice,
  type PuzzleAtReply,
  type TrmClientSettings,
  type TrmTraceEvent,
  type TrmTraceReply,
  type TrmTraceRequest,
} from '../../core/src/protocol/index';

/** What the trace panel (client/src/tracePanel.ts) uses: live run events and traces on demand. */
export interface TrmClientApi {
  /** Every live run event (start, step, end) from the server. */
  onTrace: vscode.Event<TrmTraceEvent>;
  /** `Show reasoning trace` was chosen: the trace (partial while running) of that puzzle. */
  onShowTrace: vscode.Event<{ request: TrmTraceRequest; reply: TrmTraceReply }>;
  /** Asks the server for a puzzle's trace (starting a run when `start`). */
  getTrace(request: TrmTraceRequest): Promise<TrmTraceReply | null>;
  /** Asks the server which puzzle is at a position (and which model takes it). */
  puzzleAt(uri: string, position: { line: number; character: number }): Promise<PuzzleAtReply | null>;
}

/** The rules' settings as the server wants them (initializationOptions). */
export function serverSettings(): { solverBudgetMs: number } {
  const c = vscode.workspace.getConfiguration('gridReasoner');
  return { solverBudgetMs: c.get<number>('diagnostics.solverBudgetMs', DEFAULT_SOLVER_BUDGET_MS) };
}

/** The assistant's settings and model paths as the server wants them (initializationOptions.trm and updates). */
export function trmClientSettings(): TrmClientSettings {
  const c = vscode.workspace.getConfiguration('gridReasoner');
  const models = c.inspect<string[]>('models');
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    ...readTrmSettings((key, fallback) => c.get(key, fallback)),
    models: {
      user: list(models?.globalValue),
      workspace: [...list(models?.workspaceValue), ...list(models?.workspaceFolderValue)],
    },
    workspaceTrusted: vscode.workspace.isTrusted,
    // Explicit runs are shown as a cancellable notification by runProgress below (the language client would show
    // LSP work-done progress in the status bar only, without a Cancel button).
    clientProgress: true,
  };
}

/** A cancellable progress notification per explicit run, fed by the trace events; Cancel stops the run. */
function runProgress(events: vscode.Event<TrmTraceEvent>, cancel: (runId: string) => void): vscode.Disposable {
  const open = new Map<string, { report(step: number, halt: number): void; end(): void }>();
  return events((e) => {
    if (e.type === 'start') {
      if (open.has(e.runId)) return;
      let finish!: () => void;
      const done = new Promise<void>((r) => {
        finish = r;
      });
      let shown = 0;
      let reporter: vscode.Progress<{ message?: string; increment?: number }> | undefined;
      const max = e.maxSteps ?? 0;
      open.set(e.runId, {
        report(step, halt) {
          if (!reporter) return;
          const pct = max > 0 ? Math.min(100, (step / max) * 100) : 0;
          reporter.report({
            message: `step ${step}${max ? ` of at most ${max}` : ''} · halt score ${halt.toFixed(2)}`,
            increment: Math.max(0, pct - shown),
          });
          shown = Math.max(shown, pct);
        },
        end: () => finish(),
      });
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `TRM: ${e.puzzleName} (${e.model})`, cancellable: true },
        async (progress, token) => {
          reporter = progress;
          token.onCancellationRequested(() => cancel(e.runId));
          await done;
        },
      );
    } else if (e.type === 'step') {
      open.get(e.runId)?.report(e.step.step, e.step.haltScore);
    } else if (e.type === 'end') {
      open.get(e.runId)?.end();
      open.delete(e.runId);
    }
  });
}

const PROVIDERS: { id: ProviderChoice; description: string }[] = [
  { id: 'auto', description: 'CUDA when its libraries are installed, else CPU (else WebAssembly)' },
  { id: 'cpu', description: 'onnxruntime-node on the CPU' },
  { id: 'cuda', description: 'onnxruntime-node with the CUDA execution provider (opt-in install; falls back to CPU)' },
  { id: 'wasm', description: 'onnxruntime-web (WebAssembly), single thread' },
];

/** `Select Provider`: the inference provider, written where the setting already lives (workspace or user). */
async function selectProvider(): Promise<void> {
  const c = vscode.workspace.getConfiguration('gridReasoner');
  const current = c.get<ProviderChoice>(TRM_SETTING_KEYS.provider, DEFAULT_TRM_SETTINGS.provider);
  const pick = await vscode.window.showQuickPick(
    PROVIDERS.map((p) => ({ label: p.id, description: p.id === current ? `${p.description} (current)` : p.description })),
    { title: 'Grid Reasoner: inference provider for the TRM', placeHolder: `now: ${current}` },
  );
  if (!pick) return;
  const inspect = c.inspect('provider');
  const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('provider', pick.label, target);
}

/** `Show Model Info`: every model the server knows, its state, and the provider used. */
async function showModelInfo(client: LanguageClient | undefined): Promise<void> {
  if (!client) {
    void vscode.window.showWarningMessage('Grid Reasoner: the language server is not running.');
    return;
  }
  const s = await sendRequest(client, Messages.trmModelInfo, null);
  const items = s.models.map((m) => ({
    label: `${m.state === 'error' ? '$(error) ' : m.state === 'ignored' ? '$(circle-slash) ' : ''}${m.name}`,
    description: `${m.kind} ${m.rows}x${m.cols} · ${m.origin} · ${m.state}${m.provider ? ` · ${m.provider.toUpperCase()}` : ''}`,
    detail: [m.path, m.error, m.providerNote].filter(Boolean).join(' · '),
  }));
  if (items.length === 0)
    items.push({ label: 'No model', description: s.message ?? '', detail: 'Add model paths in the gridReasoner.models setting.' });
  const head = `Provider: ${s.providerSetting}${s.provider ? ` (used: ${s.provider.toUpperCase()})` : ''}${s.providerNote ? ` · ${s.providerNote}` : ''}`;
  await vscode.window.showQuickPick(items, { title: `Grid Reasoner models · ${head}`, canPickMany: false });
}

type ShowTraceEvent = { request: TrmTraceRequest; reply: TrmTraceReply };

/**
 * The `Show reasoning trace` lens command and the event the trace panel listens to. The command sends the
 * puzzle's latest run (started when it has none) to the panel; until some listener subscribes to `onShowTrace`
 * (no trace panel), it opens the trace as JSON beside the editor instead.
 */
function createShowTrace(
  context: vscode.ExtensionContext,
  getTrace: (request: TrmTraceRequest) => Promise<TrmTraceReply | null>,
  output: vscode.LogOutputChannel,
): {
  showTrace: (uri: string, puzzleIndex: number, testIndex?: number) => Promise<void>;
  onShowTrace: vscode.Event<ShowTraceEvent>;
} {
  const showEmitter = new vscode.EventEmitter<ShowTraceEvent>();
  context.subscriptions.push(showEmitter);
  let hasShowTraceListener = false;
  const onShowTrace: vscode.Event<ShowTraceEvent> = (listener, thisArg, disposables) => {
    hasShowTraceListener = true;
    return showEmitter.event(listener, thisArg, disposables);
  };
  const showTrace = async (uri: string, puzzleIndex: number, testIndex = 0): Promise<void> => {
    const request: TrmTraceRequest = { uri, puzzleIndex, testIndex, start: true };
    try {
      const reply = await getTrace(request);
      if (!reply) {
        void vscode.window.showWarningMessage(
          'Grid Reasoner: no TRM run for that puzzle: it changed since the lens was drawn, or no model runs on it (its lens says why).',
        );
        return;
      }
      showEmitter.fire({ request, reply });
      if (!hasShowTraceListener) {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(reply.trace, null, 1) });
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      }
    } catch (e) {
      output.error(`Show reasoning trace failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Grid Reasoner: could not get the trace (${e instanceof Error ? e.message : String(e)}).`);
    }
  };
  return { showTrace, onShowTrace };
}

export function registerTrmCommands(
  context: vscode.ExtensionContext,
  onClient: (f: (client: LanguageClient) => void) => void,
  getClient: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): TrmClientApi {
  const traceEmitter = new vscode.EventEmitter<TrmTraceEvent>();
  context.subscriptions.push(traceEmitter);

  onClient((client) => {
    onNotification(client, Messages.trmTrace, (e) => traceEmitter.fire(e));
  });
  context.subscriptions.push(
    runProgress(traceEmitter.event, (runId) => {
      const c = getClient();
      if (c) sendNotification(c, Messages.trmCancel, { runId });
    }),
  );

  const running = (): LanguageClient | undefined => {
    const c = getClient();
    return c?.isRunning() ? c : undefined;
  };
  const sendSettings = () => {
    const c = running();
    if (c) sendNotification(c, Messages.trmSettings, trmClientSettings());
  };
  const getTrace = async (request: TrmTraceRequest): Promise<TrmTraceReply | null> => {
    const c = running();
    return c ? sendRequest(c, Messages.trmGetTrace, request) : null;
  };
  const puzzleAt = async (uri: string, position: { line: number; character: number }): Promise<PuzzleAtReply | null> => {
    const c = running();
    return c ? sendRequest(c, Messages.puzzleAt, { uri, position }) : null;
  };
  const { showTrace, onShowTrace } = createShowTrace(context, getTrace, output);

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gridReasoner') && !e.affectsConfiguration('gridReasoner.diagnostics')) sendSettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => sendSettings()),
    vscode.commands.registerCommand(SELECT_PROVIDER_COMMAND, selectProvider),
    vscode.commands.registerCommand(SHOW_MODEL_INFO_COMMAND, () => showModelInfo(running())),
    vscode.commands.registerCommand(Commands.showTrace.method, showTrace),
  );
  return { onTrace: traceEmitter.event, onShowTrace, getTrace, puzzleAt };
}
