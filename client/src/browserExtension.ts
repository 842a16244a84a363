// The web extension (package.json `browser`): VS Code for the Web and browser-hosted extension hosts.
// Starts the language server as a web worker (dist/browserServer.js, loaded through the extension's URI)
// and registers the client-side features that need no Node. The worker has no file system: this client reads
// the bundled models and onnxruntime-web's .wasm for it through the workspace file system, from the extension's
// URI, so the server runs the same TRM assistant as the desktop one on WebAssembly (server/src/browserTrm.ts):
// code lenses, fill actions, model hovers, completions and diagnostics, ARC, and the trace panel.
import * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  type LanguageClientOptions,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import { bytesToBase64 } from '../../core/src/base64';
import { Messages, onRequest, type WebModelEntry } from '../../core/src/protocol/messages';
import { URI } from 'vscode-uri';
import { registerClientFeatures } from './features';
import { settingModels } from './webModelList';
import type { TracePanelApi } from './tracePanel';
import { serverSettings, trmClientSettings, type TrmClientApi } from './trmCommands';

let client: LanguageClient | undefined;
/** Called for every client created (first start and restarts), before it starts. */
const clientListeners: ((c: LanguageClient) => void)[] = [];
function onClient(f: (c: LanguageClient) => void): void {
  clientListeners.push(f);
  if (client) f(client);
}

/**
 * Starts the server worker from the extension's own files. Browser-hosted extension hosts refuse
 * `new Worker(uri)` for extensions served by a remote (code-server, Codespaces: "Creating workers from
 * remote extensions is currently not supported"), so the script is read through the workspace file system,
 * which serves every URI scheme, and started from a blob URL.
 */
async function startWorker(script: vscode.Uri): Promise<MessageTransports> {
  let worker: Worker;
  if (script.scheme === 'http' || script.scheme === 'https') {
    worker = new Worker(script.toString(true));
  } else {
    const bytes = await vscode.workspace.fs.readFile(script);
    worker = new Worker(URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'text/javascript' })));
  }
  // Transports made here: the host's patched Worker constructor returns objects that fail the client's
  // own `instanceof Worker` test.
  return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browserServer.js');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'arcgrid' }],
    outputChannel: output,
    // The worker reads no files: the models of the settings are read here and listed (webListModels).
    initializationOptions: { ...serverSettings(), trm: { ...trmClientSettings(), models: {} } },
  };
  // A new worker for every start (the first one and each restart).
  const c = new LanguageClient('gridReasoner', 'Grid Reasoner', () => startWorker(serverMain), clientOptions);
  // The worker has no file system: it asks for the models and onnxruntime's .wasm, read here through the
  // workspace file system: the extension's own files (paths relative to it, never outside it) and the model
  // files of the settings that the last listing named.
  let settingFiles = new Map<string, vscode.Uri>();
  onRequest(c, Messages.webListModels, async (): Promise<WebModelEntry[]> => {
    const fromSettings = await modelsOfSettings();
    settingFiles = fromSettings.files;
    for (const why of fromSettings.ignored) output.appendLine(`TRM model not loaded until you trust this workspace: ${why}`);
    return [...fromSettings.entries, ...(await bundledModels(context))];
  });
  onRequest(c, Messages.webReadFile, async ({ path }): Promise<string> => {
    const listed = settingFiles.get(path);
    if (!listed && path.split('/').some((part) => part === '..' || part === '')) throw new Error(`bad path ${path}`);
    return bytesToBase64(await vscode.workspace.fs.readFile(listed ?? vscode.Uri.joinPath(context.extensionUri, path)));
  });
  return c;
}

async function bundledModels(context: vscode.ExtensionContext): Promise<WebModelEntry[]> {
  const dir = vscode.Uri.joinPath(context.extensionUri, 'models');
  const names = await vscode.workspace.fs.readDirectory(dir).then(
    (e) => e.map(([n]) => n),
    () => [] as string[],
  );
  const out: WebModelEntry[] = [];
  for (const n of names.filter((x) => x.endsWith('.json') && names.includes(x.replace(/\.json$/, '.onnx')))) {
    const json = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, n)));
    out.push({ json, onnx: `models/${n.replace(/\.json$/, '.onnx')}` });
  }
  return out;
}

/** The models of gridReasoner.models, read through the workspace file system (as vscode.Uri for the reads). */
async function modelsOfSettings(): Promise<{ entries: WebModelEntry[]; files: Map<string, vscode.Uri>; ignored: string[] }> {
  const { models, workspaceTrusted } = trmClientSettings();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const listed = await settingModels(
    { user: models?.user ?? [], workspace: models?.workspace ?? [], workspaceTrusted: workspaceTrusted === true },
    folder ? URI.parse(folder.toString()) : undefined,
    (uri) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(uri.toString()))),
  );
  const files = new Map([...listed.files].map(([name, uri]) => [name, vscode.Uri.parse(uri.toString())]));
  return { entries: listed.entries, files, ignored: listed.ignored };
}

export async function activate(
  context: vscode.ExtensionContext,
): Promise<{ client(): LanguageClient | undefined; trm: TrmClientApi; tracePanel: TracePanelApi; statusBar: { text(): string } }> {
  const output = vscode.window.createOutputChannel('Grid Reasoner', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  for (const f of clientListeners) f(client);
  context.subscriptions.push(
    vscode.commands.registerCommand('gridReasoner.restartServer', async () => {
      output.appendLine('Restarting the language server (web worker)');
      try {
        if (client?.isRunning()) await client.stop();
      } catch (e) {
        output.appendLine(`stopping the server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      client = createClient(context, output);
      for (const f of clientListeners) f(client);
      await client.start();
    }),
    // The worker reads the models once, when it starts: new model settings or trust start a new one.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gridReasoner.diagnostics') || e.affectsConfiguration('gridReasoner.models'))
        void vscode.commands.executeCommand('gridReasoner.restartServer');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand('gridReasoner.restartServer')),
    { dispose: () => void client?.stop() },
  );
  const { trm, tracePanel, statusBar } = registerClientFeatures(context, onClient, () => client, output);
  try {
    await client.start();
    output.appendLine('Grid Reasoner language server started in a web worker');
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    output.appendLine(`The Grid Reasoner language server did not start: ${msg}`);
    void vscode.window.showErrorMessage(`Grid Reasoner: the language server did not start (${msg}). See the Grid Reasoner output.`);
  }
  return { client: () => client, trm, tracePanel, statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
