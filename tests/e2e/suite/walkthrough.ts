// In-host checks of the Getting Started walkthrough: its steps and media are in the installed extension, it
// opens, and its commands do what the steps say (open an example; on the desktop also run the TRM and open
// the trace webview). Browser-safe: no Node imports (web.ts includes this file).
import * as vscode from 'vscode';
import { config, test } from './runner';
import { check, EXTENSION_ID, ourDiagnostics, revertAndClose, sleep, waitFor } from './util';

interface Step {
  id: string;
  media?: { markdown?: string };
  completionEvents?: string[];
  when?: string;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  check(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext;
}

test('walkthrough: four steps with their media in the installed extension, and it opens', async () => {
  const ext = extension();
  const pkg = ext.packageJSON as { contributes?: { walkthroughs?: { id: string; steps: Step[] }[] } };
  const walkthrough = pkg.contributes?.walkthroughs?.[0];
  check(walkthrough, 'no walkthrough contributed');
  check(
    JSON.stringify(walkthrough.steps.map((s) => s.id)) === JSON.stringify(['openExample', 'runTrm', 'openTrace', 'changeSetting']),
    `walkthrough steps: ${walkthrough.steps.map((s) => s.id).join(', ')}`,
  );
  for (const step of walkthrough.steps) {
    const md = step.media?.markdown;
    check(md, `step ${step.id} has no markdown media`);
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, md));
    check(stat.size > 200, `${md} is nearly empty`);
    check((step.completionEvents ?? []).length > 0, `step ${step.id} never completes`);
  }
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
  await sleep(500);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('walkthrough step 1: "Open an Example" opens a bundled example as an editable .arc document', async () => {
  const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('gridReasoner.openExample', 'sudoku-small.arc');
  check(editor, 'gridReasoner.openExample returned no editor');
  const doc = editor.document;
  try {
    check(doc.isUntitled && doc.languageId === 'arcgrid', `opened ${doc.uri.toString()} as ${doc.languageId}`);
    check(/^sudoku four 4x4$/m.test(doc.getText()), 'the example text is not sudoku-small.arc');
    // The language server takes it like any file: hovering the header gives the solver verdict.
    const header = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('sudoku four'));
    const hover = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(header, 9),
      );
      return h && h.length ? h : undefined;
    }, 'a hover on the example header');
    check(hover.length > 0, 'no hover');
    check(
      ourDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length === 0,
      'a bundled example has errors',
    );
  } finally {
    await revertAndClose(doc);
  }
});

test(
  'walkthrough steps 2 and 3: the TRM (bundled model) runs on the example and the trace webview opens',
  async () => {
    check(config.host === 'node', 'desktop only');
    // The model bundled in the .vsix when there is one for 4x4 Sudoku (it proves the packaged models are found);
    // the repository's fixture model otherwise.
    const bundled = vscode.Uri.joinPath(extension().extensionUri, 'models', 'sudoku-4x4.onnx');
    const hasBundled = await vscode.workspace.fs.stat(bundled).then(
      () => true,
      () => false,
    );
    const settings = vscode.workspace.getConfiguration('gridReasoner');
    if (!hasBundled) {
      check(config.fixtureModel, 'no bundled 4x4 model and no fixture model in the suite config');
      await settings.update('models', [config.fixtureModel], vscode.ConfigurationTarget.Global);
    }
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('gridReasoner.openExample', 'sudoku-small.arc');
    check(editor, 'gridReasoner.openExample returned no editor');
    const doc = editor.document;
    try {
      await waitFor(async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return lenses?.some((l) => l.command?.title === 'Solve with TRM') ? true : undefined;
      }, 'the Solve with TRM lens on the example');
      const header = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('sudoku four'));
      editor.selection = new vscode.Selection(header + 2, 4, header + 2, 4);
      await vscode.commands.executeCommand('gridReasoner.walkthrough.runTrm');
      await waitFor(
        async () => {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
          return lenses?.some((l) => l.command?.title.startsWith('TRM: ')) ? true : undefined;
        },
        'the outcome lens after the walkthrough run',
        60_000,
      );

      await vscode.commands.executeCommand('gridReasoner.showTrace');
      const traceTab = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gridReasoner.trace'));
      const tab = await waitFor(traceTab, 'the trace webview tab');
      // The title follows once the server has said which puzzle is at the cursor.
      await waitFor(
        () => (traceTab()?.label === 'Trace: four' ? true : undefined),
        () => `the trace tab titled "Trace: four", the puzzle under the cursor (is "${traceTab()?.label}")`,
      );
      await vscode.window.tabGroups.close(tab);
    } finally {
      if (!hasBundled) await settings.update('models', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 120_000 },
);
