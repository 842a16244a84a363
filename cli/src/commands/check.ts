// grid-reasoner check FILE...: every diagnostic the core knows, one `path:line:col: severity code: message`
// line each; exit 1 when any is an error. `-` reads the document from standard input. The exact solver has a
// time limit per puzzle (--budget MS, default 10 s): a puzzle over it is reported R107 "not checked: too slow".

import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/src/check';
import { EXACT_SOLVE_LIMIT_MS } from '../../../core/src/rules/facts';
import { type Command, parseArgs, parseBudgetMs, UsageError } from '../command';
import { err, formatDiagnostic, out, readText } from '../output';

export const check: Command = {
  name: 'check',
  summary: 'report the problems in .arc files',
  usage: 'grid-reasoner check FILE... [--budget MS] (- reads standard input)',
  run(args) {
    const { values, positionals: files } = parseArgs(args, { budget: { type: 'string' } });
    const solveLimitMs = parseBudgetMs(values.budget, EXACT_SOLVE_LIMIT_MS);
    if (files.length === 0) throw new UsageError('give at least one .arc file (or - for standard input)');
    if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
    let errors = 0;
    let failed = false;
    for (const f of files) {
      let text: string;
      try {
        text = f === '-' ? readFileSync(0, 'utf8') : readText(f);
      } catch (e) {
        err((e as Error).message);
        failed = true;
        continue;
      }
      for (const d of checkDocument(text, { solveLimitMs })) {
        out(formatDiagnostic(f === '-' ? '<stdin>' : f, d) + '\n');
        if (d.severity === 'error') errors++;
      }
    }
    return errors > 0 || failed ? 1 : 0;
  },
};
