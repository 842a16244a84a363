// grid-reasoner export FILE.arc --to arc-json|kaggle|sudoku-csv|maze-csv [-o PATH]
//   arc-json:  one task -> stdout or PATH; with -o DIR (or several tasks) one <task id>.json per task in DIR
//              (several tasks without -o: one JSON object a line on stdout);
//   kaggle:    -o PREFIX writes PREFIX_challenges.json and PREFIX_solutions.json (-o DIR: DIR/challenges.json ...);
//   *-csv:     stdout or PATH.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../core/src/dsl/parser';
import { EXPORT_FORMATS, ExportError, exportDocument, type ExportFormat } from '../../../core/src/io';
import { CliError, type Command, parseArgs, UsageError } from '../command';
import { err, formatDiagnostic, out, readText, writeText } from '../output';

function isDir(p: string): boolean {
  return p.endsWith('/') || (existsSync(p) && statSync(p).isDirectory());
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'convert .arc files to ARC JSON, Kaggle, Sudoku or maze CSV',
  usage: 'grid-reasoner export FILE.arc --to arc-json|kaggle|sudoku-csv|maze-csv [-o PATH]',
  run(args) {
    const { values, positionals } = parseArgs(args, {
      to: { type: 'string', short: 't' },
      output: { type: 'string', short: 'o' },
    });
    const file = positionals[0];
    if (positionals.length !== 1 || file === undefined) throw new UsageError('give one .arc file');
    const to = values.to as ExportFormat | undefined;
    if (!to) throw new UsageError(`--to is required (${EXPORT_FORMATS.join(', ')})`);
    if (!EXPORT_FORMATS.includes(to)) throw new UsageError(`unknown format '${to}' (expected ${EXPORT_FORMATS.join(', ')})`);
    const { document, diagnostics } = parse(readText(file));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      for (const d of errors) err(formatDiagnostic(file, d));
      throw new CliError(`${file}: not exported: fix the errors above first`);
    }
    const warnings: string[] = [];
    let files;
    try {
      files = exportDocument(document, to, warnings);
    } catch (e) {
      if (e instanceof ExportError) throw new CliError(`${file}: error: ${e.message}`);
      throw e;
    }
    for (const w of warnings) err(`${file}: warning: ${w}`);
    const [first, second] = files;
    if (first === undefined) throw new CliError(`${file}: error: nothing to export`);
    const o = values.output;
    if (to === 'arc-json') {
      if (o !== undefined && (files.length > 1 || isDir(o))) for (const f of files) writeText(join(o, f.name), f.text);
      else if (o !== undefined) writeText(o, first.text);
      else out(files.map((f) => f.text).join(''));
    } else if (to === 'kaggle') {
      if (o === undefined) throw new UsageError('--to kaggle writes two files: give -o PREFIX (or -o DIR)');
      let ch: string;
      let sol: string;
      if (isDir(o)) {
        ch = join(o, 'challenges.json');
        sol = join(o, 'solutions.json');
      } else if (o.endsWith('_challenges.json')) {
        ch = o;
        sol = o.replace(/_challenges\.json$/, '_solutions.json');
      } else {
        ch = `${o}_challenges.json`;
        sol = `${o}_solutions.json`;
      }
      if (second === undefined) throw new CliError(`${file}: error: the kaggle export gave no solutions file`);
      writeText(ch, first.text);
      writeText(sol, second.text);
    } else if (o !== undefined) writeText(o, first.text);
    else out(first.text);
    return 0;
  },
};
