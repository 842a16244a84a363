// The CLI's `solve` and `lsp` commands, run as the user runs them (dist/cli.js).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDocument } from '../../core/src/check';
import { CLI, cliSkip, runCli } from '../cli/harness';
import { startClient } from '../lsp/harness';

const skip = cliSkip;
const dir = mkdtempSync(join(tmpdir(), 'gr-solve-'));
const cli = (...args: string[]) => runCli(args);

const FILE = `sudoku s 4x4
  givens
    1 . | . .
    . . | 3 .
    ----+----
    . 4 | . .
    . . | . 2

maze m
  grid
    S . . #
    # # . #
    G . . .
  path
    ? ? ? ?
    ? ? ? ?
    ? ? ? ?

arc a
  test
    input
      1
`;

describe('grid-reasoner solve / lsp', { skip }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints each answer and whether it is unique', () => {
    const f = join(dir, 'a.arc');
    writeFileSync(f, FILE);
    const r = cli('solve', f, '--solver', 'exact');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'sudoku s: unique solution',
        '  1 3 | 2 4',
        '  4 2 | 3 1',
        '  ----+----',
        '  2 4 | 1 3',
        '  3 1 | 4 2',
        'maze m: unique shortest path of 6 steps',
        '  S o o #',
        '  # # o #',
        '  G o o .',
        'arc a: no exact solver for ARC tasks (try the trm solver)',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(f, 'utf8'), FILE);
  });

  it('--write fills the solution section and the path; check is then clean', () => {
    const f = join(dir, 'b.arc');
    writeFileSync(f, FILE);
    const r = cli('solve', f, '--solver', 'exact', '--write');
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(f, 'utf8');
    assert.ok(text.includes('  solution\n    1 3 | 2 4\n    4 2 | 3 1\n    ----+----\n    2 4 | 1 3\n    3 1 | 4 2\n'), text);
    assert.ok(text.includes('  path\n    S o o #\n    # # o #\n    G o o .\n'), text);
    assert.deepEqual(checkDocument(text), []);
    assert.equal(cli('check', f).status, 0);
  });

  it('unsolvable puzzles exit 1; bad arguments exit 2 with a message, never a stack trace', () => {
    const f = join(dir, 'c.arc');
    writeFileSync(f, 'sudoku x 4x4\n  givens\n    1 1 . .\n    . . . .\n    . . . .\n    . . . .\n');
    const r = cli('solve', f, '--solver', 'exact');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /sudoku x: the givens repeat a digit/);
    const bad = cli('solve', f, '--solver', 'magic');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown solver 'magic' \(available: trm, exact/);
    const missing = cli('solve', join(dir, 'nope.arc'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read: no such file/);
    assert.doesNotMatch(bad.stderr + missing.stderr, /at .*\.js:\d+/);
    assert.equal(cli('lsp').status, 2);
  });

  it('check reports rule diagnostics too (one implementation with the server)', () => {
    const f = join(dir, 'd.arc');
    writeFileSync(f, 'sudoku x 4x4\n  givens\n    1 1 . .\n    . . . .\n    . . . .\n    . . . .\n');
    const r = cli('check', f);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /d\.arc:3:5: error R101: 1 appears twice in row 1 of givens/);
  });

  it('`lsp --stdio` speaks LSP', async () => {
    const client = await startClient({ args: [CLI, 'lsp', '--stdio'] });
    try {
      assert.equal(client.init.serverInfo?.name, 'grid-reasoner');
      const uri = 'file:///cli-lsp.arc';
      const got = client.diagnostics(uri);
      client.open(uri, 'sudoku x 4x4\n  givens\n    1 1 . .\n    . . . .\n    . . . .\n    . . . .\n');
      assert.ok((await got).diagnostics.some((d) => d.code === 'R101'));
    } finally {
      await client.close();
    }
  });
});
