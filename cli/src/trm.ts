// Shared by the TRM commands (solve --solver trm, trace, eval): model choice, engine options from the
// command line, and printing grids. User-caused failures become CliError with the engine's message.

import type { Puzzle } from '../../core/src/dsl/ast';
import { puzzleGrids } from '../../core/src/trm/encode';
import { isTrmError } from '../../core/src/trm/errors';
import { findModel } from '../../core/src/trm/load';
import type { ProviderSetting } from '../../core/src/trm/backend';
import type { RunOptions } from '../../core/src/trm/engine';
import { TrmService } from '../../core/src/trm/service';
import { CliError, UsageError } from './command';

export const TRM_OPTIONS = {
  model: { type: 'string' },
  steps: { type: 'string' },
  provider: { type: 'string' },
  'no-halt': { type: 'boolean' },
  stable: { type: 'string' },
  augmentations: { type: 'string' },
} as const;

export const TRM_USAGE = '[--model PATH] [--steps N] [--provider auto|cpu|cuda|wasm] [--no-halt] [--stable K] [--augmentations N]';

export function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} needs an integer >= ${min}, got '${v}'`);
  return n;
}

export function providerOption(v: string | undefined): ProviderSetting {
  const p = v ?? process.env.GRID_REASONER_PROVIDER ?? 'auto';
  if (p !== 'auto' && p !== 'cpu' && p !== 'cuda' && p !== 'wasm') throw new UsageError(`--provider must be auto, cpu, cuda or wasm, got '${p}'`);
  return p;
}

type TrmValues = { [K in keyof typeof TRM_OPTIONS]?: (typeof TRM_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function runOptions(v: TrmValues): RunOptions {
  return {
    maxSteps: intOption('steps', v.steps, 1),
    haltOnQ: v['no-halt'] ? false : true,
    stableSteps: intOption('stable', v.stable, 1) ?? 0,
    augmentations: intOption('augmentations', v.augmentations, 1),
  };
}

/** Turns engine errors into CLI errors (message only). */
export async function trmCall<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isTrmError(e)) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}

/** The model path for a puzzle: --model, or the bundled model for its kind and size. */
export function modelFor(p: Puzzle, explicit: string | undefined, testIndex = 0): string {
  if (explicit) return explicit;
  const g = puzzleGrids(p, testIndex);
  return findModel(g.kind, g.given.length, Math.max(...g.given.map((r) => r.length))).path;
}

export function service(provider: ProviderSetting, maxBatch?: number): TrmService {
  return new TrmService({ provider, maxBatch });
}

/** Grid rows as text, `mark` cells followed by `*`. */
export function gridText(grid: string[][], indent = '  ', mark?: Set<string>): string {
  return grid.map((row, r) => indent + row.map((s, c) => (mark ? s + (mark.has(`${r},${c}`) ? '*' : ' ') : s)).join(mark ? '' : ' ').trimEnd()).join('\n') + '\n';
}

export function ms(x: number): string {
  return x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`;
}
