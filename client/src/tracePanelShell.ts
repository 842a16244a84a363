// The VS Code side of the reasoning-trace panel: one webview panel beside the editor, the puzzle at the cursor
// it follows (the server says which puzzle is there: gridReasoner/puzzleAt), and the traces it asks for. What
// it shows is decided by TracePanelModel; client/src/tracePanel.ts wires this to commands and editor events.

import * as vscode from 'vscode';
import type { PuzzleAtReply, TrmTraceEvent, TrmTraceReply, TrmTraceRequest } from '../../core/src/protocol/index';
import type { Trace } from '../../core/src/trm/trace';
import { makeNonce, traceHtml } from '../../webview/src/html';
import { type FromWebview, isFromWebview, type ToWebview, TRACE_VIEW_TYPE } from '../../webview/src/messages';
import { errorText, savePng } from './traceFiles';
import { type PanelTarget, TracePanelModel, targetOf } from './tracePanelModel';

/** Where live and stored traces come from (the TRM client API of client/src/trmCommands.ts fits this). */
export interface TraceSource {
  onTrace: vscode.Event<TrmTraceEvent>;
  onShowTrace: vscode.Event<{ request: TrmTraceRequest; reply: TrmTraceReply }>;
  getTrace(request: TrmTraceRequest): Promise<TrmTraceReply | null>;
  /** The puzzle at a position, answered by the server. */
  puzzleAt(uri: string, position: { line: number; character: number }): Promise<PuzzleAtReply | null>;
}

export const LANGUAGE_ID = 'arcgrid';
const MAX_CACHED_TRACES = 64;
/** The cursor rests this long before the panel follows it, so a burst of events asks the server once. */
const FOLLOW_DELAY_MS = 120;

export function isPuzzleEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor?.document.languageId === LANGUAGE_ID;
}

export class TracePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly model = new TracePanelModel((m) => {
    if (this.panel) void this.panel.webview.postMessage(m);
  }, MAX_CACHED_TRACES);
  /** Answers of older follow() calls are dropped (the cursor moved on). */
  private followSeq = 0;
  private followTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: TraceSource,
  ) {}

  isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The last message sent to the webview (what it shows). */
  lastPosted(): ToWebview | undefined {
    return this.model.lastPosted;
  }

  /** The trace shown for the puzzle the panel follows, with the steps streamed into it so far. */
  shownTrace(): Trace | null {
    return this.model.shownTrace();
  }

  /** Opens (or reveals) the panel on the puzzle at the cursor of the active editor, and starts a run there. */
  async show(): Promise<void> {
    this.ensurePanel();
    // An explicit request about the editor now: a follow armed by an earlier event must not override it.
    this.cancelFollowSoon();
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find(isPuzzleEditor);
    await this.follow(editor, { startRun: true });
  }

  /** Shows a whole trace (one read from a file). */
  async showTrace(trace: Trace): Promise<void> {
    this.ensurePanel();
    this.model.showFileTrace(trace);
    this.retitle();
  }

  /** `Show reasoning trace` (code lens, palette): opens the panel on that puzzle with its latest run. */
  async showReply(request: TrmTraceRequest, reply: TrmTraceReply): Promise<void> {
    this.ensurePanel();
    const view = reply.view;
    if (view) this.model.follow({ uri: request.uri, puzzleIndex: request.puzzleIndex, testIndex: request.testIndex ?? 0, view });
    else {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === request.uri);
      if (editor) await this.follow(editor);
    }
    this.model.reply(request, reply);
    this.retitle();
  }

  /** A live run's event from the server (kept for every puzzle, drawn for the shown one). */
  onTraceEvent(e: TrmTraceEvent): void {
    this.model.event(e);
    // Asked for here, not by following the cursor: the settings editor may have the focus.
    const shown = this.model.shown;
    if (e.type === 'runsRestarted' && shown && this.panel) void this.requestTrace(shown, false);
  }

  /** Asks the webview to draw a PNG of the current view or of the whole trace. */
  async exportPng(): Promise<void> {
    if (!this.panel) {
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
    if (pick) void this.panel?.webview.postMessage({ type: 'requestExport', what: pick.what } satisfies ToWebview);
  }

  /** A panel VS Code brought back after a reload: the webview restores what it drew; the panel follows the cursor again. */
  restore(p: vscode.WebviewPanel): void {
    this.adopt(p);
    this.followSoon(vscode.window.activeTextEditor);
  }

  /** Follows `editor` once the cursor rests. */
  followSoon(editor: vscode.TextEditor | undefined): void {
    if (!this.panel) return;
    this.cancelFollowSoon();
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      // The editor active when the timer fires, not the one of the event that armed it: a burst of editor
      // switches (open, close, open) must end on the last one.
      const active = vscode.window.activeTextEditor;
      void this.follow(isPuzzleEditor(active) ? active : editor);
    }, FOLLOW_DELAY_MS);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private cancelFollowSoon(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = undefined;
  }

  /** The cursor moved (or the document changed): show the puzzle there; ask for its trace when none is known. */
  private async follow(editor: vscode.TextEditor | undefined, opts: { startRun?: boolean } = {}): Promise<void> {
    if (!this.panel) return;
    // Focus on another kind of editor (output, settings...) keeps the last puzzle.
    if (!isPuzzleEditor(editor)) return;
    const seq = ++this.followSeq;
    const found = await this.locate(editor);
    if (seq !== this.followSeq || !this.panel) return;
    this.model.follow(found);
    this.retitle();
    const shown = this.model.shown;
    if (shown && (!this.model.hasTrace() || opts.startRun)) await this.requestTrace(shown, opts.startRun === true);
  }

  private async requestTrace(t: PanelTarget, start: boolean): Promise<void> {
    const request: TrmTraceRequest = { uri: t.uri, puzzleIndex: t.puzzleIndex, testIndex: t.testIndex, start };
    try {
      const reply = await this.source.getTrace(request);
      if (reply) this.model.reply(request, reply);
    } catch (e) {
      // The server may be restarting; the panel still shows the puzzle. Live events fill it in later.
      console.warn(`Grid Reasoner trace panel: getTrace failed: ${errorText(e)}`);
    }
  }

  /** The puzzle at the editor's cursor, asked of the server. */
  private async locate(editor: vscode.TextEditor): Promise<PanelTarget | { reason: string }> {
    const pos = editor.selection.active;
    try {
      return targetOf(await this.source.puzzleAt(editor.document.uri.toString(), { line: pos.line, character: pos.character }));
    } catch (e) {
      return { reason: `The language server could not say which puzzle is here (${errorText(e)}).` };
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isFromWebview(raw)) return;
    const msg: FromWebview = raw;
    switch (msg.type) {
      case 'ready':
        this.model.setReady(true);
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
        await savePng(msg.dataUrl, msg.suggestedName, this.model.shown?.uri);
        return;
    }
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.panel;
    }
    const p = vscode.window.createWebviewPanel(
      TRACE_VIEW_TYPE,
      'Reasoning Trace',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.extensionUri] },
    );
    this.adopt(p);
    return p;
  }

  /** Makes `p` the panel: its page, its messages, and forgetting it when it closes. */
  private adopt(p: vscode.WebviewPanel): void {
    this.panel = p;
    this.model.setReady(false);
    p.webview.options = { enableScripts: true, localResourceRoots: [this.extensionUri] };
    const scriptUri = p.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    p.webview.html = traceHtml({
      cspSource: p.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: scriptUri.toString(),
      title: 'Reasoning trace',
    });
    const subs: vscode.Disposable[] = [
      p.webview.onDidReceiveMessage((m) => void this.onMessage(m)),
      p.onDidChangeViewState(() => {
        // Shown again after being hidden: the webview restarts from its saved state and says 'ready'.
        if (!p.visible) this.model.setReady(false);
      }),
    ];
    p.onDidDispose(() => {
      for (const s of subs) s.dispose();
      if (this.panel === p) {
        this.panel = undefined;
        this.model.setReady(false);
        this.model.follow({ reason: '' });
      }
    });
  }

  private retitle(): void {
    if (this.panel) this.panel.title = this.model.title();
  }
}
