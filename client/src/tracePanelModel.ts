// What the trace panel shows and which message brings the webview there, without VS Code: the puzzle the
// panel follows (answered by the server: the client never parses a document), the traces of the TraceStore,
// and whether the webview is listening. client/src/tracePanelShell.ts is the VS Code shell around one of these;
// tests/webview/tracePanelModel.test.ts drives it through the user's sequences.
//
// Every change of what is shown posts a whole snapshot (`showTrace` / `showPuzzle`) built from the store, so
// the webview can never be left on a state the store no longer has (a run shown as live after it ended, or
// "no trace yet" when the store holds a finished one). Only the steps of the run the webview is streaming
// are sent one by one.

import {
  type PuzzleAtReply,
  type TrmTraceEvent,
  type TrmTraceReply,
  type TrmTraceRequest,
  viewModelInput,
} from '../../core/src/protocol/index';
import type { Trace } from '../../core/src/trm/trace';
import type { PuzzleView, ToWebview } from '../../webview/src/messages';
import { type CachedTrace, TraceStore, traceKey } from './traceStore';

/** A puzzle the panel follows: where it is and how it is drawn. */
export interface PanelTarget {
  uri: string;
  puzzleIndex: number;
  testIndex: number;
  view: PuzzleView;
}

export function targetOf(reply: PuzzleAtReply | null | undefined): PanelTarget | { reason: string } {
  if (!reply) return { reason: 'Open an .arc file and put the cursor in a puzzle to see it here.' };
  if ('reason' in reply) return { reason: reply.reason };
  return { uri: reply.uri, puzzleIndex: reply.puzzleIndex, testIndex: reply.testIndex, view: reply.view };
}

export class TracePanelModel {
  readonly store: TraceStore;
  private target: PanelTarget | null = null;
  private reason: string | undefined;
  /** A trace shown on its own (from a file), not a puzzle's. */
  private fileTrace: Trace | null = null;
  private ready = false;
  /** The run the webview streams (its last snapshot or traceStart had this runId), else null. */
  private webviewRun: string | null = null;
  /** The last message posted (tests and the end-to-end suite read it). */
  lastPosted: ToWebview | undefined;

  constructor(
    private readonly post: (m: ToWebview) => void,
    maxTraces = 64,
  ) {
    this.store = new TraceStore(maxTraces);
  }

  /** The key of the shown puzzle's traces, or null. */
  get key(): string | null {
    const t = this.target;
    return t ? traceKey(t.uri, t.puzzleIndex, t.view.name, t.testIndex) : null;
  }

  get shown(): PanelTarget | null {
    return this.target;
  }

  /** The panel title. */
  title(): string {
    const name = this.target?.view.name ?? this.fileTrace?.puzzleName;
    return name ? `Trace: ${name}` : 'Reasoning Trace';
  }

  /** The trace the webview shows for the shown puzzle (null: none, or a trace file is shown). */
  shownTrace(): Trace | null {
    return this.current()?.trace ?? null;
  }

  /** Whether the store holds a trace of the shown puzzle as it is now. */
  hasTrace(): boolean {
    return this.current() !== undefined;
  }

  /**
   * The stored trace of the shown puzzle, unless it was computed for another input than the puzzle has now:
   * after an edit of its givens (maze, ARC test input) the key is the same but that run is of an older version,
   * and showing it beside the new lens would contradict it.
   */
  private current(): CachedTrace | undefined {
    const k = this.key;
    const entry = k !== null ? this.store.get(k) : undefined;
    if (!entry || !this.target) return entry;
    const input = viewModelInput(this.target.view, this.target.testIndex);
    return input === undefined || JSON.stringify(input) === JSON.stringify(entry.trace.given) ? entry : undefined;
  }

  private send(m: ToWebview): void {
    this.lastPosted = m;
    if (this.ready) this.post(m);
  }

  /** The whole state, from the store. */
  snapshot(): void {
    // Nothing known yet (a panel restored after a reload): the webview keeps what it restored.
    if (!this.target && this.reason === undefined && !this.fileTrace) return;
    if (this.fileTrace) {
      this.webviewRun = null;
      this.send({ type: 'showTrace', trace: this.fileTrace, puzzle: null });
      return;
    }
    const entry = this.current();
    const puzzle = this.target?.view ?? null;
    if (entry) {
      this.webviewRun = entry.runId;
      this.send({ type: 'showTrace', trace: entry.trace, puzzle, ...(entry.runId ? { runId: entry.runId } : {}) });
      return;
    }
    this.webviewRun = null;
    const m: ToWebview = { type: 'showPuzzle', puzzle, trace: null };
    if (!this.target && this.reason) m.reason = this.reason;
    this.send(m);
  }

  /** The webview (re)loaded and listens: it gets everything. */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (ready) this.snapshot();
  }

  /** Follow a puzzle (or say why there is none). Returns whether what is shown changed. */
  follow(t: PanelTarget | { reason: string }): boolean {
    const before = JSON.stringify([this.target, this.reason, this.fileTrace?.puzzleName]);
    if ('reason' in t) {
      this.target = null;
      this.reason = t.reason;
    } else {
      this.target = t;
      this.reason = undefined;
    }
    this.fileTrace = null;
    if (JSON.stringify([this.target, this.reason, null]) === before) return false;
    this.snapshot();
    return true;
  }

  /** Shows a whole trace (a file). */
  showFileTrace(trace: Trace): void {
    this.target = null;
    this.reason = undefined;
    this.fileTrace = trace;
    this.snapshot();
  }

  /** A live event from the server. */
  event(e: TrmTraceEvent): void {
    const k = this.key;
    const msg = this.store.onEvent(e, k);
    if (e.type === 'runsRestarted') {
      this.snapshot(); // the stale trace goes; the shell asks for the new run
      return;
    }
    if (!msg) return;
    if (msg.type === 'traceStart') {
      this.webviewRun = msg.runId;
      this.send(msg);
    } else if (msg.type === 'traceStep' && this.webviewRun === msg.runId) {
      this.send(msg);
    } else if (msg.type === 'traceEnd' && this.webviewRun === msg.runId) {
      this.webviewRun = null;
      this.send(msg);
    } else {
      // The webview is not streaming this run (it missed the start): bring it up to date at once.
      this.snapshot();
    }
  }

  /** A reply to a trace request: stored, and shown when it is the shown puzzle's. */
  reply(request: TrmTraceRequest, reply: TrmTraceReply): void {
    this.store.adoptReply(request, reply);
    const k = traceKey(request.uri, request.puzzleIndex, reply.trace.puzzleName, request.testIndex ?? 0);
    if (k === this.key) this.snapshot();
  }
}
