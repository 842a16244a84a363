// Is one large batch faster per puzzle than the same puzzles in smaller chunks? On onnxruntime's CPU every node
// runs over the whole batch before the next starts, so a node's intermediate grows with the batch (the
// paper Sudoku MLP-mixer's token-mixing SwiGLU writes [B * 512, 1024] floats: 2 MB at batch 1, 64 MB at 32, more
// than the L3) and the memory-bound nodes around the products stream it from DRAM. This bench runs N puzzles
// (default 32) of a paper-size model (bench/paper_models.py) as N / c engine backend calls of batch c for each
// chunk size c, taking turns within each round (the machine's load drifts), one thread; the ratio to the whole
// batch is taken within each round and the median over the rounds reported. Writes markdown to stdout.
//   node --import tsx bench/batch_chunks.ts [CHUNK...]   (default 1 4 8 16 32; N=32, ROUNDS=3, INT8=0: fp32 only,
//                                                         MODEL=paper-sudoku-mlp; PAPER_DIR=models MODEL=maze-30x30
//                                                         for a bundled model)
import { join } from 'node:path';
import type { StepInputs } from '../core/src/trm/backend';
import { type Backend, createBackend } from '../core/src/trm/providers';
import { loadModel } from '../host-node/trm';
import { median, stepInputs } from './stepTiming';

const DIR = process.env.PAPER_DIR ?? join(__dirname, '..', '.test-output', 'paper');
const MODEL = process.env.MODEL ?? 'paper-sudoku-mlp';
const N = Number(process.env.N ?? 32);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CHUNKS = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 4, 8, 16, 32];

/** ms for the N puzzles as N / c calls of batch c (the same inputs each call: only the time matters). */
async function timeChunked(backend: Backend, inp: StepInputs, c: number): Promise<number> {
  const t0 = performance.now();
  for (let done = 0; done < N; done += c) await backend.run(inp);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  for (const c of CHUNKS) if (N % c) throw new Error(`chunk ${c} does not divide N = ${N}`);
  const model = loadModel(join(DIR, MODEL));
  const out: string[] = [];
  for (const int8 of process.env.INT8 === '0' || !model.int8 ? [false] : [false, true]) {
    const backend = await createBackend(model, { provider: 'cpu', intraOpThreads: 1, int8 });
    if ((backend.precision === 'int8') !== int8) throw new Error(`${MODEL} runs as ${backend.precision}`);
    const feeds = new Map(CHUNKS.map((c) => [c, stepInputs(model, c)]));
    for (const c of CHUNKS) await backend.run(feeds.get(c)!); // warm-up: first runs plan their buffers
    const times = new Map<number, number[]>(CHUNKS.map((c) => [c, []]));
    for (let r = 0; r < ROUNDS; r++) {
      // rotate the order so no chunk size always runs first (after an idle spell) or last
      const order = CHUNKS.map((_, i) => CHUNKS[(i + r) % CHUNKS.length]!);
      for (const c of order) times.get(c)!.push(await timeChunked(backend, feeds.get(c)!, c));
      console.error(
        `batch_chunks: ${backend.precision} round ${r + 1}: ${order.map((c) => `${c}: ${times.get(c)!.at(-1)!.toFixed(0)} ms`).join(', ')}`,
      );
    }
    await backend.dispose();
    const whole = times.get(N);
    out.push(`### ${MODEL}, ${int8 ? 'int8' : 'fp32'}: ${N} puzzles, one supervision step each, ${ROUNDS} rounds, 1 thread`, '');
    out.push('| chunk (batch per call) | calls | ms for all | ms per puzzle-step | vs one batch of N (median of rounds) | round ratios |');
    out.push('|---:|---:|---:|---:|---:|---:|');
    for (const c of CHUNKS) {
      const t = times.get(c)!;
      const ratios = whole ? t.map((x, i) => x / whole[i]!) : [];
      const rs = ratios.length ? `**${median(ratios).toFixed(2)}**` : '–';
      const range = ratios.length ? `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}` : '–';
      out.push(`| ${c} | ${N / c} | ${median(t).toFixed(0)} | ${(median(t) / N).toFixed(1)} | ${rs} | ${range} |`);
    }
    out.push('');
  }
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
