// The trace panel's files: saving the PNG the webview drew, and reading a trace written by
// `grid-reasoner trace --json`. Through vscode.workspace.fs, so the web extension host can do both.

import * as vscode from 'vscode';
import { base64ToBytes } from '../../core/src/base64';
import type { Trace } from '../../core/src/trm/trace';
import { checkTraceJson } from './traceStore';

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Asks where to save a PNG data URL (beside the puzzle's file when there is one) and writes it there. */
export async function savePng(dataUrl: string, suggestedName: string, besideUri: string | undefined): Promise<void> {
  const safeName = suggestedName.replace(/[\\/:*?"<>|]+/g, '-');
  const folder = besideUri ? vscode.Uri.joinPath(vscode.Uri.parse(besideUri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
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

/** The trace in `uri` (asked for when not given), or undefined after saying why there is none. */
export async function readTraceFile(uri: vscode.Uri | undefined): Promise<Trace | undefined> {
  const target =
    uri ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'Trace JSON': ['json'] },
        title: 'Grid Reasoner: open a trace (grid-reasoner trace --json)',
      })
    )?.[0];
  if (!target) return undefined;
  let trace: Trace | string;
  try {
    const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
    trace = checkTraceJson(JSON.parse(text));
  } catch (e) {
    trace = e instanceof SyntaxError ? `it is not valid JSON (${e.message})` : errorText(e);
  }
  if (typeof trace === 'string') {
    void vscode.window.showErrorMessage(`Grid Reasoner: ${vscode.workspace.asRelativePath(target)} is not a reasoning trace: ${trace}.`);
    return undefined;
  }
  return trace;
}
