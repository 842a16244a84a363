// docs/dsl.md documents every parser code with its severity and whether formatting is blocked, and its examples parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARSER_CODES } from '../../core/src/dsl/codes';
import { parse } from '../../core/src/dsl/parser';
import { defined } from '../defined';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'dsl.md'), 'utf8');

test('every parser code is in the diagnostics table of docs/dsl.md, with its severity and lossy flag', () => {
  for (const [code, info] of Object.entries(PARSER_CODES)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| ${code} |`));
    assert.ok(row, `${code} missing from docs/dsl.md`);
    const cols = row.split('|').map((c) => c.trim());
    assert.equal(cols[2], info.severity, `${code} severity`);
    assert.equal(cols[3], info.lossy ? 'yes' : 'no', `${code} lossy`);
  }
  const documented = [...doc.matchAll(/^\| (P\d{3}) \|/gm)].map((m) => defined(m[1], 'the code of a table row'));
  assert.deepEqual(
    documented.filter((c) => !(c in PARSER_CODES)),
    [],
  );
});

test('the header lines of the examples in docs/dsl.md parse as headers', () => {
  const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)]
    .map((m) => defined(m[1], 'the text of a code block'))
    .filter((b) => /^(\/\/.*\n)*(sudoku|arc|maze) /.test(b));
  assert.equal(blocks.length, 3);
  for (const b of blocks) {
    const header = b.split('\n').find((l) => /^(sudoku|arc|maze) /.test(l))!;
    const r = parse(header);
    assert.equal(r.document.puzzles.length, 1);
    assert.deepEqual(
      r.diagnostics.filter((d) => ['P002', 'P003', 'P004'].includes(d.code)),
      [],
    );
  }
});
