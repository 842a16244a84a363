// grid-reasoner trace FILE.arc [--puzzle NAME] [--test N] [--json] [model options]: runs the TRM on one
// puzzle and prints every supervision step: the predicted grid (changed cells marked *), the number of
// changes and the halting score; then the outcome. --json prints the Trace object (core/src/trm/trace.ts).

import type { Puzzle } from '../../../core/src/dsl/ast';
import { parse } from '../../../core/src/dsl/parser';
import { testCount } from '../../../core/src/trm/encode';
import { ranOnText } from '../../../core/src/assist/present';
import { CliError, type Command, parseArgs, UsageError } from '../command';
import { out, readText } from '../output';
import { TRM_OPTIONS, TRM_USAGE, gridText, intOption, modelFor, ms, runOptions, searchText, service, trmCall } from '../trm';

export function pickPuzzle(puzzles: Puzzle[], name: string | undefined, file: string): Puzzle {
  if (puzzles.length === 0) throw new CliError(`${file}: no puzzles in the file`);
  if (name === undefined) return puzzles[0]!;
  const p = puzzles.find((x) => x.name === name);
  if (!p) throw new CliError(`${file}: no puzzle named '${name}' (puzzles: ${puzzles.map((x) => x.name).join(', ')})`);
  return p;
}

export const trace: Command = {
  name: 'trace',
  summary: 'show every reasoning step of the model on a puzzle',
  usage: `grid-reasoner trace FILE.arc [--puzzle NAME] [--test N] [--json] ${TRM_USAGE}`,
  async run(args) {
    const { values, positionals } = parseArgs(args, {
      ...TRM_OPTIONS,
      puzzle: { type: 'string' },
      test: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give one .arc file');
    const file = positionals[0]!;
    const puzzle = pickPuzzle(parse(readText(file)).document.puzzles, values.puzzle, file);
    const testIndex = (intOption('test', values.test, 1) ?? 1) - 1;
    if (testIndex >= testCount(puzzle)) throw new CliError(`${file}: '${puzzle.name}' has ${testCount(puzzle)} test pair(s)`);
    const opts = { ...runOptions(values), testIndex };
    const svc = service(values);
    try {
      const t = await trmCall(async () => {
        const model = modelFor(puzzle, values.model, testIndex);
        const run = await svc.run(model, puzzle, opts);
        if (!values.json) {
          const engine = await svc.engine(model);
          out(
            `${puzzle.name}: model ${engine.model.meta.name} on ${ranOnText(engine)}${engine.providerNote ? ` (${engine.providerNote})` : ''}\n`,
          );
          for await (const s of run) {
            out(`step ${s.step}  halt ${s.haltScore.toFixed(3)}  changed ${s.changed.length}  ${ms(s.elapsedMs)}\n`);
            out(gridText(s.grid, '  ', new Set(s.changed.map(([r, c]) => `${r},${c}`))));
          }
        }
        return run.trace;
      });
      const o = t.outcome!;
      if (values.json) {
        out(JSON.stringify(t) + '\n');
        return 0;
      }
      out(
        `stopped: ${o.stopReason} after ${o.stepsRun} step(s)${o.haltedAt !== null ? `, halted at step ${o.haltedAt}` : ''}, ${ms(o.elapsedMs)}${searchText(o.search)}\n`,
      );
      out(
        `answer ${o.satisfiesRules ? 'satisfies the rules' : 'breaks the rules'}${o.matchesExpected === undefined ? '' : o.matchesExpected ? ', matches the solution in the file' : ', differs from the solution in the file'}\n`,
      );
      for (const v of o.violations.slice(0, 10)) out(`  - ${v}\n`);
      for (const w of o.warnings ?? []) out(`warning: ${w}\n`);
      return 0;
    } finally {
      await svc.dispose();
    }
  },
};
