// The web extension's assistant over LSP: the browser server's TRM (server/src/browserTrm.ts: the shared
// assistant with the browser's ports, onnxruntime-web in the worker, files read through the client) run in this
// process on an in-memory connection, with a client that answers gridReasoner/web/listModels and readFile as the
// web extension does. It gets the desktop's lenses, hovers and verified fill actions; nothing is offered to fill
// before a run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-web/wasm';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CodeLens,
  type Hover,
  type MarkupContent,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { Messages, onRequest, sendRequest, type WebModelEntry } from '../../core/src/protocol/messages';
import { browserTrmExtension } from '../../server/src/browserTrm';
import { timerEnvironment } from '../../server/src/environment';
import { startServer } from '../../server/src/serverMain';
import { parseMarkers } from '../lsp/harness';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = parseMarkers(readFileSync(join(ROOT, 'tests', 'fixtures', 'assist', 'sudoku4.arc'), 'utf8'));
const URI = 'file:///web/sudoku4.arc';
const MODEL = 'tests/fixtures/models/sudoku-4x4-tiny.onnx';

function until<T>(f: () => Promise<T | undefined>, what: string, timeoutMs = 60000): Promise<T> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      const v = await f();
      if (v !== undefined) return resolve(v);
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void tick(), 50);
    };
    void tick();
  });
}

/** The browser server on an in-memory connection, with a client that lists `models` and reads files from the repository. */
async function startWebServer(models: WebModelEntry[]): Promise<{ client: ProtocolConnection; reads: string[]; messages: string[] }> {
  const reads: string[] = [];
  const messages: string[] = [];
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, timerEnvironment('browser'), [browserTrmExtension(ort as never)]);
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  onRequest(client, Messages.webListModels, () => models);
  onRequest(client, Messages.webReadFile, ({ path }) => {
    reads.push(path);
    return readFileSync(join(ROOT, path)).toString('base64');
  });
  client.onRequest('workspace/codeLens/refresh', () => null);
  client.onNotification('window/logMessage', () => undefined);
  client.onNotification('window/showMessage', (m: { message: string }) => void messages.push(m.message));
  client.onNotification('textDocument/publishDiagnostics', () => undefined);
  client.listen();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { codeLens: { refreshSupport: true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { trm: { searchViews: 1 } },
  });
  await client.sendNotification('initialized', {});
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'arcgrid', version: 1, text: FIXTURE.text },
  });
  return { client, reads, messages };
}

const FIXTURE_META = readFileSync(join(ROOT, MODEL.replace(/\.onnx$/, '.json')), 'utf8');

describe("the web extension's assistant (browser server ports, onnxruntime-web)", () => {
  let client: ProtocolConnection;
  let reads: string[];
  before(async () => {
    ({ client, reads } = await startWebServer([{ json: FIXTURE_META, onnx: MODEL }]));
  });
  after(() => client?.dispose());

  it('no fill action before a run; the background run ends in a verified lens; then Fill solution with TRM', async () => {
    const at = FIXTURE.markers.get('$3')!;
    const early =
      ((await client.sendRequest('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: { start: at, end: at },
        context: { diagnostics: [] },
      })) as CodeAction[] | null) ?? [];
    assert.ok(!early.some((a) => /TRM/.test(a.title)), early.map((a) => a.title).join(' | '));
    const lens = await until(async () => {
      const l = ((await client.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[] | null) ?? [];
      return l.find((x) => x.command?.title.startsWith('TRM: ✓ verified'));
    }, 'the verified outcome lens');
    assert.match(lens.command!.title, /· WebAssembly$/);
    assert.ok(reads.includes('dist/ort-wasm-simd-threaded.wasm') && reads.includes(MODEL), reads.join(', '));
    const actions =
      ((await client.sendRequest('textDocument/codeAction', {
        textDocument: { uri: URI },
        range: { start: at, end: at },
        context: { diagnostics: [] },
      })) as CodeAction[] | null) ?? [];
    assert.ok(
      actions.some((a) => a.title === 'Fill solution with TRM'),
      actions.map((a) => a.title).join(' | '),
    );
  });

  it('a cell hover has the per-step table; the trace and the puzzle at a position are served', async () => {
    const h = (await client.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: FIXTURE.markers.get('$2')!,
    })) as Hover | null;
    const md = (h!.contents as MarkupContent).value;
    assert.match(md, /\| step \| symbol \| probability \| changed \| halt score \|/, md);
    const trace = await sendRequest(client, Messages.trmGetTrace, { uri: URI, puzzleIndex: 0 });
    assert.equal(trace?.trace.outcome?.provider, 'wasm');
    const at = await sendRequest(client, Messages.puzzleAt, { uri: URI, position: FIXTURE.markers.get('$2')! });
    assert.ok(!('reason' in at) && at.model === 'sudoku-4x4-tiny');
  });
});

describe('the web extension: models of the gridReasoner.models setting, read by the client', () => {
  it('a listed user model is used (before the bundled ones) and named as a user model; one that cannot be read is reported once', async () => {
    const { client, reads, messages } = await startWebServer([
      { json: FIXTURE_META, onnx: MODEL, origin: 'user' },
      { json: '', onnx: 'vscode-vfs://github/u/r/gone.onnx', origin: 'user', problem: 'its metadata could not be read (file not found)' },
    ]);
    try {
      const at = await until(async () => {
        const r = await sendRequest(client, Messages.puzzleAt, { uri: URI, position: FIXTURE.markers.get('$2')! });
        return !('reason' in r) && r.model ? r : undefined;
      }, 'the model for the puzzle');
      assert.ok(!('reason' in at) && at.model === 'sudoku-4x4-tiny');
      const info = await sendRequest(client, Messages.trmModelInfo, null);
      assert.deepEqual(
        info.models.map((m) => [m.path, m.origin]),
        [[MODEL, 'user']],
      );
      await until(async () => (messages.length ? true : undefined), 'the message about the unreadable model');
      assert.deepEqual(messages, [
        'Grid Reasoner: the model vscode-vfs://github/u/r/gone.onnx (from your user settings, gridReasoner.models) cannot be used: its metadata could not be read (file not found). The other models and every other feature keep working.',
      ]);
      assert.ok(!reads.some((r) => r.includes('gone')), reads.join(', '));
    } finally {
      client.dispose();
    }
  });
});
