// What the engine needs from the host it runs in, injected by that host (never sniffed): the native
// onnxruntime backend, the folder of onnxruntime-web's .wasm files and reading model files.
// The Node host (host-node/trm) installs all of them when it is imported; a browser worker installs none
// and runs on onnxruntime-web with the models its client hands over.

import type { StepBackend } from './backend';
import type { ModelLimits, TrmModel } from './model';

export type HostBackend = StepBackend & { batchLimit?: number };

/** onnxruntime-node, as the Node host offers it. `runtime` is the loaded module, opaque here. */
export interface NativeBackendHost {
  /** Loads the native runtime; throws (with the loader's message) when the package or its binding is missing. */
  load(): unknown;
  /** undefined when CUDA can be tried, else why not. */
  cudaUnavailableReason(): string | undefined;
  create(
    model: TrmModel,
    opts: { provider: 'cpu' | 'cuda'; runtime: unknown; intraOpThreads?: number | undefined; int8?: boolean | undefined },
  ): Promise<HostBackend>;
}

export interface TrmHost {
  native?: NativeBackendHost;
  /** Loads onnxruntime-web (a browser worker passes its module to the engine instead). */
  loadWeb?(): unknown;
  /** Where onnxruntime-web's .wasm files are (given an explicit folder or none), or undefined for its default. */
  wasmPaths?(explicit?: string): string | undefined;
  /** Reads and checks a model from a path (NAME.onnx + NAME.json). */
  loadModel?(path: string, limits: ModelLimits): TrmModel;
}

let installed: TrmHost = {};

/** Called once by a host at start-up (host-node/trm does it on import). */
export function installTrmHost(host: TrmHost): void {
  installed = { ...installed, ...host };
}

export function trmHost(): TrmHost {
  return installed;
}
