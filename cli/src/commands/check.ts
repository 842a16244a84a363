// grid-reasoner check FILE...: every diagnostic the core knows, one `path:line:col: severity code: message`
// line each; exit 1 when any is an error.

import { checkDocument } from '../../../core/src/check';
import { type Command, UsageError } from '../command';
import { err, formatDiagnostic, out, readText } from '../output';

export const check: Command = {
  name: 'check',
  summary: 'report the problems in .arc files',
  usage: 'grid-reasoner check FILE...',
  run(args) {
    const files = args.filter((a) => a !== '--');
    const opt = files.find((a) => a.startsWith('-') && a !== '-');
    if (opt) throw new UsageError(`unknown option '${opt}'`);
    if (files.length === 0) throw new UsageError('give at least one .arc file');
    let errors = 0;
    let failed = false;
    for (const f of files) {
      let text: string;
      try { text = readText(f); } catch (e) { err((e as Error).message); failed = true; continue; }
      for (const d of checkDocument(text)) {
        out(formatDiagnostic(f, d) + '\n');
        if (d.severity === 'error') errors++;
      }
    }
    return errors > 0 || failed ? 1 : 0;
  },
};
