// The reasoning-trace panel: a webview beside the editor that draws the puzzle at the cursor and plays the
// model's per-step trace (webview/src). It follows the cursor between puzzles, streams live runs from the
// language server (through the TRM client API of trmCommands.ts), exports PNGs, and comes back after a
// reload (WebviewPanelSerializer; the webview keeps its own state with setState, no retainContextWhenHidden).

import * as vscode from 'vscode';
import type { ArcDocument, Puzzle } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import type { TrmTraceEvent, TrmTraceReply, TrmTraceRequest } from '../../core/src/protocol/trmMessages';
import type { Trace } from '../../core/src/trm/trace';
import { makeNonce, traceHtml } from '../../webview/src/html';
import { type FromWebview, isFromWebview, type PuzzleView, type ToWebview, TRACE_VIEW_TYPE } from '../../webview/src/messages';
import { findPuzzleAt, puzzleViewFromAst } from '../../webview/src/viewModel';
import { type CachedTrace, checkTraceJson, TraceStore, traceKey } from './traceStore';

export const SHOW_TRACE_COMMAND = 'gridReasoner.showTrace';
export const OPEN_TRACE_FILE_COMMAND = 'gridReasoner.openTraceFile';
export const EXPORT_TRACE_COMMAND = 'gridReasoner.exportTrace';

/** Where live and stored traces come from (the TRM client API of client/src/trmCommands.ts fits this). */
export interface TraceSource {
  onTrace: vscode.Event<TrmTraceEvent>;
  onShowTrace: vscode.Event<{ request: TrmTraceRequest; reply: TrmTraceReply }>;
  getTrace(request: TrmTraceRequest): Promise<TrmTraceReply | null>;
}

/** What the rest of the extension (and tests) can do with the panel. */
export interface TracePanelApi {
  /** Opens (or reveals) the panel on the puzzle at the cursor of the active editor. */
  show(): Promise<void>;
  /** Shows a whole trace, for example one read from a file. */
  showTrace(trace: Trace): Promise<void>;
  /** Whether the panel is open. */
  isOpen(): boolean;
}

const LANGUAGE_ID = 'arcgrid';
const MAX_CACHED_TRACES = 64;

interface Located {
  uri: string;
  index: number;
  puzzle: Puzzle;
  view: PuzzleView;
}

/** Base64 to bytes without Node's Buffer, so the panel also runs in a browser extension host. */
function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function registerTracePanel(context: vscode.ExtensionContext, source?: TraceSource): TracePanelApi {
  let panel: vscode.WebviewPanel | undefined;
  let ready = false;
  /** What the panel shows. */
  let current: { located: Located | null; reason?: string; key: string | null; trace: CachedTrace | null } = {
    located: null,
    key: null,
    trace: null,
  };
  let lastSentPuzzle = '';
  const store = new TraceStore(MAX_CACHED_TRACES);
  const parsed = new Map<string, { version: number; doc: ArcDocument }>();

  function post(msg: ToWebview): void {
    if (panel && ready) void panel.webview.postMessage(msg);
  }

  function documentOf(doc: vscode.TextDocument): ArcDocument {
    const key = doc.uri.toString();
    const hit = parsed.get(key);
    if (hit && hit.version === doc.version) return hit.doc;
    const result = parse(doc.getText()).document;
    parsed.set(key, { version: doc.version, doc: result });
    return result;
  }

  function locate(editor: vscode.TextEditor | undefined): Located | { reason: string } {
    if (!editor) return { reason: 'Open an .arc file and put the cursor in a puzzle to see it here.' };
    if (editor.document.languageId !== LANGUAGE_ID) return { reason: 'The active editor is not an .arc puzzle file.' };
    const doc = documentOf(editor.document);
    const pos = editor.selection.active;
    const puzzle = findPuzzleAt(doc, { line: pos.line, character: pos.character });
    if (!puzzle) return { reason: `${vscode.workspace.asRelativePath(editor.document.uri)} has no puzzles yet.` };
    const uri = editor.document.uri.toString();
    const index = doc.puzzles.indexOf(puzzle);
    const fileName = editor.document.uri.path.split('/').pop() ?? editor.document.uri.path;
    return { uri, index, puzzle, view: puzzleViewFromAst(puzzle, { uri, fileName, line: puzzle.range.start.line }) };
  }

  /** Sends the current puzzle and its trace (everything: after 'ready' or a restore). */
  function sendAll(): void {
    const t = current.trace;
    // Nothing known yet (a panel just restored after a reload): leave the webview with what it restored.
    if (!current.located && !t && current.reason === undefined) return;
    lastSentPuzzle = JSON.stringify(current.located?.view ?? null);
    if (t && t.runId) {
      post({ type: 'showTrace', trace: t.trace, puzzle: current.located?.view ?? null, runId: t.runId });
    } else {
      const msg: ToWebview = { type: 'showPuzzle', puzzle: current.located?.view ?? null, trace: t?.trace ?? null };
      if (current.reason) msg.reason = current.reason;
      post(msg);
    }
    if (panel) panel.title = current.located ? `Trace: ${current.located.view.name}` : 'Reasoning Trace';
  }

  /** The cursor moved (or the document changed): show the puzzle there when it is another one or it changed. */
  async function follow(editor: vscode.TextEditor | undefined, opts: { startRun?: boolean } = {}): Promise<void> {
    if (!panel) return;
    const found = locate(editor);
    if (!('view' in found)) {
      // Keep showing the last puzzle when focus moves to another kind of editor (output, settings...), but say
      // so when there is no puzzle at all in an .arc file.
      if (editor && editor.document.languageId === LANGUAGE_ID) {
        current = { located: null, reason: found.reason, key: null, trace: null };
        sendAll();
      }
      return;
    }
    const key = traceKey(found.uri, found.index, found.view.name);
    const viewJson = JSON.stringify(found.view);
    if (key === current.key && viewJson === lastSentPuzzle && !opts.startRun) return;
    const cached = store.get(key) ?? null;
    const samePuzzle = key === current.key;
    current = { located: found, key, trace: cached };
    if (samePuzzle && viewJson !== lastSentPuzzle) {
      // The puzzle was edited: redraw it; the webview keeps its trace for the same name.
      lastSentPuzzle = viewJson;
      post({ type: 'showPuzzle', puzzle: found.view });
    } else {
      sendAll();
    }
    if ((!cached || opts.startRun) && source) {
      const request: TrmTraceRequest = { uri: found.uri, puzzleIndex: found.index, testIndex: 0, start: opts.startRun === true };
      try {
        const reply = await source.getTrace(request);
        if (reply) adoptReply(request, reply);
      } catch (e) {
        // The server may be restarting; the panel still shows the puzzle. Live events fill it in later.
        console.warn(`Grid Reasoner trace panel: getTrace failed: ${errorText(e)}`);
      }
    }
  }

  function adoptReply(request: TrmTraceRequest, reply: TrmTraceReply): void {
    const key = store.adoptReply(request, reply);
    if (key !== undefined && key === current.key) {
      current.trace = store.get(key) ?? null;
      sendAll();
    }
  }

  function onTraceEvent(e: TrmTraceEvent): void {
    const msg = store.onEvent(e, current.key);
    if (current.key) current.trace = store.get(current.key) ?? current.trace;
    if (msg) post(msg);
  }

  async function onMessage(raw: unknown): Promise<void> {
    if (!isFromWebview(raw)) return;
    const msg: FromWebview = raw;
    switch (msg.type) {
      case 'ready':
        ready = true;
        sendAll();
        return;
      case 'notify': {
        const show = msg.level === 'error' ? vscode.window.showErrorMessage : msg.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
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
    const folder = current.located
      ? vscode.Uri.joinPath(vscode.Uri.parse(current.located.uri), '..')
      : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, safeName) } : {}),
      filters: { 'PNG image': ['png'] },
      title: 'Grid Reasoner: save the picture as',
    });
    if (!target) return;
    try {
      const bytes = base64Bytes(dataUrl.slice(dataUrl.indexOf(',') + 1));
      await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`Grid Reasoner: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Grid Reasoner: could not save ${target.fsPath}: ${errorText(e)}`);
    }
  }

  function setUp(p: vscode.WebviewPanel): void {
    panel = p;
    ready = false;
    p.webview.options = { enableScripts: true, localResourceRoots: [context.extensionUri] };
    const scriptUri = p.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js'));
    p.webview.html = traceHtml({ cspSource: p.webview.cspSource, nonce: makeNonce(), scriptUri: scriptUri.toString(), title: 'Reasoning trace' });
    const subs: vscode.Disposable[] = [
      p.webview.onDidReceiveMessage((m) => void onMessage(m)),
      p.onDidChangeViewState(() => {
        // Shown again after being hidden: the webview restarts from its saved state and says 'ready'.
        if (!p.visible) ready = false;
      }),
    ];
    p.onDidDispose(() => {
      for (const s of subs) s.dispose();
      if (panel === p) {
        panel = undefined;
        ready = false;
        current = { located: null, key: null, trace: null };
        lastSentPuzzle = '';
      }
    });
  }

  function ensurePanel(): vscode.WebviewPanel {
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, true);
      return panel;
    }
    const p = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, 'Reasoning Trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [context.extensionUri],
    });
    setUp(p);
    return p;
  }

  let followTimer: ReturnType<typeof setTimeout> | undefined;
  function followSoon(editor: vscode.TextEditor | undefined): void {
    if (!panel) return;
    if (followTimer) clearTimeout(followTimer);
    followTimer = setTimeout(() => {
      followTimer = undefined;
      void follow(editor);
    }, 120);
  }

  const api: TracePanelApi = {
    async show() {
      ensurePanel();
      await follow(vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID), {
        startRun: source !== undefined,
      });
    },
    async showTrace(trace: Trace) {
      ensurePanel();
      const key = `trace-file#${trace.puzzleName}`;
      current = { located: null, key, trace: { trace, runId: null } };
      lastSentPuzzle = 'null';
      if (panel) panel.title = `Trace: ${trace.puzzleName}`;
      post({ type: 'showTrace', trace, puzzle: null });
    },
    isOpen: () => panel !== undefined,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TRACE_COMMAND, () => api.show()),
    vscode.commands.registerCommand(OPEN_TRACE_FILE_COMMAND, async (uri?: vscode.Uri) => {
      const target =
        uri ??
        (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Trace JSON': ['json'] }, title: 'Grid Reasoner: open a trace (grid-reasoner trace --json)' }))?.[0];
      if (!target) return;
      let trace: Trace | string;
      try {
        const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
        trace = checkTraceJson(JSON.parse(text));
      } catch (e) {
        trace = e instanceof SyntaxError ? `it is not valid JSON (${e.message})` : errorText(e);
      }
      if (typeof trace === 'string') {
        void vscode.window.showErrorMessage(`Grid Reasoner: ${vscode.workspace.asRelativePath(target)} is not a reasoning trace: ${trace}.`);
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
      if (pick) post({ type: 'requestExport', what: pick.what });
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
    vscode.workspace.onDidCloseTextDocument((d) => parsed.delete(d.uri.toString())),
    { dispose: () => panel?.dispose() },
  );
  if (source) {
    context.subscriptions.push(
      source.onTrace(onTraceEvent),
      source.onShowTrace(async ({ request, reply }) => {
        // `Show reasoning trace` (code lens): open the panel on that puzzle and show its run.
        ensurePanel();
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === request.uri);
        if (editor) {
          const doc = documentOf(editor.document);
          const puzzle = doc.puzzles[request.puzzleIndex];
          if (puzzle) {
            const fileName = editor.document.uri.path.split('/').pop() ?? '';
            const located: Located = {
              uri: request.uri,
              index: request.puzzleIndex,
              puzzle,
              view: puzzleViewFromAst(puzzle, { uri: request.uri, fileName, line: puzzle.range.start.line }),
            };
            current = { located, key: traceKey(request.uri, request.puzzleIndex, puzzle.name), trace: null };
          }
        }
        adoptReply(request, reply);
        const key = traceKey(request.uri, request.puzzleIndex, reply.trace.puzzleName);
        if (current.key !== key) {
          current = { located: current.located?.view.name === reply.trace.puzzleName ? current.located : null, key, trace: store.get(key) ?? null };
        }
        sendAll();
      }),
    );
  }
  return api;
}
