// The LSP client of every test that talks to the real server: spawns dist/server.js (or the CLI's `lsp`)
// over stdio and speaks JSON-RPC with vscode-languageserver-protocol, recording what the server sends
// (diagnostics, messages, logs, the TRM status, trace and progress notifications). startClient runs the
// rules-only server; startAssistClient the TRM assistant with the client capabilities it uses.
// Fixture helpers strip `$N` cursor markers and return their positions.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { Messages } from '../../core/src/protocol/messages';
import type { TrmStatus, TrmTraceEvent } from '../../core/src/protocol/trmMessages';
import { SERVER_EXEC_ARGV } from '../../client/src/serverProcess';

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

/** A `$/progress` notification (work-done progress of a TRM run). */
export interface ProgressNotification {
  token: unknown;
  value: { kind: string; title?: string; message?: string; cancellable?: boolean };
}

/** What the client records of the server's notifications, in the order they came. */
interface Received {
  /** Every diagnostics publication, of every document. */
  published: PublishDiagnosticsParams[];
  logs: string[];
  messages: { type: number; message: string }[];
  statuses: TrmStatus[];
  traces: TrmTraceEvent[];
  progress: ProgressNotification[];
}

export interface Client extends Received {
  conn: ProtocolConnection;
  proc: ChildProcess;
  init: InitializeResult;
  stderr: () => string;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  /** Resolves with the next diagnostics for uri that satisfy pred (default: any). */
  diagnostics(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  latest(uri: string): PublishDiagnosticsParams | undefined;
  hover(uri: string, position: Position): Promise<Hover | null>;
  completion(uri: string, position: Position): Promise<CompletionItem[]>;
  codeActions(uri: string, range: Range, diagnostics?: PublishDiagnosticsParams['diagnostics']): Promise<CodeAction[]>;
  codeLenses(uri: string): Promise<CodeLens[]>;
  execute(command: string, args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

export interface ClientOptions {
  env?: Record<string, string>;
  /** Merged over `{ trm: { enabled: false } }`. */
  initializationOptions?: unknown;
  /** The node arguments (default: dist/server.js --stdio). */
  args?: string[];
  completionItem?: Record<string, unknown>;
  textDocumentCapabilities?: Record<string, unknown>;
  /** The client's `window` and `workspace` capabilities (none are declared by default). */
  windowCapabilities?: Record<string, unknown>;
  workspaceCapabilities?: Record<string, unknown>;
  /** Cancels every work-done progress at its first report. */
  progressCancel?: boolean;
  /** How long `diagnostics()` waits by default (10 s). */
  diagnosticsTimeoutMs?: number;
}

export function serverBuilt(): boolean {
  return existsSync(SERVER);
}

type DiagnosticsWaiter = { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

/**
 * Records the server's notifications, resolves the diagnostics waiters, and answers the requests the TRM
 * assistant sends (progress creation, code lens refresh: the server sends them only when the client declares
 * the capability).
 */
function listen(
  conn: ProtocolConnection,
  opts: ClientOptions,
  latest: Map<string, PublishDiagnosticsParams>,
  waiters: DiagnosticsWaiter[],
): Received {
  const r: Received = { published: [], logs: [], messages: [], statuses: [], traces: [], progress: [] };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    r.published.push(p);
    latest.set(p.uri, p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w && w.uri === p.uri && w.pred(p)) {
        w.resolve(p);
        waiters.splice(i, 1);
      }
    }
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    r.logs.push(p.message);
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    r.messages.push(p);
  });
  conn.onNotification(Messages.trmStatus.method, (s: TrmStatus) => {
    r.statuses.push(s);
  });
  conn.onNotification(Messages.trmTrace.method, (e: TrmTraceEvent) => {
    r.traces.push(e);
  });
  conn.onNotification('$/progress', (p: ProgressNotification) => {
    r.progress.push(p);
    if (opts.progressCancel && p.value.kind === 'report') void conn.sendNotification('window/workDoneProgress/cancel', { token: p.token });
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  return r;
}

function initialize(conn: ProtocolConnection, opts: ClientOptions): Promise<InitializeResult> {
  return conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      ...(opts.windowCapabilities ? { window: opts.windowCapabilities } : {}),
      ...(opts.workspaceCapabilities ? { workspace: opts.workspaceCapabilities } : {}),
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
  }) as Promise<InitializeResult>;
}

/** The requests the tests make, with the server's null answers as empty lists. */
function requests(conn: ProtocolConnection): Pick<Client, 'hover' | 'completion' | 'codeActions' | 'codeLenses' | 'execute'> {
  return {
    hover: (uri, position) => conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>,
    completion: async (uri, position) => {
      const r = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as
        CompletionItem[] | { items: CompletionItem[] } | null;
      return Array.isArray(r) ? r : (r?.items ?? []);
    },
    codeActions: async (uri, range, diagnostics = []) =>
      ((await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } })) as
        CodeAction[] | null) ?? [],
    codeLenses: async (uri) => ((await conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[] | null) ?? [],
    execute: (command, args) => conn.sendRequest('workspace/executeCommand', { command, arguments: args }),
  };
}

/** Shutdown and exit, then waits for the process (killed after 2 s). */
async function stop(conn: ProtocolConnection, proc: ChildProcess): Promise<void> {
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
}

/** Starts the server (`args`: the node arguments, by default dist/server.js --stdio with VS Code's V8 flags) and initializes it. */
export async function startClient(opts: ClientOptions = {}): Promise<Client> {
  const proc = spawn(process.execPath, opts.args ?? [...SERVER_EXEC_ARGV, SERVER, '--stdio'], {
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: DiagnosticsWaiter[] = [];
  const received = listen(conn, opts, latest, waiters);
  conn.listen();
  // A server that dies must fail the test at once, not leave requests pending forever.
  proc.on('exit', () => conn.dispose());
  const init = await initialize(conn, opts);
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    init,
    ...received,
    ...requests(conn),
    stderr: () => err,
    open(uri, text, version = 1) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arcgrid', version, text } });
    },
    change(uri, version, text) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri, pred = () => true, timeoutMs = opts.diagnosticsTimeoutMs ?? 10000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `no diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(latest.get(uri)?.version)}; stderr: ${err}`,
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
    latest: (uri) => latest.get(uri),
    close: () => stop(conn, proc),
  };
}

/**
 * The TRM assistant's server: on, with `trm` as its settings, and a client that shows work-done progress and
 * refreshes code lenses (the capabilities the assistant looks for). Diagnostics are awaited up to 20 s: model
 * runs come first.
 */
export function startAssistClient(opts: { env?: Record<string, string>; trm?: unknown; progressCancel?: boolean } = {}): Promise<Client> {
  return startClient({
    ...(opts.env ? { env: opts.env } : {}),
    initializationOptions: { trm: opts.trm ?? {} },
    windowCapabilities: { workDoneProgress: true },
    workspaceCapabilities: { codeLens: { refreshSupport: true } },
    ...(opts.progressCancel ? { progressCancel: true } : {}),
    diagnosticsTimeoutMs: 20000,
  });
}

/** `code@line` (1-based) for each diagnostic, sorted: a compact form for expectations. */
export function summary(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
}
