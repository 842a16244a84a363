// Helpers for the in-host suite: open fixtures from the test workspace, wait for language features.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'grid-reasoner.grid-reasoner';

export function fail(message: string): never {
  throw new Error(message);
}

export function check(cond: unknown, message: string): asserts cond {
  if (!cond) fail(message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms` with `what`. */
/** Polls `probe` until it gives a value; `what` may be a function, so the failure says what was seen at the end. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string | (() => string),
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      fail(
        `timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await sleep(200);
  }
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'the test workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Reverts and closes the document's editor, so no dirty file is left behind for the next test. */
export async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

let untitledCount = 0;

/**
 * A new untitled document with exactly this text. Each gets a name of its own: `openTextDocument({ content })`
 * names them Untitled-1, -2... and reuses a freed name, and VS Code then restores the hot-exit backup an earlier
 * test's document left under that name instead of the content given (the old text comes back).
 */
export async function openUntitled(content: string, language = 'arcgrid'): Promise<vscode.TextDocument> {
  const name = `e2e-${Date.now().toString(36)}-${++untitledCount}.arc`;
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: name }));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(0, 0), content);
  check(await vscode.workspace.applyEdit(edit), `could not write the text of ${name}`);
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  check(doc.getText() === content, `${doc.uri.toString()} holds another text: ${doc.getText().slice(0, 60)}`);
  return doc;
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** The project's diagnostics (stable codes such as P011 or R101) for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /^[A-Z]\d{3}$/.test(codeOf(d)));
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export function titleOf(a: vscode.CodeAction | vscode.Command): string {
  return a.title;
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyAction(a: vscode.CodeAction | vscode.Command): Promise<void> {
  if ('edit' in a || 'kind' in a || 'diagnostics' in a || 'isPreferred' in a) {
    const action = a as vscode.CodeAction;
    if (action.edit) check(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" was not applied`);
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    return;
  }
  const cmd = a as vscode.Command;
  await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
}

/** Finds the code action titled `title` at `at` (failing with the titles offered) and applies it as the editor does. */
export async function applyActionTitled(doc: vscode.TextDocument, at: vscode.Position, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    new vscode.Range(at, at),
  );
  const action = actions?.find((a) => titleOf(a) === title);
  check(action, `no "${title}"; got: ${(actions ?? []).map(titleOf).join(' | ')}`);
  await applyAction(action);
}

/** The digits written in the `keyword` section of the first puzzle, row by row (separators dropped). */
export function sectionRows(text: string, keyword: string): string[] {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim().split(/\s+/)[0] === keyword);
  if (at < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const t = line.replace(/\/\/.*$/, '').trim();
    if (t === '') break;
    if (/^[-+]+$/.test(t)) continue;
    if (/^[A-Za-z]{2,}/.test(t)) break; // the next keyword line (cells are one character each)
    rows.push(
      t
        .split(/[\s|]+/)
        .filter(Boolean)
        .join(''),
    );
  }
  return rows;
}
