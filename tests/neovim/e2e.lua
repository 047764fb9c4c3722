-- `postlint server` driven by a real Neovim (0.7 API: vim.lsp.start_client and
-- vim.lsp.buf_attach_client, which later versions still have). Run by
-- tests/neovim-e2e.sh, which sets:
--   POSTLINT       the binary
--   E2E_CORPUS     a scratch copy of fixtures/seed (with an empty postlint.toml)
--   E2E_EXPECTED   `postlint check --format json` of that copy
--   E2E_POSITION_ENCODING  optional: a position encoding to offer (utf-8)
-- Each step waits at most E2E_TIMEOUT_MS (default 20 s) and any failure ends
-- Neovim with exit code 1 and the reason on stderr.

local timeout = tonumber(vim.env.E2E_TIMEOUT_MS or '') or 20000
local corpus = assert(vim.env.E2E_CORPUS, 'E2E_CORPUS is not set')
local started = vim.loop.hrtime()

local function say(msg)
  io.stdout:write(string.format('neovim-e2e: [%5.1f s] %s\n', (vim.loop.hrtime() - started) / 1e9, msg))
end

-- Failures are raised as tables so the top level can tell them from Lua bugs.
local function fail(msg, detail)
  error({ msg = msg, detail = detail }, 0)
end

local function read_file(path)
  local f = assert(io.open(path, 'rb'))
  local text = f:read('*a')
  f:close()
  return text
end

local function real(path)
  return vim.loop.fs_realpath(path) or path
end

local function same_file(uri, path)
  return real(vim.uri_to_fname(uri)) == real(path)
end

local function basename(uri)
  return vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t')
end

-- Every publishDiagnostics the server sends, newest last per file, as the
-- server sent it (LSP positions, relatedInformation and all). Neovim's own
-- handler still runs, so vim.diagnostic sees them too.
local published = {} -- real path -> { version = n|nil, diagnostics = {...}, count = n }
local show_document = {}
local server_exit = nil

local handlers = {
  ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    local path = real(vim.uri_to_fname(result.uri))
    local prev = published[path]
    published[path] = {
      version = result.version,
      diagnostics = result.diagnostics,
      count = (prev and prev.count or 0) + 1,
    }
    return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
  end,
  -- Neovim 0.7 has no handler for it; the test records what the server asks.
  ['window/showDocument'] = function(_, params)
    table.insert(show_document, params)
    return { success = true }
  end,
}

local capabilities = vim.lsp.protocol.make_client_capabilities()
capabilities.window.showDocument = { support = true }
-- E2E_POSITION_ENCODING=utf-8 offers UTF-8 positions first, as Neovim 0.10
-- does; 0.7 neither offers nor negotiates them, so on_init takes the server's
-- choice.
local offered = vim.env.E2E_POSITION_ENCODING
if offered and offered ~= '' then
  capabilities.general = { positionEncodings = { offered, 'utf-16' } }
end

local function wait_for(what, cond)
  local ok = vim.wait(timeout, cond, 20)
  if not ok then
    fail(string.format('timed out after %d ms waiting for %s', timeout, what))
  end
end

local function describe(diags)
  local lines = {}
  for _, d in ipairs(diags or {}) do
    table.insert(lines, string.format('  %s %d:%d-%d:%d %s', tostring(d.code), d.range.start.line,
      d.range.start.character, d.range['end'].line, d.range['end'].character, d.message))
  end
  return table.concat(lines, '\n')
end

local function of_rule(diags, rule)
  local out = {}
  for _, d in ipairs(diags) do
    if d.code == rule then
      table.insert(out, d)
    end
  end
  return out
end

-- Waits until the server has published diagnostics for bufnr's current
-- version (the one of the last didOpen or didChange), and returns them.
local function diagnostics_for_current_version(bufnr, what)
  local path = real(vim.api.nvim_buf_get_name(bufnr))
  local want = vim.lsp.util.buf_versions[bufnr]
  local ok = vim.wait(timeout, function()
    local p = published[path]
    return p ~= nil and p.version == want
  end, 20)
  if not ok then
    local p = published[path]
    fail(string.format('timed out after %d ms waiting for %s: no publishDiagnostics for %s with version %s',
      timeout, what, path, tostring(want)),
      p and string.format('last publish had version %s, %d diagnostics:\n%s', tostring(p.version),
        #p.diagnostics, describe(p.diagnostics)) or 'nothing was published for it')
  end
  return published[path].diagnostics
end

local function open(name)
  local path = corpus .. '/' .. name
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  -- `-u NONE` has no filetype detection; the language id sent is the filetype.
  vim.bo[bufnr].filetype = 'markdown'
  return bufnr, path
end

local function main()
  local bin = assert(vim.env.POSTLINT, 'POSTLINT is not set')
  local client_id = vim.lsp.start_client({
    name = 'postlint',
    cmd = { bin, 'server' },
    cmd_cwd = corpus,
    root_dir = corpus,
    init_options = { debounceMs = 0 },
    capabilities = capabilities,
    handlers = handlers,
    flags = { debounce_text_changes = 0 },
    on_init = function(client, result)
      if offered and offered ~= '' then
        client.offset_encoding = result.capabilities.positionEncoding or 'utf-16'
      end
    end,
    on_exit = function(code, signal)
      server_exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    fail('vim.lsp.start_client could not start ' .. bin .. ' server')
  end
  wait_for('the initialize response', function()
    local c = vim.lsp.get_client_by_id(client_id)
    return (c and c.initialized) or server_exit ~= nil
  end)
  if server_exit then
    fail(string.format('the server exited during initialize (code %s, signal %s)', server_exit.code, server_exit.signal))
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities
  say(string.format('initialized; offset encoding %s', client.offset_encoding))
  if offered and offered ~= '' and client.offset_encoding ~= offered then
    fail(string.format('offered %s positions first, the server chose %s', offered, client.offset_encoding))
  end
  if not caps.codeActionProvider then fail('the server does not advertise codeActionProvider') end
  if not caps.hoverProvider then fail('the server does not advertise hoverProvider') end

  -- a. A seed post's findings, as `postlint check` reports them.
  local expected = vim.fn.json_decode(read_file(assert(vim.env.E2E_EXPECTED, 'E2E_EXPECTED is not set')))
  local function same_as_check(post, path, diags)
    -- The message is the check's message, and its help line when it has one.
    local want, got = {}, {}
    for _, d in ipairs(expected.diagnostics) do
      if d.path == post then
        local message = d.message
        if type(d.help) == 'string' and d.help ~= '' then
          message = message .. '\nhelp: ' .. d.help
        end
        table.insert(want, string.format('%s %d:%d-%d:%d %s', d.rule, d.range.start.line - 1, d.range.start.column - 1,
          d.range['end'].line - 1, d.range['end'].column - 1, message))
      end
    end
    -- `check` counts characters; the server counts in the negotiated encoding
    -- (UTF-16 in Neovim 0.7, UTF-8 where Neovim offers it, as 0.10 does).
    local post_lines = vim.fn.readfile(path)
    local function chars(pos)
      local line = post_lines[pos.line + 1] or ''
      local byte = pos.character
      if client.offset_encoding == 'utf-16' then
        byte = vim.str_byteindex(line, pos.character, true)
      elseif client.offset_encoding == 'utf-32' then
        return pos.character
      end
      return (vim.str_utfindex(line, byte))
    end
    for _, d in ipairs(diags) do
      table.insert(got, string.format('%s %d:%d-%d:%d %s', tostring(d.code), d.range.start.line, chars(d.range.start),
        d.range['end'].line, chars(d.range['end']), d.message))
      if d.source ~= 'postlint' then
        fail(string.format('diagnostic %s has source %s, not "postlint"', tostring(d.code), vim.inspect(d.source)))
      end
      if not (d.codeDescription and type(d.codeDescription.href) == 'string') then
        fail(string.format('diagnostic %s has no codeDescription.href', tostring(d.code)))
      end
    end
    table.sort(want)
    table.sort(got)
    if table.concat(want, '\n') ~= table.concat(got, '\n') then
      fail('the findings published for ' .. post .. ' differ from `postlint check --format json` of the folder',
        'check (0-based lines, columns in characters):\n  ' .. table.concat(want, '\n  ')
          .. '\nserver:\n  ' .. table.concat(got, '\n  '))
    end
  end
  local post = 'usage-based-pricing.md'
  local bufnr, path = open(post)
  vim.lsp.buf_attach_client(bufnr, client_id)
  local diags = diagnostics_for_current_version(bufnr, 'the findings of ' .. post)
  same_as_check(post, path, diags)
  -- The seed's own answer (fixtures/seed/EXPECTED.txt), in case the check and
  -- the server agree on something wrong.
  local dupes = of_rule(diags, 'duplicate-paragraph')
  if #dupes ~= 4 or #of_rule(diags, 'title-body-mismatch') ~= 1 then
    fail(post .. ' should have 4 duplicate-paragraph findings and 1 title-body-mismatch', describe(diags))
  end
  local originals = {}
  for _, d in ipairs(dupes) do
    local rel = d.relatedInformation or {}
    if #rel == 0 then
      fail('a duplicate-paragraph finding has no relatedInformation', describe({ d }))
    end
    originals[basename(rel[1].location.uri)] = (originals[basename(rel[1].location.uri)] or 0) + 1
  end
  if originals['devops-cqrs-patterns.md'] ~= 2 or originals['stop-chasing-coverage.md'] ~= 2 then
    fail('the duplicate paragraphs of ' .. post .. ' should point at devops-cqrs-patterns.md and stop-chasing-coverage.md twice each',
      vim.inspect(originals))
  end
  -- vim.diagnostic has them too, with the LSP diagnostic in user_data.lsp.
  local in_nvim = vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(client_id) })
  if #in_nvim ~= #diags then
    fail(string.format('vim.diagnostic.get has %d diagnostics, the server published %d', #in_nvim, #diags))
  end
  for _, d in ipairs(in_nvim) do
    if d.code == 'duplicate-paragraph' and not (d.user_data and d.user_data.lsp and d.user_data.lsp.relatedInformation) then
      fail('vim.diagnostic lost the relatedInformation of a duplicate-paragraph finding')
    end
  end
  say(string.format('a. %s: %d findings, the same as postlint check', post, #diags))

  -- b. An unsaved paragraph copied from another post is a duplicate.
  local target = 'nlp-pipelines-guide.md'
  local source = 'devops-cqrs-patterns.md'
  bufnr, path = open(target)
  local on_disk = read_file(path)
  vim.lsp.buf_attach_client(bufnr, client_id)
  diags = diagnostics_for_current_version(bufnr, 'the findings of ' .. target)
  if #of_rule(diags, 'duplicate-paragraph') ~= 0 then
    fail(target .. ' has a duplicate-paragraph finding before any edit', describe(diags))
  end
  -- A paragraph that only the source post has, so the source is the original.
  local source_lines = vim.fn.readfile(corpus .. '/' .. source)
  local paragraph, source_line = nil, nil
  for i, line in ipairs(source_lines) do
    if line:find('^We built a lightweight internal developer portal') then
      paragraph, source_line = line, i - 1
    end
  end
  assert(paragraph, 'the paragraph to copy is not in ' .. source)
  local pasted_line = vim.api.nvim_buf_line_count(bufnr) + 1 -- 0-based, after a blank line
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { '', paragraph })
  diags = diagnostics_for_current_version(bufnr, 'the findings after pasting a paragraph into ' .. target)
  local dupe = nil
  for _, d in ipairs(of_rule(diags, 'duplicate-paragraph')) do
    if d.range.start.line == pasted_line then
      dupe = d
    end
  end
  if not dupe then
    fail(string.format('no duplicate-paragraph finding on line %d of the unsaved %s', pasted_line + 1, target),
      describe(diags))
  end
  local related = dupe.relatedInformation or {}
  local points_at_source = false
  for _, r in ipairs(related) do
    if same_file(r.location.uri, corpus .. '/' .. source) and r.location.range.start.line == source_line then
      points_at_source = true
    end
  end
  if not points_at_source then
    fail(string.format('the duplicate-paragraph finding does not point at %s line %d', source, source_line + 1),
      vim.inspect(related))
  end
  say(string.format('b. pasted paragraph on line %d of %s: duplicate-paragraph, related %s:%d',
    pasted_line + 1, target, source, source_line + 1))

  -- Hover on the finding names its rule.
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = pasted_line, character = 3 },
  }, timeout, bufnr)
  if not hover or hover.err or not hover.result then
    fail('textDocument/hover on the duplicate paragraph gave no result', vim.inspect(hover))
  end
  local contents = hover.result.contents
  local text = type(contents) == 'table' and (contents.value or vim.inspect(contents)) or tostring(contents)
  if not text:find('duplicate-paragraph', 1, true) then
    fail('the hover on the duplicate paragraph does not name duplicate-paragraph', text)
  end
  say('   hover names duplicate-paragraph')

  -- c. The quick fix disables the rule for that block, in the buffer only.
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = dupe.range,
    context = { diagnostics = { dupe } },
  }, timeout, bufnr)
  if not actions or actions.err or not actions.result then
    fail('textDocument/codeAction at the duplicate paragraph failed', vim.inspect(actions))
  end
  local titles, disable, go_to = {}, nil, nil
  for _, a in ipairs(actions.result) do
    table.insert(titles, a.title)
    if vim.startswith(a.title, 'Disable duplicate-paragraph for this block') then
      disable = a
    elseif vim.startswith(a.title, 'Go to the original') then
      go_to = a
    end
  end
  if not disable or not disable.edit then
    fail('no "Disable duplicate-paragraph for this block" code action with an edit', vim.inspect(actions.result))
  end
  vim.lsp.util.apply_workspace_edit(disable.edit, client.offset_encoding)
  local comment = '<!-- postlint-disable-next duplicate-paragraph -->'
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local at = nil
  for i, line in ipairs(lines) do
    if line == comment then
      at = i - 1
    end
  end
  if not at or lines[at + 2] ~= paragraph then
    fail('the edit did not put "' .. comment .. '" on the line above the pasted paragraph',
      table.concat(lines, '\n', math.max(1, #lines - 4)))
  end
  diags = diagnostics_for_current_version(bufnr, 'the findings after the quick fix')
  if #of_rule(diags, 'duplicate-paragraph') ~= 0 then
    fail('the duplicate-paragraph finding is still published after the quick fix', describe(diags))
  end
  if read_file(path) ~= on_disk then
    fail(target .. ' changed on disk; only the buffer should have')
  end
  if not vim.bo[bufnr].modified then
    fail('the buffer of ' .. target .. ' is not marked modified')
  end
  say(string.format('c. "%s" applied: the finding is gone, %s unchanged on disk', disable.title, target))

  -- The "Go to the original" action asks the editor to show the source post.
  if not go_to or not go_to.command then
    fail('no "Go to the original" code action with a command', table.concat(titles, '\n'))
  end
  -- A CodeAction holding a Command, or a bare Command (LSP allows both).
  local cmd = type(go_to.command) == 'table' and go_to.command or go_to
  if type(cmd.command) ~= 'string' then
    fail('the "Go to the original" action has no command name', vim.inspect(go_to))
  end
  local run = client.request_sync('workspace/executeCommand', {
    command = cmd.command,
    arguments = cmd.arguments,
  }, timeout, bufnr)
  if not run or run.err then
    fail('workspace/executeCommand ' .. tostring(cmd.command) .. ' failed', vim.inspect(run))
  end
  wait_for('window/showDocument after ' .. tostring(cmd.command), function()
    return #show_document > 0
  end)
  if not same_file(show_document[1].uri, corpus .. '/' .. source) then
    fail('window/showDocument asked for the wrong file', vim.inspect(show_document[1]))
  end
  say(string.format('   "%s" sends window/showDocument for %s', go_to.title, basename(show_document[1].uri)))

  -- d. A paragraph copied from a post that comes later by path order (the
  -- seed has no dates) and is open too. Where the finding should go is not
  -- settled, so this only reports where it went: in the buffer being typed
  -- in, or in the other open post.
  local later = 'usage-based-pricing.md'
  local later_lines = vim.fn.readfile(corpus .. '/' .. later)
  local caching, caching_line = nil, nil
  for i, line in ipairs(later_lines) do
    if line:find('^Caching is deceptively simple') then
      caching, caching_line = line, i - 1
    end
  end
  assert(caching, 'the paragraph to copy is not in ' .. later)
  local caching_at = vim.api.nvim_buf_line_count(bufnr) + 1
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { '', caching })
  diags = diagnostics_for_current_version(bufnr, 'the findings after pasting a paragraph of ' .. later)
  local here = false
  for _, d in ipairs(of_rule(diags, 'duplicate-paragraph')) do
    if d.range.start.line == caching_at then
      here = true
    end
  end
  if here then
    say(string.format('d. a paragraph of %s (open, later by path order) pasted on line %d: reported in %s',
      later, caching_at + 1, target))
  else
    -- Give the other post's publish a moment: it is sent after this buffer's.
    local later_path = real(corpus .. '/' .. later)
    local function names_buffer()
      for _, d in ipairs(of_rule((published[later_path] or {}).diagnostics or {}, 'duplicate-paragraph')) do
        for _, r in ipairs(d.relatedInformation or {}) do
          if same_file(r.location.uri, path) and r.location.range.start.line == caching_at then
            return true
          end
        end
      end
      return false
    end
    vim.wait(1000, names_buffer, 20)
    local there = names_buffer()
    io.stderr:write(string.format('neovim-e2e: note: d. a paragraph of %s (open, later by path order) pasted on line %d of %s '
      .. 'is not reported there; %s\n', later, caching_at + 1, target,
      there and ('a new finding on ' .. later .. ' names the buffer instead') or ('nor on ' .. later)))
  end
  -- Take it out again for what follows.
  vim.api.nvim_buf_set_lines(bufnr, caching_at - 1, -1, false, {})
  diagnostics_for_current_version(bufnr, 'the findings after removing the pasted paragraph')

  -- e. The other seed posts, opened as they are on disk, show what the check
  -- of the whole folder reports on them, while some posts are not open: an
  -- original (devops-cqrs-patterns.md is the oldest by path order) is not a
  -- copy because its copies are in posts the editor has not opened.
  for _, other in ipairs({ 'devops-cqrs-patterns.md', 'stop-chasing-coverage.md' }) do
    local b, p = open(other)
    vim.lsp.buf_attach_client(b, client_id)
    same_as_check(other, p, diagnostics_for_current_version(b, 'the findings of ' .. other))
    say(string.format('e. %s: the same findings as postlint check', other))
  end

  -- shutdown, then exit: the server must end with status 0.
  vim.lsp.stop_client(client_id)
  wait_for('the server to exit after shutdown and exit', function()
    return server_exit ~= nil
  end)
  if server_exit.code ~= 0 then
    fail(string.format('the server exited with code %s (signal %s) after shutdown and exit', server_exit.code,
      server_exit.signal))
  end
  say('server shut down cleanly')
end

local ok, err = xpcall(main, function(e)
  if type(e) == 'table' then
    return e
  end
  return { msg = 'Lua error: ' .. tostring(e), detail = debug.traceback() }
end)
if ok then
  say('passed')
  vim.cmd('qall!')
else
  io.stderr:write('neovim-e2e: FAILED: ' .. err.msg .. '\n')
  if err.detail then
    io.stderr:write(err.detail .. '\n')
  end
  vim.cmd('cquit 1')
end
