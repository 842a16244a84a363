// In-host checks of the TRM assistant on the installed .vsix: the code lenses, `Fill solution with
// TRM` writing a verified Sudoku solution, and a cell hover with the per-step history. Node extension host
// only (the model runs in the Node language server). The model: the repository's fixture model, given
// through the user setting gridReasoner.models (the suite runs from <repo>/dist/test/suite.js).
import * as vscode from 'vscode';
import { test } from './runner';
import {
  applyActionTitled,
  check,
  codeOf,
  EXTENSION_ID,
  hoverText,
  openUntitled,
  ourDiagnostics,
  revertAndClose,
  sectionRows,
  titleOf,
  waitFor,
} from './util';

/** The repository, from the bundled suite's folder (<repo>/dist/test/suite.js); no node: imports, the web host bundles this file too. */
function repositoryRoot(): string {
  return __dirname.replace(/[\\/]dist[\\/]test$/, '');
}

function fixtureModel(): string {
  return `${repositoryRoot()}/tests/fixtures/models/sudoku-4x4-tiny.onnx`;
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

test(
  'TRM: Solve with TRM, Fill solution with TRM writes a verified solution, a cell hover shows every step',
  async () => {
    const config = vscode.workspace.getConfiguration('gridReasoner');
    await config.update('models', [fixtureModel()], vscode.ConfigurationTarget.Global);
    const doc = await openUntitled(TEXT);
    try {
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      const commands = await vscode.commands.getCommands(true);
      for (const c of [
        'gridReasoner.selectProvider',
        'gridReasoner.showModelInfo',
        'gridReasoner.trm.solve',
        'gridReasoner.trm.showTrace',
      ]) {
        check(commands.includes(c), `command ${c} is not registered`);
      }
      const lenses = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return l?.some((x) => x.command?.title === 'Solve with TRM') ? l : undefined;
      }, 'the Solve with TRM code lens');
      const solve = lenses.find((x) => x.command?.title === 'Solve with TRM')!.command!;
      const result = await vscode.commands.executeCommand<{ state?: string; outcome?: { stepsRun: number; satisfiesRules: boolean } }>(
        solve.command,
        ...(solve.arguments ?? []),
      );
      check(result?.state === 'done' && result.outcome?.satisfiesRules, `Solve with TRM: ${JSON.stringify(result)}`);

      const outcome = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return l?.find((x) => x.command?.title.startsWith('TRM: ✓ verified'));
      }, 'the verified outcome lens');
      check(/· \d+ steps? · .* · (CPU|CUDA|WebAssembly)$/.test(outcome.command!.title), `outcome lens: ${outcome.command!.title}`);

      // Hover on row 3, column 2 (a blank given): the rules part, then the model's table with every step.
      const hover = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 6)),
      );
      const rows = hover.split('\n').filter((l) => /^\| \d+ \|/.test(l));
      check(/\| step \| symbol \| probability \| changed \| halt score \|/.test(hover), `no step table in the hover: ${hover}`);
      check(rows.length === result.outcome!.stepsRun, `${rows.length} step rows, the run took ${result.outcome!.stepsRun}: ${hover}`);
      check(/Settled on `1` at step \d+/.test(hover), `the cell settles on 1: ${hover}`);

      await applyActionTitled(doc, new vscode.Position(8, 4), 'Fill solution with TRM');
      const written = await waitFor(() => {
        const r = sectionRows(doc.getText(), 'solution');
        return r.length === 4 && !r.join('').includes('?') ? r : undefined;
      }, 'a filled solution section');
      check(JSON.stringify(written) === JSON.stringify(['1234', '3412', '2143', '4321']), `solution written: ${written.join(' / ')}`);

      // The user's next steps: the rules now check the written answer (the lens says so and nothing squiggles on
      // it); undo brings the blank section back and the lens stops claiming a written answer.
      const lensTitles = async () =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? []).map(
          (l) => l.command?.title ?? '',
        );
      const WRITTEN_OK = '✓ the answer written here satisfies the rules';
      await waitFor(async () => ((await lensTitles()).includes(WRITTEN_OK) ? true : undefined), 'the written-answer lens after the fill');
      const squiggles = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(doc.uri);
        return d.every((x) => x.source !== 'trm') ? d : undefined;
      }, 'no model diagnostic on the verified solution');
      check(
        squiggles.every((d) => d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning),
        `diagnostics on a correct solution: ${squiggles.map((d) => d.message).join(' | ')}`,
      );
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('undo');
      await waitFor(
        () => (sectionRows(doc.getText(), 'solution').join('').includes('?') ? true : undefined),
        'the blank solution after undo',
      );
      check(doc.getText() === TEXT, `undo restores the text exactly:\n${doc.getText()}`);
      await waitFor(async () => (!(await lensTitles()).includes(WRITTEN_OK) ? true : undefined), 'the lens after undo');
    } finally {
      await config.update('models', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 90_000 },
);

/** What the extension exposes to tests (client/src/extension.ts GridReasonerApi), as far as these checks read it. */
interface Api {
  tracePanel: {
    lastPosted(): { type: string; runId?: string; trace?: { outcome?: { stepsRun: number } } | null } | undefined;
    shownTrace(): { puzzleName: string; given: string[][]; steps: unknown[]; outcome?: { stepsRun: number; search?: unknown } } | null;
  };
  statusBar: { text(): string };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  check(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : await ext.activate();
}

test(
  'TRM: after the background run finished, Show reasoning trace shows that run, finished, in the panel',
  async () => {
    const config = vscode.workspace.getConfiguration('gridReasoner');
    await config.update('models', [fixtureModel()], vscode.ConfigurationTarget.Global);
    const doc = await openUntitled(TEXT);
    try {
      await vscode.window.showTextDocument(doc, { preview: false });
      const a = await api();
      // No Solve with TRM here: the background run (gridReasoner.autoRun, on by default) finishes by itself.
      const outcome = await waitFor(
        async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
          return l?.find((x) => x.command?.title.startsWith('TRM: ✓ verified'));
        },
        'the outcome lens of the background run',
        60_000,
      );
      const steps = Number(/· (\d+) steps? ·/.exec(outcome.command!.title)?.[1]);
      const show = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri))!.find(
        (x) => x.command?.title === 'Show reasoning trace',
      )!.command!;
      await vscode.commands.executeCommand(show.command, ...(show.arguments ?? []));
      const shown = await waitFor(
        () => {
          const m = a.tracePanel.lastPosted();
          return m?.type === 'showTrace' && m.trace?.outcome ? m : undefined;
        },
        () => `the finished trace in the panel (last message: ${JSON.stringify(a.tracePanel.lastPosted())?.slice(0, 200)})`,
      );
      check(shown.runId === undefined, `the panel shows the finished run as live (${shown.runId})`);
      check(shown.trace!.outcome!.stepsRun === steps, `panel: ${shown.trace!.outcome!.stepsRun} steps, lens: ${steps}`);
      await vscode.window.tabGroups.close(
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview),
      );
    } finally {
      await config.update('models', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 90_000 },
);

test(
  'TRM: the trace panel left open follows an edit of the givens and a file opened beside it to their new runs',
  async () => {
    // The sequence that once left the panel stale: it kept the run of the old givens beside a lens of the new
    // run (same document, index and name), and on a file opened beside it said "no trace yet" for good, having
    // asked before the background runs started.
    const config = vscode.workspace.getConfiguration('gridReasoner');
    await config.update('models', [fixtureModel()], vscode.ConfigurationTarget.Global);
    const doc = await openUntitled(TEXT);
    let other: vscode.TextDocument | undefined;
    try {
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const a = await api();
      const lenses = () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      await waitFor(async () => (await lenses())?.find((x) => x.command?.title.startsWith('TRM: ✓ verified')), 'the outcome lens', 60_000);
      const show = (await lenses())!.find((x) => x.command?.title === 'Show reasoning trace')!.command!;
      await vscode.commands.executeCommand(show.command, ...(show.arguments ?? []));
      await waitFor(() => (a.tracePanel.shownTrace()?.outcome ? true : undefined), 'the finished trace in the panel');

      // A given written where it was blank (row 1, column 2: the solution's 2): a new input, a new run.
      await vscode.window.showTextDocument(doc, { preview: false });
      check(await editor.edit((e) => e.replace(new vscode.Range(2, 6, 2, 7), '2')), 'the edit of a given');
      const seen = () => JSON.stringify(a.tracePanel.shownTrace()?.given?.[0] ?? null);
      await waitFor(
        () => {
          const t = a.tracePanel.shownTrace();
          return t?.outcome && JSON.stringify(t.given[0]) === JSON.stringify(['1', '2', '.', '4']) ? true : undefined;
        },
        () => `the panel on the finished run of the edited givens (it shows givens row 1 ${seen()})`,
        60_000,
      );

      // Another file opened while the panel is open: it follows to that puzzle and gets its background run.
      other = await openUntitled(TEXT.replace('sudoku easy', 'sudoku beside'));
      await vscode.window.showTextDocument(other, { preview: false });
      await waitFor(
        () => {
          const t = a.tracePanel.shownTrace();
          return t?.puzzleName === 'beside' && t.outcome ? true : undefined;
        },
        () => `the finished run of the file opened beside (the panel shows ${a.tracePanel.shownTrace()?.puzzleName ?? 'no trace'})`,
        60_000,
      );

      // A setting that changes what a run computes (the search off): the runs restart and the panel follows.
      check(a.tracePanel.shownTrace()?.outcome?.search, 'the default run is a search');
      await config.update('search.views', 1, vscode.ConfigurationTarget.Global);
      await waitFor(
        () => {
          const t = a.tracePanel.shownTrace();
          return t?.puzzleName === 'beside' && t.outcome && !t.outcome.search ? true : undefined;
        },
        () => `the panel on the run without search (it shows ${JSON.stringify(a.tracePanel.shownTrace()?.outcome ?? null).slice(0, 200)})`,
        60_000,
      );
    } finally {
      await config.update('search.views', undefined, vscode.ConfigurationTarget.Global);
      await config.update('models', undefined, vscode.ConfigurationTarget.Global);
      if (other) await revertAndClose(other);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 150_000 },
);

/**
 * examples/sudoku.arc's forum-hardest-1 (tdoku data, examples/ATTRIBUTION.md) with its solution: the bundled 9x9
 * model alone (one view) answers it with a grid that breaks the rules.
 */
const HARDEST = `sudoku forum-hardest-1 9x9
  givens
    9 8 . | 7 . . | 6 . .
    7 . 5 | . . . | . . .
    . 4 . | . 5 . | . . .
    ------+-------+------
    3 . . | 8 . . | 9 . .
    . . . | . 2 . | . 1 .
    . . . | . . 1 | 3 . 4
    ------+-------+------
    2 . . | . 8 . | . 9 3
    . 7 . | . . . | 2 . .
    . . 9 | 2 . . | . 6 .
  solution
    9 8 2 | 7 1 4 | 6 3 5
    7 3 5 | 6 9 2 | 1 4 8
    1 4 6 | 3 5 8 | 7 2 9
    ------+-------+------
    3 5 1 | 8 4 6 | 9 7 2
    4 9 7 | 5 2 3 | 8 1 6
    6 2 8 | 9 7 1 | 3 5 4
    ------+-------+------
    2 6 4 | 1 8 7 | 5 9 3
    5 7 3 | 4 6 9 | 2 8 1
    8 1 9 | 2 3 5 | 4 6 7
`;

test(
  'TRM: a run that breaks the rules offers no fill over the solution written there that the rules verify',
  async () => {
    // The sequence that once lost a correct answer: Ctrl+. in the solved puzzle offered "Fill TRM's best guess
    // (breaks 2 rules)", which overwrote the verified solution with the model's broken one.
    const config = vscode.workspace.getConfiguration('gridReasoner');
    await config.update('search.views', 1, vscode.ConfigurationTarget.Global);
    const doc = await openUntitled(HARDEST);
    try {
      await vscode.window.showTextDocument(doc, { preview: false });
      let seen: string[] = [];
      await waitFor(
        async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
          seen = (l ?? []).map((x) => x.command?.title ?? '');
          return seen.some((t) => t.startsWith('TRM: ✗ not verified')) ? true : undefined;
        },
        () => `the failed outcome lens (lenses: ${seen.join(' | ')})`,
        90_000,
      );
      check(seen.includes('✓ the answer written here satisfies the rules'), seen.join(' | '));
      for (const at of [new vscode.Position(14, 4), new vscode.Position(3, 4)]) {
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          new vscode.Range(at, at),
        );
        const titles = (actions ?? []).map(titleOf);
        check(
          !titles.some((t) => /^Fill /.test(t)),
          `a fill over the verified solution at ${at.line}:${at.character}: ${titles.join(' | ')}`,
        );
      }
    } finally {
      await config.update('search.views', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 120_000 },
);

/**
 * A 16x16 Sudoku, a size no bundled model takes: a complete pattern grid with one cell blank in each row (each
 * forced by its row, so the solution is unique and the exact solver finds it at once).
 */
function sixteen(): string {
  const symbol = (v: number) => '123456789ABCDEFG'.charAt(v - 1);
  const lines: string[] = [];
  for (let r = 0; r < 16; r++) {
    if (r > 0 && r % 4 === 0) lines.push('    --------+---------+---------+--------');
    const row = Array.from({ length: 16 }, (_, c) => (c === (r * 5) % 16 ? '.' : symbol(((4 * (r % 4) + Math.floor(r / 4) + c) % 16) + 1)));
    lines.push(`    ${[0, 4, 8, 12].map((i) => row.slice(i, i + 4).join(' ')).join(' | ')}`);
  }
  return `sudoku no-model 16x16\n  givens\n${lines.join('\n')}\n`;
}

const NO_MODEL = sixteen();

test(
  'TRM: a puzzle no model takes (16x16 Sudoku) gets a Solve exactly lens; after it writes the solution the lens says the answer is verified',
  async () => {
    const doc = await openUntitled(NO_MODEL);
    try {
      await vscode.window.showTextDocument(doc, { preview: false });
      let seen: string[] = [];
      const lenses = await waitFor(
        async () => {
          const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
          seen = (l ?? []).map((x) => x.command?.title ?? '(unresolved)');
          return l?.some((x) => x.command?.title === 'Solve exactly') ? l : undefined;
        },
        () => `the Solve exactly lens (lenses: ${seen.join(' | ') || 'none'})`,
      );
      check(
        lenses.some((x) => /^TRM: no model for a 16x16 sudoku/.test(x.command?.title ?? '')),
        lenses.map((x) => x.command?.title).join(' | '),
      );
      const exact = lenses.find((x) => x.command?.title === 'Solve exactly')!.command!;
      await vscode.commands.executeCommand(exact.command, ...(exact.arguments ?? []));
      await waitFor(() => (sectionRows(doc.getText(), 'solution').length === 16 ? true : undefined), 'the solution written');
      await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return l?.some((x) => x.command?.title === '✓ the answer written here satisfies the rules') &&
          !l.some((x) => x.command?.title === 'Solve exactly')
          ? true
          : undefined;
      }, 'the lens saying the written solution satisfies the rules');
    } finally {
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 60_000 },
);

const TWO = `${TEXT}
sudoku nine 9x9
  givens
    . . . | . . . | . . .
    . . . | . . . | . . 1
    . . . | . . 2 | . 3 .
    ------+-------+------
    . . . | . . 4 | 5 . 6
    . . 3 | . . . | . . .
    . 1 7 | . . . | 8 . .
    ------+-------+------
    . . . | 1 6 . | . . .
    . . 8 | . . . | . 4 .
    . 6 . | 5 . . | 2 . .
`;

test(
  'TRM: the status bar names the model for the puzzle at the cursor',
  async () => {
    const config = vscode.workspace.getConfiguration('gridReasoner');
    await config.update('models', [fixtureModel()], vscode.ConfigurationTarget.Global);
    const doc = await openUntitled(TWO);
    try {
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const a = await api();
      editor.selection = new vscode.Selection(3, 4, 3, 4);
      await waitFor(
        () => (/sudoku-4x4-tiny/.test(a.statusBar.text()) ? true : undefined),
        () => `the 4x4 model in the status bar (is "${a.statusBar.text()}")`,
      );
      editor.selection = new vscode.Selection(18, 4, 18, 4);
      await waitFor(
        () => (/sudoku-9x9/.test(a.statusBar.text()) ? true : undefined),
        () => `the 9x9 model in the status bar (is "${a.statusBar.text()}")`,
      );
    } finally {
      await config.update('models', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 60_000 },
);

/** A 9x9 Sudoku with one solution, under a name of its own. */
const NINE = (name: string, firstRow = '5 3 . | . 7 . | . . .'): string => `sudoku ${name}
  givens
    ${firstRow}
    6 . . | 1 9 5 | . . .
    . 9 8 | . . . | . 6 .
    ------+-------+------
    8 . . | . 6 . | . . 3
    4 . . | 8 . 3 | . . 1
    7 . . | . 2 . | . . 6
    ------+-------+------
    . 6 . | . . . | 2 8 .
    . . . | 4 1 9 | . . 5
    . . . | . 8 . | . 7 9
`;

test(
  'a 2 MB document with the assistant on: its diagnostics and outline come, an edit and its undo are followed',
  async () => {
    // 8,000 puzzles (one of them breaks a rule, last), with the bundled models and background runs on: the
    // sequence that once took seconds per request (the outline built every cell; each edit described every
    // puzzle for its run; TRM runs ending kept restarting the diagnostics).
    const count = 8000;
    const text = Array.from({ length: count }, (_, k) => NINE(`big-${k}`)).join('') + NINE('broken', '5 3 5 | . 7 . | . . .');
    const brokenLine = count * 13 + 2; // 13 lines a puzzle; the broken row is its first
    const doc = await openUntitled(text);
    try {
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const ours = (code: string) => ourDiagnostics(doc.uri).filter((d) => codeOf(d) === code);
      await waitFor(
        () => (ours('R101').some((d) => d.range.start.line === brokenLine) ? true : undefined),
        () =>
          `R101 on line ${brokenLine + 1} (seen: ${ourDiagnostics(doc.uri)
            .map((d) => `${codeOf(d)}@${d.range.start.line + 1}`)
            .slice(0, 5)
            .join(' ')})`,
        120_000,
      );
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      check(symbols?.length === count + 1, `the outline has ${symbols?.length} puzzles, expected ${count + 1}`);
      // An edit on the first line: its error comes; the undo takes it away, and the other puzzles' results stay.
      await editor.edit((e) => e.insert(doc.lineAt(0).range.end, ' x'));
      await waitFor(() => (ours('P003').some((d) => d.range.start.line === 0) ? true : undefined), 'P003 on the edited line', 60_000);
      await vscode.commands.executeCommand('undo');
      check(doc.lineAt(0).text === 'sudoku big-0', `after the undo line 1 is "${doc.lineAt(0).text}"`);
      await waitFor(
        () => (ours('P003').length === 0 && ours('R101').some((d) => d.range.start.line === brokenLine) ? true : undefined),
        () =>
          `P003 gone and R101 kept after the undo (seen: ${ourDiagnostics(doc.uri)
            .map((d) => codeOf(d))
            .join(' ')})`,
        60_000,
      );
    } finally {
      await revertAndClose(doc);
    }
  },
  { hosts: ['node'], timeoutMs: 300_000 },
);

/**
 * A maze the bundled maze-30x30 model solves, as a user meets it: the background run verifies, the trace panel shows
 * it, a wall hover says the question fixes it, Fill writes the path (`pathCells` cells marked o), undo takes it back.
 */
async function bundledMazeTrial(name: string, text: string, side: number, pathCells: number): Promise<void> {
  const doc = await openUntitled(text);
  try {
    await vscode.window.showTextDocument(doc, { preview: false });
    const a = await api();
    const lensTitles = async () =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? []).map(
        (l) => l.command?.title ?? '',
      );
    let seen: string[] = [];
    await waitFor(
      async () => {
        seen = await lensTitles();
        return seen.some((t) => t.startsWith('TRM: ✓ verified')) ? true : undefined;
      },
      () => `the verified lens of the background run (lenses: ${seen.join(' | ')})`,
      90_000,
    );
    const show = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri))!.find(
      (x) => x.command?.title === 'Show reasoning trace',
    )!.command!;
    await vscode.commands.executeCommand(show.command, ...(show.arguments ?? []));
    await waitFor(
      () => (a.tracePanel.shownTrace()?.puzzleName === name && a.tracePanel.shownTrace()?.outcome ? true : undefined),
      'the finished maze trace in the panel',
    );

    // The top-left wall: fixed by the question, so the hover says so instead of a table of the model's guesses.
    const wall = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 4)),
    );
    check(/The question gives `?#`? here/.test(wall) && !/\| step \|/.test(wall), `hover on a wall: ${wall}`);

    await vscode.window.showTextDocument(doc, { preview: false });
    await applyActionTitled(doc, new vscode.Position(3, 6), 'Fill solution with TRM');
    const path = await waitFor(() => {
      const r = sectionRows(doc.getText(), 'path');
      return r.length === side ? r : undefined;
    }, 'a path section');
    const marked = path.join('').split('o').length - 1;
    check(marked === pathCells, `the path marks ${marked} cells, not ${pathCells}:\n${path.join('\n')}`);
    check(doc.getText().startsWith(text), 'the fill changed the grid above the path');
    const WRITTEN_OK = '✓ the answer written here satisfies the rules';
    await waitFor(async () => ((await lensTitles()).includes(WRITTEN_OK) ? true : undefined), 'the written-answer lens after the fill');
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    await waitFor(
      () => (doc.getText() === text ? true : undefined),
      () => `the text before the fill after undo:\n${doc.getText()}`,
    );
    await waitFor(async () => (!(await lensTitles()).includes(WRITTEN_OK) ? true : undefined), 'the lens after undo');
  } finally {
    await vscode.window.tabGroups.close(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview),
    );
    await revertAndClose(doc);
  }
}

/** A maze of examples/maze.arc (its header and grid, without the path section). */
async function exampleMaze(name: string): Promise<string> {
  const file = vscode.Uri.file(`${repositoryRoot()}/examples/maze.arc`);
  const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(file)).split('\n');
  const at = lines.findIndex((l) => l.startsWith(`maze ${name} `));
  const grid = lines.findIndex((l, i) => i > at && l.trim() === 'grid');
  const end = lines.findIndex((l, i) => i > grid && !l.startsWith('    '));
  return [lines[at], ...lines.slice(grid, end)].join('\n') + '\n';
}

test(
  'TRM, a 15x15 maze with the bundled model: the background run verifies, the trace panel shows it, a wall hover says the question fixes it, Fill writes the path, undo takes it back',
  async () => bundledMazeTrial('unsolved-15', await exampleMaze('unsolved-15'), 15, 35),
  { hosts: ['node'], timeoutMs: 150_000 },
);

test(
  'TRM, the 30x30 Maze-Hard style maze of examples/maze.arc (a 188-cell path, no loops) with the bundled model: verified in the background, traced, filled, undone',
  async () => bundledMazeTrial('hard-30', await exampleMaze('hard-30'), 30, 186),
  { hosts: ['node'], timeoutMs: 240_000 },
);
