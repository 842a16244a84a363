// The messages between the extension (client/src/tracePanelShell.ts) and the trace webview (webview/src/main.ts).
// One module, imported by both sides, so a change to the protocol is a type error on both ends.
// Plain JSON data only: everything here crosses postMessage.
//
// Streaming: a live run (the server's TRM run) is forwarded as
//   traceStart -> traceStep* -> traceEnd
// keyed by `runId`; a finished trace (from a cache or a file) arrives in one `showTrace`.
// The cursor moving to another puzzle sends `showPuzzle` (with that puzzle's last trace, if any).

import type { Trace, TraceOutcome, TraceStep } from '../../core/src/trm/trace';

// The puzzle view crosses the language server too (gridReasoner/puzzleAt): its types live in the protocol.
import type { Grid, PairView, PuzzleKind, PuzzleView } from '../../core/src/protocol/puzzleView';
export type { Grid, PairView, PuzzleKind, PuzzleView };

/** Extension -> webview. */
export type ToWebview =
  /** The puzzle at the cursor changed (null: the cursor is on no puzzle; `reason` says why). */
  | { type: 'showPuzzle'; puzzle: PuzzleView | null; trace?: Trace | null; reason?: string }
  /** A whole trace: finished (a run, a trace file), or partial with `runId` when that run is still streaming. */
  | { type: 'showTrace'; trace: Trace; puzzle?: PuzzleView | null; runId?: string }
  /** A run started: the steps follow. */
  | {
      type: 'traceStart';
      runId: string;
      puzzleName: string;
      kind: PuzzleKind;
      model: string;
      given: Grid;
      expected?: Grid;
      /** The exact solver's unique answer when the file has none. */
      solverAnswer?: Grid;
    }
  /** One more supervision step of the run `runId`. */
  | { type: 'traceStep'; runId: string; step: TraceStep }
  /** The run ended: with its outcome, or with an error message the user can act on. */
  | { type: 'traceEnd'; runId: string; outcome?: TraceOutcome; error?: string }
  /** The user ran an export command from the extension side. */
  | { type: 'requestExport'; what: ExportKind };

export type ExportKind = 'view' | 'strip';

/** Webview -> extension. */
export type FromWebview =
  /** The webview script is loaded and listening; the extension sends the current state. */
  | { type: 'ready' }
  /** A PNG to save: the extension asks the user where. */
  | { type: 'exportPng'; what: ExportKind; dataUrl: string; suggestedName: string }
  /** Something the user should see (for example an export that could not be drawn). */
  | { type: 'notify'; level: 'info' | 'warning' | 'error'; message: string };

const toWebviewTypes = new Set(['showPuzzle', 'showTrace', 'traceStart', 'traceStep', 'traceEnd', 'requestExport']);
const fromWebviewTypes = new Set(['ready', 'exportPng', 'notify']);

function hasType(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Whether a posted value is a message for the webview (anything else, such as other frames' messages, is ignored). */
export function isToWebview(value: unknown): value is ToWebview {
  return hasType(value) && toWebviewTypes.has(value.type);
}

/** Whether a posted value is a message from the webview. */
export function isFromWebview(value: unknown): value is FromWebview {
  if (!hasType(value) || !fromWebviewTypes.has(value.type)) return false;
  if (value.type === 'exportPng') {
    const v = value as { dataUrl?: unknown; suggestedName?: unknown; what?: unknown };
    return (
      typeof v.dataUrl === 'string' &&
      v.dataUrl.startsWith('data:image/png;base64,') &&
      typeof v.suggestedName === 'string' &&
      (v.what === 'view' || v.what === 'strip')
    );
  }
  return true;
}

/** The id of the webview panel type, shared by the panel and its serializer. */
export const TRACE_VIEW_TYPE = 'gridReasoner.trace';
