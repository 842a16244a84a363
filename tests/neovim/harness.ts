// Shared by the headless Neovim tests (tests/neovim/*.test.ts, tests/e2e/neovim-docs.test.ts): whether they can
// run here, and one run of `nvim --headless --clean` in a fresh temporary directory with its own XDG folders.
// The Lua side writes its findings to $GR_OUT ('PASS' or 'FAIL' on the first line); the tests assert on them.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');
export const NVIM_MISSING = 'nvim not found (Debian package neovim; .ci/run installs it)';
export const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

/** Why a Neovim test cannot run here (nvim absent, server not built), or false; `nvimPrefix` leads the nvim reason. */
export function neovimSkip(nvimPrefix = ''): string | false {
  return !hasNvim ? nvimPrefix + NVIM_MISSING : !existsSync(SERVER) ? 'dist/server.js missing: run npm run build' : false;
}

/** A 4x4 Sudoku whose row 1 holds two 1s (line 2, characters 4 and 12): both tests expect R101 there. */
export const DUP_SUDOKU = `sudoku dup 4x4
  givens
    1 . | . 1
    . . | 3 .
    ----+----
    . 4 | . .
    . . | . 2
`;

export interface NeovimRunOptions {
  /** Prefix of the temporary directory's name. */
  tmpPrefix: string;
  /** The init file: an existing path, or `{ lua }` text written to init.lua in the temporary directory. */
  init: string | { lua: string };
  /** The file Neovim opens, written into the temporary directory. */
  file: { name: string; text: string };
  /** Extra environment for the Lua side (GR_OUT and the XDG folders are set here). */
  env?: Record<string, string>;
}

export interface NeovimRun {
  status: number | null;
  /** The result file's text, or what is known of the failure when nvim wrote none. */
  result: string;
  /** `result` trimmed, split into lines. */
  lines: string[];
}

/** Runs headless Neovim on one file (60 s limit) and returns what its init script wrote; the directory is removed. */
export function runNeovim(o: NeovimRunOptions): NeovimRun {
  const tmp = mkdtempSync(join(tmpdir(), o.tmpPrefix));
  try {
    for (const d of ['data', 'config', 'state', 'cache']) mkdirSync(join(tmp, d));
    const file = join(tmp, o.file.name);
    writeFileSync(file, o.file.text);
    let init: string;
    if (typeof o.init === 'string') init = o.init;
    else writeFileSync((init = join(tmp, 'init.lua')), o.init.lua);
    const out = join(tmp, 'result.txt');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', init, file], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        XDG_DATA_HOME: join(tmp, 'data'),
        XDG_CONFIG_HOME: join(tmp, 'config'),
        XDG_STATE_HOME: join(tmp, 'state'),
        XDG_CACHE_HOME: join(tmp, 'cache'),
        ...o.env,
        GR_OUT: out,
      },
    });
    const result = existsSync(out) ? readFileSync(out, 'utf8') : `(no result file) exit ${r.status ?? r.signal}: ${r.stderr}`;
    return { status: r.status, result, lines: result.trim().split('\n') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
