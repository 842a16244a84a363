// Every custom message between the Grid Reasoner clients (VS Code desktop and web, Neovim, tests) and the
// language server, declared once with its direction and types. Client and server send and handle them only
// through `sendRequest` / `onRequest` / `sendNotification` / `onNotification` below, so a changed message is
// a type error on both ends. docs/protocol.md documents each one; tests/assist/protocol.test.ts fails when
// this file changes without that doc. No LSP imports: an endpoint is anything with the four JSON-RPC methods.

import type { PuzzleView } from './puzzleView';
import type { TrmClientSettings, TrmStatus, TrmTraceEvent, TrmTraceReply, TrmTraceRequest } from './trmMessages';
import type { TraceOutcome } from '../trm/trace';

export type Direction = 'client->server' | 'server->client';

declare const phantom: unique symbol;

export interface RequestDef<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly direction: Direction;
  /** Types only (never set): the params and the result. */
  readonly [phantom]?: { params: P; result: R };
}

export interface NotificationDef<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly direction: Direction;
  readonly [phantom]?: { params: P };
}

/** A workspace/executeCommand command: its id, its argument tuple and its result. */
export interface CommandDef<A extends unknown[], R> {
  readonly kind: 'command';
  readonly method: string;
  /** Who handles it: the server (workspace/executeCommand) or the client (a VS Code command a lens runs). */
  readonly direction: Direction;
  readonly [phantom]?: { args: A; result: R };
}

function request<P, R>(method: string, direction: Direction): RequestDef<P, R> {
  return { kind: 'request', method, direction };
}
function notification<P>(method: string, direction: Direction): NotificationDef<P> {
  return { kind: 'notification', method, direction };
}
function command<A extends unknown[], R>(method: string, direction: Direction): CommandDef<A, R> {
  return { kind: 'command', method, direction };
}

// ----- message payloads not declared elsewhere ---------------------------------------------------------------

export interface Position {
  line: number;
  character: number;
}

export interface PuzzleAtParams {
  uri: string;
  position: Position;
}

/** The puzzle at a position (core/src/assist/puzzleAt.ts) and the model that takes it. */
export type PuzzleAtReply =
  | {
      uri: string;
      puzzleIndex: number;
      testIndex: number;
      name: string;
      kind: PuzzleView['kind'];
      view: PuzzleView;
      /** The model for this puzzle (the assistant's model choice), when one takes it. */
      model?: string;
      /** Why no model takes it (or the assistant is off). */
      noModel?: string;
      /** Why `model` is not run on it as written (its givens already break the rules, a maze has no way through). */
      notRun?: string;
    }
  | { reason: string };

export interface CancelParams {
  runId: string;
}

/**
 * A model of the web extension: its metadata JSON text and its .onnx file, as a path relative to the extension
 * (bundled) or the URI the client read it from (the gridReasoner.models setting), for webReadFile.
 */
export interface WebModelEntry {
  onnx: string;
  json: string;
  /** Where it was named (default: bundled with the extension). */
  origin?: 'bundled' | 'user' | 'workspace';
  /** Why it cannot be used (its files could not be read); `json` is empty then. */
  problem?: string;
}
export interface ReadFileParams {
  path: string;
}

export interface SolveResult {
  puzzle?: string;
  runId?: string;
  state?: 'running' | 'done' | 'cancelled' | 'error';
  outcome?: TraceOutcome;
  error?: string;
}

export interface Range {
  start: Position;
  end: Position;
}
export interface ArcColoursParams {
  uri: string;
}
/** byColour[c] = the ranges to paint with ARC colour c (0-9), for the document version named. */
export interface ArcColoursReply {
  version: number;
  byColour: Range[][];
}

export interface SolveExactlyResult {
  applied: boolean;
  message: string;
}

export interface UniquenessResult {
  puzzle: string;
  count: number;
  capped: boolean;
  unique: boolean;
  message: string;
}

// ----- the messages ------------------------------------------------------------------------------------------

export const Messages = {
  /** The assistant's state: models, the provider actually used, runs in progress. */
  trmStatus: notification<TrmStatus>('gridReasoner/trmStatus', 'server->client'),
  /** A run streamed live: start, step*, end (explicit runs, and runs whose trace a client holds). */
  trmTrace: notification<TrmTraceEvent>('gridReasoner/trmTrace', 'server->client'),
  /** The assistant's settings and the workspace trust (also sent as initializationOptions.trm). */
  trmSettings: notification<TrmClientSettings>('gridReasoner/trmSettings', 'client->server'),
  /** Cancels an explicit run (the client's own cancellable progress). */
  trmCancel: notification<CancelParams>('gridReasoner/trmCancel', 'client->server'),
  /** The latest trace of a puzzle (partial while running); `start` runs the model when it has none. */
  trmGetTrace: request<TrmTraceRequest, TrmTraceReply | null>('gridReasoner/trmGetTrace', 'client->server'),
  /** Every model, its state and the provider used. */
  trmModelInfo: request<null, TrmStatus>('gridReasoner/trmModelInfo', 'client->server'),
  /** The puzzle at a position, its drawable view and its model: the client never parses a document. */
  puzzleAt: request<PuzzleAtParams, PuzzleAtReply>('gridReasoner/puzzleAt', 'client->server'),
  /** Where the ARC colour swatches go in a document's current version (the client paints them). */
  arcColours: request<ArcColoursParams, ArcColoursReply | null>('gridReasoner/arcColours', 'client->server'),
  /** Web extension: the bundled models and those of the gridReasoner.models setting (the worker has no file system). */
  webListModels: request<null, WebModelEntry[]>('gridReasoner/web/listModels', 'server->client'),
  /** Web extension: a file of the extension (models/*.onnx, dist/*.wasm) or a model file it listed, as base64. */
  webReadFile: request<ReadFileParams, string>('gridReasoner/web/readFile', 'server->client'),
} as const;

export const Commands = {
  /** Runs the model on a puzzle, with progress: [uri, puzzleIndex, testIndex?]. */
  trmSolve: command<[uri: string, puzzleIndex: number, testIndex?: number], SolveResult | null>('gridReasoner.trm.solve', 'client->server'),
  /** Writes the exact solver's answer (the `Solve exactly` lens): [uri, puzzleIndex]. */
  solveExactly: command<[uri: string, puzzleIndex: number], SolveExactlyResult>('gridReasoner.solveExactly', 'client->server'),
  /** Counts the solutions of a puzzle: [uri, puzzleIndex]. */
  checkUniqueness: command<[uri: string, puzzleIndex: number], UniquenessResult | null>(
    'gridReasoner.server.checkUniqueness',
    'client->server',
  ),
  /** Client command a lens runs: opens the trace panel on a puzzle's run: [uri, puzzleIndex, testIndex?]. */
  showTrace: command<[uri: string, puzzleIndex: number, testIndex?: number], void>('gridReasoner.trm.showTrace', 'server->client'),
} as const;

// ----- typed sending and handling ------------------------------------------------------------------------------

/**
 * What both vscode-languageserver's Connection and vscode-languageclient's LanguageClient offer. Loosely typed
 * (their methods are overloaded): the functions below are the typed way in.
 */
/* The parameters are `any` so that the libraries' overloaded methods fit; nothing else uses this type. */
export interface Endpoint {
  sendRequest(method: any, params?: any): Promise<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any
  sendNotification(method: any, params?: any): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  onRequest(method: any, handler: any): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  onNotification(method: any, handler: any): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function sendRequest<P, R>(to: Pick<Endpoint, 'sendRequest'>, m: RequestDef<P, R>, params: P): Promise<R> {
  return to.sendRequest(m.method, params) as Promise<R>;
}

export function sendNotification<P>(to: Pick<Endpoint, 'sendNotification'>, m: NotificationDef<P>, params: P): void {
  void to.sendNotification(m.method, params);
}

/** A handler may answer with an Error (a JSON-RPC error reply, as the server's request guard does). */
export function onRequest<P, R, Token = unknown>(
  on: Pick<Endpoint, 'onRequest'>,
  m: RequestDef<P, R>,
  handler: (params: P, token: Token) => R | Error | Promise<R | Error>,
): void {
  on.onRequest(m.method, handler);
}

export function onNotification<P>(on: Pick<Endpoint, 'onNotification'>, m: NotificationDef<P>, handler: (params: P) => void): void {
  on.onNotification(m.method, handler);
}

/** Every declared message and command, for the documentation test. */
export function allMessages(): (RequestDef<unknown, unknown> | NotificationDef<unknown> | CommandDef<unknown[], unknown>)[] {
  return [...Object.values(Messages), ...Object.values(Commands)];
}
