// What a CLI command is, and the errors commands throw. A command lives in cli/src/commands/<name>.ts and
// is registered with one line in cli/src/cli.ts.

import { parseArgs as nodeParseArgs } from 'node:util';

export interface Command {
  name: string;
  /** One line for `grid-reasoner --help`. */
  summary: string;
  /** The usage line(s), for example `grid-reasoner check FILE...`. */
  usage: string;
  /** Runs the command; returns the exit code. Throw UsageError or CliError for user-caused failures. */
  run(args: string[]): Promise<number> | number;
}

/** Wrong command line: the dispatcher prints the message and the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

/** A user-caused failure (bad file, bad input): the dispatcher prints the message, exit 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); this.name = 'CliError'; }
}

export interface OptionSpec { [name: string]: { type: 'boolean' | 'string'; short?: string; multiple?: boolean } }

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parseArgs<T extends OptionSpec>(args: string[], options: T): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  try {
    const r = nodeParseArgs({ args, options, allowPositionals: true, strict: true });
    return r as unknown as { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
}
