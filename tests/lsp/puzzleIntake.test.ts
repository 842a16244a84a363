// Bringing puzzles in over LSP: the quick fix that converts a pasted Sudoku string or ARC task JSON in place,
// the import command (the CLI's importers) and the New Puzzle templates. Fixtures: tests/fixtures/intake.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { parse } from '../../core/src/dsl/parser';
import { ROOT, serverBuilt, startClient, type Client } from './harness';

const DIR = join(ROOT, 'tests', 'fixtures', 'intake');
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const uri = 'file:///intake/paste.arc';

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe(
  'bringing puzzles in (New Puzzle, Import, paste conversion)',
  { skip: serverBuilt() ? false : 'dist/server.js missing: run npm run build' },
  () => {
    let client: Client;
    let diags: Diagnostic[] = [];
    const text = read('paste.arc');
    before(async () => {
      client = await startClient();
      const got = client.diagnostics(uri);
      client.open(uri, text);
      diags = (await got).diagnostics;
    });
    after(async () => {
      await client?.close();
    });

    async function actionsAt(line: number): Promise<CodeAction[]> {
      const here = diags.filter((d) => d.range.start.line === line);
      return (
        ((await client.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line, character: 3 }, end: { line, character: 3 } },
          context: { diagnostics: here },
        })) as CodeAction[] | null) ?? []
      );
    }

    it('the pasted text is an error today (so the user looks for a fix)', () => {
      for (const line of [9, 10, 11])
        assert.ok(
          diags.some((d) => d.range.start.line === line),
          `no diagnostic on line ${line + 1}`,
        );
    });

    it('converts an 81-character Sudoku line into a 9x9 sudoku, in place, keeping the rest', async () => {
      const fix = (await actionsAt(9)).find((a) => a.title.startsWith('Convert the pasted 81-character Sudoku string'));
      assert.ok(fix?.edit?.changes?.[uri], 'no conversion offered');
      assert.equal(fix.isPreferred, true);
      const after = applyEdits(text, fix.edit.changes[uri]!);
      const doc = parse(after);
      const p = doc.document.puzzles.find((x) => x.name === 'pasted-10');
      assert.ok(p && p.kind === 'sudoku' && p.givens, after);
      // (The JSON pasted below is still unconverted: the parser reads it as more rows; only the first 9 are the puzzle.)
      assert.equal(
        p.givens.grid.rows
          .slice(0, 9)
          .flatMap((r) => r.cells)
          .filter((c) => c.symbol !== '.').length,
        17,
        `17 clues:\n${after}`,
      );
      assert.deepEqual(
        doc.document.puzzles.map((x) => x.name),
        ['small', 'pasted-10', 'after'],
        'the puzzles around it are kept',
      );
      assert.ok(after.includes('\n    . . . | . . . | . . 1\n'), after);
    });

    it('converts a pasted ARC task JSON over several lines (the cursor on any of them) into an arc puzzle', async () => {
      for (const line of [10, 12]) {
        const fix = (await actionsAt(line)).find((a) => a.title === 'Convert the pasted ARC task JSON to an arc puzzle');
        assert.ok(fix?.edit?.changes?.[uri], `no conversion at line ${line + 1}`);
        const after = applyEdits(text, fix.edit.changes[uri]!);
        const doc = parse(after);
        const arc = doc.document.puzzles.find((x) => x.kind === 'arc');
        assert.ok(arc && arc.kind === 'arc');
        assert.deepEqual(
          arc.pairs.map((p) => p.role),
          ['train', 'train', 'test'],
        );
        assert.deepEqual(
          arc.pairs[2]?.input?.grid.rows.map((r) => r.cells.map((c) => c.symbol).join('')),
          ['635', '680', '400'],
        );
        assert.equal(
          doc.diagnostics.filter((d) => d.severity === 'error' && d.range.start.line < 30).length > 0,
          true,
          'the second (broken) paste is still there',
        );
      }
    });

    it('a paste that is not a valid task offers the fix disabled, with the reason', async () => {
      const fix = (await actionsAt(13)).find((a) => a.title.includes('ARC task JSON'));
      assert.ok(fix, 'no action');
      assert.equal(fix.edit, undefined);
      assert.match(fix.disabled?.reason ?? '', /12/, JSON.stringify(fix.disabled));
    });

    it('a line of a real puzzle gets no conversion', async () => {
      assert.deepEqual(
        (await actionsAt(3)).filter((a) => a.title.startsWith('Convert')),
        [],
      );
    });

    it('imports an ARC task JSON, a Kaggle challenges file with its solutions, and a Sudoku-Extreme CSV', async () => {
      const run = (args: unknown[]) =>
        client.conn.sendRequest('workspace/executeCommand', { command: 'gridReasoner.server.importPuzzles', arguments: args }) as Promise<{
          ok: boolean;
          text?: string;
          count?: number;
          message?: string;
        }>;
      const task = await run(['0d3d703e.json', read('0d3d703e.json')]);
      assert.equal(task.ok, true, task.message);
      assert.match(task.text!, /^arc 0d3d703e\n {2}train\n {4}input 3x3\n {6}3 1 2\n/);
      const kaggle = await run(['two_challenges.json', read('two_challenges.json'), read('two_solutions.json')]);
      assert.equal(kaggle.count, 2);
      assert.equal(parse(kaggle.text!).diagnostics.length, 0);
      assert.match(kaggle.text!, /arc 6150a2bd[\s\S]*test\n {4}input 3x3\n {6}6 3 5\n {6}6 8 0\n {6}4 0 0\n {4}output 3x3\n {6}0 0 4\n/);
      const csv = await run(['sudoku-extreme.csv', read('sudoku-extreme.csv')]);
      assert.equal(csv.count, 2);
      assert.match(csv.text!, /sudoku sudoku-extreme-1 9x9\n {2}source: puzzles2_17_clue\n {2}rating: 0\n {2}givens\n/);
      const bad = await run(['broken.json', '{"train": [}']);
      assert.equal(bad.ok, false);
      assert.match(bad.message!, /^broken\.json(:\d+:\d+)?: .*not valid JSON/);
    });

    it('lists the New Puzzle templates: Sudoku of every size, a maze, an ARC task; each a valid puzzle as plain text', async () => {
      const t = (await client.conn.sendRequest('workspace/executeCommand', {
        command: 'gridReasoner.server.puzzleTemplates',
        arguments: [],
      })) as { id: string; plain: string; snippet: string }[];
      assert.deepEqual(t.map((x) => x.id).sort(), ['arc', 'maze', 'sudoku-16x16', 'sudoku-4x4', 'sudoku-6x6', 'sudoku-9x9']);
      for (const x of t) {
        const errors = parse(x.plain).diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(
          errors.map((d) => d.message),
          [],
          `${x.id}:\n${x.plain}`,
        );
        assert.match(x.snippet, /\$\{1:/);
      }
    });
  },
);
