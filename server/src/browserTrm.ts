// The TRM assistant in the browser language server (web extension): the same assistant as the Node server
// (server/src/trm/assistant.ts: lenses, hovers, fill actions, completions, model diagnostics, traces), with the
// browser's two ports. Reading models: the worker has no file system, so the web extension reads the bundled
// models (models/*.json + .onnx), the models of the gridReasoner.models setting (client/src/webModelList.ts)
// and onnxruntime's .wasm through the workspace file system and hands them over on request
// (gridReasoner/web/listModels, gridReasoner/web/readFile). Running the
// model: the core engine on onnxruntime-web's WebAssembly backend, single-threaded, inside this worker.
import { knownAnswers } from '../../core/src/trm/knownAnswer';
import type * as OrtWeb from 'onnxruntime-web';
import {
  chooseModel,
  modelSummary,
  type CatalogModel,
  type ModelCatalog,
  type ModelProblem,
  type ModelRunner,
} from '../../core/src/assist/catalog';
import { Messages, sendRequest } from '../../core/src/protocol/messages';
import type { ModelSummary, UsedProvider } from '../../core/src/protocol/trmMessages';
import type { PuzzleGrids } from '../../core/src/trm/encode';
import { StepStream, type RunOptions, type TrmRun } from '../../core/src/trm/engine';
import { validateMetadata } from '../../core/src/trm/metadata';
import { base64ToBytes } from '../../core/src/base64';
import { modelFromBytes } from '../../core/src/trm/model';
import { TrmService } from '../../core/src/trm/service';
import type { Trace, TraceOutcome } from '../../core/src/trm/trace';
import type { ServerContext } from './context';
import type { ServerExtension } from './serverMain';
import { trmExtension } from './trm/assistant';

/** The web extension's models (those of the settings first, then the bundled ones), listed by the client once the server is up. */
class BrowserCatalog implements ModelCatalog {
  private configured: CatalogModel[] = [];
  private bundled: CatalogModel[] = [];
  private loaded = false;
  private readonly failed = new Map<string, string>();
  private readonly providers = new Map<string, { provider: UsedProvider; note?: string }>();
  private readonly reported = new Set<string>();

  setModels(models: CatalogModel[]): void {
    this.configured = models.filter((m) => m.origin !== 'bundled');
    this.bundled = models.filter((m) => m.origin === 'bundled');
    this.loaded = true;
  }

  private get models(): CatalogModel[] {
    return [...this.configured, ...this.bundled];
  }

  // The worker cannot read the files the settings name: the client reads them and lists them (setModels).
  configure(): [] {
    return [];
  }

  modelFor(g: PuzzleGrids): CatalogModel | undefined {
    return chooseModel([this.configured, this.bundled], g, (m) => !this.failed.has(m.path));
  }

  failedFor(g: PuzzleGrids): { model: CatalogModel; message: string } | undefined {
    for (const m of this.models) {
      const message = this.failed.get(m.path);
      if (message && chooseModel([[m]], g)) return { model: m, message };
    }
    return undefined;
  }

  markFailed(path: string, message: string): boolean {
    this.failed.set(path, message);
    const k = `${path}\u0000${message}`;
    if (this.reported.has(k)) return false;
    this.reported.add(k);
    return true;
  }

  noteProvider(path: string, provider: UsedProvider, note?: string): void {
    this.providers.set(path, { provider, ...(note ? { note } : {}) });
  }

  get empty(): boolean {
    return this.loaded && this.models.length === 0;
  }

  problemLine(): string | undefined {
    const f = [...this.failed][0];
    return f ? `model ${f[0]} could not be loaded: ${f[1]}` : undefined;
  }

  summaries(): ModelSummary[] {
    return this.models.map((m) => modelSummary(m, this.failed.get(m.path), this.providers.get(m.path)));
  }
}

/** Runs models in this worker on WebAssembly; model bytes and the .wasm binary are read through the client. */
function engineRunner(ort: typeof OrtWeb, readFile: (path: string) => Promise<Uint8Array>, log: (line: string) => void): ModelRunner {
  const service = new TrmService({ provider: 'wasm', loadWeb: () => ort });
  const added = new Map<string, Promise<unknown>>();
  let wasm: Promise<void> | undefined;
  const ready = (m: CatalogModel): Promise<unknown> => {
    let p = added.get(m.path);
    if (!p) {
      p = (async () => {
        wasm ??= readFile('dist/ort-wasm-simd-threaded.wasm').then((bytes) => {
          ort.env.wasm.wasmBinary = bytes;
          ort.env.wasm.numThreads = 1;
          ort.env.wasm.proxy = false;
        });
        await wasm;
        const [onnx, json] = await Promise.all([readFile(m.path), readFile(m.path.replace(/\.onnx$/, '.json'))]);
        const model = await modelFromBytes(new TextDecoder().decode(json), onnx, { source: m.path });
        if (model.hashUnchecked) log(`TRM (web): model ${m.path}: SHA-256 ${model.hashUnchecked}`);
        return service.add(m.path, model);
      })();
      added.set(m.path, p);
      p.catch(() => added.delete(m.path));
    }
    return p;
  };
  return {
    run(model: CatalogModel, g: PuzzleGrids, options: RunOptions): TrmRun {
      // The run exists at once (the assistant keys and streams it); the engine joins when its model is loaded.
      const stream = new StepStream();
      const outcome: Promise<TraceOutcome> = (async () => {
        await ready(model);
        const run = await service.run(model.path, g, options);
        for await (const step of run) stream.push(step);
        stream.end();
        return run.outcome;
      })();
      outcome.catch((e) => stream.fail(e));
      const trace = outcome.then((o): Trace => ({
        puzzleName: g.name,
        kind: g.kind,
        model: model.meta.name,
        given: g.given,
        ...knownAnswers(g),
        steps: stream.steps,
        outcome: o,
      }));
      trace.catch(() => undefined);
      return { outcome, trace, [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() };
    },
    dispose: () => service.dispose(),
  };
}

/** The assistant for the browser server, with the browser's ports. */
export function browserTrmExtension(ort: typeof OrtWeb): ServerExtension {
  let ctx: ServerContext | undefined;
  const catalog = new BrowserCatalog();
  const readFile = async (path: string): Promise<Uint8Array> => {
    if (!ctx) throw new Error('the language server is not connected yet');
    return base64ToBytes(await sendRequest(ctx.connection, Messages.webReadFile, { path }));
  };
  const { assistant, extension } = trmExtension({ catalog, runner: () => engineRunner(ort, readFile, (line) => ctx?.log.warn(line)) });
  return {
    ...extension,
    register(c) {
      ctx = c;
      extension.register?.(c);
      // Asked for when the first document opens (after initialization; the worker has nothing to read before).
      let asked = false;
      c.documents.onDidOpen(() => {
        if (asked) return;
        asked = true;
        sendRequest(c.connection, Messages.webListModels, null).then(
          (entries) => {
            const models: CatalogModel[] = [];
            const problems: ModelProblem[] = [];
            for (const e of entries) {
              const origin = e.origin ?? 'bundled';
              try {
                if (e.problem) throw new Error(e.problem);
                models.push({ path: e.onnx, meta: validateMetadata(JSON.parse(e.json), e.onnx), origin });
              } catch (err) {
                const message = err instanceof Error ? err.message : String(err);
                // A bundled model that does not load is this installation's fault, not the user's: logged.
                if (origin === 'bundled') c.log.warn(`TRM (web): model ${e.onnx} skipped: ${message}`);
                else problems.push({ path: e.onnx, origin, message });
              }
            }
            catalog.setModels(models);
            assistant.reportModelProblems(problems);
            assistant.modelsChanged();
          },
          (err) => c.log.error(`TRM (web): the models could not be listed: ${err instanceof Error ? err.message : String(err)}`),
        );
      });
    },
  };
}
