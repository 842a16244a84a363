// The open 10 MB document as the server keeps it: vscode-languageserver-textdocument's TextDocument and the server's
// own (server/src/textDocument.ts, the same rules with the line starts found by indexOf), taking turns. Each
// measures what one turn of the server's event loop does at the document's first position lookup (a hover, a
// code lens) and at its first edit, both of which compute the line starts, and at a later edit. Prints one section.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineIndexedDocuments } from '../server/src/textDocument';
import { bigDocument, bigDocumentSources } from './bigDocument';

const data = process.env.GRID_REASONER_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const ROUNDS = 9;

function out(s: string): void {
  process.stdout.write(s + '\n');
}

interface Documents {
  name: string;
  create(text: string): TextDocument;
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): void;
}

const implementations: Documents[] = [
  {
    name: 'vscode-languageserver-textdocument',
    create: (text) => TextDocument.create('file:///big.arc', 'arcgrid', 1, text),
    update: (doc, changes, version) => TextDocument.update(doc, changes, version),
  },
  {
    name: 'server/src/textDocument.ts',
    create: (text) => lineIndexedDocuments.create('file:///big.arc', 'arcgrid', 1, text),
    update: (doc, changes, version) => void lineIndexedDocuments.update(doc, changes, version),
  },
];

function insertAt(line: number, text: string): TextDocumentContentChangeEvent[] {
  return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }];
}

function timed(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

out('## The open document: line starts at the first lookup and edit (bench/textDocument.bench.ts)\n');
if (!existsSync(bigDocumentSources(data).arcDir)) {
  out(`Skipped: the puzzle data was not found under ${data} (set GRID_REASONER_DATA).`);
  process.exit(0);
}
const { text } = bigDocument(data);
const lines = text.split('\n').length;
const mid = Math.floor(lines / 2);
const times = implementations.map(() => ({ lookup: [] as number[], firstEdit: [] as number[], laterEdit: [] as number[] }));
for (let round = 0; round < ROUNDS; round++) {
  implementations.forEach((impl, i) => {
    const t = times[i]!;
    const looked = impl.create(text);
    t.lookup.push(timed(() => looked.offsetAt({ line: mid, character: 3 })));
    const edited = impl.create(text);
    t.firstEdit.push(timed(() => impl.update(edited, insertAt(mid, '// edited\n'), 2)));
    t.laterEdit.push(timed(() => impl.update(edited, insertAt(mid + 1, '// edited again\n'), 3)));
  });
}
out(
  `Document: bench/bigDocument.ts, ${(text.length / 2 ** 20).toFixed(1)} M characters, ${lines} lines; ${ROUNDS} rounds, the two taking turns; median ms (fastest-slowest).\n`,
);
out('| document | first position lookup | first edit (in the middle) | a later edit |');
out('|---|---:|---:|---:|');
const cell = (xs: number[]): string => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;
implementations.forEach((impl, i) => {
  const t = times[i]!;
  out(`| ${impl.name} | ${cell(t.lookup)} | ${cell(t.firstEdit)} | ${cell(t.laterEdit)} |`);
});
const ratio = (k: 'lookup' | 'firstEdit'): string => (median(times[1]![k]) / median(times[0]![k])).toFixed(2);
out(
  `\nThe server's document over the package's, medians: first lookup ${ratio('lookup')}x, first edit ${ratio('firstEdit')}x. Each of these runs in one turn of the server's event loop: the package's first lookup or edit of a 10 MB document held every other request up for as long.`,
);
