// Slow exact solves never hold up the server: a 16x16 Sudoku that takes the solver a second or more is
// searched in slices, other documents and requests are answered in between, and past the give-up limit it
// is reported "not checked: too slow" (R107) in diagnostics, hovers and code actions.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { FIXTURES, loadFixture, serverBuilt, startClient, summary, type Client } from './harness';

const skip = serverBuilt() ? false : 'dist/server.js missing: run npm run build';
const SLOW = readFileSync(join(FIXTURES, '..', 'rules', 'slow-sudoku.arc'), 'utf8');
const SUDOKU = loadFixture('sudoku.arc').text;
const HEADER = { line: 2, character: 9 };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow exact solve does not block the server', { skip }, () => {
  let client: Client;
  // A budget large enough that the whole solve happens in the first run.
  before(async () => {
    client = await startClient({ initializationOptions: { solverBudgetMs: 60_000 } });
  });
  after(async () => {
    await client?.close();
  });

  it('answers requests on another document and on the slow one while the solve runs', async () => {
    const other = 'file:///other.arc';
    const ready = client.diagnostics(other);
    client.open(other, SUDOKU);
    await ready;
    const slow = 'file:///slow.arc';
    const order: string[] = [];
    const published = client.diagnostics(slow).then((p) => {
      order.push('diagnostics');
      return p;
    });
    client.open(slow, SLOW);
    await pause(50); // the diagnostics run has started its search
    const hover = client.conn
      .sendRequest('textDocument/hover', { textDocument: { uri: other }, position: { line: 5, character: 4 } })
      .then((h) => {
        order.push('hover');
        return h as Hover | null;
      });
    const actions = client.conn
      .sendRequest('textDocument/codeAction', {
        textDocument: { uri: slow },
        range: { start: HEADER, end: HEADER },
        context: { diagnostics: [] },
      })
      .then((a) => {
        order.push('codeAction');
        return a as CodeAction[];
      });
    const headerHover = client.conn.sendRequest('textDocument/hover', { textDocument: { uri: slow }, position: HEADER }).then((h) => {
      order.push('headerHover');
      return h as Hover | null;
    });
    const [h, acts, hh, diags] = await Promise.all([hover, actions, headerHover, published]);
    assert.deepEqual(order.slice(0, 3).sort(), ['codeAction', 'headerHover', 'hover'], `answered after the solve: ${order.join(', ')}`);
    assert.ok(h, 'hover on the other document');
    // While the search runs, the code action is left out (this client does not support disabled actions).
    assert.ok(!acts.some((a) => a.title.startsWith('Solve exactly')), JSON.stringify(acts.map((a) => a.title)));
    assert.match(JSON.stringify(hh?.contents), /not checked yet: still solving/);
    assert.deepEqual(summary(diags.diagnostics), ['R104@3:8']);
  });
});

describe('a solve past the give-up limit is reported too slow', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient({ initializationOptions: { solverBudgetMs: 60_000, solverGiveUpMs: 100 } });
  });
  after(async () => {
    await client?.close();
  });

  it('R107 in the diagnostics, the hover and a disabled Solve exactly', async () => {
    const uri = 'file:///too-slow.arc';
    const done = client.diagnostics(uri);
    client.open(uri, SLOW);
    const d = await done;
    assert.deepEqual(summary(d.diagnostics), ['R107@3:8']);
    assert.match(String(d.diagnostics[0]?.message), /not checked: too slow/);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: HEADER })) as Hover;
    assert.match(JSON.stringify(hover.contents), /not checked: too slow/);
  });
});

describe('code actions say why Solve exactly cannot run', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient({
      initializationOptions: { solverBudgetMs: 60_000, solverGiveUpMs: 100 },
      textDocumentCapabilities: { codeAction: { disabledSupport: true } },
    });
  });
  after(async () => {
    await client?.close();
  });

  it('a client that supports disabled actions sees the reason', async () => {
    const uri = 'file:///disabled.arc';
    const done = client.diagnostics(uri);
    client.open(uri, SLOW);
    await done;
    const acts = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: HEADER, end: HEADER },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const solve = acts.find((a) => a.title.startsWith('Solve exactly'));
    assert.ok(solve?.disabled, JSON.stringify(acts));
    assert.match(solve.disabled.reason, /too slow/);
    assert.equal(solve.edit, undefined);
  });
});
