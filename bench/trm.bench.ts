// TRM engine benchmark (`npm run bench` writes its output into docs/benchmarks.md). Measured side by side
// in one run on the same weights and inputs: per-step latency and puzzles/s at batch 1, 8 and 64 for each
// bundled model on onnxruntime-node CPU, onnxruntime-web WASM (1 thread, as inside Node) and PyTorch CPU
// (training/model.py through /usr/bin/python3, when torch is installed); the time to the first answer
// for one 9x9 Sudoku with the default model; memory with all bundled models loaded. Goals are stated, not
// asserted: onnxruntime-node >= 2x PyTorch; first answer < 0.5 s; memory < 300 MB.
//
// Child modes (run in a fresh process so that nothing else is loaded):
//   --first-answer  prints {load_ms, answer_ms, total_ms, provider, model}
//   --memory        prints {baseline_mb, loaded_mb, models}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parse } from '../core/src/dsl/parser';
import type { StepInputs } from '../core/src/trm/backend';
import { TrmEngine } from '../core/src/trm/engine';
import { findModel, listModels, loadModel, type ModelEntry, readMetadata } from '../host-node/trm';
import type { TrmModel } from '../core/src/trm/model';
import { createBackend, type Backend } from '../core/src/trm/providers';

const ROOT = join(__dirname, '..');
const BATCHES = [1, 8, 64];
const SECONDS = Number(process.env.TRM_BENCH_SECONDS ?? 1.5);
/** A backend whose step at some batch took longer than this skips larger batches. */
const SLOW_MS = Number(process.env.TRM_BENCH_SLOW_MS ?? 4000);
const THREADS = os.cpus().length;

function inputs(model: TrmModel, b: number): StepInputs {
  const m = model.meta;
  const L = m.seq_len,
    D = m.hidden_size,
    S = L + m.prefix_len;
  const tokens = new BigInt64Array(b * L);
  for (let i = 0; i < b * L; i++) tokens[i] = BigInt(i % m.vocab_size);
  const vec = model.embedding.blank();
  const puzzleVec = new Float32Array(b * D);
  const y = new Float32Array(b * S * D);
  const z = new Float32Array(b * S * D);
  for (let i = 0; i < b; i++) puzzleVec.set(vec, i * D);
  for (let s = 0; s < b * S; s++) {
    y.set(m.y_init, s * D);
    z.set(m.z_init, s * D);
  }
  return { batch: b, tokens, puzzleVec, y, z };
}

async function timeStep(backend: Backend, inp: StepInputs): Promise<number> {
  await backend.run(inp); // warm-up
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    await backend.run(inp);
    n++;
    const el = performance.now() - t0;
    if ((el >= SECONDS * 1000 && n >= 2) || n >= 200) return el / n;
  }
}

type Row = Record<string, number | undefined>;

async function measure(model: TrmModel, provider: 'cpu' | 'wasm'): Promise<{ row: Row; used: string }> {
  const backend = await createBackend(model, { provider, ...(provider === 'cpu' ? { intraOpThreads: THREADS } : {}) });
  const row: Row = {};
  try {
    for (const b of BATCHES) {
      const ms = await timeStep(backend, inputs(model, b));
      row[b] = ms;
      if (ms > SLOW_MS) break;
    }
  } finally {
    await backend.dispose();
  }
  return { row, used: backend.provider };
}

function torchAvailable(): boolean {
  if (!existsSync('/usr/bin/python3') || !existsSync(join(ROOT, 'training/model.py'))) return false;
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** The training checkpoint the model was exported from, when this clone has it (training/runs/ is not committed). */
function checkpointFor(entry: ModelEntry): string | undefined {
  const stem = entry.path.replace(/\.onnx$/, '');
  return [
    `${stem}.pt`,
    join(ROOT, 'training/runs', entry.meta.name, 'last.pt'),
    join(ROOT, 'training/runs', entry.meta.name.replace(/-tiny$/, ''), 'last.pt'),
  ].find((p) => existsSync(p));
}

function measureTorch(entry: ModelEntry, batches: number[]): { row: Row; weights: string } | { error: string } {
  const args = ['-m', 'bench.trm_torch', entry.path.replace(/\.onnx$/, '.json')];
  const ck = checkpointFor(entry);
  if (ck) args.push(ck);
  args.push('--batches', batches.join(','), '--seconds', String(SECONDS), '--threads', String(THREADS), '--slow-ms', String(SLOW_MS));
  const r = spawnSync('/usr/bin/python3', args, { cwd: ROOT, encoding: 'utf8', timeout: 15 * 60 * 1000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'failed').trim().split('\n').slice(-1)[0]! };
  const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { weights: string; results: Record<string, number> };
  return { row: j.results, weights: j.weights };
}

function models(): { entries: ModelEntry[]; note: string } {
  const bundled = listModels();
  if (bundled.length) return { entries: bundled, note: 'bundled models (models/)' };
  const dir = join(ROOT, 'tests/fixtures/models');
  const fixtures = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.onnx'))
        .map((f) => ({ path: join(dir, f), meta: readMetadata(join(dir, f)) }))
    : [];
  if (fixtures.length) return { entries: fixtures, note: 'no bundled models yet: the test fixture model(s) (tests/fixtures/models/)' };
  const c = join(ROOT, 'tests/fixtures/trm/contract-sudoku4.onnx');
  return {
    entries: [{ path: c, meta: readMetadata(c) }],
    note: 'no bundled or fixture models yet: the random-weight contract model (tests/fixtures/trm/)',
  };
}

function firstSudoku(size: number) {
  for (const f of ['examples/sudoku.arc', 'examples/sudoku-small.arc']) {
    const doc = parse(readFileSync(join(ROOT, f), 'utf8')).document;
    const p = doc.puzzles.find((x) => x.kind === 'sudoku' && x.givens?.grid.rows.length === size);
    if (p) return p;
  }
  return undefined;
}

/** 9x9 when a 9x9 model is bundled, else the largest bundled Sudoku size (reported as such). */
async function firstAnswerChild(): Promise<void> {
  const t0 = performance.now();
  const sizes = listModels()
    .filter((e) => e.meta.kind === 'sudoku')
    .map((e) => e.meta.grid.rows)
    .sort((a, b) => b - a);
  const size = sizes.includes(9) ? 9 : sizes[0];
  if (size === undefined) throw new Error('no bundled Sudoku model');
  const puzzle = firstSudoku(size);
  if (!puzzle) throw new Error(`no ${size}x${size} Sudoku in examples/`);
  const engine = await TrmEngine.create(
    loadModel(findModel({ kind: 'sudoku', name: 'bench', given: Array.from({ length: size }, () => Array<string>(size).fill('.')) }).path),
    { provider: 'auto' },
  );
  const t1 = performance.now();
  const o = await engine.run(puzzle).outcome;
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      size,
      load_ms: t1 - t0,
      answer_ms: t2 - t1,
      total_ms: t2 - t0,
      provider: engine.provider,
      model: engine.model.meta.name,
      steps: o.stepsRun,
      valid: o.satisfiesRules,
    }),
  );
  await engine.dispose();
}

async function memoryChild(): Promise<void> {
  const mb = () => process.memoryUsage().rss / 2 ** 20;
  const baseline = mb();
  const { entries } = models();
  const engines: TrmEngine[] = [];
  for (const e of entries) {
    const engine = await TrmEngine.create(loadModel(e.path), { provider: 'cpu' });
    // one step so the session has allocated its buffers
    const g =
      e.meta.kind === 'arc'
        ? { kind: 'arc' as const, name: 'x', given: [['0']] }
        : {
            kind: e.meta.kind,
            name: 'x',
            given: Array.from({ length: e.meta.grid.rows }, () =>
              Array.from({ length: e.meta.grid.cols }, () => (e.meta.kind === 'maze' ? '#' : '.')),
            ),
          };
    await engine.run(g, { maxSteps: 1, augmentations: 1 }).outcome;
    engines.push(engine);
  }
  console.log(JSON.stringify({ baseline_mb: baseline, loaded_mb: mb(), models: entries.length }));
}

function child(mode: string): Record<string, unknown> | { error: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/trm.bench.ts'), mode], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  if (r.status !== 0)
    return {
      error:
        (r.stderr || 'failed')
          .trim()
          .split('\n')
          .filter((l) => !/npm warn/.test(l))
          .slice(-1)[0] ?? 'failed',
    };
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '–' : x.toFixed(d));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '–' : `${(b / a).toFixed(2)}x`);

async function main(): Promise<void> {
  const { entries, note } = models();
  const torch = torchAvailable();
  const lines: string[] = [];
  lines.push('## TRM engine: onnxruntime-node vs onnxruntime-web vs PyTorch (bench/trm.bench.ts)', '');
  lines.push(`Models: ${note}. One supervision step per call; inputs and weights identical across runtimes`);
  lines.push(`(same tokens, puzzle vector and y/z initial states). Threads: onnxruntime-node and PyTorch ${THREADS}, onnxruntime-web 1`);
  lines.push('(as inside Node). puzzles/s = batch / (ms per step x max_steps): full runs without early halting.');
  lines.push(`– = not measured: a runtime skips larger batches once one step took over ${SLOW_MS} ms.`);
  lines.push(
    'Goals: onnxruntime-node >= 2x PyTorch CPU; first answer for a 9x9 Sudoku < 0.5 s; memory with all models loaded < 300 MB.',
    '',
  );
  lines.push(
    '| model | batch | ort-node CPU ms/step | ort-web WASM ms/step | PyTorch CPU ms/step | ort-node puzzles/s | ort-web puzzles/s | PyTorch puzzles/s | ort-node vs PyTorch | ort-node vs ort-web |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  const torchNotes: string[] = [];
  for (const e of entries) {
    const model = loadModel(e.path);
    const node = await measure(model, 'cpu');
    const web = await measure(model, 'wasm');
    let tRow: Row = {};
    if (torch) {
      const t = measureTorch(
        e,
        BATCHES.filter((b) => node.row[b] !== undefined),
      );
      if ('error' in t) torchNotes.push(`${e.meta.name}: PyTorch failed: ${t.error}`);
      else {
        tRow = t.row;
        torchNotes.push(`${e.meta.name}: PyTorch on ${t.weights}`);
      }
    }
    const steps = e.meta.max_steps;
    const pps = (ms: number | undefined, b: number) => (ms === undefined ? undefined : (b / (ms * steps)) * 1000);
    for (const b of BATCHES) {
      const n = node.row[b],
        w = web.row[b],
        t = tRow[b];
      lines.push(
        `| ${e.meta.name} (${e.meta.kind} ${e.meta.grid.rows}x${e.meta.grid.cols}, D=${e.meta.hidden_size}, ${steps} steps) | ${b} | ${f(n, 2)} | ${f(w, 2)} | ${f(t, 2)} | ${f(pps(n, b))} | ${f(pps(w, b))} | ${f(pps(t, b))} | ${ratio(n, t)} | ${ratio(n, w)} |`,
      );
    }
  }
  lines.push('');
  if (!torch) lines.push('PyTorch: not measured (no torch for /usr/bin/python3 or no training/model.py).');
  for (const n of torchNotes) lines.push(`- ${n}`);
  lines.push('');
  const fa = child('--first-answer');
  if ('error' in fa) lines.push(`First answer, 9x9 Sudoku: not measured (${fa.error}).`);
  else {
    const size = fa.size as number;
    lines.push(
      `First answer, ${size}x${size} Sudoku${size === 9 ? '' : ' (no 9x9 model bundled yet: the largest bundled Sudoku model)'} ` +
        `(first ${size}x${size} puzzle of examples/, model ${fa.model} on ${fa.provider}, fresh process, model load included): ` +
        `load ${f(fa.load_ms as number, 0)} ms + solve ${f(fa.answer_ms as number, 0)} ms (${fa.steps} steps, ${fa.valid ? 'valid' : 'invalid'} answer) = ` +
        `**${f(fa.total_ms as number, 0)} ms** (goal for 9x9: < 500 ms).`,
    );
  }
  const mem = child('--memory');
  if ('error' in mem) lines.push('', `Memory: not measured (${mem.error}).`);
  else {
    lines.push(
      '',
      `Memory with all ${mem.models} model(s) loaded on CPU (fresh process, resident set): **${f(mem.loaded_mb as number, 0)} MB** ` +
        `(Node + engine code before loading: ${f(mem.baseline_mb as number, 0)} MB; goal < 300 MB).`,
    );
  }
  console.log(lines.join('\n'));
}

const mode = process.argv[2];
(mode === '--first-answer' ? firstAnswerChild() : mode === '--memory' ? memoryChild() : main()).catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
