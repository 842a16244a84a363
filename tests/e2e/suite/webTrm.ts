// In-host check of the TRM in the web extension: in the browser's web-worker extension host, the language
// server (itself a web worker) runs the shared assistant on the bundled model with onnxruntime-web: the background
// run ends in a verified lens, a cell hover shows every step, and `Fill solution with TRM` (offered only after
// the run, as on the desktop) writes the solution. The palette commands of the desktop are registered too.
import * as vscode from 'vscode';
import { config, test } from './runner';
import { applyActionTitled, check, hoverText, openFixture, revertAndClose, sectionRows, waitFor } from './util';

test(
  'web TRM: lenses, hovers and Fill solution with TRM from the shared assistant on WebAssembly',
  async () => {
    const { doc } = await openFixture('solve.arc');
    try {
      const commands = await vscode.commands.getCommands(true);
      for (const c of [
        'gridReasoner.showTrace',
        'gridReasoner.openTraceFile',
        'gridReasoner.exportTrace',
        'gridReasoner.showModelInfo',
        'gridReasoner.selectProvider',
      ]) {
        check(commands.includes(c), `command ${c} is not registered in the web extension`);
      }
      const lens = await waitFor(
        async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
          return l?.find((x) => x.command?.title.startsWith('TRM: ✓ verified'));
        },
        'the verified outcome lens of the background run',
        90_000,
      );
      check(/· WebAssembly$/.test(lens.command!.title), `outcome lens: ${lens.command!.title}`);
      const hover = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 0)),
      );
      check(/\| step \| symbol \| probability \| changed \| halt score \|/.test(hover), `no step table in the web hover: ${hover}`);
      await applyActionTitled(doc, new vscode.Position(1, 0), 'Fill solution with TRM');
      const rows = await waitFor(
        () => {
          const r = sectionRows(doc.getText(), 'solution');
          return r.length === 4 ? r : undefined;
        },
        'the solution written by the TRM',
        60_000,
      );
      check(JSON.stringify(rows) === JSON.stringify(['1234', '3412', '2143', '4321']), `TRM solution: ${rows.join(' / ')}`);
    } finally {
      await revertAndClose(doc);
    }
  },
  { hosts: ['web'], timeoutMs: 150_000 },
);

test(
  'web TRM: a model of the gridReasoner.models setting is read through the workspace file system and used',
  async () => {
    check(config.fixtureModel, 'no fixture model in the suite config');
    const settings = vscode.workspace.getConfiguration('gridReasoner');
    const { doc } = await openFixture('solve.arc');
    try {
      // The fixture model (sudoku-4x4-tiny) is preferred over the bundled 4x4 model once the setting names it.
      await settings.update('models', [config.fixtureModel], vscode.ConfigurationTarget.Global);
      const header = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('sudoku small'));
      let seen = '';
      await waitFor(
        async () => {
          seen = hoverText(
            await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(header, 0)),
          );
          return /sudoku-4x4-tiny/.test(seen) ? true : undefined;
        },
        () => `the header hover naming the model of the setting (is: ${seen})`,
        90_000,
      );
    } finally {
      await settings.update('models', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['web'], timeoutMs: 150_000 },
);
