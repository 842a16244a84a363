// The TRM assistant over LSP: the real dist/server.js (stdio) with the tiny trained fixture model
// (tests/fixtures/models/sudoku-4x4-tiny), driven by tests/fixtures/assist/sudoku4.arc (cursor markers).

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { parse } from '../../core/src/dsl/parser';
import { applyEdits } from '../../core/src/rules/edits';
import { puzzleGrids, verifyAnswer } from '../../core/src/trm';
import { type TrmStatus, type TrmTraceReply } from '../../core/src/protocol/trmMessages';
import { Commands, Messages, sendRequest } from '../../core/src/protocol/messages';
import { parseMarkers, ROOT, serverBuilt, startAssistClient, type Client } from '../lsp/harness';

const MODEL = join(ROOT, 'tests', 'fixtures', 'models', 'sudoku-4x4-tiny.onnx');
const FIXTURE = parseMarkers(readFileSync(join(ROOT, 'tests', 'fixtures', 'assist', 'sudoku4.arc'), 'utf8'));
const URI = 'file:///assist/sudoku4.arc';
const skip = serverBuilt() ? false : 'dist/server.js is not built (npm run build)';
// Only the fixture model: bundled models (models/) are not used by these tests.
const ENV = { GRID_REASONER_MODELS: join(ROOT, 'tests', 'fixtures', 'models') };

function marker(name: string) {
  const m = FIXTURE.markers.get(name);
  assert.ok(m, `marker ${name} in the fixture`);
  return m;
}

function editsOf(a: CodeAction): TextEdit[] {
  return a.edit?.changes?.[URI] ?? [];
}

function until<T>(f: () => T | undefined, what: string, timeoutMs = 20000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const v = f();
      if (v !== undefined) return resolve(v);
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('TRM assistant over LSP (fixture model)', { skip }, () => {
  let c: Client;
  let solved: {
    state: string;
    outcome?: { stepsRun: number; haltedAt: number | null; satisfiesRules: boolean; provider: string; answer: string[][] };
  };

  before(async () => {
    c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL] }, autoRun: false, confidenceThreshold: 0.8 } });
    c.open(URI, FIXTURE.text);
    solved = (await c.execute(Commands.trmSolve.method, [URI, 0, 0])) as typeof solved;
  });
  after(async () => {
    await c?.close();
  });

  it('solves the puzzle with the fixture model and streams the run as trace events', () => {
    assert.equal(solved.state, 'done');
    assert.ok(solved.outcome);
    assert.equal(solved.outcome.satisfiesRules, true, 'the fixture model solves this easy 4x4 Sudoku');
    const kinds = c.traces.map((e) => e.type);
    assert.equal(kinds[0], 'start');
    assert.equal(kinds.filter((k) => k === 'step').length, solved.outcome.stepsRun);
    assert.equal(kinds.at(-1), 'end');
    // Work-done progress: begun and ended.
    const progress = c.progress.map((p) => p.value.kind);
    assert.ok(progress.includes('begin') && progress.includes('end'), `progress: ${progress.join(',')}`);
    assert.equal(c.progress.find((p) => p.value.kind === 'begin')?.value.cancellable, true);
  });

  it('Solve with TRM says what came of it and the next step (the command itself writes nothing)', async () => {
    // A finished run's lens does not change when Solve with TRM is chosen again: without this message the click
    // looked like nothing happened.
    const said = await until(() => c.messages.find((m) => m.message.startsWith('Grid Reasoner: TRM on easy')), 'the report');
    assert.equal(said.message, 'Grid Reasoner: TRM on easy: ✓ verified. The code action "Fill solution with TRM" writes it.');
  });

  it('Fill solution with TRM writes an answer that satisfies the rules', async () => {
    const at = marker('$3');
    const actions = await c.codeActions(URI, { start: at, end: at });
    const fill = actions.find((a) => a.title === 'Fill solution with TRM');
    assert.ok(fill, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(!actions.some((a) => a.title.startsWith("Fill TRM's best guess")), 'no best-guess action for a verified answer');
    const text = applyEdits(
      FIXTURE.text,
      editsOf(fill).map((e) => ({ range: e.range, newText: e.newText })),
    );
    const parsed = parse(text);
    assert.deepEqual(parsed.diagnostics, []);
    const p = parsed.document.puzzles[0]!;
    assert.equal(p.kind, 'sudoku');
    const solution = p.kind === 'sudoku' ? p.solution!.grid.rows.map((r) => r.cells.map((x) => x.symbol)) : [];
    const verdict = verifyAnswer(puzzleGrids(p), solution);
    assert.deepEqual(verdict.violations, []);
    assert.equal(verdict.satisfiesRules, true);
    // Fill this cell: the prediction for the cell under the cursor.
    const cellFill = actions.find((a) => a.title.startsWith("Fill this cell with TRM's prediction"));
    assert.ok(cellFill);
    assert.equal(editsOf(cellFill).length, 1);
    assert.equal(editsOf(cellFill)[0]!.newText, solution[0]![0]);
  });

  it('a cell hover lists every supervision step; the header hover summarises the run', async () => {
    const h = await c.hover(URI, marker('$2'));
    assert.ok(h);
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /\| step \| symbol \| probability \| changed \| halt score \|/);
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, solved.outcome!.stepsRun, md);
    rows.forEach((r, i) => assert.ok(r.startsWith(`| ${i + 1} |`), r));
    assert.match(md, /Settled on `\d` at step \d+/);
    assert.match(md, /Candidates: /, 'the rules hover is kept above the model table');

    // A given: the engine keeps it, so no table of what the model "chose" there.
    const given = ((await c.hover(URI, marker('$5')))!.contents as MarkupContent).value;
    assert.match(given, /The question gives `2` here: the answer keeps it, the model does not choose it\./);
    assert.doesNotMatch(given, /\| step \|/);

    const head = await c.hover(URI, marker('$1'));
    const hm = (head!.contents as MarkupContent).value;
    assert.match(hm, /model `sudoku-4x4-tiny`/);
    assert.match(hm, /provider: (CPU|CUDA|WebAssembly)/);
    assert.match(hm, new RegExp(`steps run: ${solved.outcome!.stepsRun}`));
    assert.match(hm, /halting step: (none|\d+)/);
    assert.match(hm, /time: \d+/);
  });

  it('code lenses: Solve with TRM, Show reasoning trace, then the outcome line', async () => {
    const lenses = (await c.codeLenses(URI)).filter((l) => l.range.start.line === 2);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(titles[0], 'Solve with TRM');
    assert.equal(titles[1], 'Show reasoning trace');
    assert.match(
      titles[2] ?? '',
      /^TRM: ✓ verified · \d+ steps? · (did not halt|halted at \d+|accepted at step \d+|view \d+ of \d+ accepted at step \d+) · \d+ ms · (CPU|CUDA|WebAssembly)$/,
    );
  });

  it('completion items carry the model probability and are sorted by it', async () => {
    const items = await c.completion(URI, marker('$2'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    const withProb = sorted.filter((i) => i.labelDetails?.detail);
    assert.ok(withProb.length >= 1, JSON.stringify(items));
    const probs = withProb.filter((i) => !i.tags?.length).map((i) => Number(/(\d+)%/.exec(i.labelDetails!.detail!)![1]));
    for (let i = 1; i < probs.length; i++) assert.ok(probs[i - 1]! >= probs[i]!, `descending: ${probs.join(' ')}`);
    // The model's best symbol (its answer there, which the rules allow) comes first.
    assert.equal(sorted[0]!.label, solved.outcome!.answer[2]![1], sorted.map((i) => i.label).join(' '));
    assert.ok(!sorted[0]!.tags?.length);
    assert.ok(sorted[0]!.labelDetails?.detail);
    // Rule-forbidden model symbols (if any) come last and are marked.
    const firstForbidden = sorted.findIndex((i) => i.tags?.includes(1));
    if (firstForbidden >= 0) {
      assert.ok(sorted.slice(firstForbidden).every((i) => i.tags?.includes(1)));
      assert.match(sorted[firstForbidden]!.labelDetails!.description!, /breaks the rules/);
    }
  });

  it('model diagnostics: a filled cell the model disagrees with, with a quick fix', async () => {
    await c.execute(Commands.trmSolve.method, [URI, 1, 0]);
    // The publication may come before the command's answer: look at what already arrived, then wait.
    const pub = await until(
      () => c.published.find((p) => p.uri === URI && p.diagnostics.some((d) => d.source === 'trm')),
      'model diagnostics',
    );
    const trm = pub.diagnostics.filter((d) => d.source === 'trm');
    assert.equal(trm.length, 1, JSON.stringify(trm));
    const d = trm[0]!;
    assert.equal(d.code, 'T001');
    assert.equal(d.severity, 3 /* information */);
    assert.deepEqual(d.range.start, marker('$4'));
    assert.match(String(d.message), /predicts 1 here with >?\d+% confidence, not 4/);
    const actions = await c.codeActions(URI, d.range, [d as Diagnostic]);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.startsWith("Write TRM's 1 here"));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.deepEqual(editsOf(fix), [{ range: d.range, newText: '1' }]);

    // A puzzle written above it: the finished run is found where its puzzle now is (under its name), and the
    // diagnostic moves with it.
    const ABOVE = 'sudoku above 4x4\n  givens\n    1 . . .\n    . . 3 .\n    . 4 . .\n    . . . 2\n\n';
    c.change(URI, 2, ABOVE + FIXTURE.text);
    const moved = await c.diagnostics(URI, (p) => p.version === 2);
    const there = moved.diagnostics.filter((x) => x.source === 'trm');
    assert.deepEqual(
      there.map((x) => x.range.start),
      [{ line: marker('$4').line + ABOVE.split('\n').length - 1, character: marker('$4').character }],
    );

    // Turned off: the next publication has no model diagnostics.
    void c.conn.sendNotification(Messages.trmSettings.method, {
      models: { user: [MODEL] },
      autoRun: false,
      confidenceThreshold: 0.8,
      modelDiagnostics: false,
    });
    c.change(URI, 3, FIXTURE.text + '\n');
    const off = await c.diagnostics(URI, (p) => p.version === 3);
    assert.equal(off.diagnostics.filter((x) => x.source === 'trm').length, 0);
  });

  it('status notifications: busy while running, then the model and the provider actually used', () => {
    assert.ok(
      c.statuses.some((x) => x.state === 'busy' && x.running >= 1),
      JSON.stringify(c.statuses.map((x) => x.state)),
    );
    const idle = [...c.statuses].reverse().find((x) => x.state === 'idle');
    assert.ok(idle, 'an idle status after the run');
    assert.equal(idle.model, 'sudoku-4x4-tiny');
    assert.equal(idle.provider, solved.outcome!.provider);
    assert.equal(idle.providerSetting, 'auto');
    assert.ok(idle.models.some((m) => m.path === MODEL && m.origin === 'user' && m.state === 'ok'));
  });

  it('the trace of a puzzle is available on request (for the trace panel)', async () => {
    const reply = (await c.conn.sendRequest(Messages.trmGetTrace.method, { uri: URI, puzzleIndex: 0 })) as TrmTraceReply | null;
    // Settings changed in the previous test: runs were restarted lazily, so ask with start.
    const r =
      reply ?? ((await c.conn.sendRequest(Messages.trmGetTrace.method, { uri: URI, puzzleIndex: 0, start: true })) as TrmTraceReply);
    assert.equal(r.trace.model, 'sudoku-4x4-tiny');
    assert.equal(r.trace.puzzleName, 'easy');
    assert.deepEqual(r.trace.given[0], ['1', '.', '.', '4']);
    // The file has no solution: the trace carries the exact solver's unique answer, so the panel can mark wrong
    // cells without solving anything itself.
    assert.equal(r.trace.expected, undefined);
    assert.deepEqual(r.trace.solverAnswer, [
      ['1', '2', '3', '4'],
      ['3', '4', '1', '2'],
      ['2', '1', '4', '3'],
      ['4', '3', '2', '1'],
    ]);
  });
});

describe('the puzzle at a position, and traces of background runs', { skip }, () => {
  it('puzzleAt: the puzzle, its test pair, its drawable view and the model that takes it; a maze no model takes says so', async () => {
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL] }, autoRun: false } });
    try {
      c.open(URI, FIXTURE.text);
      const at = await sendRequest(c.conn, Messages.puzzleAt, { uri: URI, position: marker('$4') });
      assert.ok(!('reason' in at));
      assert.equal(at.puzzleIndex, 1);
      assert.equal(at.name, 'filled');
      assert.equal(at.model, 'sudoku-4x4-tiny');
      assert.deepEqual(at.view.grid?.[0], ['2', '.', '.', '3']);
      const mazeUri = 'file:///assist/big-maze.arc';
      // examples/maze.arc with the 30x30 maze's path blanked (every cell `?`): nothing written to verify.
      const lines = readFileSync(join(ROOT, 'examples', 'maze.arc'), 'utf8').split('\n');
      const start = lines.findIndex((l) => l.startsWith('maze hard-30'));
      const pathAt = lines.findIndex((l, i) => i > start && l.trim() === 'path');
      for (let i = pathAt + 1; i < lines.length && lines[i]!.trim() !== ''; i++) lines[i] = lines[i]!.replace(/\S/g, '?');
      const maze = lines.join('\n');
      c.open(mazeUri, maze);
      const line = maze.split('\n').findIndex((l) => l.startsWith('maze hard-30'));
      const big = await sendRequest(c.conn, Messages.puzzleAt, { uri: mazeUri, position: { line: line + 4, character: 6 } });
      assert.ok(!('reason' in big));
      assert.equal(big.name, 'hard-30');
      assert.equal(big.model, undefined);
      assert.match(big.noModel ?? '', /no model for a 30x30 maze/);
      // No model, but the exact solver takes it: a Solve exactly lens.
      const lenses = (await c.codeLenses(mazeUri)).filter((l) => l.range.start.line === line).map((l) => l.command?.title);
      assert.ok(lenses.includes('Solve exactly'), lenses.join(' | '));
    } finally {
      await c.close();
    }
  });

  it('a puzzle with no answer the rules could accept is not run: the lens, puzzleAt and Solve with TRM say why', async () => {
    const mazeModel = join(ROOT, 'tests', 'fixtures', 'assist', 'echo-maze6.onnx');
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL, mazeModel] }, autoRun: true } });
    const uri = 'file:///assist/not-runnable.arc';
    const text = readFileSync(join(ROOT, 'tests', 'fixtures', 'assist', 'not-runnable.arc'), 'utf8');
    try {
      c.open(uri, text);
      const lines = text.split('\n');
      const header = (name: string) => lines.findIndex((l) => l.startsWith(`sudoku ${name}`) || l.startsWith(`maze ${name}`));
      const titles = async (name: string) =>
        (await c.codeLenses(uri)).filter((l) => l.range.start.line === header(name)).map((l) => l.command?.title ?? '');
      assert.deepEqual(await titles('clash'), ['TRM: not run: the givens break the rules (1 twice in row 1); fix them first']);
      assert.deepEqual(await titles('no-goal'), ['TRM: not run: a maze needs one start and one goal (it has 1 S and no G)']);
      assert.deepEqual(await titles('walled'), ['TRM: not run: the goal cannot be reached from the start']);
      // The well-formed puzzle beside them runs in the background (autoRun); the others still have no run after it.
      const t0 = Date.now();
      while (!(await titles('fine')).some((t) => t.startsWith('TRM: ✓'))) {
        assert.ok(Date.now() - t0 < 20_000, `no outcome lens on fine: ${(await titles('fine')).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(await titles('clash'), ['TRM: not run: the givens break the rules (1 twice in row 1); fix them first']);

      const at = await sendRequest(c.conn, Messages.puzzleAt, { uri, position: { line: header('clash') + 2, character: 4 } });
      assert.ok(!('reason' in at));
      assert.equal(at.model, 'sudoku-4x4-tiny');
      assert.match(at.notRun ?? '', /^not run: the givens break the rules/);
      const solve = (await c.execute(Commands.trmSolve.method, [uri, 0, 0])) as { error?: string };
      assert.match(solve.error ?? '', /the givens break the rules/);
      assert.ok(
        !c.traces.some((e) => e.type === 'start' && e.uri === uri && e.puzzleIndex === 0),
        'a trace event of the puzzle that is not run',
      );
    } finally {
      await c.close();
    }
  });

  it('a client that asks for the trace of a running background run gets its remaining steps and its end', async () => {
    const c = await startAssistClient({
      env: ENV,
      trm: { models: { user: [MODEL] }, autoRun: false, maxSteps: 1000, haltingMode: 'maxSteps', searchViews: 1 },
    });
    try {
      c.open(URI, FIXTURE.text);
      // A hover starts a background run (not streamed) and returns after a short wait while it goes on.
      await c.hover(URI, marker('$2'));
      const reply = await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.ok(reply, 'the background run');
      assert.equal(reply.running, true, 'the 1,000-step run is still running');
      assert.ok(
        !c.traces.some((e) => 'runId' in e && e.runId === reply.runId && e.type === 'start'),
        'a background run is not streamed by itself',
      );
      const end = await until(
        () => c.traces.find((e) => 'runId' in e && e.runId === reply.runId && e.type === 'end'),
        'the end of the run',
        60000,
      );
      assert.ok(end.type === 'end' && end.outcome, 'the end carries the outcome');
      const steps = c.traces.filter((e) => 'runId' in e && e.runId === reply.runId && e.type === 'step').length;
      assert.equal(reply.trace.steps.length + steps, 1000, 'the reply and the streamed steps make the whole run');
    } finally {
      await c.close();
    }
  });
  it('a setting that changes what runs compute (the search views) tells the client every run restarted; the trace asked for then is a new run', async () => {
    // The trace panel kept showing the run of the old settings beside lenses of the new ones.
    const trm = { models: { user: [MODEL] }, autoRun: true, searchViews: 1 };
    const c = await startAssistClient({ env: ENV, trm });
    try {
      c.open(URI, FIXTURE.text);
      const first = await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.ok(first, 'the background run');
      await until(() => c.traces.find((e) => e.type === 'end' && e.runId === first.runId), 'the end of the first run', 60000);
      assert.ok(!c.traces.some((e) => e.type === 'runsRestarted'), 'a restart before any setting changed');
      await c.conn.sendNotification(Messages.trmSettings.method, { ...trm, searchViews: 4 });
      await until(() => c.traces.find((e) => e.type === 'runsRestarted'), 'the restart notification');
      const next = await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.ok(next && next.runId !== first.runId, `the trace after the restart is run ${next?.runId}, the old one was ${first.runId}`);
      const end = await until(
        () => c.traces.find((e) => e.type === 'end' && e.runId === next.runId),
        'the end of the new run, streamed to the client that asked',
        60000,
      );
      assert.ok(end.type === 'end' && end.outcome?.search, 'the new run is a search of 4 views');
      const before = c.traces.filter((e) => e.type === 'runsRestarted').length;
      await c.conn.sendNotification(Messages.trmSettings.method, { ...trm, searchViews: 4 });
      await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.equal(c.traces.filter((e) => e.type === 'runsRestarted').length, before, 'the same settings again restarted the runs');
    } finally {
      await c.close();
    }
  });
  it('with background runs on, a trace asked for before they start (a file just opened, just edited) is that run, streamed', async () => {
    // The trace panel asks as soon as the cursor rests, before the background runs of the edit start (300 ms):
    // it once got nothing, and with no later event to ask again it said "no trace yet" beside a finished lens.
    const c = await startAssistClient({
      env: ENV,
      trm: { models: { user: [MODEL] }, autoRun: true, maxSteps: 1000, haltingMode: 'maxSteps', searchViews: 1 },
    });
    try {
      c.open(URI, FIXTURE.text);
      const opened = await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.ok(opened, 'no trace for a file just opened: the panel would wait for the next cursor move');
      // An edit of the givens: the trace asked for at once is of the new givens, and its end comes.
      c.change(URI, 2, FIXTURE.text.replace('    1 . | . 4', '    1 2 | . 4'));
      const edited = await sendRequest(c.conn, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
      assert.ok(edited, 'no trace right after an edit');
      assert.notEqual(edited.runId, opened.runId);
      assert.deepEqual(edited.trace.given[0], ['1', '2', '.', '4']);
      const end = await until(
        () => c.traces.find((e) => 'runId' in e && e.runId === edited.runId && e.type === 'end'),
        'the end of the new run',
        60000,
      );
      assert.ok(end.type === 'end' && end.outcome, 'the end carries the outcome');
    } finally {
      await c.close();
    }
  });
});

describe('TRM runs cancelled by an edit never publish stale results', { skip }, () => {
  it('an edit during a run cancels it; nothing of it reaches diagnostics, lenses or actions', async () => {
    // 1,000 steps without halting: long enough for a hover and the edit to land mid-run.
    const c = await startAssistClient({
      env: ENV,
      trm: { models: { user: [MODEL] }, autoRun: false, maxSteps: 1000, haltingMode: 'maxSteps', searchViews: 1, confidenceThreshold: 0.5 },
    });
    try {
      c.open(URI, FIXTURE.text);
      const solving = c.execute(Commands.trmSolve.method, [URI, 1, 0]) as Promise<{ state: string; runId: string }>;
      await until(() => c.traces.find((e) => e.type === 'step'), 'the first step');
      // During the run a hover shows the steps so far.
      const during = await c.hover(URI, marker('$4'));
      const md = (during!.contents as MarkupContent).value;
      assert.match(md, /Running: \d+ steps? so far of at most 1000/, md);
      assert.ok(md.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length >= 1, md);
      // Change the givens of the running puzzle (a different puzzle now: the 1 at row 3 becomes blank).
      const edited = FIXTURE.text.replace('    . 3 | 2 .\n    ----+----\n    1 .', '    . 3 | 2 .\n    ----+----\n    . .');
      assert.notEqual(edited, FIXTURE.text);
      c.change(URI, 2, edited);
      const result = await solving;
      assert.equal(result.state, 'cancelled');
      const end = await until(() => c.traces.find((e) => e.type === 'end' && e.runId === result.runId), 'the end event');
      assert.ok(end.type === 'end' && !end.outcome, 'a cancelled run publishes no outcome');
      const steps = c.traces.filter((e) => e.type === 'step').length;
      assert.ok(steps < 1000, `stopped early (${steps} steps)`);
      // Diagnostics of the new version: none from the model (its run was cancelled, none started).
      const pub = await until(() => c.published.find((p) => p.uri === URI && p.version === 2), 'the diagnostics of version 2');
      assert.deepEqual(
        pub.diagnostics.filter((d) => d.source === 'trm'),
        [],
      );
      for (const p of c.published) assert.ok(!p.diagnostics.some((d) => d.source === 'trm'), 'no model diagnostic was ever published');
      const lenses = (await c.codeLenses(URI)).map((l) => l.command?.title ?? '');
      assert.ok(!lenses.some((t) => t.startsWith('TRM: ✓') || t.startsWith('TRM: ✗')), lenses.join(' | '));
      const actions = await c.codeActions(URI, { start: marker('$4'), end: marker('$4') });
      assert.ok(!actions.some((a) => a.title.includes('TRM')), actions.map((a) => a.title).join(' | '));
      // The status says nothing is running any more.
      const last = await until(() => (c.statuses.at(-1)?.running === 0 ? c.statuses.at(-1) : undefined), 'an idle status');
      assert.equal(last.state, 'idle');
    } finally {
      await c.close();
    }
  });

  it('a client that shows its own progress cancels with gridReasoner/trmCancel; no work-done progress then', async () => {
    const c = await startAssistClient({
      env: ENV,
      trm: { models: { user: [MODEL] }, autoRun: false, maxSteps: 1000, haltingMode: 'maxSteps', searchViews: 1, clientProgress: true },
    });
    try {
      c.open(URI, FIXTURE.text);
      const solving = c.execute(Commands.trmSolve.method, [URI, 0, 0]) as Promise<{ state: string }>;
      const start = await until(() => c.traces.find((e) => e.type === 'start'), 'the start event');
      assert.ok(start.type === 'start' && start.maxSteps === 1000);
      await until(() => c.traces.find((e) => e.type === 'step'), 'the first step');
      await c.conn.sendNotification(Messages.trmCancel.method, { runId: start.runId });
      assert.equal((await solving).state, 'cancelled');
      assert.deepEqual(c.progress, []);
    } finally {
      await c.close();
    }
  });

  it('provider wasm: the run uses onnxruntime-web and the status and lens say so', async () => {
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL] }, autoRun: false, provider: 'wasm' } });
    try {
      c.open(URI, FIXTURE.text);
      const r = (await c.execute(Commands.trmSolve.method, [URI, 0, 0])) as {
        state: string;
        outcome: { provider: string; satisfiesRules: boolean };
      };
      assert.equal(r.state, 'done');
      assert.equal(r.outcome.provider, 'wasm');
      assert.equal(r.outcome.satisfiesRules, true);
      const s = await until(() => [...c.statuses].reverse().find((x) => x.state === 'idle' && x.provider), 'an idle status');
      assert.equal(s.provider, 'wasm');
      assert.equal(s.providerSetting, 'wasm');
      const lens = (await c.codeLenses(URI)).map((l) => l.command?.title ?? '').find((t) => t.startsWith('TRM: ✓'));
      assert.match(lens ?? '', /WebAssembly$/);
    } finally {
      await c.close();
    }
  });

  it('cancelling the progress cancels the run', async () => {
    const c = await startAssistClient({
      env: ENV,
      progressCancel: true,
      trm: { models: { user: [MODEL] }, autoRun: false, maxSteps: 400, haltingMode: 'maxSteps', searchViews: 1 },
    });
    try {
      c.open(URI, FIXTURE.text);
      const r = (await c.execute(Commands.trmSolve.method, [URI, 0, 0])) as { state: string };
      assert.equal(r.state, 'cancelled');
      assert.ok(c.traces.filter((e) => e.type === 'step').length < 400);
    } finally {
      await c.close();
    }
  });
});

describe('a model that cannot be used', { skip }, () => {
  it('a missing model path: one notification, an error status, and everything else works', async () => {
    const broken = '/nonexistent/grid-reasoner/broken.onnx';
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [broken, MODEL] }, autoRun: false } });
    try {
      c.open(URI, FIXTURE.text.replace('2 . | . 3', '2 2 | . 3'));
      // Rule diagnostics still arrive (the duplicate 2).
      const pub = await c.diagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'R101'));
      assert.ok(pub.diagnostics.length > 0);
      const errors = c.messages.filter((m) => m.message.includes(broken));
      assert.equal(errors.length, 1, JSON.stringify(c.messages));
      assert.equal(errors[0]!.type, 1 /* error */);
      assert.match(errors[0]!.message, /model metadata not found|model not found/);
      // The same settings again: no second notification.
      await c.conn.sendNotification(Messages.trmSettings.method, { models: { user: [broken, MODEL] }, autoRun: false });
      const info = (await c.conn.sendRequest(Messages.trmModelInfo.method, null)) as TrmStatus;
      assert.equal(c.messages.filter((m) => m.message.includes(broken)).length, 1);
      assert.equal(info.state, 'error');
      assert.match(info.message ?? '', /broken\.onnx/);
      assert.ok(info.models.some((m) => m.path === broken && m.state === 'error'));
      // The working model still solves, hovers still answer.
      const r = (await c.execute(Commands.trmSolve.method, [URI, 1, 0])) as { state: string };
      assert.equal(r.state, 'done');
      const h = await c.hover(URI, marker('$1'));
      assert.match((h!.contents as MarkupContent).value, /\*\*Sudoku\*\* `easy`/);
    } finally {
      await c.close();
    }
  });

  it('a corrupt model file: one notification at load, the puzzle says why, the server keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gr-assist-'));
    try {
      copyFileSync(MODEL.replace(/\.onnx$/, '.json'), join(dir, 'corrupt.json'));
      writeFileSync(join(dir, 'corrupt.onnx'), readFileSync(MODEL).subarray(0, 2000));
      const corrupt = join(dir, 'corrupt.onnx');
      const c = await startAssistClient({ env: { GRID_REASONER_MODELS: dir }, trm: { models: { user: [corrupt] }, autoRun: false } });
      try {
        c.open(URI, FIXTURE.text);
        const r1 = (await c.execute(Commands.trmSolve.method, [URI, 0, 0])) as { state: string; error?: string };
        assert.equal(r1.state, 'error');
        const info = (await c.conn.sendRequest(Messages.trmModelInfo.method, null)) as TrmStatus;
        assert.ok(
          info.models.some((m) => m.path === corrupt && m.state === 'error' && /SHA-256/.test(m.error ?? '')),
          JSON.stringify(info.models),
        );
        // Another 4x4 Sudoku model (a bundled one in models/) takes over; without one the puzzle says why.
        const fallback = info.models.some((m) => m.origin === 'bundled' && m.kind === 'sudoku' && m.rows === 4 && m.state !== 'error');
        const r2 = (await c.execute(Commands.trmSolve.method, [URI, 1, 0])) as { state?: string; error?: string };
        const lenses = (await c.codeLenses(URI)).map((l) => l.command?.title ?? '');
        if (fallback) {
          assert.equal(r2.state, 'done');
          assert.ok(lenses.includes('Solve with TRM'), lenses.join(' | '));
        } else {
          assert.match(String(r2.error), /could not be loaded/);
          assert.ok(
            lenses.some((t) => /TRM: model .* failed to load/.test(t)),
            lenses.join(' | '),
          );
        }
        const notes = c.messages.filter((m) => m.message.includes('could not be loaded'));
        assert.equal(notes.length, 1, JSON.stringify(c.messages));
        // Rule diagnostics were published as usual.
        const pub = await until(() => c.published.find((p) => p.uri === URI), 'diagnostics');
        assert.deepEqual(
          pub.diagnostics.filter((d) => d.severity === 1),
          [],
        );
        const h = await c.hover(URI, marker('$2'));
        assert.match((h!.contents as MarkupContent).value, /Row 4, column 2|Row \d, column \d/);
      } finally {
        await c.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turned off (gridReasoner.assistant.enabled: false): no lenses, no TRM actions, the built-in completions unchanged', async () => {
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL] }, enabled: false } });
    try {
      c.open(URI, FIXTURE.text);
      await c.diagnostics(URI, () => true);
      assert.deepEqual(await c.codeLenses(URI), []);
      const actions = await c.codeActions(URI, { start: marker('$3'), end: marker('$3') });
      assert.ok(!actions.some((a) => a.title.includes('TRM')), actions.map((a) => a.title).join(' | '));
      const items = await c.completion(URI, marker('$2'));
      assert.deepEqual(
        items.map((i) => i.label),
        ['1', '.'],
      );
      assert.ok(items.every((i) => !i.labelDetails));
      const h = await c.hover(URI, marker('$2'));
      assert.doesNotMatch((h!.contents as MarkupContent).value, /TRM/);
    } finally {
      await c.close();
    }
  });

  it('forged trace and puzzle-at requests are answered InvalidParams saying what they take, never an internal error', async () => {
    const c = await startAssistClient({ env: ENV, trm: { models: { user: [MODEL] }, autoRun: false } });
    try {
      c.open(URI, FIXTURE.text);
      for (const [method, params] of [
        [Messages.trmGetTrace.method, null],
        [Messages.trmGetTrace.method, { uri: URI, puzzleIndex: 'first' }],
        [Messages.trmGetTrace.method, { uri: 5, puzzleIndex: 0 }],
        [Messages.puzzleAt.method, null],
        [Messages.puzzleAt.method, { uri: URI }],
      ] as const) {
        const e = await c.conn.sendRequest(method, params).then(
          () => undefined,
          (x: { code?: number; message?: string }) => x,
        );
        assert.equal(e?.code, -32602 /* InvalidParams */, `${method} ${JSON.stringify(params)}: ${JSON.stringify(e)}`);
        assert.match(e?.message ?? '', /takes \{ uri: string/);
      }
    } finally {
      await c.close();
    }
  });

  it('workspace model paths are ignored in an untrusted workspace', async () => {
    const c = await startAssistClient({ env: ENV, trm: { models: { workspace: [MODEL] }, workspaceTrusted: false, autoRun: false } });
    try {
      const info = (await c.conn.sendRequest(Messages.trmModelInfo.method, null)) as TrmStatus;
      assert.ok(info.models.some((m) => m.path === MODEL && m.state === 'ignored'));
      const told = c.messages.filter((m) => m.message.includes('not loaded until you trust this workspace'));
      assert.equal(told.length, 1, JSON.stringify(c.messages));
      assert.equal(told[0]!.type, 3 /* info */);
      // The message names the path and why it is not loaded.
      assert.match(
        told[0]!.message,
        new RegExp(`${MODEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(workspace settings are not used in an untrusted workspace\\)`),
        told[0]!.message,
      );
      assert.ok(!info.models.some((m) => m.path === MODEL && m.origin === 'workspace' && m.state !== 'ignored'));
      await c.conn.sendNotification(Messages.trmSettings.method, {
        models: { workspace: [MODEL] },
        workspaceTrusted: true,
        autoRun: false,
      });
      const trusted = (await c.conn.sendRequest(Messages.trmModelInfo.method, null)) as TrmStatus;
      assert.ok(trusted.models.some((m) => m.path === MODEL && m.origin === 'workspace' && m.state !== 'ignored'));
    } finally {
      await c.close();
    }
  });
});
