// Where the time of one paper-size step goes: onnxruntime-node's per-node profile (session option
// enableProfiling) of the fp32 and int8 graphs of bench/paper.bench.ts's models at batch 1, one thread,
// summarised by operator type (share of the kernel time of the second, warm step), or with PROFILE_BY=node by
// node (the 42 unrolled copies of a block's node summed: e.g. the token-mixing gate/up product of every block
// apart from the channel one, with its output shape). Writes markdown to stdout; docs/profile.md holds runs
// of it.   node --import tsx bench/profile.ts [BATCH]
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readMetadata } from '../host-node/trm';

const DIR = process.env.PAPER_DIR ?? join(__dirname, '..', '.test-output', 'paper');
const BATCH = Number(process.argv[2] ?? 1);
const BY_NODE = process.env.PROFILE_BY === 'node';

/** The group an event counts in: its operator type, or its node with block copies folded together. */
function group(e: Event): string {
  const op = e.args?.op_name ?? '?';
  if (!BY_NODE) return op;
  // "/L_level/layers.0/mlp_t/gate_up_proj_12/MatMul_kernel_time" -> "layers.N/mlp_t/gate_up_proj/MatMul"
  const node = e.name
    .replace(/_kernel_time$/, '')
    .replace(/\/[A-Za-z]+Fusion\/?$/, '')
    .replace(/layers\.\d+/, 'layers.N')
    .replace(/_\d+(?=\/|$)/g, '')
    .replace(/^\/L_level\//, '');
  const shape = e.args?.output_type_shape?.map((o) => JSON.stringify(Object.values(o)[0])).join(', ') ?? '';
  return `${node} (${op} -> ${shape})`;
}

interface Event {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; output_type_shape?: Record<string, number[]>[] };
}

async function profile(graph: string, stem: string): Promise<{ rows: [string, number, number][]; total: number; wall: number }> {
  const meta = readMetadata(stem);
  const L = meta.seq_len,
    D = meta.hidden_size,
    S = L + meta.prefix_len,
    B = BATCH;
  const prefix = join(tmpdir(), `trm-profile-${process.pid}-${Date.now()}`);
  const s = await ort.InferenceSession.create(graph, {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const y = new Float32Array(B * S * D),
    z = new Float32Array(B * S * D);
  for (let i = 0; i < B * S; i++) {
    y.set(meta.y_init, i * D);
    z.set(meta.z_init, i * D);
  }
  const feeds = {
    tokens: new ort.Tensor('int64', new BigInt64Array(B * L).fill(2n), [B, L]),
    puzzle_vec: new ort.Tensor('float32', new Float32Array(B * D), [B, D]),
    y: new ort.Tensor('float32', y, [B, S, D]),
    z: new ort.Tensor('float32', z, [B, S, D]),
  };
  await s.run(feeds);
  await s.run(feeds);
  s.endProfiling();
  await s.release();
  const dir = tmpdir();
  const file = readdirSync(dir)
    .map((f) => join(dir, f))
    .find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no profile file ${prefix}*`);
  const events = JSON.parse(readFileSync(file, 'utf8')) as Event[];
  rmSync(file);
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run');
  const last = runs.at(-1)!;
  const byOp = new Map<string, [number, number]>();
  let total = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < last.ts || e.ts > last.ts + last.dur) continue;
    const op = group(e);
    const cur = byOp.get(op) ?? [0, 0];
    byOp.set(op, [cur[0] + e.dur, cur[1] + 1]);
    total += e.dur;
  }
  const rows = [...byOp.entries()].map(([op, [us, n]]) => [op, us, n] as [string, number, number]).sort((a, b) => b[1] - a[1]);
  return { rows, total, wall: last.dur };
}

async function main(): Promise<void> {
  const out: string[] = [];
  for (const name of (process.env.PAPER_MODELS ?? 'paper-sudoku-mlp,paper-maze-attn,paper-maze-attn-fused').split(',')) {
    const stem = join(DIR, name);
    for (const [label, graph] of [
      ['fp32', `${stem}.onnx`],
      ['int8', `${stem}.int8.onnx`],
    ] as const) {
      const p = await profile(graph, stem);
      out.push(
        `### ${name}, ${label}, batch ${BATCH}: ${(p.wall / 1000).toFixed(0)} ms for the step (kernels ${(p.total / 1000).toFixed(0)} ms)`,
        '',
      );
      out.push(`| ${BY_NODE ? 'node (op -> output shape)' : 'op'} | ms | share of kernel time | nodes run |`, '|---|---:|---:|---:|');
      for (const [op, us, n] of p.rows.slice(0, 10))
        out.push(`| ${op} | ${(us / 1000).toFixed(1)} | ${((100 * us) / p.total).toFixed(1)}% | ${n} |`);
      const rest = p.rows.slice(10).reduce((a, r) => a + r[1], 0);
      if (rest)
        out.push(
          `| (${p.rows.length - 10} other ${BY_NODE ? 'nodes' : 'op types'}) | ${(rest / 1000).toFixed(1)} | ${((100 * rest) / p.total).toFixed(1)}% | |`,
        );
      out.push('');
    }
  }
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
