// The user-facing scripts answer bad arguments with one clear line and a non-zero exit, never a stack trace
// (they stop before building or starting anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..', '..');

function run(script: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const cases: { script: string; args: string[]; message: RegExp }[] = [
  {
    script: 'package.mjs',
    args: ['--target', 'amiga-68k'],
    message: /^package: unknown target amiga-68k; valid: linux-x64, linux-arm64, darwin-arm64, win32-x64, win32-arm64, web$/m,
  },
  { script: 'package.mjs', args: ['--target'], message: /^package: --target needs a value$/m },
  { script: 'package.mjs', args: ['--frobnicate'], message: /^package: unknown argument --frobnicate \(try --help\)$/m },
  { script: 'demo.mjs', args: ['--port', 'eighty'], message: /^demo: --port eighty is not a port number$/m },
  { script: 'demo.mjs', args: ['--folder', '/no/such/folder'], message: /^demo: folder \/no\/such\/folder does not exist$/m },
  { script: 'demo.mjs', args: ['--vsix', '/no/such.vsix'], message: /^demo: \/no\/such\.vsix does not exist$/m },
];

for (const c of cases) {
  test(`${c.script} ${c.args.join(' ')}: a clear message and exit 1`, () => {
    const r = run(c.script, c.args);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, c.message);
    assert.doesNotMatch(r.out, /\n\s+at /, `stack trace in: ${r.out}`);
  });
}

test('package.mjs --help lists the targets', () => {
  const r = run('package.mjs', ['--help']);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /targets: linux-x64, linux-arm64, darwin-arm64, win32-x64, win32-arm64, web/);
});
