// What every feature module gets: the connection, the documents, the analysis cache, the environment,
// a logger and the request guard.

import {
  ErrorCodes, LSPErrorCodes, MessageType, ResponseError, ShowMessageNotification, TextDocuments,
  type CancellationToken, type ClientCapabilities, type CodeAction, type CodeActionParams, type CompletionItem, type CompletionParams,
  type Connection, type Diagnostic as LspDiagnostic, type HoverParams, type Range as LspRange,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseResult } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import { DEFAULT_SOLVER_BUDGET_MS } from '../../core/src/assist/settings';
import type { ServerEnvironment } from './environment';

export interface ServerSettings {
  /** Delay before diagnostics after an edit (ms). */
  diagnosticsDelayMs: number;
  /** Wall-clock budget for solver checks per document analysis (ms). */
  solverBudgetMs: number;
  /** Solver time after which one puzzle is given up as too slow (R107), summed over every run (ms). */
  solverGiveUpMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { diagnosticsDelayMs: 80, solverBudgetMs: DEFAULT_SOLVER_BUDGET_MS, solverGiveUpMs: 10_000 };


/** The analysis of one version of a document. Parsed once per version; features read it. */
export interface Analysis {
  uri: string;
  version: number;
  text: string;
  parsed: ParseResult;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Analysis>();

  get(doc: TextDocument): Analysis {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const text = doc.getText();
    const a: Analysis = { uri: doc.uri, version: doc.version, text, parsed: parse(text) };
    this.entries.set(doc.uri, a);
    return a;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
  }
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/**
 * Contributions merged into the built-in features by an extension (the TRM assistant, server/src/trm).
 * Each hook is isolated: one that throws is logged and the built-in result is kept.
 */
export interface FeatureHooks {
  /** Markdown appended below the built-in hover (range used when the built-in hover has none). */
  hover?(params: HoverParams, token: CancellationToken): Promise<{ markdown: string; range?: LspRange } | undefined> | { markdown: string; range?: LspRange } | undefined;
  /** Rewrites (merges, reorders) the built-in completion items. */
  completion?(params: CompletionParams, items: CompletionItem[], token: CancellationToken): Promise<CompletionItem[]> | CompletionItem[];
  /** Actions added after the built-in ones (it sees them, to avoid duplicates). */
  codeActions?(params: CodeActionParams, builtIn: readonly CodeAction[], token: CancellationToken): Promise<CodeAction[]> | CodeAction[];
  /** Diagnostics published together with the built-in ones for this version of the document. */
  diagnostics?(uri: string, version: number): LspDiagnostic[];
}

/** Runs a hook, logging (not throwing) its failure; returns `fallback` then. */
export async function runHook<T>(ctx: Pick<ServerContext, 'log'>, name: string, fallback: T, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    ctx.log.error(`${name} hook failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return fallback;
  }
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: AnalysisCache;
  env: ServerEnvironment;
  log: Logger;
  settings: ServerSettings;
  /** What the client declared in initialize (snippet support, for one); undefined before it. */
  clientCapabilities?: ClientCapabilities;
  /** The current analysis of an open document, or undefined when the document is not open. */
  analysis(uri: string): Analysis | undefined;
  /** Contributions of extensions (see FeatureHooks); empty without extensions. */
  hooks: FeatureHooks[];
  /** Recomputes and republishes the diagnostics of a document soon (an extension's results changed). */
  refreshDiagnostics(uri: string): void;
  /** Wraps a request handler: cancellation, fault isolation, logging. */
  guard<P, R>(name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;
}

/** A request whose parameters are not what the method takes: answered InvalidParams with this message. */
export class InvalidParams extends Error {
  constructor(message: string) { super(message); this.name = 'InvalidParams'; }
}

export function makeGuard(env: ServerEnvironment, log: Logger): ServerContext['guard'] {
  return (name, handler) => async (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    const t0 = env.now();
    try {
      if (env.faults.has(name)) throw new Error(`injected fault in ${name} (GRID_REASONER_FAULTS)`);
      const r = await handler(params, token);
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      const ms = env.now() - t0;
      if (ms > 500) log.warn(`${name} took ${ms.toFixed(0)} ms`);
      return r;
    } catch (e) {
      if (e instanceof InvalidParams) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${e.message}`);
      const msg = e instanceof Error ? e.message : String(e);
      log.error(`${name} failed: ${msg}${e instanceof Error && e.stack ? `\n${e.stack}` : ''}`);
      return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${msg}`);
    }
  };
}

/**
 * Shows a message without waiting for an answer. (window.showWarningMessage sends a request that a client
 * may reject; a dropped rejection would end the server.)
 */
export function showMessage(ctx: Pick<ServerContext, 'connection'>, type: 'info' | 'warning' | 'error', message: string): void {
  const t = type === 'info' ? MessageType.Info : type === 'warning' ? MessageType.Warning : MessageType.Error;
  void ctx.connection.sendNotification(ShowMessageNotification.type, { type: t, message });
}
