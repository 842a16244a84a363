// Fused against unfused attention core at the paper's attention shape (D = 512, S = 916): bench/paper_models.py's
// paper-maze-attn and paper-maze-attn-fused are one checkpoint converted without and with --fused-attention, so
// their graphs differ only in the core. On a shared machine whose load drifts, separate runs of the two are not
// comparable, so the four graphs (fp32 / int8, unfused / fused) take turns, one step each per round, through the
// engine's CPU backend with one thread; the fused / unfused ratio is taken within each round and the median
// over the rounds is reported. PROVIDER=wasm runs onnxruntime-web's WebAssembly build instead (the browser's
// runtime; float graphs only, as the engine runs there). Writes markdown to stdout.
//   node --import tsx bench/fused_attention.ts [BATCH...]      (default 1 8; ROUNDS=n, default 5; INT8=0: fp32 only)
import { join } from 'node:path';
import type { StepInputs } from '../core/src/trm/backend';
import type { TrmModel } from '../core/src/trm/model';
import { type Backend, createBackend } from '../core/src/trm/providers';
import { loadModel } from '../host-node/trm';
import { median, stepInputs } from './stepTiming';

const DIR = process.env.PAPER_DIR ?? join(__dirname, '..', '.test-output', 'paper');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BATCHES = process.argv.slice(2).map(Number);
const PROVIDER = process.env.PROVIDER === 'wasm' ? 'wasm' : 'cpu';

async function timed(backend: Backend, inp: StepInputs): Promise<number> {
  const t0 = performance.now();
  await backend.run(inp);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const unfused = loadModel(join(DIR, 'paper-maze-attn'));
  const fused = loadModel(join(DIR, 'paper-maze-attn-fused'));
  if (!fused.meta.requires) throw new Error('paper-maze-attn-fused has no "requires": rebuild it (bench/paper_models.py)');
  const configs: { name: string; model: TrmModel; int8: boolean }[] = [
    { name: 'fp32 unfused', model: unfused, int8: false },
    { name: 'fp32 fused', model: fused, int8: false },
  ];
  if (PROVIDER === 'cpu' && process.env.INT8 !== '0')
    configs.push({ name: 'int8 unfused', model: unfused, int8: true }, { name: 'int8 fused', model: fused, int8: true });
  const backends = await Promise.all(configs.map((c) => createBackend(c.model, { provider: PROVIDER, intraOpThreads: 1, int8: c.int8 })));
  for (const [i, b] of backends.entries()) {
    if ((b.precision === 'int8') !== configs[i]!.int8) throw new Error(`${configs[i]!.name} runs as ${b.precision}`);
  }
  const out = [
    `| ${PROVIDER} batch | precision | unfused ms/step (median) | fused ms/step (median) | fused / unfused (median of ${ROUNDS} rounds) | range of the round ratios |`,
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const batch of BATCHES.length ? BATCHES : [1, 8]) {
    const inp = stepInputs(unfused, batch);
    for (const b of backends) await b.run(inp); // warm-up: first-run allocations and kernel choice
    const ms: number[][] = configs.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, b] of backends.entries()) ms[i]!.push(await timed(b, inp));
      console.error(`fused_attention: b${batch} round ${r + 1}: ${ms.map((m) => m.at(-1)!.toFixed(0)).join(' / ')} ms`);
    }
    for (let p = 0; p < configs.length; p += 2) {
      const ratios = ms[p + 1]!.map((f, r) => f / ms[p]![r]!);
      out.push(
        `| ${batch} | ${p ? 'int8' : 'fp32'} | ${median(ms[p]!).toFixed(0)} | ${median(ms[p + 1]!).toFixed(0)} | **${median(ratios).toFixed(2)}** | ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} |`,
      );
    }
  }
  for (const b of backends) await b.dispose();
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
