// examples/README.md says which example puzzles the bundled models solve and which they do not: each claim is
// checked here with `grid-reasoner solve --json` (the bundled models, CPU). ARC rows cite the model card and
// are not run (minutes of CPU); the test checks they never claim a solve.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { defined } from '../defined';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'grid-reasoner.js');

// `sometimes`: the answer depends on how many search steps the machine fits into the time budget; the claim then
// is only that the model runs on it.
interface Claim { file: string; puzzles: string[]; verdict: 'solve' | 'do not solve' | 'sometimes' | 'no model' }

function claims(): Claim[] {
  const text = readFileSync(join(root, 'examples', 'README.md'), 'utf8');
  const rows = text.split('\n').filter((l) => /^\| `[^`]+\.arc` \|/.test(l));
  return rows.map((l) => {
    const m = /^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$/.exec(l)!;
    const [file, puzzles, v] = [defined(m[1], 'file'), defined(m[2], 'puzzles'), defined(m[3], 'verdict').trim()];
    return {
      file, puzzles: puzzles.trim().split(/\s+/),
      verdict: v.startsWith('solve') ? 'solve' : v.startsWith('do not solve') ? 'do not solve' : v.startsWith('sometimes') ? 'sometimes' : v.startsWith('have no model') ? 'no model' : assert.fail(`unknown verdict: ${v}`),
    };
  });
}

interface Result { puzzle: string; model?: string; satisfies_rules?: boolean; error?: string }

function solve(file: string): Result[] {
  const r = spawnSync(process.execPath, [cli, 'solve', join('examples', file), '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.stdout.trim().startsWith('{'), `solve ${file}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { results: Result[] }).results;
}

describe('examples/README.md tells the truth about the bundled models', () => {
  const all = claims();

  it('lists every puzzle of every example file exactly once', () => {
    const files = [...new Set(all.map((c) => c.file))];
    for (const f of files) {
      const names = parse(readFileSync(join(root, 'examples', f), 'utf8')).document.puzzles.map((p) => p.name).sort();
      assert.deepEqual(all.filter((c) => c.file === f).flatMap((c) => c.puzzles).sort(), names, f);
    }
  });

  const run = all.filter((c) => !c.file.startsWith('arc-'));
  for (const file of [...new Set(run.map((c) => c.file))]) {
    it(`${file}: each puzzle comes out as the README says`, () => {
      const results = new Map(solve(file).map((r) => [r.puzzle, r]));
      for (const c of run.filter((x) => x.file === file)) {
        for (const name of c.puzzles) {
          const r = results.get(name);
          assert.ok(r, `${file}: no result for ${name}`);
          if (c.verdict === 'solve') assert.equal(r.satisfies_rules, true, `${file} ${name} is said to be solved: ${JSON.stringify(r).slice(0, 300)}`);
          if (c.verdict === 'do not solve') assert.notEqual(r.satisfies_rules, true, `${file} ${name} is said to be unsolved, but the model solved it: update examples/README.md`);
          if (c.verdict === 'sometimes') assert.ok(r.model && r.error === undefined, `${file} ${name} is said to get a model run: ${JSON.stringify(r).slice(0, 300)}`);
          if (c.verdict === 'no model') assert.match(r.error ?? '', /no bundled .* model/, `${file} ${name}: ${JSON.stringify(r).slice(0, 300)}`);
        }
      }
    });
  }

  it('ARC rows never claim a solve (ARC answers cannot be verified by rules)', () => {
    for (const c of all.filter((x) => x.file.startsWith('arc-'))) assert.equal(c.verdict, 'do not solve', c.file);
  });
});
