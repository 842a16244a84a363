// Forged and broken requests get a clear InvalidParams answer (or no fix), never an internal error.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from 'vscode-languageserver-protocol';
import { loadFixture, serverBuilt, startClient, type Client } from './harness';

const skip = serverBuilt() ? false : 'dist/server.js missing: run npm run build';
const SUDOKU = loadFixture('sudoku.arc').text;
const URI = 'file:///forged.arc';
const at = { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } };

async function answer(c: Client, method: string, params: unknown): Promise<{ result?: unknown; code?: number; message?: string }> {
  try {
    return { result: await c.conn.sendRequest(method, params) };
  } catch (e) {
    const x = e as { code?: number; message?: string };
    return { ...(x.code !== undefined ? { code: x.code } : {}), ...(x.message !== undefined ? { message: x.message } : {}) };
  }
}

describe('forged requests', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient();
    const d = client.diagnostics(URI);
    client.open(URI, SUDOKU);
    await d;
  });
  after(async () => {
    await client?.close();
  });

  for (const [what, method, params] of [
    ['a hover without a position', 'textDocument/hover', { textDocument: { uri: URI }, position: null }],
    ['a code action without a context', 'textDocument/codeAction', { textDocument: { uri: URI }, range: at, context: null }],
    [
      'a code action whose diagnostics are not an array',
      'textDocument/codeAction',
      { textDocument: { uri: URI }, range: at, context: { diagnostics: 5 } },
    ],
    ['a completion with a string position', 'textDocument/completion', { textDocument: { uri: URI }, position: 'here' }],
    [
      'a command with null arguments',
      'workspace/executeCommand',
      { command: 'gridReasoner.server.checkUniqueness', arguments: [null, null] },
    ],
  ] as const) {
    it(`${what}: InvalidParams with what is wrong`, async () => {
      const r = await answer(client, method, params);
      assert.equal(r.code, ErrorCodes.InvalidParams, JSON.stringify(r));
      assert.doesNotMatch(r.message ?? '', /TypeError|Cannot read|\n\s+at /);
    });
  }

  it('a code action with a diagnostic whose data is not what it says gets no fix and no error', async () => {
    const forged = {
      range: at,
      code: 'R101',
      source: 'grid-reasoner',
      message: { not: 'text' },
      data: { origin: 'rules', extra: { digit: { evil: 1 }, section: null } },
    };
    const r = await answer(client, 'textDocument/codeAction', {
      textDocument: { uri: URI },
      range: at,
      context: { diagnostics: [forged] },
    });
    assert.equal(r.code, undefined, JSON.stringify(r));
    assert.ok(Array.isArray(r.result));
    assert.ok(!(r.result as { kind?: string }[]).some((a) => a.kind === 'quickfix'), JSON.stringify(r.result));
  });
});
