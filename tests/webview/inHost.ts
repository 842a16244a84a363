// In-host checks of the trace panel for the end-to-end suite (tests/e2e/suite): they run inside VS Code's real
// extension host (code-server) against the installed extension. Registered with the suite's runner, so the
// suite's index only imports this module. Desktop host only: the web extension does not register the panel.
import * as vscode from 'vscode';
import { test } from '../e2e/suite/runner';
import { check, openUntitled, revertAndClose, waitFor } from '../e2e/suite/util';

const TEXT = `sudoku first 4x4
  givens
    1 . | . .
    . . | 2 .
    ----+----
    . 3 | . .
    . . | . 4

maze second 5x5
  grid
    # # # # #
    # S . . #
    # # # . #
    # G . . #
    # # # # #
`;

/** The open documents, the active editor and the tabs, for a failure message. */
function editorsNow(): string {
  const docs = vscode.workspace.textDocuments.map((d) => `${d.uri.toString()} v${d.version} "${d.getText().split('\n')[0]}"`);
  const tabs = vscode.window.tabGroups.all.map((g) => g.tabs.map((t) => t.label).join(' + '));
  return `documents ${docs.join(', ')}; active ${vscode.window.activeTextEditor?.document.uri.toString()}; tabs ${tabs.join(' | ')}`;
}

function traceTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gridReasoner.trace'));
}

test(
  'trace panel: Show Reasoning Trace opens a webview beside the editor and follows the cursor between puzzles',
  async () => {
    const doc = await openUntitled(TEXT);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    editor.selection = new vscode.Selection(3, 4, 3, 4); // in the Sudoku
    const before = editorsNow();
    await vscode.commands.executeCommand('gridReasoner.showTrace');
    const after = editorsNow();
    const tab = await waitFor(() => traceTabs()[0], 'the trace panel tab');
    check(tab.group.viewColumn !== editor.viewColumn, `the panel opened in column ${tab.group.viewColumn}, the editor's own`);
    await waitFor(
      () => (traceTabs()[0]?.label === 'Trace: first' ? true : undefined),
      () =>
        `the panel title "Trace: first" (is "${traceTabs()[0]?.label}"); before the command: ${before}; after it: ${after}; now: ${editorsNow()}`,
    );

    // Moving the cursor into the maze switches the panel to it; the editor keeps the focus.
    await vscode.window.showTextDocument(doc, {
      ...(editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {}),
      preserveFocus: false,
    });
    vscode.window.activeTextEditor!.selection = new vscode.Selection(11, 6, 11, 6);
    await waitFor(
      () => (traceTabs()[0]?.label === 'Trace: second' ? true : undefined),
      () => `the panel title "Trace: second" (is "${traceTabs()[0]?.label}")`,
    );
    check(traceTabs().length === 1, `${traceTabs().length} trace panels open; the command must reuse one`);

    await vscode.commands.executeCommand('gridReasoner.showTrace');
    check(traceTabs().length === 1, 'a second Show Reasoning Trace opened another panel');
    await vscode.window.tabGroups.close(traceTabs());
    await revertAndClose(doc);
  },
  { hosts: ['node'] },
);
