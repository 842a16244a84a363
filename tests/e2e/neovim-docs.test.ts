// docs/neovim.md's configuration, run as written: the tested Lua block is taken from the doc, its server command
// pointed at this checkout's dist/server.js, and a headless Neovim (Debian `neovim`, 0.7) opens a Sudoku with a
// repeated digit. Passes when the diagnostics arrive through the documented setup, K-style hover answers and
// the header offers `Solve exactly`. Skips visibly when nvim is absent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DUP_SUDOKU, neovimSkip, ROOT as root, runNeovim, SERVER as server } from '../neovim/harness';
import { defined } from '../defined';

const skip = neovimSkip();
if (skip) console.log(`SKIP neovim-docs: ${skip}`);

/** The Lua block that follows the "tested" marker in docs/neovim.md. */
function documentedConfig(markdown: string): string {
  const marker = markdown.indexOf('<!-- tested:');
  assert.ok(marker >= 0, 'docs/neovim.md has no "<!-- tested:" marker');
  const m = /```lua\n([\s\S]*?)```/.exec(markdown.slice(marker));
  assert.ok(m, 'no ```lua block after the marker');
  return defined(m[1], 'the text of the lua block');
}

// Appended after the documented block: waits for the results and writes them, then quits.
const CHECK = `
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local out = {}
    local function finish(ok)
      local f = io.open(os.getenv('GR_OUT'), 'w')
      f:write((ok and 'PASS' or 'FAIL') .. '\\n' .. table.concat(out, '\\n') .. '\\n')
      f:close()
      if ok then vim.cmd('qa!') else vim.cmd('cq! 1') end
    end
    local buf = vim.api.nvim_get_current_buf()
    table.insert(out, 'FILETYPE ' .. vim.bo[buf].filetype)
    if not vim.wait(20000, function() return #vim.diagnostic.get(buf) >= 2 end, 50) then
      table.insert(out, 'no diagnostics within 20 s')
      return finish(false)
    end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(out, string.format('DIAG %s %d:%d %s', tostring(d.code or ((d.user_data or {}).lsp or {}).code), d.lnum, d.col, d.message))
    end
    local uri = vim.uri_from_bufnr(buf)
    local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 3, character = 4 } }, 10000)
    for _, r in pairs(hover or {}) do
      if r.result and r.result.contents then table.insert(out, 'HOVER ' .. (r.result.contents.value or ''):gsub('\\n', ' / ')) end
    end
    local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
      context = { diagnostics = {} },
    }, 10000)
    for _, r in pairs(actions or {}) do
      for _, a in ipairs(r.result or {}) do table.insert(out, 'ACTION ' .. a.title) end
    end
    local keymap = vim.fn.maparg('K', 'n', false, true)
    table.insert(out, 'KEYMAP_K ' .. tostring(keymap.buffer == 1))
    finish(true)
  end,
})
`;

test('docs/neovim.md: the documented init.lua gives diagnostics, hover and code actions in Neovim', { skip, timeout: 90_000 }, () => {
  const markdown = readFileSync(join(root, 'docs', 'neovim.md'), 'utf8');
  const lua = documentedConfig(markdown);
  const documentedPath = "vim.fn.expand('~/grid-reasoner/dist/server.js')";
  assert.match(
    lua,
    /^local grid_reasoner_cmd = \{ 'node', .*vim\.fn\.expand\('~\/grid-reasoner\/dist\/server\.js'\)/m,
    'the documented block no longer starts the server with node from ~/grid-reasoner',
  );
  const tested = lua.replace(documentedPath, JSON.stringify(server));

  const { status, result, lines } = runNeovim({
    tmpPrefix: 'gr-nvim-docs-',
    init: { lua: tested + CHECK },
    file: { name: 'dup.arc', text: DUP_SUDOKU },
  });
  assert.equal(status, 0, result);
  assert.equal(lines[0], 'PASS', result);
  assert.ok(lines.includes('FILETYPE arcgrid'), result);
  assert.ok(lines.includes('DIAG R101 2:4 1 appears twice in row 1 of givens'), result);
  assert.ok(lines.includes('DIAG R101 2:12 1 appears twice in row 1 of givens'), result);
  const hover = lines.find((l) => l.startsWith('HOVER '));
  assert.ok(hover?.includes('Row 2, column 1') && hover.includes('Candidates: 2'), result);
  assert.ok(
    lines.some((l) => l.startsWith('ACTION Check uniqueness of dup')),
    result,
  );
  assert.ok(lines.includes('KEYMAP_K true'), `the documented on_attach did not map K: ${result}`);
});
