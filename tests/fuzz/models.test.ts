// Corrupted models, seeded: truncated and random-byte .onnx files, metadata with wrong shapes, non-finite numbers
// and absurd ranges. The CLI answers each with a clear message naming the file (exit 1, no stack, never an
// internal error, never a run without end); the server's registry reports each once, naming the file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../core/src/random';
import { ModelRegistry } from '../../server/src/trm/registry';
import { CLI, cliSkip } from '../cli/harness';
import { randomBytes } from './random';

const ROOT = join(__dirname, '..', '..');
const ONNX = readFileSync(join(ROOT, 'models', 'sudoku-4x4.onnx'));
const META = readFileSync(join(ROOT, 'models', 'sudoku-4x4.json'), 'utf8');
const rand = mulberry32(7);
const withMeta = (f: (m: Record<string, unknown> & { y_init: number[]; z_init: unknown[] }) => void): string => {
  const m = JSON.parse(META);
  f(m);
  return JSON.stringify(m);
};

const CASES: { name: string; onnx: Buffer; json: string }[] = [
  { name: 'truncated-onnx', onnx: ONNX.subarray(0, Math.floor(ONNX.length / 2)), json: META },
  { name: 'random-onnx', onnx: randomBytes(rand, 4096), json: META },
  { name: 'empty-onnx', onnx: Buffer.alloc(0), json: META },
  { name: 'truncated-json', onnx: ONNX, json: META.slice(0, META.length / 3) },
  { name: 'random-json', onnx: ONNX, json: randomBytes(rand, 300).toString('latin1') },
  {
    name: 'wrong-shape-y-init',
    onnx: ONNX,
    json: withMeta((m) => {
      m.y_init = m.y_init.slice(1);
    }),
  },
  {
    name: 'wrong-hidden-size',
    onnx: ONNX,
    json: withMeta((m) => {
      m.hidden_size = 7;
    }),
  },
  {
    name: 'infinite-z-init',
    onnx: ONNX,
    json: withMeta((m) => {
      m.z_init[0] = '__INF__';
    }).replace('"__INF__"', '1e999'),
  },
  {
    name: 'absurd-max-steps',
    onnx: ONNX,
    json: withMeta((m) => {
      m.max_steps = 1e9;
    }),
  },
  {
    name: 'absurd-grid',
    onnx: ONNX,
    json: withMeta((m) => {
      m.grid = { rows: 1e6, cols: 1e6 };
      m.seq_len = 1e12;
    }),
  },
  {
    name: 'absurd-hidden-size',
    onnx: ONNX,
    json: withMeta((m) => {
      m.hidden_size = 1e12;
    }),
  },
  {
    name: 'negative-prefix',
    onnx: ONNX,
    json: withMeta((m) => {
      m.prefix_len = -3;
    }),
  },
  {
    name: 'wrong-hash',
    onnx: ONNX,
    json: withMeta((m) => {
      m.sha256 = '0'.repeat(64);
    }),
  },
];

const dir = mkdtempSync(join(tmpdir(), 'grid-reasoner-models-'));
for (const c of CASES) {
  writeFileSync(join(dir, `${c.name}.onnx`), c.onnx);
  writeFileSync(join(dir, `${c.name}.json`), c.json);
}

describe('corrupted models', () => {
  for (const c of CASES) {
    it(`CLI solve --model ${c.name}: a clear message naming the file, exit 1`, { skip: cliSkip }, () => {
      const r = spawnSync(
        process.execPath,
        [CLI, 'solve', join(ROOT, 'examples', 'sudoku-small.arc'), '--model', join(dir, `${c.name}.onnx`), '--no-halt'],
        { encoding: 'utf8', timeout: 60_000 },
      );
      const all = r.stdout + r.stderr;
      assert.equal(r.signal, null, `did not finish: ${all}`);
      assert.equal(r.status, 1, all);
      assert.match(all, new RegExp(c.name), all);
      assert.doesNotMatch(all, /internal error|\n\s+at .*:\d+:\d+/, all);
    });
  }

  it('the server registry reports every broken model once, naming the file', () => {
    const r = new ModelRegistry(() => []);
    const problems = r.configure({ models: { user: CASES.map((c) => join(dir, `${c.name}.onnx`)) }, workspaceTrusted: true });
    // The ONNX bytes are read when the model is first run (and reported then); metadata problems at once.
    const metadataCases = CASES.filter((c) => c.json !== META && c.name !== 'wrong-hash');
    for (const c of metadataCases)
      assert.ok(
        problems.some((p) => p.path.includes(c.name) && p.message.length > 0),
        `${c.name} not reported: ${JSON.stringify(problems)}`,
      );
    assert.deepEqual(
      r.configure({ models: { user: CASES.map((c) => join(dir, `${c.name}.onnx`)) }, workspaceTrusted: true }),
      [],
      'reported once',
    );
  });
});
