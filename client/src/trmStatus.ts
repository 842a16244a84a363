// The TRM status bar item: the model for the puzzle at the cursor (asked of the server: gridReasoner/puzzleAt)
// and the provider actually used (CUDA, CPU or WebAssembly), a spinner while runs are in progress, a warning when
// a model failed to load. Click: Show Model Info.

import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { statusText } from '../../core/src/assist/status';
import { Messages, onNotification, SHOW_MODEL_INFO_COMMAND, type PuzzleAtReply, type TrmStatus } from '../../core/src/protocol/index';

const LANGUAGE_ID = 'arcgrid';

/** What the status text says of the puzzle at the cursor. */
type PuzzleModel = { model?: string; noModel?: string; notRun?: string };

/** The item as it shows before the server's first status arrives; clicking it opens Show Model Info. */
function createStatusItem(context: vscode.ExtensionContext): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('gridReasoner.trmStatus', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grid Reasoner TRM';
  item.command = SHOW_MODEL_INFO_COMMAND;
  item.text = '$(hubot) TRM';
  item.tooltip = 'Grid Reasoner TRM: waiting for the language server';
  context.subscriptions.push(item);
  return item;
}

/** The model fields of the server's puzzleAt reply (none when the cursor is on no puzzle), absent fields left out. */
function puzzleModel(r: PuzzleAtReply | null): PuzzleModel | undefined {
  if (!r || 'reason' in r) return undefined;
  return {
    ...(r.model ? { model: r.model } : {}),
    ...(r.noModel ? { noModel: r.noModel } : {}),
    ...(r.notRun ? { notRun: r.notRun } : {}),
  };
}

export function registerTrmStatus(
  context: vscode.ExtensionContext,
  onClient: (f: (client: LanguageClient) => void) => void,
  puzzleAt: (uri: string, position: { line: number; character: number }) => Promise<PuzzleAtReply | null>,
): { text(): string } {
  const item = createStatusItem(context);
  let status: TrmStatus | undefined;
  let forPuzzle: PuzzleModel | undefined;
  const draw = () => {
    if (!status) return;
    const t = statusText(status, forPuzzle);
    item.text = t.text;
    item.tooltip = t.tooltip;
    item.backgroundColor = t.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  let seq = 0;
  const ask = async (e: vscode.TextEditor | undefined) => {
    if (e?.document.languageId !== LANGUAGE_ID) return;
    const mine = ++seq;
    const pos = e.selection.active;
    const r = await puzzleAt(e.document.uri.toString(), { line: pos.line, character: pos.character }).catch(() => null);
    if (mine !== seq) return;
    forPuzzle = puzzleModel(r);
    draw();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const askSoon = (e: vscode.TextEditor | undefined) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void ask(e), 150);
  };
  const showForEditor = (e: vscode.TextEditor | undefined) => {
    if (e?.document.languageId === LANGUAGE_ID) {
      item.show();
      askSoon(e);
    } else item.hide();
  };
  showForEditor(vscode.window.activeTextEditor);
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(showForEditor),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor === vscode.window.activeTextEditor) askSoon(e.textEditor);
    }),
    {
      dispose: () => {
        if (timer) clearTimeout(timer);
      },
    },
  );
  onClient((client) => {
    onNotification(client, Messages.trmStatus, (s) => {
      const first = !status;
      status = s;
      draw();
      if (first) askSoon(vscode.window.activeTextEditor);
    });
  });
  return { text: () => item.text };
}
