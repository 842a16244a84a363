// The TRM commands as users run them (dist/cli.js): solve --solver trm, trace, eval; clear errors.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliSkip, runCli } from '../cli/harness';
import { CONTRACT_MODEL, ROOT } from './helpers';

const skip = cliSkip;
const dir = mkdtempSync(join(tmpdir(), 'gr-trm-cli-'));
const cli = (...args: string[]) => runCli(args, { GRID_REASONER_MODELS: join(dir, 'models') });
const noStack = (s: string) => assert.doesNotMatch(s, /at .*\.(js|ts):\d+/);

const FILE = `sudoku four 4x4
  givens
    1 . | . .
    . . | 2 .
    ----+----
    . 3 | . .
    . . | . 4
  solution
    1 2 | 4 3
    3 4 | 2 1
    ----+----
    4 3 | 1 2
    2 1 | 3 4
`;

describe('grid-reasoner solve --solver trm / trace / eval', { skip }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trace prints every step with its changes and halt score; --json prints the Trace', () => {
    const f = join(dir, 't.arc');
    writeFileSync(f, FILE);
    const r = cli('trace', f, '--model', CONTRACT_MODEL, '--no-halt', '--steps', '3', '--provider', 'cpu', '--views', '1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^four: model contract-sudoku4 on cpu\n/);
    assert.equal(r.stdout.match(/^step \d+ {2}halt 0\.\d{3} {2}changed \d+/gm)?.length, 3);
    assert.match(r.stdout, /step 1 {2}halt [\d.]+ {2}changed 16 /);
    assert.match(r.stdout, /stopped: max-steps after 3 step\(s\)/);
    assert.match(r.stdout, /differs from the solution in the file/);
    const j = cli('trace', f, '--model', CONTRACT_MODEL, '--json', '--no-halt', '--views', '1');
    assert.equal(j.status, 0, j.stderr);
    const t = JSON.parse(j.stdout);
    assert.equal(t.model, 'contract-sudoku4');
    assert.equal(t.steps.length, 6);
    assert.deepEqual(t.given[0], ['1', '.', '.', '.']);
    assert.equal(t.outcome.stopReason, 'max-steps');
    assert.equal(t.steps[0].top[0][1].length, 3); // a blank: the 3 likeliest digits
    assert.deepEqual(t.steps[0].top[0][0], [{ symbol: '1', probability: 1 }]); // a given
  });

  it('solve --solver trm: answer, verdict, steps, provider; --json; --write only verified answers unless --allow-invalid', () => {
    const f = join(dir, 's.arc');
    writeFileSync(f, FILE);
    const r = cli('solve', f, '--model', CONTRACT_MODEL, '--provider', 'cuda');
    assert.equal(r.status, 1, r.stderr); // the random-weight model's guess breaks the rules
    assert.match(
      r.stdout,
      /^sudoku four: guess that breaks the rules, differs from the solution in the file; model contract-sudoku4 on (cpu|cuda), \d+ step\(s\)/,
    );
    assert.match(r.stdout, /note: CUDA requested but .*using CPU|on cuda/);
    const j = cli('solve', f, '--model', CONTRACT_MODEL, '--json', '--no-halt', '--provider', 'wasm', '--views', '1');
    const o = JSON.parse(j.stdout);
    assert.equal(o.results[0].provider, 'wasm');
    assert.equal(o.results[0].steps, 6);
    assert.equal(o.results[0].satisfies_rules, false);
    assert.ok(o.results[0].violations.length > 0);
    assert.equal(o.results[0].answer.length, 4);
    const w = cli('solve', f, '--model', CONTRACT_MODEL, '--write');
    assert.match(w.stdout, /nothing to write/);
    assert.equal(readFileSync(f, 'utf8'), FILE);
    const wi = cli('solve', f, '--model', CONTRACT_MODEL, '--write', '--allow-invalid');
    assert.match(wi.stdout, /wrote \d+ change/);
    assert.notEqual(readFileSync(f, 'utf8'), FILE);
  });

  it('--views and --budget: the search names the winning view, votes when nothing verifies, and is validated', () => {
    const f = join(dir, 'v.arc');
    // held-out 9x9 puzzle (training/data/heldout/sudoku-9x9.csv, data line 148) that the bundled model alone gets wrong
    const q = '........9.2...8..3..8.9.....1.9.5..48...4.56............9.8..4..526.7...1.....35.';
    writeFileSync(
      f,
      `sudoku hard 9x9\n  givens\n${Array.from(
        { length: 9 },
        (_, r) =>
          `    ${q
            .slice(r * 9, r * 9 + 9)
            .split('')
            .join(' ')}\n`,
      ).join('')}`,
    );
    const model = join(ROOT, 'models/sudoku-9x9.onnx');
    const alone = JSON.parse(cli('solve', f, '--model', model, '--json', '--views', '1', '--no-halt').stdout).results[0];
    assert.equal(alone.satisfies_rules, false);
    assert.equal(alone.search, undefined);
    const r = cli('solve', f, '--model', model, '--views', '8', '--budget', '120000');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /verified answer \(satisfies the rules\); .*; answer from view [2-8] of \d+ \((digits relabelled|rows|columns)[^)]*\) at its step \d+/,
    );
    const j = JSON.parse(cli('solve', f, '--model', model, '--json', '--views', '8', '--budget', '120000').stdout).results[0];
    assert.equal(j.stop_reason, 'verified');
    assert.equal(j.search.decided_by, 'rules');
    assert.ok(j.search.winner.view > 1);
    // the random-weight model never verifies: budget 0 runs the puzzle as given its max_steps (6) and each other view
    // one step, then the views vote
    const s = join(dir, 'sv.arc');
    writeFileSync(s, FILE);
    const v = JSON.parse(cli('solve', s, '--model', CONTRACT_MODEL, '--json', '--views', '3', '--budget', '0').stdout).results[0];
    assert.deepEqual([v.stop_reason, v.steps, v.search.decided_by, v.search.lanes], ['budget', 6, 'vote', 3]);
    const e = JSON.parse(
      cli(
        'eval',
        join(ROOT, 'training/data/heldout/sudoku-4x4.csv'),
        '--model',
        CONTRACT_MODEL,
        '--json',
        '--limit',
        '3',
        '--views',
        '2',
        '--budget',
        '0',
        '--threads',
        '1',
      ).stdout,
    );
    assert.deepEqual([e.puzzles, e.views, e.budget_ms, e.mean_steps], [3, 2, 0, 6]);
    assert.equal(typeof e.search_verified_fraction, 'number');
    assert.equal(
      JSON.parse(
        cli('eval', join(ROOT, 'training/data/heldout/sudoku-4x4.csv'), '--model', CONTRACT_MODEL, '--json', '--limit', '1').stdout,
      ).views,
      1,
    );
    // --sample: a fixed-seed subsample after --limit
    assert.equal(
      JSON.parse(
        cli('eval', join(ROOT, 'training/data/heldout/sudoku-4x4.csv'), '--model', CONTRACT_MODEL, '--json', '--sample', '5').stdout,
      ).puzzles,
      5,
    );
    assert.equal(
      JSON.parse(
        cli(
          'eval',
          join(ROOT, 'training/data/heldout/sudoku-4x4.csv'),
          '--model',
          CONTRACT_MODEL,
          '--json',
          '--limit',
          '3',
          '--sample',
          '50',
        ).stdout,
      ).puzzles,
      3,
    );
    for (const [flag, value] of [
      ['--views', '0'],
      ['--budget=-5', ''],
      ['--views', 'many'],
    ] as const) {
      const bad = cli('solve', s, '--model', CONTRACT_MODEL, flag, ...(value ? [value] : []));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, new RegExp(`${flag.replace(/=.*/, '')} needs an integer >= ${flag === '--views' ? 1 : 0}`));
    }
  });

  it('without the native binding the CLI runs on WebAssembly and says why', () => {
    const f = join(dir, 'n.arc');
    writeFileSync(f, FILE);
    const r = runCli(['solve', f, '--model', CONTRACT_MODEL, '--json', '--steps', '2'], { GRID_REASONER_DISABLE_NATIVE: '1' });
    const o = JSON.parse(r.stdout);
    assert.equal(o.results[0].provider, 'wasm');
    assert.match(
      o.results[0].provider_note,
      /native binding could not load \(disabled by GRID_REASONER_DISABLE_NATIVE=1\); using onnxruntime-web/,
    );
  });

  it('eval reports accuracy as JSON on a Sudoku CSV', () => {
    const csv = join(dir, 'four.csv');
    writeFileSync(csv, 'source,question,answer,rating\nx,1......2..3....4,1243342143122134,0\ny,.2.33.2..4.2.1.4,1243342143122134,0\n');
    const r = cli('eval', csv, '--model', CONTRACT_MODEL, '--json', '--limit', '2');
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.model, 'contract-sudoku4');
    assert.equal(o.puzzles, 2);
    for (const k of ['exact_accuracy', 'cell_accuracy', 'seconds']) assert.equal(typeof o[k], 'number', k);
    assert.ok(o.cell_accuracy >= 0 && o.cell_accuracy <= 1);
    assert.equal(o.provider, 'cpu');
    const text = cli('eval', csv, '--model', CONTRACT_MODEL);
    assert.match(text.stdout, /2 puzzle\(s\) in [\d.]+ s/);
    assert.match(text.stdout, /exact accuracy [\d.]+%, cell accuracy [\d.]+%/);
  });

  it('a model that ships an int8 graph: solve, trace and eval say it ran; --no-int8 runs the float graph', () => {
    const f = join(dir, 'q8.arc');
    writeFileSync(f, FILE);
    const INT8 = join(ROOT, 'tests/fixtures/int8/sudoku-4x4.onnx');
    const solve = cli('solve', f, '--model', INT8, '--provider', 'cpu', '--views', '1');
    assert.equal(solve.status, 0, solve.stderr);
    assert.match(solve.stdout, /verified answer .*; model sudoku-4x4 on cpu \(int8 graph\), /);
    const float = cli('solve', f, '--model', INT8, '--provider', 'cpu', '--views', '1', '--no-int8', '--json');
    assert.equal(float.status, 0, float.stderr);
    assert.equal(JSON.parse(float.stdout).results[0].precision, 'float');
    const q8 = cli('solve', f, '--model', INT8, '--provider', 'cpu', '--views', '1', '--json');
    assert.equal(JSON.parse(q8.stdout).results[0].precision, 'int8');
    // WebAssembly has no int8 kernels for these graphs: the float graph runs and nothing claims otherwise.
    const wasm = cli('trace', f, '--model', INT8, '--provider', 'wasm', '--views', '1');
    assert.match(wasm.stdout, /^four: model sudoku-4x4 on wasm\n/);
    const csv = join(dir, 'q8.csv');
    writeFileSync(csv, 'source,question,answer,rating\nx,1......2..3....4,1243342143122134,0\n');
    const ev = cli('eval', csv, '--model', INT8, '--provider', 'cpu', '--json');
    assert.equal(JSON.parse(ev.stdout).precision, 'int8');
    assert.match(cli('eval', csv, '--model', INT8, '--provider', 'cpu').stdout, /^model sudoku-4x4 on cpu \(int8 graph\)\n/);
  });

  it('wrong, truncated and missing models are clear errors, never stack traces', () => {
    const f = join(dir, 'e.arc');
    writeFileSync(f, FILE);
    copyFileSync(CONTRACT_MODEL.replace('.onnx', '.json'), join(dir, 'cut.json'));
    writeFileSync(join(dir, 'cut.onnx'), readFileSync(CONTRACT_MODEL).subarray(0, 5000));
    const cut = cli('solve', f, '--model', join(dir, 'cut.onnx'));
    assert.equal(cut.status, 1);
    assert.match(cut.stdout + cut.stderr, /cut\.onnx: SHA-256 .* does not match .*truncated/);
    const none = cli('trace', f, '--model', join(dir, 'none.onnx'));
    assert.equal(none.status, 1);
    assert.match(none.stderr, /error: model not found: .*none\.onnx/);
    const bundled = cli('trace', f);
    assert.equal(bundled.status, 1);
    assert.match(
      bundled.stderr,
      /no bundled sudoku model for a 4x4 grid \(sudoku models found: none; searched no model folder\); pass --model PATH/,
    );
    const prov = cli('trace', f, '--provider', 'tpu');
    assert.equal(prov.status, 2);
    assert.match(prov.stderr, /--provider must be auto, cpu, cuda or wasm/);
    noStack(cut.stderr + none.stderr + bundled.stderr + prov.stderr);
  });
});
