// The pure core knows nothing of its host: no Node built-ins, no `process`, `__dirname` or `require`, no sniffing
// of the runtime; what differs between hosts is injected (core/src/trm/host.ts, host-node/trm). The WebAssembly
// backend does not import the native one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** Code without comments and string contents, so that prose about Node does not count. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`(?:\\.|[^`\\])*`/g, '``');
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+'node:/, 'a node: import'],
  [/from\s+'(fs|path|os|worker_threads|child_process|crypto)'/, 'a Node built-in import'],
  [/\brequire\s*\(/, 'require()'],
  [/\bprocess\s*[.?]/, 'process'],
  [/\b__dirname\b/, '__dirname'],
  [/getBuiltinModule/, 'getBuiltinModule'],
  [/from\s+'onnxruntime-node'/, 'onnxruntime-node'],
];

test('core/src imports no Node built-in and reads no host globals', () => {
  const problems: string[] = [];
  for (const f of sources(join(ROOT, 'core', 'src'))) {
    const c = code(readFileSync(f, 'utf8'));
    for (const [re, what] of FORBIDDEN) if (re.test(c)) problems.push(`${relative(ROOT, f)}: ${what}`);
  }
  assert.deepEqual(problems, []);
});

test('the WebAssembly backend does not import the native one', () => {
  const web = readFileSync(join(ROOT, 'core', 'src', 'trm', 'ortWeb.ts'), 'utf8');
  assert.doesNotMatch(web, /from '.*ortNode'/);
});
