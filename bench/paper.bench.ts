// Paper-size TRM step models on this CPU (`node scripts/bench.mjs paper`; part of `npm run bench`): random
// reference-layout checkpoints converted by training/convert_reference.py --int8 (bench/paper_models.py; nothing
// downloaded), run by onnxruntime-node through the engine's CPU backend and batcher (a batch above the backend's
// call size, core/src/trm/cpuChunk.ts, runs as several calls, as in the engine), fp32 and int8 graphs interleaved at
// each batch size, ONE thread (the machine's other core is taken by a training job); PyTorch's matrix product
// on the dominant shapes measured in the same run (bench/paper_torch.py). GFLOP/s from the matmul FLOP count
// of docs/benchmarks.md ("How the paper-size rows are counted"), % of one core's FP32 peak (bench/cpu_peak.ts:
// at the nominal clock of /proc/cpuinfo, and at the clock measured while the bench runs).
// Goals (stated, not asserted): int8 >= 1.8x fp32 at batch 1 and 8; fp32 >= 60% of peak at batch >= 8.
// paper-maze-attn-fused is paper-maze-attn's checkpoint with the attention core as one MultiHeadAttention node
// (--fused-attention); PAPER_MODELS=a,b measures only those models (their rows can be spliced into the doc).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type LaneState, StepBatcher } from '../core/src/trm/batcher';
import { swigluWidth } from '../core/src/trm/cpuChunk';
import { loadModel } from '../host-node/trm';
import type { TrmMetadata } from '../core/src/trm/metadata';
import type { TrmModel } from '../core/src/trm/model';
import { type Backend, createBackend } from '../core/src/trm/providers';
import { cpuPeak } from './cpu_peak';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, '.test-output', 'paper');
const SECONDS = Number(process.env.PAPER_BENCH_SECONDS ?? 3);
/** Larger batches are skipped once an fp32 step took longer than this. */
const SLOW_MS = Number(process.env.PAPER_BENCH_SLOW_MS ?? 20000);
const BATCHES = [1, 8, 32];

/** Matrix-product FLOP (2 per multiply-add) of one supervision step of one puzzle. */
export function flopsPerPuzzleStep(m: TrmMetadata): number {
  const a = m.arch as TrmMetadata['arch'] & { ffn_multiple?: number };
  const D = m.hidden_size,
    S = m.seq_len + m.prefix_len,
    e = a.expansion ?? 4,
    mult = a.ffn_multiple ?? 256;
  const I = swigluWidth(D, e, mult);
  let block = 6 * S * D * I; // channel SwiGLU: gate_up (D -> 2I) and down (I -> D) at every position
  if (a.variant === 'mlp')
    block += 6 * D * S * swigluWidth(S, e, mult); // token mixing over the S positions
  else block += 8 * S * D * D + 4 * S * S * D; // qkv + o projections; scores and weighted values
  const blocks = a.T * (a.n + 1) * (a.layers ?? 2);
  return blocks * block + 2 * m.seq_len * D * m.vocab_size + 2 * 2 * D;
}

/** How the FLOP column is counted (printed under the table, so the doc says it wherever the rows are). */
const COUNTING = [
  '**How the paper-size rows are counted** (`flopsPerPuzzleStep`): matrix products only, 2 FLOP per multiply-add; norms,',
  'SiLU, softmax, RoPE and copies are left out (they are memory-bound and small next to the products). With S = positions',
  '(seq_len + prefix), D = hidden size, I = SwiGLU width (round(4 D 2/3) rounded up to a multiple of 256: 1536 for D = 512),',
  'I_t = the token-mixing width over S (512 for S = 97), one block costs 6 S D I (gate/up + down) plus, for the MLP-mixer,',
  '6 D S I_t, or for attention 8 S D^2 (q, k, v, o) + 4 S^2 D (scores and weighted values); a supervision step runs',
  'T (n + 1) blocks x 2 layers = 42 blocks, plus the heads (2 L D V). Sudoku D = 512, S = 97: 610 MFLOP per block, 25.6 GFLOP',
  'per puzzle-step; maze/ARC D = 512, S = 916: 7.96 GFLOP per block, 334 GFLOP per puzzle-step. The int8 column divides the',
  'same count by the int8 time (its products run on integer units, so it is compared with the fp32 count, not a peak).',
];

/** b lanes (puzzles) at their initial state, as the engine submits them to its batcher. */
function lanes(model: TrmModel, b: number): LaneState[] {
  const m = model.meta;
  const S = m.seq_len + m.prefix_len;
  return Array.from({ length: b }, (_, i) => {
    const tokens = new Int32Array(m.seq_len);
    for (let c = 0; c < m.seq_len; c++) tokens[c] = 1 + ((i * m.seq_len + c) % (m.vocab_size - 1));
    const y = new Float32Array(S * m.hidden_size),
      z = new Float32Array(S * m.hidden_size);
    for (let s = 0; s < S; s++) {
      y.set(m.y_init, s * m.hidden_size);
      z.set(m.z_init, s * m.hidden_size);
    }
    return { tokens, puzzleVec: new Float32Array(m.hidden_size), y, z };
  });
}

/** The engine's path for one supervision step of the lanes: its batcher, which runs at most the backend's
 *  batchLimit lanes per call (on the CPU cpuChunk's size), so a batch larger than that is several calls. */
const step = (batcher: StepBatcher, ls: LaneState[]) => Promise.all(ls.map((l) => batcher.submit(l)));

/** ms per step: one warm-up step, then steps until SECONDS have passed (at least one). */
async function timeStep(batcher: StepBatcher, ls: LaneState[]): Promise<number> {
  await step(batcher, ls);
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    await step(batcher, ls);
    n++;
    const el = performance.now() - t0;
    if (el >= SECONDS * 1000 || n >= 50) return el / n;
  }
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '–' : x.toFixed(d));

async function main(): Promise<void> {
  const built = spawnSync('/usr/bin/python3', ['-m', 'bench.paper_models', OUT], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`bench/paper_models.py failed: ${(built.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
  const names = built.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { name: string }).name);
  const pk = cpuPeak();
  const lines: string[] = ['## Paper-size models: fp32 vs int8 against the CPU peak (bench/paper.bench.ts)', ''];
  lines.push(
    "Random reference-layout checkpoints (bench/paper_models.py: the converter test's `reference_state`, paper shapes D = 512, 2 blocks,",
  );
  lines.push(
    'T = 3, n = 6, 16 prefix positions) converted by `training/convert_reference.py --int8` (paper-maze-attn with `--no-fused-attention`); onnxruntime-node CPU through the',
  );
  lines.push("engine's backend, **1 thread** (a training job holds the other core all session), fp32 and int8 graphs (and the");
  lines.push(
    `models) measured one after the other at each batch size. ms per step = one supervision step of the whole batch through the engine's batcher, which runs at most the CPU backend's call size per call (core/src/trm/cpuChunk.ts; the batch column says when that made it several calls); per puzzle-step = / batch.`,
  );
  lines.push(`– = not measured: batches after an fp32 step over ${SLOW_MS / 1000} s are skipped (too slow for this machine).`, '');
  lines.push(`Peak: ${pk.text}`, '');
  lines.push(
    '| model | FLOP / puzzle-step | batch | fp32 ms/step | fp32 ms/puzzle-step | fp32 GFLOP/s | fp32 % of peak | fp32 % of measured-clock peak | int8 ms/step | int8 ms/puzzle-step | int8 GFLOP/s (same count) | int8 vs fp32 |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const torchShapes: string[] = [];
  const notes: string[] = [];
  // Batch size outermost: at each batch size the models run one after the other, so rows that are compared
  // with each other (paper-maze-attn and paper-maze-attn-fused) share the same minutes of the machine's load.
  const runs = [];
  for (const name of names) {
    const model = loadModel(join(OUT, name));
    const m = model.meta;
    const S = m.seq_len + m.prefix_len;
    const shape = `${S * 8}x${m.hidden_size}x${2 * swigluWidth(m.hidden_size, m.arch.expansion ?? 4, 256)}`;
    if (!torchShapes.includes(shape)) torchShapes.push(shape);
    const fp = await createBackend(model, { provider: 'cpu', intraOpThreads: 1, int8: false });
    const q8 = await createBackend(model, { provider: 'cpu', intraOpThreads: 1, int8: true });
    if (q8.precision !== 'int8') notes.push(`${name}: the int8 graph did not load (${q8.precision})`);
    const label = `${name} (${m.arch.variant}, D=${m.hidden_size}, S=${S}, ${(m.arch as { params?: number }).params?.toLocaleString('en-US') ?? '?'} params)`;
    runs.push({ name, model, flop: flopsPerPuzzleStep(m), label, fp, q8, rows: [] as string[], skip: false });
  }
  for (const b of BATCHES) {
    for (const r of runs) {
      const { flop, label, fp, q8 } = r;
      if (r.skip) {
        r.rows.push(`| ${label} | ${(flop / 1e9).toFixed(1)} G | ${b} | – | – | – | – | – | – | – | – | – |`);
        continue;
      }
      const ls = lanes(r.model, b);
      const chunk = (be: Backend) => Math.min(b, be.batchLimit ?? b);
      const tf = await timeStep(new StepBatcher(fp, r.model.meta, chunk(fp)), ls);
      const tq = await timeStep(new StepBatcher(q8, r.model.meta, chunk(q8)), ls);
      const calls = chunk(fp) < b ? ` (${Math.ceil(b / chunk(fp))} calls of ${chunk(fp)})` : '';
      const gf = (flop * b) / (tf / 1000) / 1e9,
        gq = (flop * b) / (tq / 1000) / 1e9;
      r.rows.push(
        `| ${label} | ${(flop / 1e9).toFixed(1)} G | ${b}${calls} | ${f(tf, 0)} | ${f(tf / b, 1)} | ${f(gf)} | ${f((100 * gf) / pk.nominal, 0)}% | ${f((100 * gf) / pk.measured, 0)}% | ${f(tq, 0)} | ${f(tq / b, 1)} | ${f(gq)} | **${(tf / tq).toFixed(2)}x** |`,
      );
      console.error(`paper: ${r.name} b${b}: fp32 ${tf.toFixed(0)} ms, int8 ${tq.toFixed(0)} ms`);
      if (tf > SLOW_MS) r.skip = true;
    }
  }
  for (const r of runs) {
    lines.push(...r.rows);
    await r.fp.dispose();
    await r.q8.dispose();
  }
  lines.push('');
  const t = spawnSync('/usr/bin/python3', ['-m', 'bench.paper_torch', '--shapes', torchShapes.join(','), '--seconds', '2'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (t.status !== 0) lines.push(`PyTorch: not measured (${(t.stderr || 'failed').trim().split('\n').at(-1)}).`);
  else {
    const j = JSON.parse(t.stdout.trim().split('\n').at(-1)!) as {
      torch: string;
      blas: string;
      fp32: Record<string, number>;
      int8: Record<string, number | string>;
    };
    lines.push(
      `PyTorch ${j.torch} matrix product, 1 thread, same run, on the largest product of each model at batch 8 (M x K x N = the channel SwiGLU's gate/up projection); ${j.blas}:`,
      '',
    );
    lines.push(
      '| M x K x N | fp32 torch.mm GFLOP/s | % of FP32 peak | fbgemm dynamic int8 linear GFLOP/s (2MKN / s) |',
      '|---|---:|---:|---:|',
    );
    for (const s of Object.keys(j.fp32)) {
      const q = j.int8[s];
      lines.push(`| ${s} | ${f(j.fp32[s])} | ${f((100 * j.fp32[s]!) / pk.nominal, 0)}% | ${typeof q === 'number' ? f(q) : q} |`);
    }
  }
  for (const n of notes) lines.push('', `- ${n}`);
  lines.push('', 'Goals: int8 >= 1.8x fp32 at batch 1 and 8 (both shapes); fp32 >= 60% of the FP32 peak at batch >= 8.');
  lines.push('', ...COUNTING);
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
