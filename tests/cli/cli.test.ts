// The grid-reasoner CLI as users run it: `node dist/cli.js ...` (npm test builds dist/ first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const fixtures = join(root, 'tests', 'fixtures', 'dsl');

function run(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', input });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function noStack(s: string): void {
  assert.doesNotMatch(s, /\n\s+at .*:\d+:\d+/, 'a stack trace was printed');
}

const tmp = () => mkdtempSync(join(tmpdir(), 'grid-reasoner-cli-'));

test('dist/cli.js is built', () => assert.ok(existsSync(cli), 'run `npm run build` first'));

test('check: the examples are clean (exit 0, no output)', () => {
  const files = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.arc'))
    .map((f) => join('examples', f));
  assert.ok(files.length >= 4);
  const r = run(['check', ...files]);
  assert.equal(r.stdout, '');
  assert.equal(r.code, 0, r.stderr);
});

test('check: path:line:col: severity code: message, exit 1 on errors', () => {
  const f = join('tests', 'fixtures', 'dsl', 'errors-structure.arc');
  const r = run(['check', f]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], `${f}:1:1: error P005: section 'givens' before the first puzzle header`);
  assert.ok(
    lines.includes(`${f}:8:3: error P001: unknown keyword 'answer' (expected sudoku, arc, maze, a section keyword or 'key: value')`),
  );
  for (const l of lines) assert.match(l, /^[^:]+:\d+:\d+: (error|warning|information|hint) [A-Z]\d{3}: .+$/);
  noStack(r.stderr);
});

test('check: warnings only exit 0', () => {
  const dir = tmp();
  const f = join(dir, 'w.arc');
  writeFileSync(f, 'arc t 3x3\n  train\n    input\n      1\n    output\n      2\n');
  const r = run(['check', f]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /w\.arc:1:7: warning P023: /);
});

test('check: a missing file and bad usage are clear messages', () => {
  const r = run(['check', 'no/such/file.arc']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'no/such/file.arc: cannot read: no such file');
  const u = run(['check']);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /usage: grid-reasoner check FILE\.\.\./);
  const x = run(['frobnicate']);
  assert.equal(x.code, 2);
  assert.match(x.stderr, /unknown command 'frobnicate'/);
  noStack(r.stderr + u.stderr + x.stderr);
});

test('format: stdout, --write, and refusal on dropped text', () => {
  const r = run(['format', join('tests', 'fixtures', 'dsl', 'messy.arc')]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, readFileSync(join(fixtures, 'messy.formatted'), 'utf8'));
  const dir = tmp();
  const f = join(dir, 'm.arc');
  copyFileSync(join(fixtures, 'messy.arc'), f);
  assert.equal(run(['format', f, '--write']).code, 0);
  assert.equal(readFileSync(f, 'utf8'), readFileSync(join(fixtures, 'messy.formatted'), 'utf8'));
  const bad = join(dir, 'bad.arc');
  writeFileSync(bad, 'sudoku s\n  givens\n    1 2 3 4\n  bogus\n');
  const b = run(['format', bad, '--write']);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /bad\.arc:4:3: error P001: unknown keyword 'bogus'/);
  assert.match(b.stderr, /not formatted/);
  assert.equal(readFileSync(bad, 'utf8'), 'sudoku s\n  givens\n    1 2 3 4\n  bogus\n');
});

test('import then export: ARC task JSON round trip through files', () => {
  const dir = tmp();
  const task = '{"train": [{"input": [[1, 2]], "output": [[2, 1]]}], "test": [{"input": [[3, 4]], "output": [[4, 3]]}]}';
  writeFileSync(join(dir, 'abc123.json'), task);
  const out = join(dir, 'x.arc');
  const i = run(['import', join(dir, 'abc123.json'), '-o', out]);
  assert.equal(i.code, 0, i.stderr);
  assert.match(readFileSync(out, 'utf8'), /^arc abc123\n {2}train\n {4}input 1x2\n {6}1 2\n/);
  const e = run(['export', out, '--to', 'arc-json']);
  assert.equal(e.code, 0, e.stderr);
  assert.deepEqual(JSON.parse(e.stdout), JSON.parse(task));
  const d = run(['export', out, '--to', 'arc-json', '-o', join(dir, 'out') + '/']);
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out', 'abc123.json'), 'utf8')), JSON.parse(task));
});

test('import: Kaggle challenges + --solutions; export --to kaggle', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'c.json'), '{"t1": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}}');
  writeFileSync(join(dir, 's.json'), '{"t1": [[[4]]]}');
  const arc = join(dir, 'k.arc');
  assert.equal(run(['import', join(dir, 'c.json'), '--solutions', join(dir, 's.json'), '-o', arc]).code, 0);
  assert.match(readFileSync(arc, 'utf8'), /test\n {4}input 1x1\n {6}3\n {4}output 1x1\n {6}4\n/);
  const k = run(['export', arc, '--to', 'kaggle', '-o', join(dir, 'out_challenges.json')]);
  assert.equal(k.code, 0, k.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out_challenges.json'), 'utf8')), {
    t1: { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }] },
  });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out_solutions.json'), 'utf8')), { t1: [[[4]]] });
  const noOut = run(['export', arc, '--to', 'kaggle']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /-o PREFIX/);
});

test('import/export Sudoku CSV byte-identical through the CLI', () => {
  const dir = tmp();
  const csv = 'source,question,answer,rating\nmine,1..4.4..2..3.1.4,1234341221434321,3\n';
  writeFileSync(join(dir, 's.csv'), csv);
  const i = run(['import', join(dir, 's.csv')]);
  assert.equal(i.code, 0, i.stderr);
  writeFileSync(join(dir, 's.arc'), i.stdout);
  const e = run(['export', join(dir, 's.arc'), '--to', 'sudoku-csv', '-o', join(dir, 'back.csv')]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(readFileSync(join(dir, 'back.csv'), 'utf8'), csv);
});

test('import/export maze CSV and .txt Sudoku lines', () => {
  const dir = tmp();
  const csv = 'source,question,answer,rating\ntoy,S##G  # #   ####,S##Goo#o#ooo####,8\n';
  writeFileSync(join(dir, 'm.csv'), csv);
  const i = run(['import', join(dir, 'm.csv'), '-o', join(dir, 'm.arc')]);
  assert.equal(i.code, 0, i.stderr);
  const e = run(['export', join(dir, 'm.arc'), '--to', 'maze-csv']);
  assert.equal(e.stdout, csv);
  writeFileSync(join(dir, 'l.txt'), '1...............\n');
  const t = run(['import', join(dir, 'l.txt')]);
  assert.match(t.stdout, /^sudoku l-1 4x4\n {2}givens\n {4}1 \. \| \. \.\n/);
});

test('bad input: file and position, nonzero exit, no stack trace', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.json'), '{"train": [\n  {"input": [[1]] "output": [[2]]}\n], "test": []}');
  const r = run(['import', join(dir, 'bad.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.json:2:\d+: error: the file is not valid JSON/);
  writeFileSync(join(dir, 'bad.csv'), 'source,question,answer,rating\nx,123,,\n');
  const c = run(['import', join(dir, 'bad.csv')]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /bad\.csv:2:1: error: a Sudoku string has 16, 36, 81 or 256 characters/);
  const ex = run(['export', join(root, 'examples', 'sudoku.arc'), '--to', 'maze-csv']);
  assert.equal(ex.code, 1);
  assert.match(ex.stderr, /sudoku\.arc: error: the document has no maze puzzle to export as maze-csv/);
  const errs = run(['export', join(fixtures, 'errors-cells.arc'), '--to', 'sudoku-csv']);
  assert.equal(errs.code, 1);
  assert.match(errs.stderr, /errors-cells\.arc:1:11: error P014/);
  assert.match(errs.stderr, /not exported/);
  const unk = run(['export', join(fixtures, 'valid-all-kinds.arc'), '--to', 'png']);
  assert.equal(unk.code, 2);
  assert.match(unk.stderr, /unknown format 'png'/);
  const sol = run(['import', join(root, 'examples', 'sudoku.arc'), '--solutions', 'x.json']);
  assert.equal(sol.code, 1);
  for (const s of [r.stderr, c.stderr, ex.stderr, errs.stderr, unk.stderr, sol.stderr]) noStack(s);
});

test('--help lists the commands', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['check', 'format', 'import', 'export']) assert.match(r.stdout, new RegExp(`\\n  ${c}\\s`));
  assert.match(run(['export', '--help']).stdout, /--to arc-json\|kaggle\|sudoku-csv\|maze-csv/);
});

test('bin/grid-reasoner.js runs the CLI', () => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'grid-reasoner.js'), 'check', 'examples/sudoku.arc'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
});

test('a reader that closes the pipe early ends the CLI quietly (no EPIPE stack trace)', () => {
  // `trace` writes its steps one by one; `head -n 1` closes the pipe after the first line.
  const model = join(root, 'tests', 'fixtures', 'models', 'sudoku-4x4-tiny.onnx');
  const cmd = `"${process.execPath}" "${cli}" trace examples/sudoku-small.arc --puzzle four --model "${model}" | head -n 1`;
  const r = spawnSync('sh', ['-c', cmd], { cwd: root, encoding: 'utf8' });
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
  noStack(r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE/);
});
