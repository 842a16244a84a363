// The TRM status bar item: the model and the provider actually used (CUDA, CPU or WebAssembly), a
// spinner while runs are in progress, a warning when a model failed to load. Click: Show Model Info.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { statusText } from '../../core/src/assist/status';
import { SHOW_MODEL_INFO_COMMAND, TRM_STATUS_NOTIFICATION, type TrmStatus } from '../../core/src/protocol/trmMessages';

export function registerTrmStatus(context: vscode.ExtensionContext, onClient: (f: (client: LanguageClient) => void) => void): void {
  const item = vscode.window.createStatusBarItem('gridReasoner.trmStatus', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grid Reasoner TRM';
  item.command = SHOW_MODEL_INFO_COMMAND;
  item.text = '$(hubot) TRM';
  item.tooltip = 'Grid Reasoner TRM: waiting for the language server';
  context.subscriptions.push(item);
  const showForEditor = (e: vscode.TextEditor | undefined) => {
    if (e?.document.languageId === 'arcgrid') item.show();
    else item.hide();
  };
  showForEditor(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(showForEditor));
  onClient((client) => {
    client.onNotification(TRM_STATUS_NOTIFICATION, (s: TrmStatus) => {
      const t = statusText(s);
      item.text = t.text;
      item.tooltip = t.tooltip;
      item.backgroundColor = t.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    });
  });
}
