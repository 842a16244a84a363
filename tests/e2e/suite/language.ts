// In-host checks of the language features, on the installed .vsix, through the real VS Code API.
// Fixtures: tests/e2e/fixtures/workspace (copied to a temp folder that code-server opens).
import * as vscode from 'vscode';
import { config, test } from './runner';
import {
  applyAction,
  check,
  codeOf,
  EXTENSION_ID,
  hoverText,
  labelOf,
  openFixture,
  openUntitled,
  ourDiagnostics,
  revertAndClose,
  sectionRows,
  titleOf,
  waitFor,
  workspaceUri,
} from './util';

test('the extension is the one installed from the .vsix, and activates on an .arc file', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  check(ext, `extension ${EXTENSION_ID} is not installed`);
  const installedIn = config.extensionsDir;
  if (installedIn) {
    check(
      ext.extensionUri.path.startsWith(installedIn),
      `extension runs from ${ext.extensionUri.toString()}, not from the installed .vsix in ${installedIn}`,
    );
  }
  // The suite runs where the extension runs: the Node extension host, or the browser's web-worker one.
  const inNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  check(inNode === (config.host === 'node'), `expected the ${config.host} extension host, but Node is ${inNode ? '' : 'not '}here`);
  const pkg = ext.packageJSON as Record<string, unknown>;
  check(pkg.devDependencies === undefined, 'the installed manifest still lists devDependencies (not the packaged one)');
  const { doc } = await openFixture('solve.arc');
  check(doc.languageId === 'arcgrid', `solve.arc opened as ${doc.languageId}, expected arcgrid`);
  await waitFor(() => (ext.isActive ? true : undefined), 'the extension to activate on an .arc file');
});

test('diagnostics: a repeated digit is reported on both cells (R101), and goes away when fixed', async () => {
  const { doc, editor } = await openFixture('conflict.arc');
  const r101 = await waitFor(() => {
    const ds = ourDiagnostics(doc.uri).filter((d) => codeOf(d) === 'R101');
    return ds.length >= 2 ? ds : undefined;
  }, 'R101 diagnostics on conflict.arc');
  const starts = r101.map((d) => `${d.range.start.line}:${d.range.start.character}`).sort();
  check(JSON.stringify(starts) === JSON.stringify(['3:0', '3:8']), `R101 at ${starts.join(', ')}, expected 3:0 and 3:8`);
  check(
    r101.every((d) => d.severity === vscode.DiagnosticSeverity.Error),
    'R101 is not an error',
  );
  check(
    r101.every((d) => /twice/.test(d.message)),
    `unexpected message: ${r101[0]?.message}`,
  );

  // The quick fix on the second cell clears it; the diagnostics follow the edit.
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    r101.find((d) => d.range.start.character === 8)!.range,
  );
  const clear = actions?.find((a) => /^Clear this 1/.test(titleOf(a)));
  check(clear, `no "Clear this 1" quick fix; got: ${(actions ?? []).map(titleOf).join(' | ')}`);
  await applyAction(clear);
  check(editor.document.lineAt(3).text.trimEnd() === '1 . | . .', `after the quick fix line 4 is "${editor.document.lineAt(3).text}"`);
  await waitFor(
    () => (ourDiagnostics(doc.uri).some((d) => codeOf(d) === 'R101') ? undefined : true),
    'R101 to disappear after the quick fix',
  );
  await revertAndClose(doc);
});

test('hover: a blank cell shows its candidates; the header shows the exact solver verdict', async () => {
  const { doc } = await openFixture('solve.arc');
  // Line 4 (index 3) is ". . | 3 .": row 1, column 1 is blank; its legal digits are 1 2 4.
  const cell = hoverText(
    await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 0)),
  );
  check(/Row 1, column 1/.test(cell), `cell hover lacks the position: ${cell}`);
  check(/Candidates: 1 2 4/.test(cell), `cell hover lacks "Candidates: 1 2 4": ${cell}`);
  const header = hoverText(
    await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 9)),
  );
  check(/unique solution/.test(header), `header hover lacks the solver verdict: ${header}`);
});

test('completion: legal digits in a blank cell; puzzle snippets on an empty line', async () => {
  const { doc } = await openFixture('solve.arc');
  const inCell = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    new vscode.Position(3, 0),
  );
  const cellLabels = new Set(inCell.items.map(labelOf));
  for (const d of ['1', '2', '4']) check(cellLabels.has(d), `completion in a blank cell lacks ${d}: ${[...cellLabels].join(' ')}`);
  // 3 is already in the row: absent, or (when the TRM assistant predicts it) struck through as breaking the rules.
  const three = inCell.items.find((i) => labelOf(i) === '3');
  check(
    !three || (three.tags ?? []).includes(vscode.CompletionItemTag.Deprecated),
    `completion offers 3, already in the row, as a legal digit: ${[...cellLabels].join(' ')}`,
  );
  const lastLine = doc.lineCount - 1;
  check(doc.lineAt(lastLine).text === '', 'solve.arc should end with an empty line');
  const onEmpty = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    new vscode.Position(lastLine, 0),
  );
  const labels = new Set(onEmpty.items.map(labelOf));
  for (const l of ['sudoku 4x4', 'arc', 'maze'])
    check(labels.has(l), `completion on an empty line lacks "${l}": ${[...labels].join(', ')}`);
});

test('Solve exactly: the code action writes the unique solution', async () => {
  const { doc } = await openFixture('solve.arc');
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    new vscode.Range(1, 0, 1, 0),
  );
  const solve = actions?.find((a) => titleOf(a) === 'Solve exactly: write the solution of small');
  check(solve, `no "Solve exactly" action on the header; got: ${(actions ?? []).map(titleOf).join(' | ')}`);
  await applyAction(solve);
  const rows = await waitFor(() => {
    const r = sectionRows(doc.getText(), 'solution');
    return r.length === 4 ? r : undefined;
  }, 'a 4-row solution section');
  check(JSON.stringify(rows) === JSON.stringify(['1234', '3412', '2143', '4321']), `solution written: ${rows.join(' / ')}`);
  check(JSON.stringify(sectionRows(doc.getText(), 'givens')) === JSON.stringify(['..3.', '3..2', '.1..', '..2.']), 'the givens changed');
  await revertAndClose(doc);
});

test('hover on an ARC cell names its colour', async () => {
  const { doc } = await openFixture('colours.arc');
  // Line 6 (index 5) is "1 0" of the first train input.
  const text = hoverText(
    await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 0)),
  );
  check(/ARC colour 1/.test(text), `ARC cell hover lacks the colour: ${text}`);
});

test('Import Puzzles: an ARC task JSON opens as a new .arc document; grids get no occurrence boxes', async () => {
  await vscode.commands.executeCommand('gridReasoner.importPuzzles', workspaceUri('arc-task.json'));
  const editor = await waitFor(() => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.languageId === 'arcgrid' && e.document.isUntitled ? e : undefined;
  }, 'the imported puzzles in a new arcgrid editor');
  const text = editor.document.getText();
  check(text.startsWith('arc arc-task\n  train\n    input 3x3\n      3 1 2\n'), `imported text: ${text.slice(0, 120)}`);
  const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'arcgrid' });
  check(
    editorConfig.get('occurrencesHighlight') === 'off',
    `occurrencesHighlight in .arc files: ${String(editorConfig.get('occurrencesHighlight'))}`,
  );
  check(
    editorConfig.get('wordBasedSuggestions') === 'off',
    `wordBasedSuggestions in .arc files: ${String(editorConfig.get('wordBasedSuggestions'))}`,
  );
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('New Puzzle: picking the first kind inserts a blank 9x9 Sudoku at the cursor, and the server checks it', async () => {
  const doc = await openUntitled('');
  try {
    await vscode.window.showTextDocument(doc, { preview: false });
    // The command waits on its quick pick: accept the first kind offered, as a user pressing Enter would.
    const done = vscode.commands.executeCommand('gridReasoner.newPuzzle');
    await waitFor(
      async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return /^sudoku \S+ 9x9/m.test(doc.getText()) ? true : undefined;
      },
      () => `a puzzle template in the document after picking one (text: ${JSON.stringify(doc.getText().slice(0, 80))})`,
    );
    await done;
    // The first kind is a blank 9x9 Sudoku: once the server has checked it, it says the puzzle has many
    // solutions (R104), and nothing else: the template parses.
    await vscode.commands.executeCommand('leaveSnippet');
    let seen: vscode.Diagnostic[] = [];
    await waitFor(
      () => {
        seen = ourDiagnostics(doc.uri);
        return seen.some((d) => codeOf(d) === 'R104') ? true : undefined;
      },
      () => `R104 on the new blank Sudoku (diagnostics: ${seen.map((d) => `${codeOf(d)} ${d.message}`).join(' | ') || 'none'})`,
    );
    check(
      seen.every((d) => codeOf(d) === 'R104'),
      `the template has other diagnostics: ${seen.map((d) => `${codeOf(d)} ${d.message}`).join(' | ')}`,
    );
  } finally {
    await revertAndClose(doc);
  }
});

const MAZE = `maze walls 3x4
  grid
    S . . #
    # # . #
    G . . .
  path
    S o o #
    # # o #
    G o o .
`;

test('a wall written into a maze grid: its solved path section gets R308 where it no longer copies the maze, and the quick fix', async () => {
  // The sequence that once showed nothing: the path stayed "." where the grid now had "#", the Problems panel was
  // empty, and only the lens (no "answer written here satisfies the rules" any more) and the model disagreed.
  const doc = await openUntitled(MAZE);
  try {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // Line 5 (index 4) is the grid's last row "G . . .": its last cell becomes a wall.
    check(await editor.edit((e) => e.replace(new vscode.Range(4, 10, 4, 11), '#')), 'the edit of the grid');
    const r308 = await waitFor(
      () => ourDiagnostics(doc.uri).find((d) => codeOf(d) === 'R308'),
      () => `R308 on the path (seen: ${ourDiagnostics(doc.uri).map(codeOf).join(' ') || 'none'})`,
    );
    check(
      r308.range.start.line === 8 && r308.range.start.character === 10,
      `R308 at ${r308.range.start.line}:${r308.range.start.character}`,
    );
    check(/writes \. where the maze has #/.test(r308.message), r308.message);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      r308.range,
    );
    const fix = actions?.find((a) => titleOf(a) === "Write the maze's # here");
    check(fix, `no "Write the maze's # here"; got: ${(actions ?? []).map(titleOf).join(' | ')}`);
    await applyAction(fix);
    check(doc.lineAt(8).text === '    G o o #', `after the quick fix the path's last row is "${doc.lineAt(8).text}"`);
    await waitFor(
      () => (ourDiagnostics(doc.uri).length === 0 ? true : undefined),
      () => `no diagnostics after the fix (seen: ${ourDiagnostics(doc.uri).map(codeOf).join(' ')})`,
    );
  } finally {
    await revertAndClose(doc);
  }
});
