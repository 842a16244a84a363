// A real LSP client for tests: spawns dist/server.js over stdio and speaks JSON-RPC with
// vscode-languageserver-protocol. Fixture helpers strip `$N` cursor markers and return their positions.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'lsp');

export interface Fixture {
  text: string;
  markers: Map<string, Position>;
}

/** Removes `$1`..`$9` markers (one digit), remembering where each was. */
export function parseMarkers(raw: string): Fixture {
  const markers = new Map<string, Position>();
  let text = '';
  let line = 0;
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    const m = /^\$(\d)/.exec(raw.slice(i, i + 2));
    if (raw[i] === '$' && m) {
      markers.set(`$${m[1]}`, { line, character: col });
      i += m[0].length - 1;
      continue;
    }
    text += raw[i];
    if (raw[i] === '\n') {
      line++;
      col = 0;
    } else col++;
  }
  return { text, markers };
}

export function loadFixture(name: string): Fixture {
  return parseMarkers(readFileSync(join(FIXTURES, name), 'utf8'));
}

export interface Client {
  conn: ProtocolConnection;
  proc: ChildProcess;
  init: InitializeResult;
  stderr: () => string;
  logs: string[];
  messages: { type: number; message: string }[];
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  /** Resolves with the next diagnostics for uri that satisfy pred (default: any). */
  diagnostics(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  latest(uri: string): PublishDiagnosticsParams | undefined;
  close(): Promise<void>;
}

export function serverBuilt(): boolean {
  return existsSync(SERVER);
}

/** Starts the server (`args`: the node arguments, by default dist/server.js --stdio) and initializes it. */
export async function startClient(
  opts: {
    env?: Record<string, string>;
    initializationOptions?: unknown;
    args?: string[];
    completionItem?: Record<string, unknown>;
    textDocumentCapabilities?: Record<string, unknown>;
  } = {},
): Promise<Client> {
  const proc = spawn(process.execPath, opts.args ?? [SERVER, '--stdio'], {
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  const messages: { type: number; message: string }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w && w.uri === p.uri && w.pred(p)) {
        w.resolve(p);
        waiters.splice(i, 1);
      }
    }
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    messages.push(p);
  });
  conn.listen();
  // A server that dies must fail the test at once, not leave requests pending forever.
  proc.on('exit', () => conn.dispose());
  const init = (await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ['markdown'] },
        ...(opts.completionItem ? { completion: { completionItem: opts.completionItem } } : {}),
        ...opts.textDocumentCapabilities,
      },
    },
    // The rules-only server (issue 3): the TRM assistant is off here (it is tested in tests/assist), so a
    // bundled model never changes these results; a test may turn it on with initializationOptions.trm.
    initializationOptions: { trm: { enabled: false }, ...((opts.initializationOptions ?? {}) as object) },
  })) as InitializeResult;
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    init,
    logs,
    messages,
    stderr: () => err,
    open(uri, text, version = 1) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arcgrid', version, text } });
    },
    change(uri, version, text) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri, pred = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `no diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(published.get(uri)?.version)}; stderr: ${err}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          uri,
          pred,
          resolve: (p) => {
            clearTimeout(t);
            resolve(p);
          },
        });
      });
    },
    latest: (uri) => published.get(uri),
    async close() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, 2000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      conn.dispose();
    },
  };
}

/** `code@line` (1-based) for each diagnostic, sorted: a compact form for expectations. */
export function summary(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
}
