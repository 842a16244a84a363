// An LSP client for the assistant's tests: the real dist/server.js over stdio (vscode-languageserver-protocol),
// with the client capabilities the assistant uses (work-done progress, code lens refresh) and the custom
// TRM notifications recorded.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Hover,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { type TrmStatus, type TrmTraceEvent } from '../../core/src/protocol/trmMessages';
import { Messages } from '../../core/src/protocol/messages';
import { SERVER } from '../lsp/harness';

export const ROOT = join(__dirname, '..', '..');

export interface AssistClient {
  conn: ProtocolConnection;
  messages: { type: number; message: string }[];
  statuses: TrmStatus[];
  traces: TrmTraceEvent[];
  diagnostics: PublishDiagnosticsParams[];
  progress: { token: unknown; value: { kind: string; title?: string; message?: string; cancellable?: boolean } }[];
  stderr(): string;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, text: string): void;
  /** The next diagnostics for uri satisfying pred (checks the ones already received first when `past`). */
  waitDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  completion(uri: string, position: Position): Promise<CompletionItem[]>;
  codeActions(uri: string, range: Range, diagnostics?: PublishDiagnosticsParams['diagnostics']): Promise<CodeAction[]>;
  codeLenses(uri: string): Promise<CodeLens[]>;
  execute(command: string, args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

export async function startAssistClient(
  opts: { env?: Record<string, string>; trm?: unknown; progressCancel?: boolean } = {},
): Promise<AssistClient> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const c = {
    messages: [] as { type: number; message: string }[],
    statuses: [] as TrmStatus[],
    traces: [] as TrmTraceEvent[],
    diagnostics: [] as PublishDiagnosticsParams[],
    progress: [] as AssistClient['progress'],
  };
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    c.diagnostics.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.uri === p.uri && waiters[i]!.pred(p)) {
        waiters[i]!.resolve(p);
        waiters.splice(i, 1);
      }
    }
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    c.messages.push(p);
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification(Messages.trmStatus.method, (s: TrmStatus) => {
    c.statuses.push(s);
  });
  conn.onNotification(Messages.trmTrace.method, (e: TrmTraceEvent) => {
    c.traces.push(e);
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onNotification('$/progress', (p: { token: unknown; value: AssistClient['progress'][number]['value'] }) => {
    c.progress.push(p);
    if (opts.progressCancel && p.value.kind === 'report') void conn.sendNotification('window/workDoneProgress/cancel', { token: p.token });
  });
  conn.listen();
  proc.on('exit', () => conn.dispose());
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { codeLens: { refreshSupport: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, hover: { contentFormat: ['markdown'] } },
    },
    initializationOptions: { trm: opts.trm ?? {} },
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    ...c,
    stderr: () => err,
    open(uri, text, version = 1) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arcgrid', version, text } });
    },
    change(uri, version, text) {
      void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    waitDiagnostics(uri, pred, timeoutMs = 20000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${err}`)),
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
    async close() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification('exit');
      } catch {
        /* gone */
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
