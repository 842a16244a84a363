// `New Puzzle` and `Import Puzzles`: the palette commands that bring puzzles in. The server owns the templates
// and the importers (core/src/io, the same code as `grid-reasoner import`); this file picks, reads the chosen
// file's bytes and shows the result. It never parses a document.

import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient } from 'vscode-languageclient';

const TEMPLATES_COMMAND = 'gridReasoner.server.puzzleTemplates';
const IMPORT_COMMAND = 'gridReasoner.server.importPuzzles';

interface TemplateItem {
  id: string;
  label: string;
  detail: string;
  snippet: string;
  plain: string;
}
type ImportReply = { ok: true; text: string; format: string; count: number } | { ok: false; message: string };

async function runServerCommand<T>(
  getClient: () => BaseLanguageClient | undefined,
  command: string,
  args: unknown[],
): Promise<T | undefined> {
  const client = getClient();
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage(
      'Grid Reasoner: the language server is not running (see the Grid Reasoner output, or run Restart Server).',
    );
    return undefined;
  }
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
}

/** Inserts at the cursor when its line is empty, else at the end of the document after a blank line. */
async function insertPuzzle(editor: vscode.TextEditor, snippet: string): Promise<void> {
  const doc = editor.document;
  const here = editor.selection.active;
  if (doc.lineAt(here.line).isEmptyOrWhitespace) {
    await editor.insertSnippet(new vscode.SnippetString(snippet), doc.lineAt(here.line).range);
    return;
  }
  // One blank line between the last puzzle and the new one.
  const last = doc.lineAt(doc.lineCount - 1);
  const previousBlank = doc.lineCount > 1 && doc.lineAt(doc.lineCount - 2).isEmptyOrWhitespace;
  const lead = last.isEmptyOrWhitespace ? (previousBlank || doc.lineCount === 1 ? '' : '\n') : '\n\n';
  await editor.insertSnippet(new vscode.SnippetString(lead + snippet), last.range.end);
}

async function newPuzzle(getClient: () => BaseLanguageClient | undefined): Promise<void> {
  const templates = await runServerCommand<TemplateItem[]>(getClient, TEMPLATES_COMMAND, []);
  if (!templates?.length) return;
  const pick = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: t.detail.replace(/^new /, ''), description: t.label, template: t })),
    {
      title: 'New Puzzle',
      placeHolder: 'Which kind of puzzle?',
    },
  );
  if (!pick) return;
  const active = vscode.window.activeTextEditor;
  if (active && active.document.languageId === 'arcgrid') {
    await insertPuzzle(active, pick.template.snippet);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'arcgrid', content: '' });
  const editor = await vscode.window.showTextDocument(doc);
  await editor.insertSnippet(new vscode.SnippetString(pick.template.snippet));
}

/** A Kaggle `*_challenges.json` beside its `*_solutions.json`: the solutions fill the test outputs. */
async function solutionsBeside(uri: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> {
  if (!/challenges\.json$/i.test(uri.path)) return undefined;
  const other = uri.with({ path: uri.path.replace(/challenges(\.json)$/i, 'solutions$1') });
  try {
    return { uri: other, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(other)) };
  } catch {
    return undefined;
  }
}

async function importPuzzles(getClient: () => BaseLanguageClient | undefined, given?: vscode.Uri): Promise<void> {
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import Puzzles',
        canSelectMany: false,
        openLabel: 'Import',
        filters: { 'Puzzle files (ARC task or Kaggle JSON, Sudoku or Maze-Hard CSV, Sudoku lines)': ['json', 'csv', 'txt'] },
      })
    )?.[0];
  if (!uri) return;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Grid Reasoner: cannot read ${uri.fsPath || uri.path}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  const name = uri.path.replace(/^.*\//, '');
  const solutions = await solutionsBeside(uri);
  const reply = await runServerCommand<ImportReply>(getClient, IMPORT_COMMAND, [name, text, solutions?.text ?? null]);
  if (!reply) return;
  if (!reply.ok) {
    void vscode.window.showErrorMessage(`Grid Reasoner: import failed: ${reply.message}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'arcgrid', content: reply.text });
  await vscode.window.showTextDocument(doc);
  const with_ = solutions ? ` with the test outputs from ${solutions.uri.path.replace(/^.*\//, '')}` : '';
  void vscode.window.showInformationMessage(
    `Grid Reasoner: imported ${reply.count} puzzle${reply.count === 1 ? '' : 's'} from ${name} (${reply.format})${with_}. Save the new file as .arc.`,
  );
}

export function registerPuzzleCommands(context: vscode.ExtensionContext, getClient: () => BaseLanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gridReasoner.newPuzzle', () => newPuzzle(getClient)),
    vscode.commands.registerCommand('gridReasoner.importPuzzles', (uri?: vscode.Uri) =>
      importPuzzles(getClient, uri instanceof vscode.Uri ? uri : undefined),
    ),
  );
}
