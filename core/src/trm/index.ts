// Public API of the TRM engine (docs/engine.md). Pure core: no editor or LSP imports.
//
//   const engine = await TrmEngine.create(loadModel(path), { provider: 'auto' });
//   const run = engine.run(puzzle, { maxSteps: 16, signal });
//   for await (const step of run) ...;      // TraceStep per supervision step
//   const outcome = await run.outcome;      // TraceOutcome: answer, satisfiesRules, provider, ...
//
// Pure: no Node built-ins, no host sniffing. What differs between hosts (the native backend, reading model
// files, the .wasm folder) is injected with installTrmHost (./host.ts). The Node host,
// host-node/trm, installs it and adds model files and the worker thread:
// new TrmWorkerClient({ provider }).run(modelPath, puzzle, options) has the same shape as engine.run.

export * from './trace';
export { TrmError, isTrmError, type TrmErrorCode } from './errors';
export { type TrmMetadata, type ModelKind, validateMetadata, expectedVocab } from './metadata';
export {
  type TrmModel,
  type PuzzleEmbedding,
  type ModelLimits,
  modelFromBytes,
  checkOnnxBytes,
  checkOnnxHeader,
  checkOnnxHash,
} from './model';
export {
  type PuzzleGrids,
  puzzleGrids,
  testCount,
  fitProblem,
  encodePuzzle,
  encodeGrid,
  decodeLogits,
  decodeTokens,
  cellGrids,
} from './encode';
export * as arc from './arc';
export { verifyAnswer, type Verdict } from './verify';
export { type Provider, type ProviderSetting, type StepBackend, type StepInputs, type StepOutputs, checkGraph } from './backend';
export { createBackend, type BackendOptions, type Backend } from './providers';
export { createOrtWebBackend, type OrtWebModule } from './ortWeb';
export { installTrmHost, trmHost, type TrmHost, type NativeBackendHost } from './host';
export { DEFAULT_SEARCH_VIEWS, DEFAULT_SEARCH_BUDGET_MS, type SearchOptions } from './search';
export { type PuzzleView, describeView, toView, fromView, sudokuViews, mazeViews } from './views';
export { TrmEngine, type RunOptions, type TrmRun, type EngineOptions, StepStream } from './engine';
export { TrmService, type ServiceOptions, replay } from './service';
