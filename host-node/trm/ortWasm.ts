// Where onnxruntime-web's .wasm files are when the engine runs in Node (the WebAssembly fallback), first that
// exists: the folder asked for, $GRID_REASONER_ORT_WASM_DIR, the folder of the running bundle
// (scripts/build.mjs copies ort-wasm-simd-threaded.{wasm,mjs} into dist/); else undefined: onnxruntime-web's own
// default, beside its script (node_modules/onnxruntime-web/dist/ when running from source).

import { existsSync } from 'node:fs';

const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

export function wasmDir(explicit?: string): string | undefined {
  for (const c of [explicit, process.env.GRID_REASONER_ORT_WASM_DIR, __dirname]) {
    if (!c) continue;
    const dir = c.endsWith('/') ? c : `${c}/`;
    if (existsSync(dir + WASM_FILE)) return dir;
  }
  return undefined;
}
