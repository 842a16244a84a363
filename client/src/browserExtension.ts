// The web extension (package.json `browser`): VS Code for the Web and browser-hosted extension hosts.
// Starts the language server as a web worker (dist/browserServer.js, loaded through the extension's URI)
// and registers the client-side features that need no Node. The TRM assistant needs onnxruntime-node and
// a worker thread, so it is part of the desktop extension only (client/src/extension.ts).
import * as vscode from 'vscode';
import {
  BrowserMessageReader, BrowserMessageWriter, LanguageClient, type LanguageClientOptions, type MessageTransports,
} from 'vscode-languageclient/browser';
import { registerArcColours } from './arcColours';
import { registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

function serverSettings(): { solverBudgetMs: number } {
  const c = vscode.workspace.getConfiguration('gridReasoner');
  return { solverBudgetMs: c.get<number>('diagnostics.solverBudgetMs', 400) };
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
    initializationOptions: serverSettings(),
  };
  // A new worker for every start (the first one and each restart).
  return new LanguageClient('gridReasoner', 'Grid Reasoner', () => startWorker(serverMain), clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client(): LanguageClient | undefined }> {
  const output = vscode.window.createOutputChannel('Grid Reasoner', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('gridReasoner.restartServer', async () => {
      output.appendLine('Restarting the language server (web worker)');
      try {
        if (client?.isRunning()) await client.stop();
      } catch (e) {
        output.appendLine(`stopping the server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      client = createClient(context, output);
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gridReasoner.diagnostics')) void vscode.commands.executeCommand('gridReasoner.restartServer');
    }),
    { dispose: () => void client?.stop() },
  );
  registerArcColours(context);
  registerWalkthrough(context);
  // The walkthrough hides its TRM steps here (the model runs only in the desktop extension).
  void vscode.commands.executeCommand('setContext', 'gridReasoner.web', true);
  try {
    await client.start();
    output.appendLine('Grid Reasoner language server started in a web worker');
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    output.appendLine(`The Grid Reasoner language server did not start: ${msg}`);
    void vscode.window.showErrorMessage(`Grid Reasoner: the language server did not start (${msg}). See the Grid Reasoner output.`);
  }
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
