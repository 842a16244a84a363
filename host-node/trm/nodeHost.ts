// The Node host of the TRM engine: what core/src/trm needs from Node, installed into it (core/src/trm/host.ts):
// onnxruntime-node, reading model files, the .wasm folder of the WebAssembly fallback.

import { installTrmHost, type TrmHost } from '../../core/src/trm/host';
import { loadModel } from './load';
import { type OrtNodeModule, createOrtNodeBackend, cudaUnavailableReason, loadOrtNode, nativeLibDir } from './ortNode';
import { wasmDir } from './ortWasm';

export const nodeTrmHost: TrmHost = {
  native: {
    load: () => loadOrtNode(),
    cudaUnavailableReason: () => cudaUnavailableReason(nativeLibDir()),
    create: (model, o) =>
      createOrtNodeBackend(model, {
        provider: o.provider,
        ort: o.runtime as OrtNodeModule,
        intraOpThreads: o.intraOpThreads,
        int8: o.int8,
      }),
  },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadWeb: () => require('onnxruntime-web'),
  wasmPaths: (explicit) => wasmDir(explicit),
  loadModel: (path, limits) => loadModel(path, limits),
};

installTrmHost(nodeTrmHost);
