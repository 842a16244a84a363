// The TRM in the browser language server (web extension): the same core engine (core/src/trm) on
// onnxruntime-web's WebAssembly backend, single-threaded, inside the server's web worker. The worker has no file
// system: the web extension reads the bundled models (models/*.json + .onnx) and onnxruntime's .wasm through
// the workspace file system from the extension's URI and hands them over on request
// (`gridReasoner/web/listModels`, `gridReasoner/web/readFile`). Offers one code action per puzzle a model can
// take: `Fill solution with TRM (WebAssembly)`, which runs the model and applies the answer as an edit.
import type * as OrtWeb from 'onnxruntime-web';
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { Puzzle } from '../../core/src/dsl/ast';
import { answerTarget } from '../../core/src/assist/cells';
import { fillSection } from '../../core/src/rules/edits';
import { puzzleGrids, fitProblem } from '../../core/src/trm/encode';
import { TrmEngine } from '../../core/src/trm/engine';
import { type TrmMetadata, validateMetadata } from '../../core/src/trm/metadata';
import { modelFromBytes } from '../../core/src/trm/model';
import { WEB_FILL_COMMAND, WEB_LIST_MODELS_REQUEST, WEB_READ_FILE_REQUEST, type WebModelEntry } from './browserProtocol';
import { toLspRange } from './convert';
import type { ServerContext } from './context';
import type { ServerExtension } from './serverMain';


interface Loaded { meta: TrmMetadata; onnx: string; engine?: Promise<TrmEngine> }

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function browserTrmExtension(ort: typeof OrtWeb): ServerExtension {
  let ctx: ServerContext;
  let models: Promise<Loaded[]> | undefined;
  let wasm: Promise<void> | undefined;

  const readFile = async (path: string): Promise<Uint8Array> =>
    base64ToBytes(await ctx.connection.sendRequest<string>(WEB_READ_FILE_REQUEST, { path }));

  const listModels = (): Promise<Loaded[]> => {
    models ??= ctx.connection.sendRequest<WebModelEntry[]>(WEB_LIST_MODELS_REQUEST, null).then((entries) => {
      const out: Loaded[] = [];
      for (const e of entries) {
        try {
          out.push({ meta: validateMetadata(JSON.parse(e.json), e.onnx), onnx: e.onnx });
        } catch (err) {
          ctx.log.warn(`TRM (web): model ${e.onnx} skipped: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return out;
    }, (err) => {
      models = undefined;
      throw err;
    });
    return models;
  };

  const modelFor = async (p: Puzzle): Promise<Loaded | undefined> => {
    let grids;
    try { grids = puzzleGrids(p); } catch { return undefined; }
    return (await listModels()).find((m) => fitProblem(m.meta, grids) === undefined);
  };

  const engineFor = (m: Loaded): Promise<TrmEngine> => {
    m.engine ??= (async () => {
      wasm ??= readFile('dist/ort-wasm-simd-threaded.wasm').then((bytes) => {
        ort.env.wasm.wasmBinary = bytes;
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.proxy = false;
      });
      await wasm;
      const [onnx, json] = await Promise.all([readFile(m.onnx), readFile(m.onnx.replace(/\.onnx$/, '.json'))]);
      const model = modelFromBytes(new TextDecoder().decode(json), onnx, { source: m.onnx });
      return TrmEngine.create(model, { provider: 'wasm', loadWeb: () => ort });
    })();
    m.engine.catch(() => { m.engine = undefined; });
    return m.engine;
  };

  return {
    register(c) { ctx = c; },
    async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
      const a = ctx.analysis(params.textDocument.uri);
      if (!a) return [];
      const line = params.range.start.line;
      const puzzles = a.parsed.document.puzzles;
      const index = puzzles.findIndex((p) => p.range.start.line <= line && line <= p.range.end.line);
      const p = puzzles[index];
      if (!p || p.kind === 'arc' || !(await modelFor(p))) return [];
      return [{
        title: 'Fill solution with TRM (WebAssembly)',
        kind: CodeActionKind.RefactorRewrite,
        command: { title: 'Fill solution with TRM', command: WEB_FILL_COMMAND, arguments: [params.textDocument.uri, index] },
      }];
    },
    commands: {
      async [WEB_FILL_COMMAND](c, args) {
        const [uri, index] = args as [string, number];
        const a = c.analysis(uri);
        const p = a?.parsed.document.puzzles[index];
        if (!a || !p) return { ok: false, message: 'the puzzle is gone (the document changed)' };
        const m = await modelFor(p);
        const target = answerTarget(p);
        if (!m || !target) return { ok: false, message: `no model for ${p.name}` };
        const engine = await engineFor(m);
        const outcome = await engine.run(p).outcome;
        const edits = fillSection(p, target, outcome.answer, a.text);
        await c.connection.workspace.applyEdit({
          label: `Fill ${p.name} with TRM`,
          edit: { changes: { [uri]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } },
        });
        return { ok: true, satisfiesRules: outcome.satisfiesRules, steps: outcome.stepsRun, provider: outcome.provider };
      },
    },
  };
}
