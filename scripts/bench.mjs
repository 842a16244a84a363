// `npm run bench`: runs every bench/*.bench.ts (each prints one markdown section to stdout) one after the
// other, side by side in one run, and writes docs/benchmarks.md. Benchmarks are not tests: they report
// numbers and ratios; goals are stated in each section, never asserted.
// `node scripts/bench.mjs [substring...]` runs only the matching benchmarks (the file is still rewritten
// with the sections that ran, so run them all before committing the numbers).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const sections = [];
for (const f of files) {
  console.error(`bench: ${f} ...`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    sections.push(`## ${f}\n\nFAILED (exit ${r.status}) after ${secs} s.\n`);
    console.error(`bench: ${f} failed`);
  } else {
    sections.push(r.stdout.trim() + `\n\n_(${f}, ${secs} s)_\n`);
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs runs bench/*.bench.ts one after the other). Numbers are from one
run on a shared, noisy machine: compare the ratios measured side by side in the same run, not absolute times
across runs.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}
`;
writeFileSync(join(root, 'docs/benchmarks.md'), header + '\n' + sections.join('\n'));
console.error(`bench: wrote docs/benchmarks.md (${sections.length} sections)`);
