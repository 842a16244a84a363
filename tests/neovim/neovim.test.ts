// Neovim 0.7.2 (Debian `neovim`) as a second real LSP client, headless: a duplicate digit in a Sudoku
// shows a diagnostic with related information, and a hover arrives. Skips visibly when nvim is absent.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DUP_SUDOKU, hasNvim, NVIM_MISSING, neovimSkip, runNeovim, SERVER } from './harness';

const skip = neovimSkip('SKIPPED: ');
if (!hasNvim) console.log(`# neovim.test.ts: SKIPPED: ${NVIM_MISSING}`);

describe('Neovim 0.7 headless as an LSP client', { skip }, () => {
  it('shows the duplicate digit with related information, and a hover', () => {
    const { status, result, lines } = runNeovim({
      tmpPrefix: 'gr-nvim-',
      init: join(__dirname, 'init.lua'),
      file: { name: 'dup.arc', text: DUP_SUDOKU },
      env: { GR_SERVER: SERVER, GR_LINE: '3', GR_COL: '4' },
    });
    assert.equal(status, 0, result);
    assert.equal(lines[0], 'PASS');
    // Row 1 has two 1s (columns 1 and 4): each is flagged, pointing at the other.
    assert.ok(lines.includes('DIAG R101 2:4 1 appears twice in row 1 of givens | 2:12 the other 1 (row 1, column 4)'), result);
    assert.ok(lines.includes('DIAG R101 2:12 1 appears twice in row 1 of givens | 2:4 the other 1 (row 1, column 1)'), result);
    const hover = lines.find((l) => l.startsWith('HOVER '));
    assert.ok(hover?.includes('Row 2, column 1') && hover.includes('Candidates: 2'), result);
  });
});
