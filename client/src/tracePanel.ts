// The reasoning-trace panel: a webview beside the editor that draws the puzzle at the cursor and plays the
// model's per-step trace (webview/src). It follows the cursor between puzzles, streams live runs from the
// language server (through the TRM client API of trmCommands.ts), exports PNGs, and comes back after a reload
// (WebviewPanelSerializer; the webview keeps its own state with setState, no retainContextWhenHidden).
// This file wires the panel (client/src/tracePanelShell.ts) to its commands and to the editor's events.

import * as vscode from 'vscode';
import type { Trace } from '../../core/src/trm/trace';
import { type ToWebview, TRACE_VIEW_TYPE } from '../../webview/src/messages';
import { readTraceFile } from './traceFiles';
import { isPuzzleEditor, TracePanel, type TraceSource } from './tracePanelShell';

export type { TraceSource } from './tracePanelShell';

export const SHOW_TRACE_COMMAND = 'gridReasoner.showTrace';
export const OPEN_TRACE_FILE_COMMAND = 'gridReasoner.openTraceFile';
export const EXPORT_TRACE_COMMAND = 'gridReasoner.exportTrace';

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
  /** The trace shown for the followed puzzle, steps streamed so far included (null: none), for the end-to-end suite. */
  shownTrace(): Trace | null;
}

export function registerTracePanel(context: vscode.ExtensionContext, source: TraceSource): TracePanelApi {
  const panel = new TracePanel(context.extensionUri, source);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TRACE_COMMAND, () => panel.show()),
    vscode.commands.registerCommand(OPEN_TRACE_FILE_COMMAND, async (uri?: vscode.Uri) => {
      const trace = await readTraceFile(uri);
      if (trace) await panel.showTrace(trace);
    }),
    vscode.commands.registerCommand(EXPORT_TRACE_COMMAND, () => panel.exportPng()),
    vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, {
      deserializeWebviewPanel: async (p: vscode.WebviewPanel) => panel.restore(p),
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (isPuzzleEditor(e.textEditor)) panel.followSoon(e.textEditor);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isPuzzleEditor(e)) panel.followSoon(e);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const editor = vscode.window.activeTextEditor;
      if (isPuzzleEditor(editor) && e.document === editor.document) panel.followSoon(editor);
    }),
    panel,
  );
  context.subscriptions.push(
    source.onTrace((e) => panel.onTraceEvent(e)),
    source.onShowTrace(({ request, reply }) => panel.showReply(request, reply)),
  );
  return {
    show: () => panel.show(),
    showTrace: (trace) => panel.showTrace(trace),
    isOpen: () => panel.isOpen(),
    lastPosted: () => panel.lastPosted(),
    shownTrace: () => panel.shownTrace(),
  };
}
