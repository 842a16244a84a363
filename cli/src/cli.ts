// grid-reasoner: a small dispatcher. Each command is cli/src/commands/<name>.ts, registered with one line below.
// User-caused failures print a clear message and exit nonzero; never a stack trace (GRID_REASONER_DEBUG=1 shows it).

import { CliError, type Command, UsageError } from './command';
import { check } from './commands/check';
import { exportCommand } from './commands/export';
import { format } from './commands/format';
import { importCommand } from './commands/import';
import { trace } from './commands/trace';
import { evalCommand } from './commands/eval';
import { solve } from './commands/solve';
import { lsp } from './commands/lsp';

const COMMANDS: Command[] = [check, format, importCommand, exportCommand, trace, evalCommand, solve, lsp];

function help(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return (
    [
      'usage: grid-reasoner <command> [arguments]',
      '',
      'commands:',
      ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
      '',
      'grid-reasoner <command> --help shows how to call a command.',
    ].join('\n') + '\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('grid-reasoner 0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`grid-reasoner: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${cmd.usage}\n${cmd.summary}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`grid-reasoner ${cmd.name}: ${e.message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof CliError) {
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`grid-reasoner ${cmd.name}: internal error: ${msg}\n`);
    if (process.env.GRID_REASONER_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return 70;
  }
}

// A reader that stops early (`grid-reasoner export ... | head`) closes the pipe: that is the reader's choice, not
// an error, so end quietly as Unix tools do instead of printing an EPIPE stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`grid-reasoner: cannot write output: ${e.message}\n`);
  process.exit(74);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`grid-reasoner: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  },
);
