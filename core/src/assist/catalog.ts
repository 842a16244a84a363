// The models the assistant can use, as every host sees them (the Node server's registry of files and settings,
// the browser worker's bundled models read through the client), and the one rule for "the model for this
// puzzle": among the models that take it (fitProblem: Sudoku the exact size, maze and ARC a canvas that holds
// the grid), the smallest; models of an earlier group (configured paths) before later ones (bundled).

import type { ModelOrigin, ModelSummary, TrmClientSettings, UsedProvider } from '../protocol/trmMessages';
import { fitProblem, type PuzzleGrids } from '../trm/encode';
import type { RunOptions, TrmRun } from '../trm/engine';
import type { TrmMetadata } from '../trm/metadata';

export interface CatalogModel {
  path: string;
  meta: TrmMetadata;
  origin: ModelOrigin;
}

export interface ModelProblem {
  path: string;
  origin: ModelOrigin;
  message: string;
}

/** The model for a puzzle, by the rule above; `usable` leaves out models that failed to load. */
export function chooseModel<M extends { meta: TrmMetadata }>(
  groups: readonly (readonly M[])[],
  g: PuzzleGrids,
  usable: (m: M) => boolean = () => true,
): M | undefined {
  for (const group of groups) {
    const fits = group.filter((m) => usable(m) && fitProblem(m.meta, g) === undefined).sort((a, b) => a.meta.seq_len - b.meta.seq_len);
    if (fits[0]) return fits[0];
  }
  return undefined;
}

/** How a model looks in the status (both catalogs): its shape, where it came from, and how its last load went. */
export function modelSummary(
  m: CatalogModel,
  failure: string | undefined,
  used: { provider: UsedProvider; note?: string } | undefined,
): ModelSummary {
  const s: ModelSummary = {
    name: m.meta.name,
    kind: m.meta.kind,
    rows: m.meta.grid.rows,
    cols: m.meta.grid.cols,
    path: m.path,
    origin: m.origin,
    state: failure ? 'error' : used ? 'ok' : 'unloaded',
    maxSteps: m.meta.max_steps,
  };
  if (failure) s.error = failure;
  if (used) {
    s.provider = used.provider;
    if (used.note) s.providerNote = used.note;
  }
  return s;
}

/** What the assistant needs to know about models (the "reading models" port). */
export interface ModelCatalog {
  /** The workspace folder relative model paths are resolved against (hosts with files). */
  setRoot?(root: string | undefined): void;
  /** New settings: re-reads the configured models; returns the problems not reported before. */
  configure(sent: TrmClientSettings | undefined): ModelProblem[];
  modelFor(g: PuzzleGrids): CatalogModel | undefined;
  failedFor(g: PuzzleGrids): { model: CatalogModel; message: string } | undefined;
  /** A model failed to load at run time; true the first time (notify then). */
  markFailed(path: string, message: string): boolean;
  noteProvider(path: string, provider: UsedProvider, note?: string): void;
  readonly empty: boolean;
  problemLine(): string | undefined;
  summaries(): ModelSummary[];
}

/** Runs the model (the "running the model" port): the Node worker thread, or engines inside the browser worker. */
export interface ModelRunner {
  run(model: CatalogModel, g: PuzzleGrids, options: RunOptions): TrmRun;
  /** The runtime died (out of memory, a native crash): start afresh on the next run. */
  reset?(): void;
  dispose(): Promise<void>;
}
