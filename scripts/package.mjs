// Builds the installable extension: `npm run package [-- --target linux-x64] [-- --out FILE]`.
// Stages a clean folder (out/package/<target>) with the production bundles, the manifest, the grammar,
// the models, the walkthrough media and the examples, plus onnxruntime-node with ONLY the target's CPU
// binaries (under dist/node_modules, where the bundles' `require('onnxruntime-node')` finds it), then runs
// vsce 3.9.2 there with .vscodeignore and prints the .vsix size.
// Targets: linux-x64 (default on Linux x64), linux-arm64, darwin-arm64, win32-x64, win32-arm64, web
// (the browser build alone; no native code).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { eachArg } from './args.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** vsce target -> onnxruntime-node's bin/napi-v6/<platform>/<arch> folder (null: no native code). */
export const TARGETS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'darwin-arm64': 'darwin/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  web: null,
};

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { target: undefined, out: undefined, quiet: false };
  eachArg(argv, fail, (a, value) => {
    if (a === '--target' || a.startsWith('--target=')) args.target = value();
    else if (a === '--out' || a.startsWith('--out=')) args.out = value();
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run package [-- --target TARGET] [-- --out FILE.vsix]');
      console.log(`targets: ${Object.keys(TARGETS).join(', ')}`);
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  });
  if (!args.target) {
    args.target = `${process.platform}-${process.arch}`;
    if (!(args.target in TARGETS)) fail(`no default target for ${args.target}; pass --target (${Object.keys(TARGETS).join(', ')})`);
  }
  if (!(args.target in TARGETS)) fail(`unknown target ${args.target}; valid: ${Object.keys(TARGETS).join(', ')}`);
  return args;
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    fail(`${[cmd, ...cmdArgs].join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
  return r.stdout;
}

function copyIfExists(rel, stage) {
  const from = join(root, rel);
  if (!existsSync(from)) return false;
  cpSync(from, join(stage, rel), { recursive: true });
  return true;
}

function treeSize(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, name) => n + treeSize(join(p, name)), 0);
}

const mib = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** Every file the manifest points at must be in the stage, or the installed extension breaks quietly. */
function manifestReferences(manifest) {
  const refs = [];
  if (manifest.main) refs.push(manifest.main);
  if (manifest.browser) refs.push(manifest.browser);
  if (manifest.icon) refs.push(manifest.icon);
  const c = manifest.contributes ?? {};
  for (const l of c.languages ?? []) if (l.configuration) refs.push(l.configuration);
  for (const g of c.grammars ?? []) if (g.path) refs.push(g.path);
  for (const s of c.snippets ?? []) if (s.path) refs.push(s.path);
  for (const w of c.walkthroughs ?? []) {
    for (const step of w.steps ?? []) {
      const m = step.media ?? {};
      for (const key of ['markdown', 'svg', 'image']) {
        const v = m[key];
        if (typeof v === 'string') refs.push(v);
        else if (v && typeof v === 'object') refs.push(...Object.values(v));
      }
    }
  }
  return refs.map((r) => r.replace(/^\.\//, '')).map((r) => (/\.[a-z]+$/i.test(r) ? r : `${r}.js`));
}

export function packageExtension({ target, out, quiet = false }) {
  const log = quiet ? () => {} : (m) => console.log(m);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const stage = join(root, 'out', 'package', target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  // 1. Production bundles.
  run(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${relative(root, join(stage, 'dist'))}`]);

  // 2. Manifest: what the installed extension needs, nothing for development.
  const shipped = { ...manifest };
  for (const key of ['scripts', 'devDependencies', 'dependencies', 'bin']) delete shipped[key];
  if (TARGETS[target] === null) delete shipped.main; // web: browser entry only
  writeFileSync(join(stage, 'package.json'), JSON.stringify(shipped, null, 2) + '\n');

  // 3. Static files. The extension's page shows README.md: the user README (docs/extension-README.md), not the
  // repository's (which is about building and testing).
  cpSync(join(root, 'docs', 'extension-README.md'), join(stage, 'README.md'));
  for (const rel of [
    'CHANGELOG.md',
    'LICENSE',
    'language-configuration.json',
    'syntaxes',
    'snippets',
    'models',
    'media',
    'examples',
    '.vscodeignore',
  ]) {
    copyIfExists(rel, stage);
  }

  // 4. onnxruntime-node for this target only (the bundles keep it external).
  const ortDir = TARGETS[target];
  if (ortDir) {
    const nm = join(stage, 'dist', 'node_modules');
    const ortNode = join(root, 'node_modules', 'onnxruntime-node');
    const ortCommon = join(root, 'node_modules', 'onnxruntime-common');
    const bin = join(ortNode, 'bin', 'napi-v6', ortDir);
    if (!existsSync(bin)) fail(`onnxruntime-node has no binaries for ${target} (${relative(root, bin)})`);
    const ortPkg = JSON.parse(readFileSync(join(ortNode, 'package.json'), 'utf8'));
    // Only the runtime dependency stays; the others serve its install script, which never runs here.
    ortPkg.dependencies = { 'onnxruntime-common': ortPkg.dependencies['onnxruntime-common'] };
    delete ortPkg.scripts;
    mkdirSync(join(nm, 'onnxruntime-node'), { recursive: true });
    writeFileSync(join(nm, 'onnxruntime-node', 'package.json'), JSON.stringify(ortPkg, null, 2) + '\n');
    cpSync(join(ortNode, 'dist'), join(nm, 'onnxruntime-node', 'dist'), { recursive: true });
    cpSync(bin, join(nm, 'onnxruntime-node', 'bin', 'napi-v6', ortDir), { recursive: true });
    mkdirSync(join(nm, 'onnxruntime-common', 'dist'), { recursive: true });
    cpSync(join(ortCommon, 'package.json'), join(nm, 'onnxruntime-common', 'package.json'));
    cpSync(join(ortCommon, 'dist', 'cjs'), join(nm, 'onnxruntime-common', 'dist', 'cjs'), { recursive: true });
  }

  if (ortDir === null) {
    // web: only the browser bundles (and onnxruntime-web's .wasm, which the browser server runs the TRM on);
    // the Node-only bundles stay out.
    for (const f of ['client.js', 'server.js', 'trmWorker.js', 'cli.js']) {
      rmSync(join(stage, 'dist', f), { force: true });
      rmSync(join(stage, 'dist', `${f}.map`), { force: true });
    }
  }

  const missing = manifestReferences(shipped).filter((r) => !existsSync(join(stage, r)));
  if (missing.length) fail(`package.json points at files that are not built or present: ${missing.join(', ')}`);

  // 5. vsce (3.9.2: works offline on Node 20).
  const vsix = resolve(out ?? join(root, `${manifest.name}-${manifest.version}-${target}.vsix`));
  mkdirSync(dirname(vsix), { recursive: true });
  rmSync(vsix, { force: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) fail('@vscode/vsce is not installed (npm install)');
  const extraFlags = existsSync(join(stage, 'LICENSE')) ? [] : ['--skip-license'];
  const vsceOut = run(
    process.execPath,
    [
      vsce,
      'package',
      '--no-dependencies',
      '--target',
      target,
      '--out',
      vsix,
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      ...extraFlags,
    ],
    { cwd: stage },
  );
  const fileCount = /\((\d+) files?/.exec(vsceOut)?.[1];

  const parts = readdirSync(stage)
    .map((name) => [name, treeSize(join(stage, name))])
    .sort((a, b) => b[1] - a[1]);
  const shown = relative(process.cwd(), vsix);
  log(
    `package: ${shown.startsWith('..') ? vsix : shown} (${target}): ${mib(statSync(vsix).size)}` +
      (fileCount ? `, ${fileCount} files` : ''),
  );
  log(
    `package: staged (uncompressed, before .vscodeignore): ${parts
      .slice(0, 6)
      .map(([n, s]) => `${n} ${mib(s)}`)
      .join(', ')}`,
  );
  return { vsix, stage, size: statSync(vsix).size };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  packageExtension(parseArgs(process.argv.slice(2)));
}
