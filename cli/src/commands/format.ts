// grid-reasoner format FILE... [--write]: canonical layout to stdout, or rewritten in place with --write.
// A file whose text the parser could not place in the tree is left alone (its diagnostics say why), exit 1.

import { formatText } from '../../../core/src/dsl/printer';
import { type Command, parseArgs, UsageError } from '../command';
import { err, formatDiagnostic, out, readText, writeText } from '../output';

export const format: Command = {
  name: 'format',
  summary: 'write .arc files in canonical layout',
  usage: 'grid-reasoner format FILE... [--write]',
  run(args) {
    const { values, positionals } = parseArgs(args, { write: { type: 'boolean', short: 'w' } });
    if (positionals.length === 0) throw new UsageError('give a .arc file');
    let failed = false;
    for (const f of positionals) {
      let text: string;
      try {
        text = readText(f);
      } catch (e) {
        err((e as Error).message);
        failed = true;
        continue;
      }
      const r = formatText(text);
      if (r.blocking.length) {
        for (const d of r.blocking) err(formatDiagnostic(f, d));
        err(`${f}: not formatted: fix the problems above first (formatting would drop that text)`);
        failed = true;
        continue;
      }
      if (values.write) {
        if (r.text !== text) writeText(f, r.text);
      } else out(r.text);
    }
    return failed ? 1 : 0;
  },
};
