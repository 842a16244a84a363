// `Solve exactly` over LSP fills every puzzle of tdoku's unique.csv with the right solution, whether the
// solution section is there (cells replaced) or not (section inserted). Mazes get their shortest path.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { parse } from '../../core/src/dsl/parser';
import { gridToMatrix } from '../../core/src/dsl/symbols';
import { applyEdits } from '../../core/src/rules/edits';
import { validateMazePath } from '../../core/src/rules/maze';
import { serverBuilt, startClient, type Client } from './harness';
import { defined } from '../defined';

const UNIQUE = '/work/shared/data/sudoku/tdoku_test/unique.csv';
const DATA = process.env.GRID_REASONER_DATA ? `${process.env.GRID_REASONER_DATA}/sudoku/tdoku_test/unique.csv` : UNIQUE;

function grid(s: string, blank: string): string {
  const rows: string[] = [];
  for (let r = 0; r < 9; r++) {
    if (r === 3 || r === 6) rows.push('    ------+-------+------');
    const cells = s
      .slice(r * 9, r * 9 + 9)
      .split('')
      .map((c) => (c === '.' || c === '0' ? blank : c));
    rows.push(`    ${cells.slice(0, 3).join(' ')} | ${cells.slice(3, 6).join(' ')} | ${cells.slice(6).join(' ')}`);
  }
  return rows.join('\n');
}

async function solveAll(client: Client, uri: string, text: string): Promise<string> {
  client.open(uri, text);
  const doc = parse(text).document;
  const edits: TextEdit[] = [];
  for (const p of doc.puzzles) {
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: p.nameRange.start, end: p.nameRange.start },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const solve = actions.find((a) => a.title.startsWith('Solve exactly'));
    assert.ok(solve?.edit?.changes?.[uri], `no Solve exactly action for ${p.name}: ${actions.map((a) => a.title).join(', ')}`);
    edits.push(...solve.edit.changes[uri]);
  }
  return applyEdits(text, edits);
}

describe('Solve exactly (code action over LSP)', { skip: serverBuilt() ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: Client;
  before(async () => {
    client = await startClient();
  });
  after(async () => {
    await client?.close();
  });

  it(
    'fills every puzzle of tdoku_test/unique.csv correctly',
    { skip: existsSync(DATA) ? false : `SKIPPED: ${DATA} not found (puzzle data absent)` },
    async () => {
      const rows = readFileSync(DATA, 'utf8')
        .trim()
        .split(/\r?\n/)
        .map((l) => l.split(','));
      assert.ok(rows.length >= 18);
      const text = rows
        .map(([q], i) => {
          const head = `sudoku u${i} 9x9\n  givens\n${grid(defined(q, 'a question'), '.')}`;
          // Every other puzzle already has a solution section of unknowns; the rest get one inserted.
          return i % 2 === 0 ? `${head}\n  solution\n${grid('.'.repeat(81), '?')}\n` : `${head}\n`;
        })
        .join('\n');
      const solved = await solveAll(client, 'file:///unique.arc', text);
      const r = parse(solved);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.document.puzzles.length, rows.length);
      r.document.puzzles.forEach((p, i) => {
        assert.equal(p.kind, 'sudoku');
        if (p.kind !== 'sudoku') return;
        assert.ok(p.solution, `${p.name} has no solution section`);
        assert.equal(gridToMatrix(p.solution.grid).flat().join(''), rows[i]?.[1], `${p.name}`);
      });
    },
  );

  it("writes a maze's shortest path", async () => {
    const text =
      'maze m\n  grid\n    S . . #\n    # # . #\n    . . . G\n\nmaze n\n  grid\n    S . #\n    # . .\n    G . .\n  path\n    ? ? ?\n    ? ? ?\n    ? ? ?\n';
    const solved = await solveAll(client, 'file:///mazes.arc', text);
    const doc = parse(solved).document;
    for (const p of doc.puzzles) {
      assert.ok(p.kind === 'maze' && p.grid && p.path, `${p.name} not filled`);
      if (p.kind !== 'maze' || !p.grid || !p.path) continue;
      assert.deepEqual(validateMazePath(gridToMatrix(p.grid.grid), gridToMatrix(p.path.grid)).problems, []);
    }
    assert.ok(solved.includes('  path\n    S o o #\n    # # o #\n    . . o G'), solved);
  });
});
