// Exact-match accuracy of step-model graphs on a held-out set, run by onnxruntime-node exactly as the
// engine loops the step (y/z from y_init/z_init, fed back; 1 thread). Written by training/scripts/int8_eval.py:
//   node training/scripts/heldout_onnx.mjs MODEL.json HELDOUT.json GRAPH.onnx [GRAPH.onnx ...]
// HELDOUT.json: {tokens: [[L ints]], labels: [[L ints]], puzzle_vec: [[D floats]], cell_rules: {free, allowed}
// or null}; a puzzle counts as exact when every cell with a label != 0 is predicted. With cell_rules (Sudoku and
// mazes: training/eval_model.py free_cell_choices, the engine's decoding) a cell the question fixes keeps its
// token and a blank (`free`) cell takes its likeliest `allowed` symbol; without, every cell takes the plain
// argmax (ARC). Prints one JSON line per graph:
// {graph, n, exact_last, exact_halt, agree_with_first, run_ms} (agree: same answer as the first graph's at the
// last step; run_ms: time inside session.run over the whole set, batches of up to 64).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const [metaPath, dataPath, ...graphs] = process.argv.slice(2);
if (!metaPath || !dataPath || graphs.length === 0) {
  console.error('usage: heldout_onnx.mjs MODEL.json HELDOUT.json GRAPH.onnx [GRAPH.onnx ...]');
  process.exit(2);
}
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const data = JSON.parse(readFileSync(dataPath, 'utf8'));
const L = meta.seq_len, D = meta.hidden_size, S = L + meta.prefix_len, V = meta.vocab_size, steps = meta.max_steps;
const N = data.tokens.length;
const CHUNK = 64;
const rules = data.cell_rules ?? null;
const EVERY_TOKEN = Array.from({ length: V }, (_, v) => v);

async function answers(graph) {
  const session = await ort.InferenceSession.create(graph, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const last = [], halt = [];
  let runMs = 0;
  for (let i0 = 0; i0 < N; i0 += CHUNK) {
    const B = Math.min(CHUNK, N - i0);
    const tokens = new ort.Tensor('int64', BigInt64Array.from(data.tokens.slice(i0, i0 + B).flat().map(BigInt)), [B, L]);
    const pv = new ort.Tensor('float32', Float32Array.from(data.puzzle_vec.slice(i0, i0 + B).flat()), [B, D]);
    const y0 = new Float32Array(B * S * D), z0 = new Float32Array(B * S * D);
    for (let r = 0; r < B * S; r++) { y0.set(meta.y_init, r * D); z0.set(meta.z_init, r * D); }
    let y = new ort.Tensor('float32', y0, [B, S, D]), z = new ort.Tensor('float32', z0, [B, S, D]);
    const halted = new Array(B).fill(null);
    let pred = [];
    for (let s = 1; s <= steps; s++) {
      const t0 = performance.now();
      const out = await session.run({ tokens, puzzle_vec: pv, y, z });
      runMs += performance.now() - t0;
      y = out.y_next; z = out.z_next;
      const lg = out.logits.data, q = out.q_halt.data;
      pred = [];
      for (let b = 0; b < B; b++) {
        const p = new Array(L);
        const question = data.tokens[i0 + b];
        for (let c = 0; c < L; c++) {
          if (rules && question[c] !== rules.free) { p[c] = question[c]; continue; }
          const candidates = rules ? rules.allowed : EVERY_TOKEN;
          let best = candidates[0];
          for (const v of candidates) if (lg[(b * L + c) * V + v] > lg[(b * L + c) * V + best]) best = v;
          p[c] = best;
        }
        pred.push(p);
        if (halted[b] === null && (q[b] > 0 || s === steps)) halted[b] = p;
      }
    }
    last.push(...pred);
    halt.push(...halted);
  }
  await session.release();
  return { last, halt, runMs };
}

const exact = (p, i) => data.labels[i].every((l, c) => l === 0 || p[c] === l);
let first;
for (const g of graphs) {
  const a = await answers(g);
  first ??= a.last;
  const count = (arr) => arr.filter((p, i) => exact(p, i)).length;
  const agree = a.last.filter((p, i) => p.every((v, c) => v === first[i][c])).length;
  console.log(JSON.stringify({ graph: g, n: N, exact_last: count(a.last), exact_halt: count(a.halt), agree_with_first: agree, run_ms: Math.round(a.runMs) }));
}
