// Completion items follow what the client declared: snippets (`${1:name}`, `$0`) only to a client with
// snippetSupport, the plain text they stand for to every other client.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol';
import { serverBuilt, startClient, type Client } from './harness';

const TEXT = 'sudoku small 4x4\n  givens\n    . . . .\n    . . . .\n    . . . .\n    . . . .\n\n';
const BLANK_LINE = { line: 6, character: 0 };
const uri = 'file:///completion/snippets.arc';

async function itemsAt(client: Client): Promise<CompletionItem[]> {
  const got = client.diagnostics(uri);
  client.open(uri, TEXT);
  await got;
  const r = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: BLANK_LINE })) as
    CompletionItem[] | CompletionList | null;
  return Array.isArray(r) ? r : (r?.items ?? []);
}

const newText = (i: CompletionItem): string => (i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : (i.insertText ?? i.label));

describe(
  'completion snippets and client capabilities',
  { skip: serverBuilt() ? false : 'dist/server.js missing: run npm run build' },
  () => {
    let plain: Client;
    let snippets: Client;
    before(async () => {
      plain = await startClient({ completionItem: { snippetSupport: false } });
      snippets = await startClient({ completionItem: { snippetSupport: true } });
    });
    after(async () => {
      await plain?.close();
      await snippets?.close();
    });

    it('sends plain text to a client without snippet support', async () => {
      const items = await itemsAt(plain);
      const arc = items.find((i) => i.label === 'arc');
      assert.ok(arc, `no arc item: ${items.map((i) => i.label).join(' ')}`);
      for (const i of items) {
        assert.notEqual(i.insertTextFormat, InsertTextFormat.Snippet, `${i.label} is a snippet`);
        assert.doesNotMatch(newText(i), /\$\{?\d/, `${i.label} carries snippet placeholders: ${newText(i)}`);
      }
      assert.match(newText(arc), /^arc task-id\n {2}train\n {4}input\n {6}0 0 0\n/);
    });

    it('sends snippets to a client that supports them', async () => {
      const items = await itemsAt(snippets);
      const arc = items.find((i) => i.label === 'arc');
      assert.equal(arc?.insertTextFormat, InsertTextFormat.Snippet);
      assert.match(newText(arc!), /\$\{1:task-id\}/);
    });
  },
);
