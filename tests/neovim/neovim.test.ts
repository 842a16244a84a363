// Neovim 0.7.2 (Debian `neovim`) as a second real LSP client, headless: a duplicate digit in a Sudoku
// shows a diagnostic with related information, and a hover arrives. Skips visibly when nvim is absent.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !hasNvim
  ? 'SKIPPED: nvim not found (Debian package neovim; .ci/run installs it)'
  : !existsSync(SERVER) ? 'dist/server.js missing: run npm run build' : false;
if (!hasNvim) console.log('# neovim.test.ts: SKIPPED: nvim not found (Debian package neovim; .ci/run installs it)');

const DOC = `sudoku dup 4x4
  givens
    1 . | . 1
    . . | 3 .
    ----+----
    . 4 | . .
    . . | . 2
`;

describe('Neovim 0.7 headless as an LSP client', { skip }, () => {
  it('shows the duplicate digit with related information, and a hover', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gr-nvim-'));
    try {
      for (const d of ['data', 'config', 'state', 'cache']) mkdirSync(join(tmp, d));
      const file = join(tmp, 'dup.arc');
      writeFileSync(file, DOC);
      const out = join(tmp, 'result.txt');
      const r = spawnSync('nvim', ['--headless', '--clean', '-u', join(__dirname, 'init.lua'), file], {
        cwd: tmp,
        encoding: 'utf8',
        timeout: 60000,
        env: {
          ...process.env,
          XDG_DATA_HOME: join(tmp, 'data'), XDG_CONFIG_HOME: join(tmp, 'config'),
          XDG_STATE_HOME: join(tmp, 'state'), XDG_CACHE_HOME: join(tmp, 'cache'),
          GR_SERVER: SERVER, GR_OUT: out, GR_LINE: '3', GR_COL: '4',
        },
      });
      const result = existsSync(out) ? readFileSync(out, 'utf8') : `(no result file) status ${r.status} ${r.stderr}`;
      assert.equal(r.status, 0, result);
      const lines = result.trim().split('\n');
      assert.equal(lines[0], 'PASS');
      // Row 1 has two 1s (columns 1 and 4): each is flagged, pointing at the other.
      assert.ok(lines.includes('DIAG R101 2:4 1 appears twice in row 1 of givens | 2:12 the other 1 (row 1, column 4)'), result);
      assert.ok(lines.includes('DIAG R101 2:12 1 appears twice in row 1 of givens | 2:4 the other 1 (row 1, column 1)'), result);
      const hover = lines.find((l) => l.startsWith('HOVER '));
      assert.ok(hover?.includes('Row 2, column 1') && hover.includes('Candidates: 2'), result);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
