// The assistant's custom requests (core/src/protocol/messages.ts): the puzzle at a position with the model
// for it, and the trace of a puzzle's run for the trace panel.

import { puzzleAt, puzzleView } from '../../../../core/src/assist/puzzleAt';
import type { Puzzle } from '../../../../core/src/dsl/ast';
import type { PuzzleAtParams, PuzzleAtReply } from '../../../../core/src/protocol/messages';
import type { TrmTraceReply, TrmTraceRequest } from '../../../../core/src/protocol/trmMessages';
import { knownAnswers } from '../../../../core/src/trm/knownAnswer';
import { InvalidParams } from '../../context';
import type { TrmAssistant } from '../assistant';
import { isNoRun } from '../runs';

/** The puzzle at a position (the one rule of core/src/assist/puzzleAt.ts) and the model that takes it. */
export function puzzleAtReply(a: TrmAssistant, p: PuzzleAtParams): PuzzleAtReply {
  if (typeof p?.uri !== 'string' || !p.position) throw new InvalidParams('takes { uri: string, position: { line, character } }');
  const analysis = a.ctx.analysis(p.uri);
  if (!analysis) return { reason: 'The language server does not have this document open.' };
  const at = puzzleAt(analysis.parsed.document.puzzles, p.position);
  if (!at) return { reason: 'This file has no puzzles yet.' };
  const reply: PuzzleAtReply = {
    uri: p.uri,
    puzzleIndex: at.index,
    testIndex: at.testIndex,
    name: at.puzzle.name,
    kind: at.puzzle.kind,
    view: viewOf(p.uri, at.puzzle),
  };
  if (!a.settings.enabled) return { ...reply, noModel: 'the TRM assistant is off (gridReasoner.assistant.enabled)' };
  const d = a.runs.describe(at.puzzle, at.testIndex);
  if ('key' in d) return { ...reply, model: d.model.meta.name };
  if (d.reason === 'not-runnable' && d.model) return { ...reply, model: d.model.meta.name, notRun: d.message };
  return { ...reply, noModel: d.message };
}

/**
 * The trace of a puzzle's latest run (with `start`, an explicit run is started when there is none). Without
 * `start`, a puzzle with no run yet gets its background run now when background runs are on (it would start
 * after the edits settle anyway): the client asking holds its partial trace and the rest is streamed to it.
 * Else a trace panel that asked right after an edit, or as a file opened, would wait for the next cursor move
 * while the lens already shows the finished run.
 */
export function traceReply(a: TrmAssistant, p: TrmTraceRequest): TrmTraceReply | null {
  const index = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (typeof p?.uri !== 'string' || !index(p.puzzleIndex) || (p.testIndex !== undefined && !index(p.testIndex))) {
    throw new InvalidParams('takes { uri: string, puzzleIndex: integer >= 0, testIndex?: integer >= 0, start?: boolean }');
  }
  const puzzle = a.puzzles(p.uri)[p.puzzleIndex];
  if (!puzzle) return null;
  const t = p.testIndex ?? 0;
  const background = a.settings.enabled && a.settings.autoRun;
  const r = p.start
    ? a.runs.ensure(p.uri, puzzle, p.puzzleIndex, t, true)
    : (a.runs.get(p.uri, puzzle, t) ?? (background ? a.runs.ensure(p.uri, puzzle, p.puzzleIndex, t, false) : undefined));
  if (!r || isNoRun(r)) return null;
  // The client now holds a partial trace of a running run: stream the rest of it, so it never stays "running".
  if (r.state === 'running') r.streamed = true;
  return {
    runId: r.id,
    running: r.state === 'running',
    trace: {
      puzzleName: r.grids.name,
      kind: r.grids.kind,
      model: r.model.meta.name,
      given: r.grids.given,
      ...knownAnswers(r.grids),
      steps: [...r.steps],
      ...(r.outcome ? { outcome: r.outcome } : {}),
    },
    view: viewOf(p.uri, puzzle),
  };
}

function viewOf(uri: string, puzzle: Puzzle): ReturnType<typeof puzzleView> {
  const fileName = decodeURIComponent(uri.split('/').pop() ?? uri);
  return puzzleView(puzzle, { uri, fileName, line: puzzle.range.start.line });
}
