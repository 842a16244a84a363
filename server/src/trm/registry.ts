// The models the server can use: the bundled ones (models/ beside dist/, or $GRID_REASONER_MODELS) and
// the paths of the `gridReasoner.models` setting, which are preferred over bundled models of the same
// kind and size (so a path adds a model or replaces a bundled one). Paths from workspace settings count
// only in a trusted workspace. A model that cannot be read or loaded is reported once and skipped.

import { isAbsolute, relative, resolve } from 'node:path';
import { fitProblem, listModels, modelDirs, modelPaths, readMetadata, type PuzzleGrids } from '../../../host-node/trm';
import type { ModelOrigin, ModelSummary, TrmClientSettings, UsedProvider } from '../../../core/src/protocol/trmMessages';
import { modelPathsOf } from '../../../core/src/assist/settings';
import { chooseModel, modelSummary, type CatalogModel, type ModelCatalog } from '../../../core/src/assist/catalog';

export type RegisteredModel = CatalogModel;

export interface ModelProblem {
  path: string;
  origin: ModelOrigin;
  message: string;
}

/** The Node server's models: files on disk (bundled folder and gridReasoner.models paths). */
export class ModelRegistry implements ModelCatalog {
  private bundled: RegisteredModel[] = [];
  private configured: RegisteredModel[] = [];
  /** Broken models in the bundled folders ($GRID_REASONER_MODELS): a user who put one there must hear why. */
  private bundledProblems: ModelProblem[] = [];
  private problems: ModelProblem[] = [];
  private ignored: { path: string; reason: string }[] = [];
  /** Models that failed to load in the runtime (path -> message). */
  private readonly failed = new Map<string, string>();
  /** Provider actually used per model path. */
  private readonly providers = new Map<string, { provider: UsedProvider; note?: string }>();
  /** Problems already reported to the user (path + message), so each is reported once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly dirs: () => string[] = modelDirs,
    private root?: string,
  ) {
    this.scanBundled();
  }

  setRoot(root: string | undefined): void {
    this.root = root;
  }

  scanBundled(): void {
    const problems: { path: string; message: string }[] = [];
    this.bundled = listModels(this.dirs(), problems).map((m) => ({ path: m.path, meta: m.meta, origin: 'bundled' as const }));
    this.bundledProblems = problems.map((p) => ({ ...p, origin: 'bundled' as const }));
  }

  private resolvePath(p: string): string {
    const expanded = p.startsWith('~/') ? resolve(process.env.HOME ?? '/', p.slice(2)) : p;
    return isAbsolute(expanded) ? expanded : resolve(this.root ?? process.cwd(), expanded);
  }

  /** Reads the configured paths. Returns the problems not reported before (to show once). */
  configure(sent: TrmClientSettings | undefined): ModelProblem[] {
    const { user, workspace, ignored, trusted } = modelPathsOf(sent);
    this.configured = [];
    this.problems = [...this.bundledProblems];
    this.ignored = ignored.map((p) => ({ path: this.resolvePath(p), reason: 'workspace settings are not used in an untrusted workspace' }));
    const seen = new Set<string>();
    for (const [origin, paths] of [
      ['user', user],
      ['workspace', workspace],
    ] as const) {
      for (const raw of paths) {
        const path = modelPaths(this.resolvePath(raw)).onnx;
        // In an untrusted workspace nothing from its folder runs, whichever setting names it (a relative user
        // path resolves against that folder).
        if (!trusted && this.inWorkspace(raw, path)) {
          this.ignored.push({
            path,
            reason: 'a model inside an untrusted workspace is not loaded (trust the workspace, or give a path outside it)',
          });
          continue;
        }
        if (seen.has(path)) continue;
        seen.add(path);
        try {
          this.configured.push({ path, meta: readMetadata(path), origin });
        } catch (e) {
          this.problems.push({ path, origin, message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    return this.problems.filter((p) => this.firstReport(p.path, p.message));
  }

  private inWorkspace(raw: string, resolved: string): boolean {
    if (!isAbsolute(raw) && !raw.startsWith('~/')) return true;
    if (!this.root) return false;
    const rel = relative(this.root, resolved);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  private firstReport(path: string, message: string): boolean {
    const k = `${path}\u0000${message}`;
    if (this.reported.has(k)) return false;
    this.reported.add(k);
    return true;
  }

  /** Marks a model as failed to load; true the first time this failure is seen (notify then). */
  markFailed(path: string, message: string): boolean {
    this.failed.set(path, message);
    return this.firstReport(path, message);
  }

  failure(path: string): string | undefined {
    return this.failed.get(path);
  }

  noteProvider(path: string, provider: UsedProvider, note?: string): void {
    this.providers.set(path, { provider, ...(note ? { note } : {}) });
  }

  /** The model for a puzzle: configured models first (smallest that fits), then bundled ones. */
  modelFor(g: PuzzleGrids): RegisteredModel | undefined {
    return chooseModel([this.configured, this.bundled], g, (m) => !this.failed.has(m.path));
  }

  /** A model that would take the puzzle but failed to load (to say why there is no model). */
  failedFor(g: PuzzleGrids): { model: RegisteredModel; message: string } | undefined {
    for (const m of [...this.configured, ...this.bundled]) {
      const msg = this.failed.get(m.path);
      if (msg && fitProblem(m.meta, g) === undefined) return { model: m, message: msg };
    }
    return undefined;
  }

  get empty(): boolean {
    return this.bundled.length === 0 && this.configured.length === 0;
  }

  hasProblems(): boolean {
    return this.problems.length > 0 || this.failed.size > 0;
  }

  /** One line about the first problem, for the status item. */
  problemLine(): string | undefined {
    const p = this.problems[0];
    if (p) return `model ${p.path} could not be read: ${p.message}`;
    const f = [...this.failed][0];
    return f ? `model ${f[0]} could not be loaded: ${f[1]}` : undefined;
  }

  summaries(): ModelSummary[] {
    const out: ModelSummary[] = [];
    for (const m of [...this.configured, ...this.bundled]) {
      out.push(modelSummary(m, this.failed.get(m.path), this.providers.get(m.path)));
    }
    for (const p of this.problems)
      out.push({ name: p.path, kind: '?', rows: 0, cols: 0, path: p.path, origin: p.origin, state: 'error', error: p.message });
    for (const p of this.ignored) {
      out.push({ name: p.path, kind: '?', rows: 0, cols: 0, path: p.path, origin: 'workspace', state: 'ignored', error: p.reason });
    }
    return out;
  }
}
