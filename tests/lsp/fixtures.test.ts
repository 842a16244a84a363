// Data-driven protocol tests: each tests/fixtures/lsp/NAME.arc (with `$N` cursor markers) is opened in the
// real server (dist/server.js over stdio); NAME.expect.json says which diagnostics, hovers, completions
// and code actions must come back.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  Position,
} from 'vscode-languageserver-protocol';
import { FIXTURES, loadFixture, serverBuilt, startClient, summary, type Client } from './harness';
import { defined } from '../defined';

interface Expect {
  diagnostics?: string[];
  messages?: Record<string, string>;
  related?: Record<string, string[]>;
  hover?: Record<string, string[]>;
  /** `visible`: items that the editor's filter keeps, given the text typed before the cursor. */
  completion?: Record<string, { exactly?: string[]; include?: string[]; exclude?: string[]; visible?: string[] }>;
  actions?: Record<string, { exactly?: string[]; include?: string[] }>;
}

const key = (d: Diagnostic): string => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`;
const at = (p: Position): string => `${p.line + 1}:${p.character + 1}`;

/** The text typed in the item's replaced range before the cursor must match its filter text (first letter first). */
function passesEditorFilter(item: CompletionItem, text: string, pos: Position): boolean {
  const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined;
  if (!edit || edit.start.line !== pos.line) return true;
  const typed = defined(text.split('\n')[pos.line], 'the line of the cursor').slice(edit.start.character, pos.character).toLowerCase();
  const target = (item.filterText ?? item.label).toLowerCase();
  if (typed === '') return true;
  if (target[0] !== typed[0]) return false;
  let i = 0;
  for (const ch of target) if (ch === typed[i]) i++;
  return i >= typed.length;
}

const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.arc') && !f.startsWith('_'));

describe('LSP fixtures (real server over stdio)', { skip: serverBuilt() ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: Client;
  before(async () => {
    client = await startClient();
  });
  after(async () => {
    await client?.close();
  });

  for (const name of names) {
    describe(name, () => {
      const fx = loadFixture(name);
      const exp = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.arc$/, '.expect.json')), 'utf8')) as Expect;
      const uri = `file:///fixtures/${name}`;
      let diags: Diagnostic[] = [];
      const marker = (m: string): Position => {
        const p = fx.markers.get(m);
        assert.ok(p, `marker ${m} missing in ${name}`);
        return p;
      };

      before(async () => {
        const got = client.diagnostics(uri);
        client.open(uri, fx.text);
        diags = (await got).diagnostics;
      });

      if (exp.diagnostics) {
        it('publishes exactly the expected diagnostics', () => {
          assert.deepEqual(summary(diags), [...exp.diagnostics!].sort());
          for (const d of diags) assert.equal(d.source, 'grid-reasoner');
        });
      }
      for (const [k, text] of Object.entries(exp.messages ?? {})) {
        it(`message of ${k} mentions "${text}"`, () => {
          const d = diags.find((x) => key(x) === k);
          assert.ok(d, `no diagnostic ${k}`);
          assert.ok(String(d.message).includes(text), `${k}: ${String(d.message)}`);
        });
      }
      for (const [k, locs] of Object.entries(exp.related ?? {})) {
        it(`related information of ${k}`, () => {
          const d = diags.find((x) => key(x) === k);
          assert.ok(d, `no diagnostic ${k}`);
          assert.deepEqual(
            (d.relatedInformation ?? []).map((r) => at(r.location.range.start)),
            locs,
          );
          for (const r of d.relatedInformation ?? []) assert.equal(r.location.uri, uri);
        });
      }
      for (const [m, parts] of Object.entries(exp.hover ?? {})) {
        it(`hover at ${m}`, async () => {
          const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: marker(m) })) as Hover | null;
          assert.ok(h, `no hover at ${m}`);
          const value = (h.contents as MarkupContent).value;
          for (const p of parts) assert.ok(value.includes(p), `hover at ${m} lacks "${p}":\n${value}`);
        });
      }
      for (const [m, want] of Object.entries(exp.completion ?? {})) {
        it(`completion at ${m}`, async () => {
          const r = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: marker(m) })) as
            CompletionItem[] | CompletionList | null;
          const items = Array.isArray(r) ? r : (r?.items ?? []);
          const labels = items.map((i) => i.label);
          if (want.exactly) assert.deepEqual([...labels].sort(), [...want.exactly].sort());
          // The editor shows only the items whose filter text matches what was typed in the replaced range.
          for (const l of want.visible ?? []) {
            const item = items.find((i) => i.label === l);
            assert.ok(item, `missing ${l} in ${labels.join(' ')}`);
            assert.ok(
              passesEditorFilter(item, fx.text, marker(m)),
              `${l} is hidden by the editor's filter (filterText ${item.filterText ?? '(label)'})`,
            );
          }
          for (const l of want.include ?? []) assert.ok(labels.includes(l), `missing ${l} in ${labels.join(' ')}`);
          for (const l of want.exclude ?? []) assert.ok(!labels.includes(l), `unexpected ${l}`);
        });
      }
      for (const [m, want] of Object.entries(exp.actions ?? {})) {
        it(`code actions at ${m}`, async () => {
          const pos = marker(m);
          const here = diags.filter(
            (d) => d.range.start.line === pos.line && d.range.start.character <= pos.character && pos.character <= d.range.end.character,
          );
          const r = (await client.conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: pos, end: pos },
            context: { diagnostics: here },
          })) as CodeAction[] | null;
          const titles = (r ?? []).map((a) => a.title);
          if (want.exactly) assert.deepEqual(titles, want.exactly);
          for (const t of want.include ?? []) assert.ok(titles.includes(t), `missing "${t}" in ${JSON.stringify(titles)}`);
        });
      }
    });
  }
});
