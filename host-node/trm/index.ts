// The TRM engine for Node hosts (language server, CLI, worker thread, tests, benchmarks): everything of the
// pure engine (core/src/trm) plus what needs Node: model files, onnxruntime-node, the inference worker thread.
// Importing this module installs the Node host into the engine (nodeHost.ts).

import './nodeHost';

export * from '../../core/src/trm';
export { loadModel, readMetadata, findModel, listModels, modelDirs, modelPaths, type ModelEntry } from './load';
export { createOrtNodeBackend, cudaUnavailableReason, loadOrtNode, nativeLibDir, type OrtNodeModule } from './ortNode';
export { wasmDir } from './ortWasm';
export { nodeTrmHost } from './nodeHost';
export { TrmWorkerClient, type WorkerClientOptions } from './worker/client';
export type { ModelInfo } from './worker/protocol';
