// Shared by the tests that run the built CLI as users run it (`node dist/cli.js ...`): its path, the skip reason
// when it is not built, and one run.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
export const cliSkip: string | false = existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build';

/** Runs `node dist/cli.js ...args` with this process's environment plus `env`; text output. */
export function runCli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}
