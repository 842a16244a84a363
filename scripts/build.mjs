// One build for every bundle. `node scripts/build.mjs [--production] [--watch]`.
// Each entry lists where its source lives and which platform it runs on; an entry whose source
// does not exist yet is an error, so a missing file never ships silently.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` writes the bundles under DIR instead of dist/ (scripts/package.mjs stages a .vsix this way).
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? outdirArg.slice('--outdir='.length) : undefined;

/** @type {{in: string, out: string, platform: 'node'|'browser', format?: 'cjs'|'esm'|'iife', external?: string[]}[]} */
export const entries = [
  { in: 'client/src/extension.ts', out: 'dist/client.js', platform: 'node', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'dist/server.js', platform: 'node', external: ['onnxruntime-node'] },
  { in: 'cli/src/cli.ts', out: 'dist/cli.js', platform: 'node', external: ['onnxruntime-node'] },
  // TRM inference worker thread (host-node/trm/worker/client.ts starts it from beside the bundle).
  { in: 'host-node/trm/worker/trmWorker.ts', out: 'dist/trmWorker.js', platform: 'node', external: ['onnxruntime-node'] },
  // The reasoning-trace webview (client/src/tracePanel.ts loads it into the panel).
  { in: 'webview/src/main.ts', out: 'dist/webview.js', platform: 'browser' },
  // The web extension (package.json `browser`) and its language server, a web worker on the same serverMain.
  { in: 'client/src/browserExtension.ts', out: 'dist/browserClient.js', platform: 'browser', format: 'cjs', external: ['vscode'] },
  { in: 'server/src/browserServer.ts', out: 'dist/browserServer.js', platform: 'browser', external: ['onnxruntime-node'] },
];

// onnxruntime-web is bundled; at run time it loads its WebAssembly runtime from beside the bundle, so the
// runtime files are copied into dist/ (docs/engine.md, "WebAssembly files").
const ORT_WEB_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];
function copyOrtWeb() {
  const dir = outdir ?? 'dist';
  mkdirSync(dir, { recursive: true });
  for (const f of ORT_WEB_FILES) copyFileSync(`node_modules/onnxruntime-web/dist/${f}`, `${dir}/${f}`);
}

const reportErrors = {
  name: 'report-errors',
  setup(build) {
    build.onEnd((result) => {
      for (const e of result.errors) {
        const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
        console.error(`build error: ${where}${e.text}`);
      }
    });
  },
};

const missing = entries.filter((e) => !existsSync(e.in));
if (missing.length) {
  console.error(`build: missing entry sources: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: [e.in],
      outfile: outdir ? e.out.replace(/^dist\//, `${outdir}/`) : e.out,
      bundle: true,
      platform: e.platform,
      format: e.format ?? (e.platform === 'node' ? 'cjs' : 'iife'),
      target: e.platform === 'node' ? 'node20' : 'es2022',
      external: e.external ?? [],
      sourcemap: true,
      minify: production,
      logLevel: 'silent',
      plugins: [reportErrors],
    }),
  ),
);

copyOrtWeb();
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching');
} else {
  let failed = false;
  for (const c of contexts) {
    try {
      await c.rebuild();
    } catch {
      failed = true;
    }
    await c.dispose();
  }
  if (failed) process.exit(1);
  console.log(`build: ${entries.length} bundles (${production ? 'production' : 'development'})`);
}
