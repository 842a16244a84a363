-- Headless Neovim 0.7 as a second real LSP client (driven by tests/neovim/neovim.test.ts).
-- Env: GR_SERVER (path of dist/server.js), GR_OUT (result file), GR_LINE/GR_COL (0-based cell to hover).
local server = os.getenv('GR_SERVER')
local out_path = os.getenv('GR_OUT')
local line = tonumber(os.getenv('GR_LINE'))
local col = tonumber(os.getenv('GR_COL'))

local function finish(ok, lines)
  local f = io.open(out_path, 'w')
  f:write((ok and 'PASS' or 'FAIL') .. '\n' .. table.concat(lines, '\n') .. '\n')
  f:close()
  if ok then vim.cmd('qa!') else vim.cmd('cq! 1') end
end

local client_id = vim.lsp.start_client({
  name = 'grid-reasoner',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
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
    local lines = {}
    local got = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    if not got then return finish(false, { 'no diagnostics within 15 s' }) end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      local related = lsp.relatedInformation or {}
      local rel = {}
      for _, r in ipairs(related) do
        table.insert(rel, string.format('%d:%d %s', r.location.range.start.line, r.location.range.start.character, r.message))
      end
      table.insert(lines, string.format('DIAG %s %d:%d %s | %s', tostring(d.code or lsp.code), d.lnum, d.col, d.message, table.concat(rel, '; ')))
    end
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
    local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    local hover = nil
    for _, r in pairs(res or {}) do
      if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
    end
    if not hover then return finish(false, vim.list_extend(lines, { 'no hover' })) end
    table.insert(lines, 'HOVER ' .. hover:gsub('\n', ' / '))
    finish(true, lines)
  end,
})
