// The reasoning-trace panel: a webview beside the editor that draws the puzzle at the cursor and plays the
// model's per-step trace (webview/src). It follows the cursor between puzzles (the server says which puzzle is
// there: gridReasoner/puzzleAt), streams live runs from the language server (through the TRM client API of
// trmCommands.ts), exports PNGs, and comes back after a reload (WebviewPanelSerializer; the webview keeps its own
// state with setState, no retainContextWhenHidden). What it shows is decided by TracePanelModel.

import * as vscode from 'vscode';
import { base64ToBytes } from '../../core/src/base64';
import type { PuzzleAtReply, TrmTraceEvent, TrmTraceReply, TrmTraceRequest } from '../../core/src/protocol/index';
import type { Trace } from '../../core/src/trm/trace';
import { makeNonce, traceHtml } from '../../webview/src/html';
import { type FromWebview, isFromWebview, type ToWebview, TRACE_VIEW_TYPE } from '../../webview/src/messages';
import { TracePanelModel, targetOf } from './tracePanelModel';
import { checkTraceJson } from './traceStore';

export const SHOW_TRACE_COMMAND = 'gridReasoner.showTrace';
export const OPEN_TRACE_FILE_COMMAND = 'gridReasoner.openTraceFile';
export const EXPORT_TRACE_COMMAND = 'gridReasoner.exportTrace';

/** Where live and stored traces come from (the TRM client API of client/src/trmCommands.ts fits this). */
export interface TraceSource {
  onTrace: vscode.Event<TrmTraceEvent>;
  onShowTrace: vscode.Event<{ request: TrmTraceRequest; reply: TrmTraceReply }>;
  getTrace(request: TrmTraceRequest): Promise<TrmTraceReply | null>;
  /** The puzzle at a position, answered by the server. */
  puzzleAt(uri: string, position: { line: number; character: number }): Promise<PuzzleAtReply | null>;
}

/** What the rest of the extension (and tests) can do with the panel. */
export interface TracePanelApi {
  /** Opens (or reveals) the panel on the puzzle at the cursor of the active editor. */
  show(): Promise<void>;
  /** Shows a whole trace, for example one read from a file. */
  showTrace(trace: Trace): Promise<void>;
  /** Whether the panel is open. */
  isOpen(): boolean;
  /** The last message the panel sent its webview (what it shows), for the end-to-end suite. */
  lastPosted(): ToWebview | undefined;
}

const LANGUAGE_ID = 'arcgrid';
const MAX_CACHED_TRACES = 64;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function registerTracePanel(context: vscode.ExtensionContext, source: TraceSource): TracePanelApi {
  let panel: vscode.WebviewPanel | undefined;
  const model = new TracePanelModel((m) => {
    if (panel) void panel.webview.postMessage(m);
  }, MAX_CACHED_TRACES);
  /** Answers of older follow() calls are dropped (the cursor moved on). */
  let followSeq = 0;

  function retitle(): void {
    if (panel) panel.title = model.title();
  }

  /** The puzzle at the editor's cursor, asked of the server. */
  async function locate(editor: vscode.TextEditor | undefined) {
    if (!editor) return targetOf(null);
    if (editor.document.languageId !== LANGUAGE_ID) return { reason: 'The active editor is not an .arc puzzle file.' };
    const pos = editor.selection.active;
    try {
      return targetOf(await source.puzzleAt(editor.document.uri.toString(), { line: pos.line, character: pos.character }));
    } catch (e) {
      return { reason: `The language server could not say which puzzle is here (${errorText(e)}).` };
    }
  }

  /** The cursor moved (or the document changed): show the puzzle there; ask for its trace when none is known. */
  async function follow(editor: vscode.TextEditor | undefined, opts: { startRun?: boolean } = {}): Promise<void> {
    if (!panel) return;
    // Focus on another kind of editor (output, settings...) keeps the last puzzle.
    if (!editor || editor.document.languageId !== LANGUAGE_ID) return;
    const seq = ++followSeq;
    const found = await locate(editor);
    if (seq !== followSeq || !panel) return;
    model.follow(found);
    retitle();
    const t = model.shown;
    if (!t || (model.hasTrace() && !opts.startRun)) return;
    const request: TrmTraceRequest = { uri: t.uri, puzzleIndex: t.puzzleIndex, testIndex: t.testIndex, start: opts.startRun === true };
    try {
      const reply = await source.getTrace(request);
      if (reply) model.reply(request, reply);
    } catch (e) {
      // The server may be restarting; the panel still shows the puzzle. Live events fill it in later.
      console.warn(`Grid Reasoner trace panel: getTrace failed: ${errorText(e)}`);
    }
  }

  async function onMessage(raw: unknown): Promise<void> {
    if (!isFromWebview(raw)) return;
    const msg: FromWebview = raw;
    switch (msg.type) {
      case 'ready':
        model.setReady(true);
        return;
      case 'notify': {
        const show =
          msg.level === 'error'
            ? vscode.window.showErrorMessage
            : msg.level === 'warning'
              ? vscode.window.showWarningMessage
              : vscode.window.showInformationMessage;
        void show(`Grid Reasoner: ${msg.message}`);
        return;
      }
      case 'exportPng':
        await savePng(msg.dataUrl, msg.suggestedName);
        return;
    }
  }

  async function savePng(dataUrl: string, suggestedName: string): Promise<void> {
    const safeName = suggestedName.replace(/[\\/:*?"<>|]+/g, '-');
    const shown = model.shown;
    const folder = shown ? vscode.Uri.joinPath(vscode.Uri.parse(shown.uri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, safeName) } : {}),
      filters: { 'PNG image': ['png'] },
      title: 'Grid Reasoner: save the picture as',
    });
    if (!target) return;
    try {
      const bytes = base64ToBytes(dataUrl.slice(dataUrl.indexOf(',') + 1));
      await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`Grid Reasoner: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Grid Reasoner: could not save ${target.fsPath}: ${errorText(e)}`);
    }
  }

  function setUp(p: vscode.WebviewPanel): void {
    panel = p;
    model.setReady(false);
    p.webview.options = { enableScripts: true, localResourceRoots: [context.extensionUri] };
    const scriptUri = p.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js'));
    p.webview.html = traceHtml({
      cspSource: p.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: scriptUri.toString(),
      title: 'Reasoning trace',
    });
    const subs: vscode.Disposable[] = [
      p.webview.onDidReceiveMessage((m) => void onMessage(m)),
      p.onDidChangeViewState(() => {
        // Shown again after being hidden: the webview restarts from its saved state and says 'ready'.
        if (!p.visible) model.setReady(false);
      }),
    ];
    p.onDidDispose(() => {
      for (const s of subs) s.dispose();
      if (panel === p) {
        panel = undefined;
        model.setReady(false);
        model.follow({ reason: '' });
      }
    });
  }

  function ensurePanel(): vscode.WebviewPanel {
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
      return panel;
    }
    const p = vscode.window.createWebviewPanel(
      TRACE_VIEW_TYPE,
      'Reasoning Trace',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [context.extensionUri],
      },
    );
    setUp(p);
    return p;
  }

  let followTimer: ReturnType<typeof setTimeout> | undefined;
  function cancelFollowSoon(): void {
    if (followTimer) clearTimeout(followTimer);
    followTimer = undefined;
  }

  function followSoon(editor: vscode.TextEditor | undefined): void {
    if (!panel) return;
    cancelFollowSoon();
    followTimer = setTimeout(() => {
      followTimer = undefined;
      // The editor active when the timer fires, not the one of the event that armed it: a burst of editor
      // switches (open, close, open) must end on the last one.
      const active = vscode.window.activeTextEditor;
      void follow(active?.document.languageId === LANGUAGE_ID ? active : editor);
    }, 120);
  }

  const api: TracePanelApi = {
    async show() {
      ensurePanel();
      // An explicit request about the editor now: a follow armed by an earlier event must not override it.
      cancelFollowSoon();
      await follow(vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID), {
        startRun: true,
      });
    },
    async showTrace(trace: Trace) {
      ensurePanel();
      model.showFileTrace(trace);
      retitle();
    },
    isOpen: () => panel !== undefined,
    lastPosted: () => model.lastPosted,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TRACE_COMMAND, () => api.show()),
    vscode.commands.registerCommand(OPEN_TRACE_FILE_COMMAND, async (uri?: vscode.Uri) => {
      const target =
        uri ??
        (
          await vscode.window.showOpenDialog({
            canSelectMany: false,
            filters: { 'Trace JSON': ['json'] },
            title: 'Grid Reasoner: open a trace (grid-reasoner trace --json)',
          })
        )?.[0];
      if (!target) return;
      let trace: Trace | string;
      try {
        const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
        trace = checkTraceJson(JSON.parse(text));
      } catch (e) {
        trace = e instanceof SyntaxError ? `it is not valid JSON (${e.message})` : errorText(e);
      }
      if (typeof trace === 'string') {
        void vscode.window.showErrorMessage(
          `Grid Reasoner: ${vscode.workspace.asRelativePath(target)} is not a reasoning trace: ${trace}.`,
        );
        return;
      }
      await api.showTrace(trace);
    }),
    vscode.commands.registerCommand(EXPORT_TRACE_COMMAND, async () => {
      if (!panel) {
        void vscode.window.showWarningMessage('Grid Reasoner: open the reasoning trace first (Grid Reasoner: Show Reasoning Trace).');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Current view', description: 'the grids, the step and the halting curve as shown', what: 'view' as const },
          { label: 'Whole trace', description: 'every step side by side, as a PNG strip', what: 'strip' as const },
        ],
        { title: 'Grid Reasoner: export as PNG' },
      );
      if (pick) void panel.webview.postMessage({ type: 'requestExport', what: pick.what } satisfies ToWebview);
    }),
    vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, {
      async deserializeWebviewPanel(p: vscode.WebviewPanel) {
        // The webview restores what it drew from its saved state; the panel then follows the cursor again.
        setUp(p);
        followSoon(vscode.window.activeTextEditor);
      },
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor.document.languageId === LANGUAGE_ID) followSoon(e.textEditor);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && e.document.languageId === LANGUAGE_ID) followSoon(e);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const ed = vscode.window.activeTextEditor;
      if (ed && e.document === ed.document && ed.document.languageId === LANGUAGE_ID) followSoon(ed);
    }),
    { dispose: () => panel?.dispose() },
  );
  context.subscriptions.push(
    source.onTrace((e) => model.event(e)),
    source.onShowTrace(async ({ request, reply }) => {
      // `Show reasoning trace` (code lens, palette): open the panel on that puzzle and show its latest run.
      ensurePanel();
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === request.uri);
      const view = reply.view;
      if (view) model.follow({ uri: request.uri, puzzleIndex: request.puzzleIndex, testIndex: request.testIndex ?? 0, view });
      else if (editor) await follow(editor);
      model.reply(request, reply);
      retitle();
    }),
  );
  return api;
}
