// The server's documents (server/src/textDocument.ts) against vscode-languageserver-textdocument, whose rules they
// follow: seeded random documents with every kind of line break, then random edits (single and several at once,
// ranges in either order, past a line's end or the document's, whole-text replacements), and after each step the
// text the package's rules give and the line count, positions and offsets of a fresh package document of that text.
// The reference applies each change to a fresh package document: the package's own document, edited in place,
// drifts after some edits past the end of the text (its line starts no longer match its text; this test found it).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mulberry32 } from '../../core/src/random';
import { lineIndexedDocuments } from '../../server/src/textDocument';

const PIECES = ['a', 'bc', ' ', '5 3 .', '\n', '\n', '\r\n', '\r', '\r\n\r\n', '\n\r', 'é', '😀', 'sudoku x\n'];

function randomText(rng: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(rng() * PIECES.length)];
  return s;
}

function randomPosition(rng: () => number, doc: TextDocument): { line: number; character: number } {
  const r = rng();
  // mostly inside the document; sometimes past a line's end, past the last line, or negative
  const line = r < 0.05 ? -1 : r < 0.1 ? doc.lineCount + Math.floor(rng() * 3) : Math.floor(rng() * doc.lineCount);
  const character = rng() < 0.1 ? 50 + Math.floor(rng() * 50) : Math.floor(rng() * 8) - (rng() < 0.05 ? 3 : 0);
  return { line, character };
}

function randomChanges(rng: () => number, doc: TextDocument): TextDocumentContentChangeEvent[] {
  if (rng() < 0.05) return [{ text: randomText(rng, Math.floor(rng() * 30)) }];
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) {
    const a = randomPosition(rng, doc);
    const b = rng() < 0.3 ? a : randomPosition(rng, doc);
    changes.push({ range: { start: a, end: b }, text: randomText(rng, Math.floor(rng() * 6)) });
  }
  return changes;
}

function assertSame(mine: TextDocument, theirs: TextDocument, rng: () => number, where: string): void {
  assert.equal(mine.getText(), theirs.getText(), `${where}: text`);
  assert.equal(mine.version, theirs.version, `${where}: version`);
  assert.equal(mine.lineCount, theirs.lineCount, `${where}: line count`);
  const n = theirs.getText().length;
  for (let offset = -1; offset <= n + 1; offset++)
    assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset), `${where}: positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount + 1; line++) {
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(mine.getEOLCharacters(line), theirs.getEOLCharacters(line), `${where}: getEOLCharacters(${line})`);
  }
  for (let k = 0; k < 40; k++) {
    const p = randomPosition(rng, theirs);
    assert.equal(mine.offsetAt(p), theirs.offsetAt(p), `${where}: offsetAt(${JSON.stringify(p)})`);
    const q = randomPosition(rng, theirs);
    assert.equal(mine.getText({ start: p, end: q }), theirs.getText({ start: p, end: q }), `${where}: getText of a range`);
  }
}

test('documents follow the package: the same text, lines, positions and offsets after random edits', () => {
  const rng = mulberry32(20261202);
  for (let d = 0; d < 150; d++) {
    const text = randomText(rng, Math.floor(rng() * 60));
    const mine = lineIndexedDocuments.create('file:///t.arc', 'arcgrid', 1, text);
    let theirs = TextDocument.create('file:///t.arc', 'arcgrid', 1, text);
    assertSame(mine, theirs, rng, `document ${d}`);
    for (let e = 0; e < 25; e++) {
      const changes = randomChanges(rng, theirs);
      lineIndexedDocuments.update(mine, changes, e + 2);
      for (const change of changes) {
        theirs = TextDocument.create('file:///t.arc', 'arcgrid', e + 2, theirs.getText());
        TextDocument.update(theirs, [change], e + 2);
      }
      theirs = TextDocument.create('file:///t.arc', 'arcgrid', e + 2, theirs.getText());
      assertSame(mine, theirs, rng, `document ${d}, edit ${e} (${JSON.stringify(changes)})`);
    }
  }
});

test('an edit that is the first use of a document, and a paste of many lines, keep the lines right', () => {
  const lines = Array.from({ length: 30_000 }, (_, i) => `row ${i}`);
  const text = lines.join('\n');
  const mine = lineIndexedDocuments.create('file:///big.arc', 'arcgrid', 1, text);
  const theirs = TextDocument.create('file:///big.arc', 'arcgrid', 1, text);
  const paste = lines.slice(0, 12_000).join('\r\n') + '\n';
  const changes: TextDocumentContentChangeEvent[] = [
    { range: { start: { line: 100, character: 2 }, end: { line: 100, character: 2 } }, text: 'x\ny' },
    { range: { start: { line: 20_000, character: 0 }, end: { line: 20_010, character: 3 } }, text: paste },
  ];
  lineIndexedDocuments.update(mine, changes, 2);
  TextDocument.update(theirs, changes, 2);
  assert.equal(mine.getText(), theirs.getText());
  assert.equal(mine.lineCount, theirs.lineCount);
  for (const line of [0, 100, 101, 102, 19_999, 20_000, 25_000, 31_990, 41_990, mine.lineCount - 1])
    for (const character of [0, 1, 4, 100])
      assert.equal(mine.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `line ${line}:${character}`);
  const n = mine.getText().length;
  for (let offset = 0; offset <= n; offset += 997) assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset));
});
