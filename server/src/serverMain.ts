// Connection-agnostic server setup: takes a Connection (Node stdio/IPC or a browser worker) and an
// environment, negotiates capabilities and registers one module per feature. Feature modules map pure
// core results (core/src/language, core/src/rules) to LSP; this file knows nothing about puzzles.

import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
// The version is written once, in package.json.
import packageJson from '../../package.json';
import { registerArcColours } from './arcColours';
import { registerCodeActions, registerCommands, SERVER_COMMANDS } from './codeActions';
import { registerCompletion } from './completion';
import {
  AnalysisCache,
  DEFAULT_SETTINGS,
  makeGuard,
  type FeatureHooks,
  type Logger,
  type ServerContext,
  type ServerSettings,
} from './context';
import { DiagnosticsScheduler } from './diagnostics';
import type { ServerEnvironment } from './environment';
import { registerFolding } from './folding';
import { registerFormatting } from './formatting';
import { registerHover } from './hover';
import { registerInlayHints } from './inlayHints';
import { puzzleIntakeExtension } from './puzzleIntake';
import { registerSymbols } from './symbols';
import { lineIndexedDocuments } from './textDocument';

/** A feature added from outside this modules (the TRM assistant, for one). */
export interface ServerExtension extends FeatureHooks {
  /** Sees the initialize request (client capabilities, initializationOptions) before the result is sent. */
  initialize?(params: InitializeParams): void;
  /** Adds to the capabilities sent in the initialize result. */
  capabilities?(caps: ServerCapabilities): void;
  /** workspace/executeCommand handlers, by command id. */
  commands?: Record<string, (ctx: ServerContext, args: unknown[]) => unknown>;
  /** Registers handlers; called once, after the built-in features. */
  register?(ctx: ServerContext): void;
}

export interface RunningServer {
  ctx: ServerContext;
  diagnostics: DiagnosticsScheduler;
}

function readSettings(options: unknown): ServerSettings {
  const o = (options ?? {}) as Partial<Record<keyof ServerSettings, unknown>>;
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    diagnosticsDelayMs: num(o.diagnosticsDelayMs, DEFAULT_SETTINGS.diagnosticsDelayMs),
    solverBudgetMs: num(o.solverBudgetMs, DEFAULT_SETTINGS.solverBudgetMs),
    solverGiveUpMs: num(o.solverGiveUpMs, DEFAULT_SETTINGS.solverGiveUpMs),
  };
}

/** The initialize request: reads the settings and client capabilities, and lists the built-in and extensions' capabilities. */
function initialize(params: InitializeParams, ctx: ServerContext, extensions: readonly ServerExtension[]): InitializeResult {
  Object.assign(ctx.settings, readSettings(params.initializationOptions));
  ctx.clientCapabilities = params.capabilities;
  const commands = [...SERVER_COMMANDS, ...extensions.flatMap((e) => Object.keys(e.commands ?? {}))];
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    completionProvider: { triggerCharacters: [' '], resolveProvider: false },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    inlayHintProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
    executeCommandProvider: { commands },
  };
  for (const e of extensions) e.initialize?.(params);
  for (const e of extensions) e.capabilities?.(capabilities);
  return { capabilities, serverInfo: { name: 'grid-reasoner', version: packageJson.version } };
}

/** Schedules diagnostics on every open and change; a closed document's analysis and diagnostics are dropped. */
function checkDocumentsAsTheyChange(documents: TextDocuments<TextDocument>, cache: AnalysisCache, diagnostics: DiagnosticsScheduler): void {
  // TextDocuments fires onDidChangeContent right after onDidOpen: a just-opened document is checked at once,
  // later changes after the debounce delay.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    diagnostics.schedule(uri, justOpened.delete(uri) ? 0 : undefined);
  });
  documents.onDidClose((e) => {
    cache.drop(e.document.uri);
    diagnostics.clear(e.document.uri);
  });
}

export function startServer(connection: Connection, env: ServerEnvironment, hostExtensions: ServerExtension[] = []): RunningServer {
  const extensions = [puzzleIntakeExtension(), ...hostExtensions];
  const documents = new TextDocuments(lineIndexedDocuments);
  const cache = new AnalysisCache(() => env.now());
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const ctx: ServerContext = {
    connection,
    documents,
    cache,
    env,
    log,
    settings: { ...DEFAULT_SETTINGS },
    analysis(uri) {
      const doc = documents.get(uri);
      return doc ? cache.get(doc) : undefined;
    },
    guard: makeGuard(env, log),
    hooks: extensions,
    refreshDiagnostics: (uri) => diagnostics.refresh(uri),
  };
  const diagnostics = new DiagnosticsScheduler(ctx);

  connection.onInitialize((params) => initialize(params, ctx, extensions));
  connection.onInitialized(() => log.info(`grid-reasoner server ready (${env.name})`));

  checkDocumentsAsTheyChange(documents, cache, diagnostics);

  registerHover(ctx);
  registerCompletion(ctx);
  registerSymbols(ctx);
  registerFolding(ctx);
  registerFormatting(ctx);
  registerInlayHints(ctx);
  registerArcColours(ctx);
  registerCodeActions(ctx);
  const extraCommands = Object.assign({}, ...extensions.map((e) => e.commands ?? {}));
  registerCommands(ctx, extraCommands);
  for (const e of extensions) e.register?.(ctx);

  documents.listen(connection);
  connection.listen();
  return { ctx, diagnostics };
}
