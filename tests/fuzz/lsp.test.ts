// Seeded fuzzing of the real server over stdio (dist/server.js): mutated example documents (grammar tokens,
// random bytes, deleted and duplicated lines, long lines) are sent as edits to one document; for each version the
// suite asks for hovers, code actions and formatting and checks that every request is answered within a
// generous bound without an internal error, that every range lies inside the document, that every edit keeps the
// comments, properties, puzzles and sections it does not name, and at the end that the last publish describes
// the newest version. GRID_REASONER_FUZZ=N runs N documents (default 2500), GRID_REASONER_FUZZ_SEED another seed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol';
import type { ParseResult } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import { applyEdits } from '../../core/src/rules/edits';
import { mulberry32 } from '../../core/src/random';
import { linesOf, rangeInside } from '../dsl/helpers';
import { ROOT, serverBuilt, startClient, type Client } from '../lsp/harness';
import { pick, randomInt, type Rand } from './random';

const skip = serverBuilt() ? false : 'dist/server.js missing: run npm run build';
const COUNT = Number(process.env.GRID_REASONER_FUZZ ?? 2500);
const SEED = Number(process.env.GRID_REASONER_FUZZ_SEED ?? 12);
/** Generous: the machine is shared; a hang shows as many seconds, an answer as milliseconds. */
const ANSWER_MS = 20_000;

const SOURCES = [
  ...readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.arc'))
    .map((f) => join(ROOT, 'examples', f)),
  ...readdirSync(join(ROOT, 'tests', 'fixtures', 'dsl'))
    .filter((f) => f.endsWith('.arc'))
    .map((f) => join(ROOT, 'tests', 'fixtures', 'dsl', f)),
].map((f) => readFileSync(f, 'utf8').replace(/\$\d/g, ''));
const TOKENS = [
  'sudoku',
  'maze',
  'arc',
  'givens',
  'solution',
  'grid',
  'path',
  'train',
  'test',
  'input',
  'output',
  '4x4',
  '9x9',
  '16x16',
  '3x3',
  '.',
  '?',
  '1',
  '9',
  'G',
  'S',
  '#',
  'o',
  '|',
  '--',
  '---+---',
  '// note',
  '//',
  'key: value',
  ' ',
  '  ',
  '\n',
  '\n',
  '\t',
  '\r\n',
  '`',
  '[x](command:y)',
  'é',
  '😀',
];

function mutate(rand: Rand): string {
  let lines = pick(rand, SOURCES).split('\n');
  if (lines.length > 120) {
    const start = randomInt(rand, lines.length - 100);
    lines = lines.slice(start, start + 100);
  }
  const ops = 1 + randomInt(rand, 6);
  for (let k = 0; k < ops; k++) {
    const i = randomInt(rand, lines.length);
    const line = lines[i] ?? '';
    const at = randomInt(rand, line.length + 1);
    switch (randomInt(rand, 7)) {
      case 0:
        lines[i] = line.slice(0, at) + pick(rand, TOKENS) + line.slice(at);
        break;
      case 1:
        lines[i] = line.slice(0, at) + line.slice(at + 1 + randomInt(rand, 4));
        break;
      case 2:
        lines.splice(i, 1);
        break;
      case 3:
        lines.splice(i, 0, line);
        break;
      case 4:
        lines[i] = line.slice(0, at) + String.fromCharCode(randomInt(rand, 0x3000)) + line.slice(at);
        break;
      case 5:
        lines[i] = line.slice(0, at) + ' ' + pick(rand, TOKENS).repeat(1 + randomInt(rand, 3)) + line.slice(at);
        break;
      default:
        if (rand() < 0.1) lines[i] = line + ' 1'.repeat(200);
        else lines[i] = pick(rand, TOKENS) + ' ' + line;
    }
  }
  return lines.join('\n');
}

/** Every range the server answers must lie inside the document it answered for (the parser fuzz's check). */
function inside(r: Range, lines: string[], what: string): void {
  assert.ok(rangeInside(r, lines), `${what}: ${JSON.stringify(r)} is outside the document (${lines.length} lines)`);
}

/** What an edit must keep: comment texts, properties, puzzles (kind and name) and the sections of each. */
function kept(r: ParseResult): { comments: string[]; properties: string[]; puzzles: string[] } {
  const doc = r.document;
  return {
    comments: doc.comments.map((c) => c.text).sort(),
    properties: doc.puzzles.flatMap((p) => p.properties.map((x) => `${p.name}.${x.key}=${x.value}`)).sort(),
    puzzles: doc.puzzles.map((p) => `${p.kind} ${p.name}`),
  };
}

function cells(r: ParseResult): string {
  return r.document.puzzles
    .map((p) => {
      const secs =
        p.kind === 'sudoku' ? [p.givens, p.solution] : p.kind === 'maze' ? [p.grid, p.path] : p.pairs.flatMap((x) => [x.input, x.output]);
      return secs.map((s) => s?.grid.rows.map((row) => row.cells.map((c) => c.symbol).join(' ')).join('/') ?? '-').join('|');
    })
    .join('\n');
}

async function within<T>(what: string, p: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`fuzz: ${COUNT} mutated documents over stdio (seed ${SEED})`, { skip }, () => {
  let client: Client;
  before(async () => {
    client = await startClient({ initializationOptions: { diagnosticsDelayMs: 0, solverBudgetMs: 50, solverGiveUpMs: 500 } });
  });
  after(async () => {
    await client?.close();
  });

  it('every request answered, ranges inside, edits keep what they do not name, last publish is the newest', async () => {
    const rand = mulberry32(SEED);
    const uri = 'file:///fuzz.arc';
    let text = mutate(rand);
    let version = 1;
    const first = client.diagnostics(uri, (p) => p.version === 1, ANSWER_MS);
    client.open(uri, text, version);
    await first;
    for (let n = 1; n < COUNT; n++) {
      text = mutate(rand);
      version++;
      const v = version;
      const published = client.diagnostics(uri, (p) => p.version === v, ANSWER_MS);
      client.change(uri, v, text);
      const doc = `document ${n} (seed ${SEED}, version ${v}):\n${text.slice(0, 2000)}`;
      const lines = linesOf(text);
      let diags: Diagnostic[];
      try {
        diags = (await published).diagnostics;
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${doc}`);
      }
      for (const d of diags) inside(d.range, lines, `diagnostic ${String(d.code)} of ${doc}`);
      const line = randomInt(rand, lines.length);
      const pos = { line, character: randomInt(rand, (lines[line]?.length ?? 0) + 1) };
      const hover = (await within(
        `hover of ${doc}`,
        client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos }),
      )) as { range?: Range } | null;
      if (hover?.range) inside(hover.range, lines, `hover of ${doc}`);
      const before = parse(text);
      const range = { start: pos, end: pos };
      const near = diags.filter((d) => d.range.start.line === line);
      const actions = (await within(
        `codeAction of ${doc}`,
        client.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: near[0]?.range ?? range,
          context: { diagnostics: near },
        }),
      )) as CodeAction[];
      for (const a of actions) {
        const edits = a.edit?.changes?.[uri] ?? [];
        if (edits.length === 0) continue;
        for (const e of edits) inside(e.range, lines, `${a.title} of ${doc}`);
        const after = parse(applyEdits(text, edits));
        assert.deepEqual(kept(after), kept(before), `${a.title} lost text in ${doc}`);
      }
      if (n % 4 === 0) {
        const edits = (await within(
          `formatting of ${doc}`,
          client.conn.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
        )) as TextEdit[];
        if (edits.length) {
          for (const e of edits) inside(e.range, lines, `formatting of ${doc}`);
          const after = parse(applyEdits(text, edits));
          assert.deepEqual(kept(after), kept(before), `formatting lost text in ${doc}`);
          assert.equal(cells(after), cells(before), `formatting changed cells in ${doc}`);
        }
      }
    }
    // A burst without waiting: the last publish is for the newest version.
    for (let k = 0; k < 50; k++) client.change(uri, ++version, mutate(rand));
    const last = version;
    await client.diagnostics(uri, (p) => p.version === last, ANSWER_MS);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.latest(uri)?.version, last);
    assert.ok(
      !client.logs.some((l) => /failed: .*(TypeError|RangeError|internal)/.test(l)),
      client.logs.filter((l) => /failed/.test(l)).join('\n'),
    );
  });
});
