// The VS Code extension: starts the language server (dist/server.js) over Node IPC, and registers the
// client-side features. Other features register here with one call each (see activate).

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerClientFeatures } from './features';
import type { TracePanelApi } from './tracePanel';
import { SERVER_EXEC_ARGV } from './serverProcess';
import { serverSettings, trmClientSettings, type TrmClientApi } from './trmCommands';

let client: LanguageClient | undefined;
/** Called for every client created (first start and restarts), before it starts: notification handlers go here. */
const clientListeners: ((c: LanguageClient) => void)[] = [];
function onClient(f: (c: LanguageClient) => void): void {
  clientListeners.push(f);
  if (client) f(client);
}

/** What activate returns: lets tests and other features reach the running client. */
export interface GridReasonerApi {
  client(): LanguageClient | undefined;
  /** The TRM assistant's live traces and trace requests (for the trace panel). */
  trm: TrmClientApi;
  /** The trace panel (the end-to-end suite reads what it shows). */
  tracePanel: TracePanelApi;
  /** The TRM status bar item's text (the end-to-end suite reads it). */
  statusBar: { text(): string };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'arcgrid' }],
    outputChannel: output,
    initializationOptions: { ...serverSettings(), trm: trmClientSettings() },
  };
  // The id 'gridReasoner' makes the client honour the `gridReasoner.trace.server` setting.
  return new LanguageClient('gridReasoner', 'Grid Reasoner', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<GridReasonerApi> {
  const output = vscode.window.createOutputChannel('Grid Reasoner', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  for (const f of clientListeners) f(client);

  context.subscriptions.push(
    vscode.commands.registerCommand('gridReasoner.restartServer', async () => {
      output.appendLine('Restarting the language server');
      try {
        if (client?.isRunning()) await client.stop();
      } catch (e) {
        output.appendLine(`stopping the server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      client = createClient(context, output);
      for (const f of clientListeners) f(client);
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gridReasoner.diagnostics')) {
        void vscode.commands.executeCommand('gridReasoner.restartServer');
      }
    }),
    { dispose: () => void client?.stop() },
  );

  // Client-side features (the same list as the web extension's).
  const { trm, tracePanel, statusBar } = registerClientFeatures(context, onClient, () => client, output);

  try {
    await client.start();
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
