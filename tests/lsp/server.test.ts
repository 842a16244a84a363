// Protocol tests of the server's robustness and of the features not covered by fixtures: a burst of
// 1,000 edits, garbage and empty documents, request isolation, formatting, outline, folding, inlay hints,
// the Check uniqueness command.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ErrorCodes,
  TextDocumentSyncKind,
  type DocumentSymbol,
  type FoldingRange,
  type InlayHint,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { diagnosticsOf } from '../../core/src/check';
import { parse } from '../../core/src/dsl/parser';
import { format } from '../../core/src/dsl/printer';
import { applyEdits } from '../../core/src/rules/edits';
import { loadFixture, serverBuilt, startClient, summary, type Client } from './harness';
import { defined } from '../defined';

const skip = serverBuilt() ? false : 'dist/server.js missing: run npm run build';

const SUDOKU = loadFixture('sudoku.arc').text;
const ALL_REQUESTS = [
  ['textDocument/hover', { position: { line: 0, character: 0 } }],
  ['textDocument/completion', { position: { line: 0, character: 0 } }],
  ['textDocument/documentSymbol', {}],
  ['textDocument/foldingRange', {}],
  ['textDocument/formatting', { options: { tabSize: 2, insertSpaces: true } }],
  ['textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } } }],
  [
    'textDocument/codeAction',
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } },
  ],
] as const;

describe('server over stdio', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient();
  });
  after(async () => {
    await client?.close();
  });

  it('negotiates incremental sync and the features', () => {
    const caps = client.init.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.ok(caps.hoverProvider && caps.completionProvider && caps.documentSymbolProvider && caps.foldingRangeProvider);
    assert.ok(caps.documentFormattingProvider && caps.documentRangeFormattingProvider && caps.inlayHintProvider && caps.codeActionProvider);
    assert.ok(caps.executeCommandProvider?.commands.includes('gridReasoner.server.checkUniqueness'));
  });

  it('1,000 incremental edits in a burst: the diagnostics are those of the last version', async () => {
    const uri = 'file:///burst.arc';
    const opened = client.diagnostics(uri);
    client.open(uri, SUDOKU, 1);
    await opened;
    // Row 1 column 1 of the first puzzle's givens (line 4, character 4) cycles through symbols; the text
    // is tracked here to know the final version.
    let text = SUDOKU;
    const symbols = ['1', '2', '.', '5', '9', '3'];
    const lines = () => text.split('\n');
    for (let v = 2; v <= 1001; v++) {
      const s = symbols[v % symbols.length];
      const ls = lines();
      const row = defined(ls[3], 'the first givens row');
      ls[3] = row.slice(0, 4) + s + row.slice(5);
      text = ls.join('\n');
      void client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }, text: s }],
      });
    }
    const last = await client.diagnostics(uri, (p) => p.version === 1001, 20000);
    const expected = diagnosticsOf(parse(text));
    assert.deepEqual(
      summary(last.diagnostics),
      expected.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort(),
    );
    // 1001 % 6 = 5 -> '3' at row 1 col 1: a second 3 in column 1 and box 1 (row 3 has 3 at column 1).
    assert.ok(last.diagnostics.some((d) => d.code === 'R101' && d.range.start.line === 3 && d.range.start.character === 4));
    // The server kept the same text: a hover on that cell shows the last symbol.
    const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } })) as {
      contents: { value: string };
    };
    assert.ok(h.contents.value.includes('`3`'), h.contents.value);
  });

  for (const [name, text] of [
    ['empty', ''],
    [
      'garbage',
      '\u0000\u0001 ☃ }{ ][ \r\n\r\n  sudoku\n givens 99x \n | | --+-- \n\t\t? ? ?\n arc\n test test\n output\n' +
        '#'.repeat(5000) +
        '\n𝕏𝕐 // ok\r',
    ],
    ['binary-ish', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 600)).join('')],
  ] as const) {
    it(`${name} document: diagnostics arrive and every request answers`, async () => {
      const uri = `file:///${name}.arc`;
      const got = client.diagnostics(uri);
      client.open(uri, text);
      const d = await got;
      if (name === 'empty') assert.deepEqual(d.diagnostics, []);
      else assert.ok(d.diagnostics.length > 0);
      for (const [method, params] of ALL_REQUESTS) {
        await client.conn.sendRequest(method, { textDocument: { uri }, ...params });
      }
    });
  }

  it("formats a document to the printer's canonical layout", async () => {
    const uri = 'file:///fmt.arc';
    const text = 'sudoku  s   4x4\n givens\n1 . . .\n      . . 3 .\n. 4 . .\n. . . 2\n';
    client.open(uri, text);
    const edits = (await client.conn.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    assert.equal(applyEdits(text, edits), format(text));
    assert.notEqual(format(text), text);
  });

  it('range formatting rewrites only the puzzles in the range', async () => {
    const uri = 'file:///rfmt.arc';
    const text = 'maze a\n grid\n S  .  G\n\nmaze   b\n grid\n   S . G\n';
    client.open(uri, text);
    const edits = (await client.conn.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    assert.equal(applyEdits(text, edits), 'maze a\n grid\n S  .  G\n\nmaze b\n  grid\n    S . G\n');
  });

  it('refuses to format a document whose parse dropped text, with a message', async () => {
    const uri = 'file:///nofmt.arc';
    const text = 'maze a\n  grid\n    S . G\n  bogus line here\n';
    client.open(uri, text);
    const before = client.messages.length;
    const edits = (await client.conn.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    assert.deepEqual(edits, []);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(client.messages.slice(before).some((m) => m.message.includes('not formatting') && m.message.includes('P001')));
  });

  it('outline, folding and inlay hints', async () => {
    const uri = 'file:///outline.arc';
    const text = [
      'arc t1',
      '  train',
      '    input',
      '      1 2',
      '    output',
      '      3 4 5',
      '  test',
      '    input',
      '      7',
      '    output',
      '      ?',
      '',
      'sudoku s',
      '  givens',
      '    1 . . .',
      '    . . 3 .',
      '    . 4 . .',
      '    . . . 2',
    ].join('\n');
    client.open(uri, text);
    const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['t1', 'arc · 1 train, 1 test'],
        ['s', 'sudoku 4x4'],
      ],
    );
    assert.deepEqual(
      defined(symbols[0], 'a document symbol').children!.map((c) => [c.name, c.detail, c.children!.map((g) => `${g.name} ${g.detail}`)]),
      [
        ['train 1', '1x2 → 1x3', ['input 1x2', 'output 1x3']],
        ['test 1', '1x1 → 1x1', ['input 1x1', 'output 1x1']],
      ],
    );
    const folds = (await client.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [0, 10],
        [1, 5],
        [2, 3],
        [4, 5],
        [6, 10],
        [7, 8],
        [9, 10],
        [12, 17],
        [13, 17],
      ],
    );
    const hints = (await client.conn.sendRequest('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    })) as InlayHint[];
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.label]),
      [
        [1, '1x2 → 1x3'],
        [6, '1x1 → 1x1'],
        [12, '4x4'],
      ],
    );
  });

  it('Check uniqueness counts solutions (tdoku: 125) and tells the user', async () => {
    const uri = 'file:///uniq.arc';
    client.open(uri, SUDOKU);
    const doc = parse(SUDOKU).document;
    const multi = doc.puzzles.findIndex((p) => p.name === 'multi');
    const r = (await client.conn.sendRequest('workspace/executeCommand', {
      command: 'gridReasoner.server.checkUniqueness',
      arguments: [uri, multi],
    })) as { count: number; capped: boolean; unique: boolean };
    assert.deepEqual([r.count, r.capped, r.unique], [125, false, false]);
    const u = (await client.conn.sendRequest('workspace/executeCommand', {
      command: 'gridReasoner.server.checkUniqueness',
      arguments: [uri, 0],
    })) as { unique: boolean };
    assert.equal(u.unique, true);
    await new Promise((res) => setTimeout(res, 100));
    assert.ok(client.messages.some((m) => m.message.includes('multi: 125 solutions (not unique)')));
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = 'file:///closing.arc';
    const opened = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    client.open(uri, SUDOKU);
    await opened;
    const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });
});

describe('request isolation', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient({ env: { GRID_REASONER_FAULTS: 'hover' } });
  });
  after(async () => {
    await client?.close();
  });

  it('a failing request answers with an error, is logged, and the server carries on', async () => {
    const uri = 'file:///fault.arc';
    const published = client.diagnostics(uri);
    client.open(uri, SUDOKU);
    await assert.rejects(
      client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } }),
      (e: { code: number; message: string }) => e.code === ErrorCodes.InternalError && e.message.includes('injected fault in hover'),
    );
    const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(symbols.length, 6);
    assert.ok((await published).diagnostics.length > 0);
    assert.ok(
      client.logs.some((l) => l.includes('hover failed: injected fault')),
      client.logs.join('\n'),
    );
  });
});

describe('solver time budget', { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient({ initializationOptions: { solverBudgetMs: 0 } });
  });
  after(async () => {
    await client?.close();
  });

  it('checks left over for the budget (R106) are finished by follow-up runs while the document is unchanged', async () => {
    const uri = 'file:///budget.arc';
    const first = client.diagnostics(uri);
    const done = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'R106'), 20000);
    client.open(uri, SUDOKU);
    const early = await first;
    // Budget 0: one solve per run; the fixture has several distinct puzzles to solve.
    assert.ok(
      early.diagnostics.some((d) => d.code === 'R106'),
      JSON.stringify(summary(early.diagnostics)),
    );
    const final = await done;
    assert.deepEqual(
      summary(final.diagnostics),
      diagnosticsOf(parse(SUDOKU))
        .map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`)
        .sort(),
    );
  });
});
