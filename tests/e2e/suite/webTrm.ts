// In-host check of the TRM in the web extension: in the browser's web-worker extension host, the language
// server (itself a web worker) runs the bundled model on onnxruntime-web and fills the solution.
import * as vscode from 'vscode';
import { test } from './runner';
import { applyAction, check, openFixture, revertAndClose, sectionRows, titleOf, waitFor } from './util';

test('web TRM: Fill solution with TRM (WebAssembly) runs the bundled model in the worker and writes the solution', async () => {
  const { doc } = await openFixture('solve.arc');
  try {
    const action = await waitFor(async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider', doc.uri, new vscode.Range(1, 0, 1, 0));
      return actions?.find((a) => titleOf(a) === 'Fill solution with TRM (WebAssembly)');
    }, 'the web TRM code action on the header');
    await applyAction(action);
    const rows = await waitFor(() => {
      const r = sectionRows(doc.getText(), 'solution');
      return r.length === 4 ? r : undefined;
    }, 'the solution written by the TRM', 60_000);
    check(JSON.stringify(rows) === JSON.stringify(['1234', '3412', '2143', '4321']), `TRM solution: ${rows.join(' / ')}`);
  } finally {
    await revertAndClose(doc);
  }
}, { hosts: ['web'], timeoutMs: 90_000 });
