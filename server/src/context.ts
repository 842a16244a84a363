// What every feature module gets: the connection, the documents, the analysis cache, the environment,
// a logger and the request guard.

import {
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type HoverParams,
  type Range as LspRange,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseResult, Puzzle } from '../../core/src/dsl/ast';
import { ParseJob, type ChunkedParse } from '../../core/src/dsl/incremental';
import { parsePuzzleAt } from '../../core/src/dsl/puzzleAt';
import { puzzleAtLine } from '../../core/src/language/locate';
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

export const DEFAULT_SETTINGS: ServerSettings = {
  diagnosticsDelayMs: 80,
  solverBudgetMs: DEFAULT_SOLVER_BUDGET_MS,
  solverGiveUpMs: 10_000,
};

/** The analysis of one version of a document. Parsed once per version; features read it. */
export interface Analysis {
  uri: string;
  version: number;
  text: string;
  parsed: ParseResult;
  /** The text of each puzzle (parsed.document.puzzles by index), from its header line to the next header: its
   *  parse and its rules depend on nothing else. Undefined for every puzzle when the parser failed. */
  puzzleTexts: readonly (string | undefined)[];
  /** Milliseconds the parser worked on this version (its slices, or the one parse at once), yields not counted. */
  parseMs: number;
}

/** How a parse in slices shares the thread: slices of `sliceMs`, `yieldToEventLoop` between them. */
export interface Slicing {
  now(): number;
  sliceMs: number;
  yieldToEventLoop(): Promise<void>;
}

/** A version being parsed, and the milliseconds spent on it so far. */
interface ParseInProgress {
  version: number;
  job: ParseJob;
  ms: number;
}

/**
 * The analyses of the open documents. A new version is parsed from the previous one's chunks (only where the edits
 * were: core/src/dsl/incremental.ts); `analyse` parses in slices, `get` at once (finishing a parse in slices of
 * the same version where one is under way).
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { analysis: Analysis; chunked: ChunkedParse }>();
  private readonly jobs = new Map<string, ParseInProgress>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get(doc: TextDocument): Analysis {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.analysis.version === doc.version) return hit.analysis;
    const pending = this.job(doc);
    const t0 = this.now();
    const chunked = pending.job.finish();
    pending.ms += this.now() - t0;
    return this.complete(doc.uri, pending, chunked);
  }

  /**
   * The puzzle whose lines hold `line` (past the end, the last line's): from this version's analysis when it
   * is done, else parsed on its own, so that a request about one place (a hover right after a large document's
   * open) does not wait for the whole parse. The same puzzle either way (core/src/dsl/puzzleAt.ts).
   */
  puzzleAt(doc: TextDocument, line: number): Puzzle | undefined {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.analysis.version === doc.version) return puzzleAtLine(hit.analysis.parsed.document.puzzles, line);
    return parsePuzzleAt(doc.getText(), line);
  }

  /** The analysis of this version, parsed in slices; undefined when the document changed or closed meanwhile. */
  async analyse(doc: TextDocument, slicing: Slicing): Promise<Analysis | undefined> {
    const { uri, version } = doc;
    const hit = this.entries.get(uri);
    if (hit && hit.analysis.version === version) return hit.analysis;
    const pending = this.job(doc);
    for (;;) {
      // Before every slice, the first too: the requests that came with a large document, or right behind it, are
      // answered before any of it is parsed.
      await slicing.yieldToEventLoop();
      // Meanwhile a request may have finished the parse (get), or the document changed (TextDocuments updates the
      // same object) or closed.
      if (doc.version !== version || this.jobs.get(uri) !== pending) {
        const done = this.entries.get(uri);
        return done && done.analysis.version === version ? done.analysis : undefined;
      }
      const t0 = slicing.now();
      const deadline = t0 + slicing.sliceMs;
      const done = pending.job.step(() => slicing.now() > deadline);
      const chunked = done ? pending.job.finish() : undefined;
      pending.ms += slicing.now() - t0;
      if (chunked) return this.complete(uri, pending, chunked);
    }
  }

  /** The parse of this version under way, or a new one from the last version analysed. */
  private job(doc: TextDocument): ParseInProgress {
    const pending = this.jobs.get(doc.uri);
    if (pending && pending.version === doc.version) return pending;
    const job = { version: doc.version, job: new ParseJob(doc.getText(), this.entries.get(doc.uri)?.chunked), ms: 0 };
    this.jobs.set(doc.uri, job);
    return job;
  }

  private complete(uri: string, { version, ms }: ParseInProgress, chunked: ChunkedParse): Analysis {
    this.jobs.delete(uri);
    const parsed = chunked.result;
    const puzzleTexts = chunked.puzzleTexts.length === parsed.document.puzzles.length ? chunked.puzzleTexts : [];
    const analysis: Analysis = { uri, version, text: chunked.text, parsed, puzzleTexts, parseMs: ms };
    this.entries.set(uri, { analysis, chunked });
    return analysis;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.jobs.delete(uri);
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
  hover?(
    params: HoverParams,
    token: CancellationToken,
  ): Promise<{ markdown: string; range?: LspRange } | undefined> | { markdown: string; range?: LspRange } | undefined;
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
    ctx.log.error(`${name} hook failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
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
  guard<P, R>(
    name: string,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
  ): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;
}

/** A request whose parameters are not what the method takes: answered InvalidParams with this message. */
export class InvalidParams extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidParams';
  }
}

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPos = (v: unknown): boolean =>
  !!v && typeof v === 'object' && isInt((v as { line?: unknown }).line) && isInt((v as { character?: unknown }).character);
const isRange = (v: unknown): boolean =>
  !!v && typeof v === 'object' && isPos((v as { start?: unknown }).start) && isPos((v as { end?: unknown }).end);

/**
 * The shape every request of ours relies on: a params object (or none); where present, a text document with a string
 * uri, a position, a range, a code action context with a diagnostics array, a command's arguments array.
 * Anything else (a forged or broken request) is answered InvalidParams saying what is wrong.
 */
export function paramsProblem(params: unknown): string | undefined {
  if (params === undefined || params === null) return undefined; // a request that takes none
  if (typeof params !== 'object' || Array.isArray(params)) return 'params must be an object';
  const p = params as Record<string, unknown>;
  if ('textDocument' in p && (!p.textDocument || typeof (p.textDocument as { uri?: unknown }).uri !== 'string'))
    return 'textDocument.uri must be a string';
  if ('position' in p && !isPos(p.position)) return 'position must be { line, character } with whole numbers >= 0';
  if ('range' in p && !isRange(p.range)) return 'range must be { start, end } positions';
  if ('context' in p) {
    const c = p.context as { diagnostics?: unknown } | null;
    if (!c || typeof c !== 'object' || ('diagnostics' in c && !Array.isArray(c.diagnostics))) return 'context.diagnostics must be an array';
    if (
      Array.isArray(c.diagnostics) &&
      c.diagnostics.some((d) => !d || typeof d !== 'object' || !isRange((d as { range?: unknown }).range))
    )
      return 'every context diagnostic needs a range';
  }
  if ('arguments' in p && p.arguments !== undefined && !Array.isArray(p.arguments)) return 'arguments must be an array';
  return undefined;
}

export function makeGuard(env: ServerEnvironment, log: Logger): ServerContext['guard'] {
  return (name, handler) => async (params, token) => {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    const t0 = env.now();
    try {
      if (env.faults.has(name)) throw new Error(`injected fault in ${name} (GRID_REASONER_FAULTS)`);
      const problem = paramsProblem(params);
      if (problem) throw new InvalidParams(problem);
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
