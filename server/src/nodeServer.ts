// The Node host of the language server (stdio or IPC), shared by dist/server.js and `grid-reasoner lsp`.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { timerEnvironment, type ServerEnvironment } from './environment';
import { startServer } from './serverMain';
import { trmExtension } from './trm/assistant';
import { nodePorts } from './trm/nodePorts';

export function nodeEnvironment(): ServerEnvironment {
  const faults = new Set(
    (process.env.GRID_REASONER_FAULTS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    ...timerEnvironment('node', faults),
    // Answering a request takes vscode-jsonrpc a few turns of the event loop (it queues the message it read, then
    // the write of the reply, each with setImmediate): a yield of three turns lets one be answered in between,
    // where a yield of one would put a whole slice of work before each of its turns.
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(() => setImmediate(() => setImmediate(resolve)))),
  };
}

/** Starts the server on this process's stdio or IPC channel. */
export function runNodeServer(): void {
  const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
  if (!process.argv.some((a) => transports.some((t) => a === t || a.startsWith(`${t}=`)))) {
    process.stderr.write('grid-reasoner language server: give a transport: --stdio or --node-ipc\n');
    process.exit(2);
  }
  const connection = createConnection(ProposedFeatures.all);
  // A stray rejected promise must not end the server: log it and carry on.
  process.on('unhandledRejection', (e) => {
    connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  });
  // The TRM assistant (server/src/trm) plugs in through FeatureHooks.
  startServer(connection, nodeEnvironment(), [trmExtension(nodePorts()).extension]);
}
