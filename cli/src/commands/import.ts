// grid-reasoner import INPUT... [--solutions FILE] [-o OUT.arc]: ARC task .json, Kaggle challenges .json
// (+ --solutions), Sudoku-Extreme or Maze-Hard .csv, .txt with one Sudoku string a line -> .arc text.

import type { Puzzle } from '../../../core/src/dsl/ast';
import { print } from '../../../core/src/dsl/printer';
import { detectFormat, ImportError, importText } from '../../../core/src/io';
import { CliError, type Command, parseArgs, UsageError } from '../command';
import { out, readText, writeText } from '../output';

export const importCommand: Command = {
  name: 'import',
  summary: 'convert ARC JSON, Kaggle, Sudoku and maze files to .arc',
  usage: 'grid-reasoner import INPUT... [--solutions FILE] [-o OUT.arc]',
  run(args) {
    const { values, positionals } = parseArgs(args, {
      solutions: { type: 'string', short: 's' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length === 0) throw new UsageError('give at least one input file');
    const solutions = values.solutions !== undefined ? readText(values.solutions) : undefined;
    const puzzles: Puzzle[] = [];
    let usedSolutions = false;
    for (const f of positionals) {
      const text = readText(f);
      try {
        const isKaggle = solutions !== undefined && !usedSolutions && detectFormat(f, text) === 'kaggle';
        const r = importText(f, text, isKaggle ? solutions : undefined);
        if (r.format === 'kaggle' && solutions !== undefined) usedSolutions = true;
        puzzles.push(...r.puzzles);
      } catch (e) {
        if (e instanceof ImportError) {
          const where = e.line !== undefined ? `${f}:${e.line}:${e.column ?? 1}` : f;
          throw new CliError(`${where}: error: ${e.message}`);
        }
        throw e;
      }
    }
    if (solutions !== undefined && !usedSolutions) {
      throw new CliError(`${values.solutions}: error: --solutions needs a Kaggle challenges .json input`);
    }
    const text = print({ puzzles, comments: [] });
    if (values.output !== undefined) writeText(values.output, text);
    else out(text);
    return 0;
  },
};
