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
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A user-caused failure (bad file, bad input): the dispatcher prints the message, exit 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface OptionSpec {
  [name: string]: { type: 'boolean' | 'string'; short?: string; multiple?: boolean };
}

/** The exact solver's time per puzzle (`--budget MS`), EXACT_SOLVE_LIMIT_MS when not given. */
export function parseBudgetMs(value: string | undefined, fallback = 10_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--budget takes a whole number of milliseconds, 1 or more (not '${value}')`);
  return n;
}

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parseArgs<T extends OptionSpec>(
  args: string[],
  options: T,
): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  // `--steps -1`: node:util reads -1 as an option and answers "argument is ambiguous"; joined as
  // `--steps=-1` the value reaches the command, which says what the option accepts.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!; // i < args.length
    if (a === '--') {
      joined.push(...args.slice(i));
      break;
    }
    const spec = a.startsWith('--')
      ? options[a.slice(2)]
      : a.length === 2 && a[0] === '-'
        ? Object.values(options).find((o) => o.short === a[1])
        : undefined;
    const next = args[i + 1];
    if (spec?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${a}=${next}`.replace(/^-(\w)=/, '-$1'));
      i++;
    } else joined.push(a);
  }
  try {
    const r = nodeParseArgs({ args: joined, options, allowPositionals: true, strict: true });
    return r as unknown as { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
}
