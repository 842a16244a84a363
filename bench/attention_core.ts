// The attention core alone, fused (one com.microsoft MultiHeadAttention node) against unfused (MatMul, Softmax,
// MatMul), at the paper's attention shape (S = 916, 8 heads of 64): bench/attention_core.py writes both graphs
// from the exporter's own code; here onnxruntime-node (CPU) and onnxruntime-web (WebAssembly), one thread each,
// run them in turns on the same q, k, v, so the ratio is taken within each round (the machine's load drifts).
// Also reports how far the two outputs are apart (both runtimes must agree with the unfused arithmetic).
// Writes markdown to stdout.   node --import tsx bench/attention_core.ts [BATCH...]   (default 1 8; ROUNDS=n)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, '.test-output', 'attention-core');
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const BATCHES = process.argv.slice(2).map(Number);
const S = 916,
  D = 512;

type Runtime = typeof ortNode | typeof ortWeb;
type Session = ortNode.InferenceSession | ortWeb.InferenceSession;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function sessions(ort: Runtime, web: boolean): Promise<[Session, Session]> {
  const opts = web
    ? { executionProviders: ['wasm'], graphOptimizationLevel: 'all' as const }
    : { intraOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
  const open = (f: string) => (ort.InferenceSession.create as (p: string, o: object) => Promise<Session>)(join(OUT, f), opts);
  return [await open('unfused.onnx'), await open('fused.onnx')];
}

async function main(): Promise<void> {
  const built = spawnSync('/usr/bin/python3', ['-m', 'bench.attention_core', OUT], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`bench/attention_core.py failed: ${built.stderr.trim().split('\n').at(-1)}`);
  ortWeb.env.wasm.numThreads = 1;
  const out = [
    `| runtime | batch | unfused ms | fused ms | fused / unfused (median of ${ROUNDS} rounds) | max abs difference |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [name, ort, web] of [
    ['onnxruntime-node CPU', ortNode, false],
    ['onnxruntime-web wasm', ortWeb, true],
  ] as const) {
    const [unfused, fused] = await sessions(ort, web);
    for (const b of BATCHES.length ? BATCHES : [1, 8]) {
      const feeds: Record<string, unknown> = {};
      for (const [i, n] of ['q', 'k', 'v'].entries()) {
        const data = Float32Array.from({ length: b * S * D }, (_, j) => Math.sin(j * 0.37 + i));
        feeds[n] = new ort.Tensor('float32', data, [b, S, D]);
      }
      const run = async (s: Session) => {
        const t0 = performance.now();
        const o = (await (s.run as (f: unknown) => Promise<Record<string, { data: Float32Array }>>)(feeds)).o!.data;
        return { ms: performance.now() - t0, o };
      };
      const a0 = await run(unfused),
        f0 = await run(fused);
      let diff = 0;
      for (let i = 0; i < a0.o.length; i++) diff = Math.max(diff, Math.abs(a0.o[i]! - f0.o[i]!));
      const tu: number[] = [],
        tf: number[] = [],
        ratio: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        tu.push((await run(unfused)).ms);
        tf.push((await run(fused)).ms);
        ratio.push(tf.at(-1)! / tu.at(-1)!);
      }
      out.push(
        `| ${name} | ${b} | ${median(tu).toFixed(1)} | ${median(tf).toFixed(1)} | **${median(ratio).toFixed(2)}** | ${diff.toExponential(1)} |`,
      );
      console.error(`attention_core: ${name} b${b} done`);
    }
    await unfused.release();
    await fused.release();
  }
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
