// The trace panel's memory of runs, without VS Code: the latest trace of every puzzle (by document, index and
// name), the live runs that stream into them, and which webview message each server event becomes for the
// puzzle the panel shows. TracePanelModel (client/src/tracePanelModel.ts) owns one; tests/webview/traceStore.test.ts drives it.

import { LruMap } from '../../core/src/lru';
import type { TrmTraceEvent, TrmTraceReply, TrmTraceRequest } from '../../core/src/protocol/trmMessages';
import type { Trace } from '../../core/src/trm/trace';
import type { ToWebview } from '../../webview/src/messages';

export interface CachedTrace {
  trace: Trace;
  /** Set while the run streams. */
  runId: string | null;
}

/**
 * The key of a puzzle's traces: its document, its index there, its name (an edit that renames it starts afresh)
 * and, for ARC, the test pair.
 */
export function traceKey(uri: string, index: number, name: string, testIndex = 0): string {
  return `${uri}#${index}#${name}${testIndex > 0 ? `#${testIndex}` : ''}`;
}

export class TraceStore {
  /** The least recently stored trace goes first; a dropped live run no longer routes its events anywhere. */
  private readonly traces: LruMap<string, CachedTrace>;
  private readonly runKeys = new Map<string, string>();
  /** Runs whose end event came (bounded), so that a late reply of such a run does not replace its full trace. */
  private readonly endedRuns: LruMap<string, true>;

  constructor(max = 64) {
    this.traces = new LruMap(max, (_key, old) => {
      if (old.runId) this.runKeys.delete(old.runId);
    });
    this.endedRuns = new LruMap(4 * max);
  }

  /** Reading does not count as a use: only storing keeps a trace longer. */
  get(key: string): CachedTrace | undefined {
    return this.traces.peek(key);
  }

  get size(): number {
    return this.traces.size;
  }

  /**
   * A server event. Returns the message for the webview when the event concerns `shownKey` (the puzzle the
   * panel shows), else undefined; the store keeps every run either way.
   */
  onEvent(e: TrmTraceEvent, shownKey: string | null): ToWebview | undefined {
    if (e.type === 'runsRestarted') {
      this.traces.clear();
      this.runKeys.clear();
      return undefined;
    }
    if (e.type === 'start') {
      const key = traceKey(e.uri, e.puzzleIndex, e.puzzleName, e.testIndex);
      const previous = this.traces.peek(key);
      if (previous?.runId) this.runKeys.delete(previous.runId); // superseded (the server cancels stale runs)
      const trace: Trace = { puzzleName: e.puzzleName, kind: e.kind, model: e.model, given: e.given, steps: [] };
      if (e.expected) trace.expected = e.expected;
      if (e.solverAnswer) trace.solverAnswer = e.solverAnswer;
      this.traces.set(key, { trace, runId: e.runId });
      this.runKeys.set(e.runId, key);
      if (key !== shownKey) return undefined;
      const msg: ToWebview = { type: 'traceStart', runId: e.runId, puzzleName: e.puzzleName, kind: e.kind, model: e.model, given: e.given };
      if (e.expected) msg.expected = e.expected;
      if (e.solverAnswer) msg.solverAnswer = e.solverAnswer;
      return msg;
    }
    const key = this.runKeys.get(e.runId);
    const entry = key !== undefined ? this.traces.peek(key) : undefined;
    if (key === undefined || !entry || entry.runId !== e.runId) return undefined;
    if (e.type === 'step') {
      entry.trace = { ...entry.trace, steps: [...entry.trace.steps, e.step] };
      return key === shownKey ? { type: 'traceStep', runId: e.runId, step: e.step } : undefined;
    }
    if (e.outcome) entry.trace = { ...entry.trace, outcome: e.outcome };
    entry.runId = null;
    this.runKeys.delete(e.runId);
    this.endedRuns.set(e.runId, true);
    if (key !== shownKey) return undefined;
    const msg: ToWebview = { type: 'traceEnd', runId: e.runId };
    if (e.outcome) msg.outcome = e.outcome;
    if (e.error) msg.error = e.error;
    return msg;
  }

  /**
   * A reply to a trace request. Returns the key it was stored under, or undefined when the store already
   * knows more (the same run, streamed here with at least as many steps).
   */
  adoptReply(request: TrmTraceRequest, reply: TrmTraceReply): string | undefined {
    const key = traceKey(request.uri, request.puzzleIndex, reply.trace.puzzleName, request.testIndex ?? 0);
    const existing = this.traces.peek(key);
    if (existing && existing.runId === reply.runId && existing.trace.steps.length >= reply.trace.steps.length) return undefined;
    // A reply that left the server before its run ended, arriving after the end event: the store has it all.
    if (existing && this.endedRuns.has(reply.runId)) return undefined;
    if (existing?.runId && existing.runId !== reply.runId) this.runKeys.delete(existing.runId);
    this.traces.set(key, { trace: reply.trace, runId: reply.running ? reply.runId : null });
    if (reply.running) this.runKeys.set(reply.runId, key);
    return key;
  }
}

/** A JSON value that has the shape of a Trace (from `grid-reasoner trace --json`), or a message saying what is wrong. */
export function checkTraceJson(value: unknown): Trace | string {
  if (typeof value !== 'object' || value === null) return 'the file does not hold a JSON object';
  const t = value as Partial<Trace>;
  if (t.kind !== 'arc' && t.kind !== 'sudoku' && t.kind !== 'maze') return 'its "kind" is not "arc", "sudoku" or "maze"';
  if (typeof t.puzzleName !== 'string') return 'it has no "puzzleName"';
  const isGrid = (g: unknown): boolean => Array.isArray(g) && g.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'));
  if (!isGrid(t.given)) return '"given" is not a grid of symbols';
  if (t.expected !== undefined && !isGrid(t.expected)) return '"expected" is not a grid of symbols';
  if (t.solverAnswer !== undefined && !isGrid(t.solverAnswer)) return '"solverAnswer" is not a grid of symbols';
  if (!Array.isArray(t.steps)) return 'it has no "steps" list';
  for (const [i, s] of t.steps.entries()) {
    if (typeof s !== 'object' || s === null || typeof s.step !== 'number' || !isGrid(s.grid) || typeof s.haltScore !== 'number')
      return `step ${i + 1} lacks "step", "grid" or "haltScore"`;
    if (!Array.isArray(s.probability) || !Array.isArray(s.top)) return `step ${i + 1} lacks "probability" or "top"`;
  }
  return { model: 'unknown model', ...t } as Trace;
}
