// The TRM status bar item: the model and the provider actually used (CUDA, CPU or WebAssembly), a
// spinner while runs are in progress, a warning when a model failed to load. Click: Show Model Info.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SHOW_MODEL_INFO_COMMAND, TRM_STATUS_NOTIFICATION, type TrmStatus } from '../../core/src/protocol/trmMessages';

const PROVIDER: Record<string, string> = { cuda: 'CUDA', cpu: 'CPU', wasm: 'WASM' };

/** The status bar text and tooltip for a status (pure, for tests). */
export function statusText(s: TrmStatus): { text: string; tooltip: string; warning: boolean } {
  const provider = s.provider ? PROVIDER[s.provider] ?? s.provider : s.providerSetting === 'auto' ? 'auto' : PROVIDER[s.providerSetting] ?? s.providerSetting;
  const model = s.model ?? (s.models.find((m) => m.state === 'ok')?.name ?? `${s.models.filter((m) => m.state !== 'error' && m.state !== 'ignored').length} models`);
  const lines = [`Grid Reasoner TRM · provider setting: ${s.providerSetting}`];
  if (s.provider) lines.push(`provider used: ${PROVIDER[s.provider] ?? s.provider}`);
  if (s.providerNote) lines.push(s.providerNote);
  if (s.message) lines.push(s.message);
  lines.push('Click for model info');
  switch (s.state) {
    case 'busy':
      return { text: `$(sync~spin) TRM ${model} · ${provider} · ${s.running} running`, tooltip: lines.join('\n'), warning: false };
    case 'error':
      return { text: `$(warning) TRM ${model} · ${provider}`, tooltip: lines.join('\n'), warning: true };
    case 'none':
      return { text: '$(circle-slash) TRM: no model', tooltip: lines.join('\n'), warning: false };
    default:
      return { text: `$(hubot) TRM ${model} · ${provider}`, tooltip: lines.join('\n'), warning: false };
  }
}

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
