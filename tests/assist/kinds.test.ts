// The assistant on ARC and mazes over LSP, with the echo models (tests/fixtures/assist/make_models.py): an
// ARC copy task gets `Fill TRM's answer (attempt 1, ..., unverified)` writing the test output (ARC has no rules
// to verify with); a maze, whose echoed answer breaks the rules, gets only `Fill TRM's best guess (breaks N
// rules)` and the exact solver's answer, a `Solve exactly` lens naming the broken rules, and after the exact
// answer is written a lens that says so; a rule-verified path gets no model diagnostic.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, MarkupContent, Range } from 'vscode-languageserver-protocol';
import { parse } from '../../core/src/dsl/parser';
import { applyEdits } from '../../core/src/rules/edits';
import { puzzleGrids, verifyAnswer } from '../../core/src/trm';

import { Commands } from '../../core/src/protocol/messages';
import { parseMarkers, ROOT, serverBuilt, startAssistClient, type Client } from '../lsp/harness';

const DIR = join(ROOT, 'tests', 'fixtures', 'assist');
const FIXTURE = parseMarkers(readFileSync(join(DIR, 'kinds.arc'), 'utf8'));
const URI = 'file:///assist/kinds.arc';
const skip = serverBuilt() ? false : 'dist/server.js is not built (npm run build)';

function at(name: string) {
  const m = FIXTURE.markers.get(name);
  assert.ok(m, name);
  return { start: m, end: m };
}

function apply(a: CodeAction): string {
  const edits = a.edit?.changes?.[URI] ?? [];
  assert.ok(edits.length > 0, `${a.title} has edits`);
  return applyEdits(
    FIXTURE.text,
    edits.map((e) => ({ range: e.range, newText: e.newText })),
  );
}

describe('TRM assistant on ARC and mazes (echo models)', { skip }, () => {
  let c: Client;
  before(async () => {
    c = await startAssistClient({
      env: { GRID_REASONER_MODELS: DIR },
      trm: { models: { user: [join(DIR, 'echo-arc6.onnx'), join(DIR, 'echo-maze6.onnx')] }, autoRun: false },
    });
    c.open(URI, FIXTURE.text);
  });
  after(async () => {
    await c?.close();
  });

  it('ARC: the voted attempt fills the test output and satisfies the rules', async () => {
    const r = (await c.execute(Commands.trmSolve.method, [URI, 0, 0])) as {
      state: string;
      outcome: { attempts: { votes: number }[]; stepsRun: number };
    };
    assert.equal(r.state, 'done');
    const actions = await c.codeActions(URI, at('$2'));
    const fill = actions.find((a) => /^Fill TRM's answer \(attempt 1, \d+ votes?, unverified\)$/.test(a.title));
    assert.ok(!actions.some((a) => a.title.startsWith('Fill solution')), 'an unchecked ARC answer is not "the solution"');
    assert.ok(fill, actions.map((a) => a.title).join(' | '));
    assert.ok(!actions.some((a) => a.title.includes('attempt 2')), 'one voted answer: no attempt 2');
    const p = parse(apply(fill)).document.puzzles[0]!;
    assert.equal(p.kind, 'arc');
    const out = p.kind === 'arc' ? p.pairs[1]!.output!.grid.rows.map((row) => row.cells.map((x) => x.symbol)) : [];
    assert.deepEqual(out, [
      ['5', '6', '7'],
      ['8', '9', '0'],
    ]);
    assert.equal(verifyAnswer(puzzleGrids(p), out).satisfiesRules, true);
    // A test-output cell: its step table (the ARC answer grid, cropped and voted).
    const h = await c.hover(URI, at('$2').start);
    const rows = (h!.contents as MarkupContent).value.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, r.outcome.stepsRun);
    assert.ok(
      rows.every((l) => l.includes('`5`')),
      rows.join('\n'),
    );
  });

  it("maze: a guess that breaks the rules is offered as such, with the exact solver's answer", async () => {
    const r = (await c.execute(Commands.trmSolve.method, [URI, 1, 0])) as {
      state: string;
      outcome: { satisfiesRules: boolean; violations: string[] };
    };
    assert.equal(r.state, 'done');
    assert.equal(r.outcome.satisfiesRules, false);
    const n = r.outcome.violations.length;
    const actions = await c.codeActions(URI, at('$4'));
    const titles = actions.map((a) => a.title);
    assert.ok(!titles.includes('Fill solution with TRM'), titles.join(' | '));
    const guess = actions.find((a) => a.title === `Fill TRM's best guess (breaks ${n} rule${n === 1 ? '' : 's'})`);
    assert.ok(guess, titles.join(' | '));
    const exact = actions.find((a) => /exact/i.test(a.title) && (a.edit?.changes?.[URI]?.length ?? 0) > 0);
    assert.ok(exact, titles.join(' | '));
    const p = parse(apply(exact)).document.puzzles[1]!;
    const path = p.kind === 'maze' ? p.path!.grid.rows.map((row) => row.cells.map((x) => x.symbol)) : [];
    assert.deepEqual(verifyAnswer(puzzleGrids(p), path).violations, []);
    const lens = (await c.codeLenses(URI)).map((l) => l.command?.title ?? '').find((t) => t.startsWith('TRM: ✗'));
    assert.match(lens ?? '', new RegExp(`not verified \\(breaks ${n} rules?\\)`));
    const head = await c.hover(URI, at('$3').start);
    assert.match((head!.contents as MarkupContent).value, /Not verified: the answer breaks \d+ rules?/);
  });

  it('ARC outcomes never say "verified": unverified without an expected output, compared with it otherwise', async () => {
    await c.execute(Commands.trmSolve.method, [URI, 0, 0]);
    await c.execute(Commands.trmSolve.method, [URI, 3, 0]);
    const lenses = await c.codeLenses(URI);
    const line = (i: number) => FIXTURE.text.split('\n').findIndex((l) => l.startsWith(i === 0 ? 'arc copy-task' : 'arc copy-known'));
    const arcTitles = lenses
      .filter((l) => l.range.start.line === line(0) || l.range.start.line === line(3))
      .map((l) => l.command?.title ?? '');
    assert.ok(!arcTitles.some((t) => /verified/.test(t) && !/unverified/.test(t)), arcTitles.join(' | '));
    const outcome = (i: number) =>
      lenses.find((l) => l.range.start.line === line(i) && l.command?.title.startsWith('TRM: '))?.command?.title ?? '';
    assert.match(outcome(0), /^TRM: unverified \(ARC\) · /);
    assert.match(outcome(3), /^TRM: unverified \(ARC\) · ✗ the answer is 2x3, the expected output 2x2 · /);
    const head = await c.hover(URI, at('$7').start);
    const md = (head!.contents as MarkupContent).value;
    assert.doesNotMatch(md, /(^|[^n])verified:/i, md);
    assert.match(md, /the answer is 2x3, the expected output 2x2/);
  });

  it('a failed run gets a Solve exactly lens naming the broken rules; after it writes the path the lens says so', async () => {
    const r = (await c.execute(Commands.trmSolve.method, [URI, 1, 0])) as { outcome: { violations: string[] } };
    const mazeLine = FIXTURE.text.split('\n').findIndex((l) => l.startsWith('maze small'));
    const lenses = (await c.codeLenses(URI)).filter((l) => l.range.start.line === mazeLine);
    const outcome = lenses.find((l) => l.command?.title.startsWith('TRM: ✗'));
    assert.ok(outcome?.command?.tooltip, 'the outcome lens lists the broken rules');
    for (const v of r.outcome.violations.slice(0, 3))
      assert.ok(outcome.command.tooltip.includes(v), `${outcome.command.tooltip} lists ${v}`);
    const exact = lenses.find((l) => l.command?.title === 'Solve exactly');
    assert.ok(exact?.command, lenses.map((l) => l.command?.title).join(' | '));
    // Running it asks the client to apply the exact solver's path.
    const applied: { edit: { changes: Record<string, { range: Range; newText: string }[]> } }[] = [];
    const sub = c.conn.onRequest('workspace/applyEdit', (p: (typeof applied)[number]) => {
      applied.push(p);
      return { applied: true };
    });
    try {
      await c.execute(exact.command.command, exact.command.arguments ?? []);
    } finally {
      sub.dispose();
    }
    assert.equal(applied.length, 1);
    const text = applyEdits(
      FIXTURE.text,
      applied[0]!.edit.changes[URI]!.map((e) => ({ range: e.range, newText: e.newText })),
    );
    c.change(URI, 2, text);
    const after = (await c.codeLenses(URI)).filter((l) => l.range.start.line === mazeLine).map((l) => l.command?.title ?? '');
    assert.ok(after.includes('✓ the answer written here satisfies the rules'), after.join(' | '));
    assert.ok(!after.includes('Solve exactly'), after.join(' | '));
    assert.ok(
      after.some((t) => t.startsWith('TRM: ✗') && t.endsWith("(TRM's own answer)")),
      after.join(' | '),
    );
    c.change(URI, 3, FIXTURE.text);
  });

  it('no model diagnostic inside a path the rules verify', async () => {
    await c.execute(Commands.trmSolve.method, [URI, 2, 0]);
    // The echo model predicts `.` where the path has `o` (>99%); the rules accept the path.
    const h = await c.hover(URI, at('$6').start);
    assert.match((h!.contents as MarkupContent).value, /\| `\.` \| >99% \|/);
    c.change(URI, 4, FIXTURE.text);
    const pub = await c.diagnostics(URI, (p) => p.version === 4);
    assert.deepEqual(
      pub.diagnostics.filter((d) => d.source === 'trm'),
      [],
    );
  });
});
