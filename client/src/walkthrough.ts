// Commands behind the Getting Started walkthrough (package.json contributes.walkthroughs, media/walkthrough/).
// Browser-safe (VS Code API only): the desktop and the web extension both register them.
import * as vscode from 'vscode';

export const OPEN_EXAMPLE_COMMAND = 'gridReasoner.openExample';
export const RUN_TRM_ON_ACTIVE_COMMAND = 'gridReasoner.walkthrough.runTrm';

/** The bundled examples (examples/*.arc inside the extension). */
async function listExamples(context: vscode.ExtensionContext): Promise<string[]> {
  const dir = vscode.Uri.joinPath(context.extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(dir);
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.arc'))
    .map(([name]) => name)
    .sort();
}

/** Opens a copy of a bundled example as an untitled document (editable; the installed file stays as it is). */
async function openExample(context: vscode.ExtensionContext, name?: string): Promise<vscode.TextEditor | undefined> {
  let examples: string[];
  try {
    examples = await listExamples(context);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Grid Reasoner: the bundled examples could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
    return undefined;
  }
  if (examples.length === 0) {
    void vscode.window.showErrorMessage('Grid Reasoner: this installation has no bundled examples.');
    return undefined;
  }
  let pick = name;
  if (pick !== undefined && !examples.includes(pick)) {
    void vscode.window.showErrorMessage(`Grid Reasoner: no bundled example named ${pick} (there are: ${examples.join(', ')}).`);
    return undefined;
  }
  pick ??= await vscode.window.showQuickPick(examples, { title: 'Grid Reasoner: open an example puzzle file' });
  if (!pick) return undefined;
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'examples', pick));
  const doc = await vscode.workspace.openTextDocument({ language: 'arcgrid', content: new TextDecoder().decode(bytes) });
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Runs the `Solve with TRM` code lens of the puzzle under the cursor (or the first one) in the active editor. */
async function runTrmOnActive(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'arcgrid') {
    void vscode.window.showInformationMessage('Grid Reasoner: open an .arc file first (for example with "Open an example").');
    return;
  }
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
  const solve = lenses.filter((l) => l.command?.title === 'Solve with TRM');
  const first = solve[0];
  if (first === undefined) {
    void vscode.window.showInformationMessage(
      'Grid Reasoner: no puzzle in this file has a model (see Grid Reasoner: Show Model Info; models are added with the gridReasoner.models setting).',
    );
    return;
  }
  const line = editor.selection.active.line;
  const lens = [...solve].reverse().find((l) => l.range.start.line <= line) ?? first;
  await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
}

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, (name?: string) =>
      openExample(context, typeof name === 'string' ? name : undefined),
    ),
    vscode.commands.registerCommand(RUN_TRM_ON_ACTIVE_COMMAND, runTrmOnActive),
  );
}
