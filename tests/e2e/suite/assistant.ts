// In-host checks of the TRM assistant (issue 6) on the installed .vsix: the code lenses, `Fill solution with
// TRM` writing a verified Sudoku solution, and a cell hover with the per-step history. Node extension host
// only (the model runs in the Node language server). The model: the repository's fixture model, given
// through the user setting gridReasoner.models (the suite runs from <repo>/dist/test/suite.js).
import * as vscode from 'vscode';
import { test } from './runner';
import { applyAction, check, EXTENSION_ID, hoverText, revertAndClose, sectionRows, titleOf, waitFor } from './util';

/** The fixture model beside the bundled suite (<repo>/dist/test/suite.js); no node: imports, the web host bundles this file too. */
function fixtureModel(): string {
  return `${__dirname.replace(/[\\/]dist[\\/]test$/, '')}/tests/fixtures/models/sudoku-4x4-tiny.onnx`;
}

const TEXT = `sudoku easy 4x4
  givens
    1 . | . 4
    . 4 | 1 .
    ----+----
    2 . | . 3
    . 3 | 2 .
  solution
    ? ? | ? ?
    ? ? | ? ?
    ----+----
    ? ? | ? ?
    ? ? | ? ?
`;

test('TRM: Solve with TRM, Fill solution with TRM writes a verified solution, a cell hover shows every step', async () => {
  const config = vscode.workspace.getConfiguration('gridReasoner');
  await config.update('models', [fixtureModel()], vscode.ConfigurationTarget.Global);
  const doc = await vscode.workspace.openTextDocument({ language: 'arcgrid', content: TEXT });
  try {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['gridReasoner.selectProvider', 'gridReasoner.showModelInfo', 'gridReasoner.trm.solve', 'gridReasoner.trm.showTrace']) {
      check(commands.includes(c), `command ${c} is not registered`);
    }
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l?.some((x) => x.command?.title === 'Solve with TRM') ? l : undefined;
    }, 'the Solve with TRM code lens');
    const solve = lenses.find((x) => x.command?.title === 'Solve with TRM')!.command!;
    const result = await vscode.commands.executeCommand<{ state?: string; outcome?: { stepsRun: number; satisfiesRules: boolean } }>(solve.command, ...(solve.arguments ?? []));
    check(result?.state === 'done' && result.outcome?.satisfiesRules, `Solve with TRM: ${JSON.stringify(result)}`);

    const outcome = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l?.find((x) => x.command?.title.startsWith('TRM: ✓ verified'));
    }, 'the verified outcome lens');
    check(/· \d+ steps? · .* · (CPU|CUDA|WebAssembly)$/.test(outcome.command!.title), `outcome lens: ${outcome.command!.title}`);

    // Hover on row 3, column 2 (a blank given): the rules part, then the model's table with every step.
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 6)));
    const rows = hover.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    check(/\| step \| symbol \| probability \| changed \| halt score \|/.test(hover), `no step table in the hover: ${hover}`);
    check(rows.length === result.outcome!.stepsRun, `${rows.length} step rows, the run took ${result.outcome!.stepsRun}: ${hover}`);
    check(/Settled on `1` at step \d+/.test(hover), `the cell settles on 1: ${hover}`);

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, new vscode.Range(8, 4, 8, 4));
    const fill = actions?.find((a) => titleOf(a) === 'Fill solution with TRM');
    check(fill, `no "Fill solution with TRM"; got: ${(actions ?? []).map(titleOf).join(' | ')}`);
    await applyAction(fill);
    const written = await waitFor(() => {
      const r = sectionRows(doc.getText(), 'solution');
      return r.length === 4 && !r.join('').includes('?') ? r : undefined;
    }, 'a filled solution section');
    check(JSON.stringify(written) === JSON.stringify(['1234', '3412', '2143', '4321']), `solution written: ${written.join(' / ')}`);
  } finally {
    await config.update('models', undefined, vscode.ConfigurationTarget.Global);
    await revertAndClose(doc);
  }
}, { hosts: ['node'], timeoutMs: 90_000 });
