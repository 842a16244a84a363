// Neovim 0.7.2 headless as a real LSP client of the TRM assistant: with the fixture model given
// through init_options, `Solve with TRM` runs (workspace/executeCommand) and a hover on a cell shows the
// per-step table. Same recipe as tests/neovim/neovim.test.ts; skips visibly without nvim.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hasNvim, NVIM_MISSING, neovimSkip, ROOT, runNeovim, SERVER } from './harness';

const MODEL = join(ROOT, 'tests', 'fixtures', 'models', 'sudoku-4x4-tiny.onnx');
const skip = neovimSkip('SKIPPED: ');
if (!hasNvim) console.log(`# trm-hover.test.ts: SKIPPED: ${NVIM_MISSING}`);

const DOC = `sudoku easy 4x4
  givens
    1 . | . 4
    . 4 | 1 .
    ----+----
    2 . | . 3
    . 3 | 2 .
`;

// Solve puzzle 0 through the server command, then hover row 3, column 2 (0-based line 5, character 6).
const INIT = `
local out_path = os.getenv('GR_OUT')
local function finish(ok, lines)
  local f = io.open(out_path, 'w')
  f:write((ok and 'PASS' or 'FAIL') .. '\\n' .. table.concat(lines, '\\n') .. '\\n')
  f:close()
  if ok then vim.cmd('qa!') else vim.cmd('cq! 1') end
end
local client_id = vim.lsp.start_client({
  name = 'grid-reasoner',
  cmd = { 'node', os.getenv('GR_SERVER'), '--stdio' },
  root_dir = vim.fn.getcwd(),
  init_options = { trm = { models = { user = { os.getenv('GR_MODEL') } }, autoRun = false } },
})
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.arc',
  callback = function(args)
    vim.bo[args.buf].filetype = 'arcgrid'
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local ready = vim.wait(15000, function()
      local c = vim.lsp.get_client_by_id(client_id)
      return c ~= nil and c.initialized and vim.lsp.buf_is_attached(buf, client_id)
    end, 50)
    if not ready then return finish(false, { 'the client did not initialize' }) end
    local uri = vim.uri_from_bufnr(buf)
    local solved = vim.lsp.buf_request_sync(buf, 'workspace/executeCommand',
      { command = 'gridReasoner.trm.solve', arguments = { uri, 0, 0 } }, 30000)
    local lines = {}
    for _, r in pairs(solved or {}) do
      if r.result and r.result.outcome then table.insert(lines, 'SOLVED ' .. tostring(r.result.outcome.stepsRun)) end
      if r.err then table.insert(lines, 'SOLVE-ERROR ' .. tostring(r.err.message)) end
    end
    local params = { textDocument = { uri = uri }, position = { line = 5, character = 6 } }
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    local hover = nil
    for _, r in pairs(res or {}) do
      if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
    end
    if not hover then return finish(false, vim.list_extend(lines, { 'no hover' })) end
    for l in hover:gmatch('[^\\n]+') do table.insert(lines, 'HOVER ' .. l) end
    finish(true, lines)
  end,
})
`;

describe('Neovim 0.7 headless: the TRM hover', { skip }, () => {
  it('a hover on a cell shows the per-step table after Solve with TRM', () => {
    const { status, result, lines } = runNeovim({
      tmpPrefix: 'gr-nvim-trm-',
      init: { lua: INIT },
      file: { name: 'easy.arc', text: DOC },
      env: { GR_SERVER: SERVER, GR_MODEL: MODEL },
    });
    assert.equal(status, 0, result);
    assert.equal(lines[0], 'PASS', result);
    const solved = lines.find((l) => l.startsWith('SOLVED '));
    assert.ok(solved, result);
    const steps = Number(solved.slice('SOLVED '.length));
    assert.ok(steps >= 1);
    assert.ok(lines.includes('HOVER | step | symbol | probability | changed | halt score |'), result);
    const rows = lines.filter((l) => /^HOVER \| \d+ \|/.test(l));
    assert.equal(rows.length, steps, result);
    assert.ok(
      lines.some((l) => /^HOVER Settled on `\d` at step \d+/.test(l)),
      result,
    );
  });
});
