// Runs a step-model .onnx with onnxruntime-node (or, with --web, onnxruntime-web's WebAssembly build, one
// thread, as the browser runs it) over the steps of a parity fixture and compares with the PyTorch outputs
// stored in it (docs/model-format.md, "Parity fixtures"). Used by the Python tests (the Python side has no
// onnxruntime here) and handy by hand:
//   node training/onnx_check.mjs MODEL.onnx MODEL.json MODEL.parity.json [--web]
// Prints one JSON line {ok, steps, tokenMismatches, maxQDiff, ...}; exit code 0 when within tolerance, 1 when
// not, 2 on a usage or load error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function fail(msg) {
  console.log(JSON.stringify({ ok: false, error: msg }));
  process.exit(2);
}

const web = process.argv.includes('--web');
const [onnxPath, metaPath, parityPath] = process.argv.slice(2).filter((a) => a !== '--web');
if (!onnxPath || !metaPath || !parityPath) fail('usage: onnx_check.mjs MODEL.onnx MODEL.json MODEL.parity.json [--web]');

const runtime = web ? 'onnxruntime-web' : 'onnxruntime-node';
let ort;
try {
  ort = require(runtime);
} catch (e) {
  fail(`${runtime} is not installed: ${e.message}`);
}
if (web) ort.env.wasm.numThreads = 1;

const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const fx = JSON.parse(readFileSync(parityPath, 'utf8'));
const B = fx.batch;
const L = meta.seq_len;
const D = meta.hidden_size;
const S = meta.seq_len + meta.prefix_len;
const V = meta.vocab_size;

const session = await ort.InferenceSession.create(onnxPath, web ? { executionProviders: ['wasm'] } : {});
const tokens = new ort.Tensor('int64', BigInt64Array.from(fx.tokens.flat().map((v) => BigInt(v))), [B, L]);
const puzzleVec = new ort.Tensor('float32', Float32Array.from(fx.puzzle_vec.flat()), [B, D]);
function broadcast(vec) {
  const a = new Float32Array(B * S * D);
  for (let i = 0; i < B * S; i++) a.set(vec, i * D);
  return new ort.Tensor('float32', a, [B, S, D]);
}
let y = broadcast(Float32Array.from(meta.y_init));
let z = broadcast(Float32Array.from(meta.z_init));
const tol = fx.tolerance;
let tokenMismatches = 0;
let comparedCells = 0;
let maxQDiff = 0;
let qViolations = 0;
for (const st of fx.steps) {
  const out = await session.run({ tokens, puzzle_vec: puzzleVec, y, z });
  y = out.y_next;
  z = out.z_next;
  const logits = out.logits.data;
  const q = out.q_halt.data;
  if (out.logits.dims.join() !== [B, L, V].join()) fail(`logits have shape ${out.logits.dims}, expected ${[B, L, V]}`);
  for (let b = 0; b < B; b++) {
    const dq = Math.abs(q[b] - st.q_halt[b]);
    maxQDiff = Math.max(maxQDiff, dq);
    if (dq > tol.q_halt_abs + tol.q_halt_rel * Math.abs(st.q_halt[b])) qViolations++;
    for (let c = 0; c < L; c++) {
      let best = 0;
      for (let v = 1; v < V; v++) if (logits[(b * L + c) * V + v] > logits[(b * L + c) * V + best]) best = v;
      if (st.margin[b][c] > tol.token_margin) {
        comparedCells++;
        if (best !== st.tokens[b][c]) tokenMismatches++;
      }
    }
  }
}
const ok = tokenMismatches === 0 && qViolations === 0 && comparedCells > 0;
console.log(JSON.stringify({ ok, runtime, steps: fx.steps.length, comparedCells, tokenMismatches, qViolations, maxQDiff }));
process.exit(ok ? 0 : 1);
