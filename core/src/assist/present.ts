// What the editor shows of a run, as text: the per-step table of a cell, the header summary, the code
// lens outcome line. Plain strings (markdown where it says so).

import { codeSpan, escapeMarkdown } from '../language/markdown';
import { cellHistory, hasSymbol, settleStep } from '../trm/cellHistory';
import type { TraceOutcome, TraceStep } from '../trm/trace';
import { outcomeWording, type PuzzleKind } from './outcome';

const PROVIDER_NAME: Record<TraceOutcome['provider'], string> = { cuda: 'CUDA', cpu: 'CPU', wasm: 'WebAssembly' };

export function providerName(p: TraceOutcome['provider']): string {
  return PROVIDER_NAME[p] ?? p;
}

/** Where a run ran, in the CLI's and the trace panel's words: the provider, and the int8 graph when that ran. */
export function ranOnText(r: { provider: string; precision?: string | undefined }): string {
  return r.precision === 'int8' ? `${r.provider} (int8 graph)` : r.provider;
}

export function percent(p: number): string {
  if (p >= 0.995 && p < 1) return '>99%';
  if (p > 0 && p < 0.005) return '<1%';
  return `${Math.round(p * 100)}%`;
}

export function ms(t: number): string {
  return t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${Math.round(t)} ms`;
}

export interface CellHoverInput {
  model: string;
  row: number;
  col: number;
  steps: readonly TraceStep[];
  running: boolean;
  /** The steps the run may take (the max), for "step k of N" while running. */
  maxSteps?: number;
  outcome?: TraceOutcome;
  /** Sudoku and maze: the question's symbol where it fixes the cell (a given, a wall, S or G): the engine keeps it. */
  fixed?: string;
  /** The puzzle's kind, for what the outcome's verdict means here. */
  kind?: PuzzleKind;
  /** The known answers (knownAnswer.ts): the file's (ARC: the expected output), else the exact solver's unique one. */
  expected?: readonly (readonly string[])[];
  solverAnswer?: readonly (readonly string[])[];
}

/** Markdown: the per-step table of one cell. */
export function cellHoverMarkdown(h: CellHoverInput): string {
  // The table lists the steps at which the answer has this cell (an ARC answer may be smaller at some steps).
  const hist = cellHistory(h.steps, h.row, h.col).filter(hasSymbol);
  const head = `**TRM** ${codeSpan(h.model)} · row ${h.row + 1}, column ${h.col + 1}`;
  if (h.fixed !== undefined)
    return `${head}\n\nThe question gives ${codeSpan(h.fixed)} here: the answer keeps it, the model does not choose it.`;
  if (hist.length === 0) {
    if (h.running) return `${head}\n\nRunning: no step yet.`;
    return `${head}\n\nThe model's answer has no cell here${h.outcome ? ` (its answer is ${h.outcome.answer.length}x${h.outcome.answer[0]?.length ?? 0})` : ''}.`;
  }
  const lines = [head, ''];
  if (h.running)
    lines.push(
      `Running: ${h.steps.length} step${h.steps.length === 1 ? '' : 's'} so far${h.maxSteps ? ` of at most ${h.maxSteps}` : ''}.`,
      '',
    );
  lines.push('| step | symbol | probability | changed | halt score |', '|---:|:---:|---:|:---:|---:|');
  for (const s of hist) {
    lines.push(`| ${s.step} | ${codeSpan(s.symbol)} | ${percent(s.probability)} | ${s.changed ? 'yes' : ''} | ${s.haltScore.toFixed(2)} |`);
  }
  const last = hist[hist.length - 1]!;
  const settled = settleStep(hist)!;
  lines.push('');
  lines.push(
    h.running
      ? `So far ${codeSpan(last.symbol)} since step ${settled}.`
      : `Settled on ${codeSpan(last.symbol)} at step ${settled} (${percent(last.probability)}).`,
  );
  const top = h.steps[h.steps.length - 1]?.top[h.row]?.[h.col];
  if (top && top.length > 1)
    lines.push(
      `Alternatives: ${top
        .slice(1)
        .map((c) => `${codeSpan(c.symbol)} ${percent(c.probability)}`)
        .join(', ')}.`,
    );
  if (!h.running && h.outcome) lines.push(...answerLines(h, h.outcome, last.symbol));
  return lines.join('\n');
}

/**
 * What the finished run's answer says of the cell, where the table alone would mislead: the table follows the
 * puzzle as given (view 1; ARC: the unaugmented version), while the answer may come from another view of a
 * search or from the vote, and a confident cell of an answer the rules reject is still unchecked.
 */
function answerLines(h: CellHoverInput, o: TraceOutcome, tableSymbol: string): string[] {
  const lines: string[] = [];
  const answer = o.answer[h.row]?.[h.col];
  const winner = o.search?.winner;
  if (answer !== undefined && answer !== tableSymbol) {
    const from = winner
      ? `view ${winner.view} of ${o.search!.views} gave it and the rules accepted it`
      : o.search
        ? `the answer most views gave (${o.search.votes ?? 0} of ${o.search.lanes})`
        : 'the vote of the augmented versions';
    lines.push(
      `The answer has ${codeSpan(answer)} here: ${from}. The table follows the ${o.attempts ? 'unaugmented test input' : 'puzzle as given'}.`,
    );
  }
  const kind = h.kind ?? 'sudoku';
  if (kind !== 'arc' && !o.satisfiesRules && o.stopReason !== 'cancelled')
    lines.push(`The answer breaks the rules (${o.violations.length}), so its ${codeSpan(answer ?? tableSymbol)} here is unchecked.`);
  const want = (h.expected ?? h.solverAnswer)?.[h.row]?.[h.col];
  if (want !== undefined && answer !== undefined) {
    const whose = !h.expected
      ? "The exact solver's solution (the puzzle's only one)"
      : kind === 'arc'
        ? 'The expected output in the file'
        : "The file's solution";
    lines.push(want === answer ? `✓ ${whose} has ${codeSpan(want)} here too.` : `✗ ${whose} has ${codeSpan(want)} here.`);
  }
  return lines.length ? ['', ...lines] : [];
}

export interface HeaderHoverInput {
  kind: PuzzleKind;
  model: string;
  /** The known answer in the file (ARC: the expected test output), to compare with. */
  expected?: readonly (readonly string[])[];
  provider?: TraceOutcome['provider'];
  providerNote?: string;
  steps: readonly TraceStep[];
  running: boolean;
  outcome?: TraceOutcome;
  error?: string;
  /** ARC: which test pair. */
  label?: string;
}

/** Markdown: the run summary of a puzzle header. */
export function headerHoverMarkdown(h: HeaderHoverInput): string {
  const lines = [`**TRM run**${h.label ? ` (${escapeMarkdown(h.label)})` : ''} · model ${codeSpan(h.model)}`];
  if (h.error) return `${lines[0]}\n\n${escapeMarkdown(h.error)}`;
  const o = h.outcome;
  const provider = o?.provider ?? h.provider;
  const facts: string[] = [];
  if (provider) facts.push(`provider: ${providerName(provider)}`);
  if (o) {
    facts.push(`steps run: ${o.stepsRun}`);
    facts.push(`halting step: ${o.haltedAt ?? 'none'}`);
    facts.push(`time: ${ms(o.elapsedMs)}`);
  } else {
    facts.push(`running: ${h.steps.length} step${h.steps.length === 1 ? '' : 's'} so far`);
    const last = h.steps[h.steps.length - 1];
    if (last) facts.push(`halt score ${last.haltScore.toFixed(2)}`);
  }
  lines.push(facts.join(' · '));
  if (o) lines.push(outcomeVerdict(h.kind, o, h.expected));
  const note = o?.providerNote ?? h.providerNote;
  if (note) lines.push(`_${note}_`);
  if (h.steps.length) lines.push(`Halt score per step: ${h.steps.map((s) => s.haltScore.toFixed(2)).join(' ')}`);
  for (const w of o?.warnings ?? []) lines.push(`⚠ ${w}`);
  return lines.join('\n\n');
}

/** The verdict sentence of a run (see outcome.ts: "verified" only when the rules checked it). */
export function outcomeVerdict(kind: PuzzleKind, o: TraceOutcome, expected?: readonly (readonly string[])[]): string {
  return outcomeWording(kind, o, expected).long;
}

/** The one-line outcome of a run for a code lens. */
/**
 * Why the run stopped, in a few words. A search that found an answer the rules accept stops there, before the
 * halting head had a say: "no halt" would read as a failure, so it says which view was accepted when.
 */
function howItStopped(o: TraceOutcome): string {
  const winner = o.search?.winner;
  if (o.stopReason === 'verified' && winner)
    return winner.view === 1
      ? `accepted at step ${winner.step}`
      : `view ${winner.view} of ${o.search!.views} accepted at step ${winner.step}`;
  if (o.stopReason === 'budget') return 'time budget spent';
  return o.haltedAt === null ? 'did not halt' : `halted at ${o.haltedAt}`;
}

export function outcomeLensTitle(kind: PuzzleKind, o: TraceOutcome, expected?: readonly (readonly string[])[]): string {
  const w = outcomeWording(kind, o, expected);
  if (w.verdict === 'cancelled') return `TRM: ${w.short}`;
  return `TRM: ${w.short} · ${o.stepsRun} step${o.stepsRun === 1 ? '' : 's'} · ${howItStopped(o)} · ${ms(o.elapsedMs)} · ${providerName(o.provider)}`;
}
