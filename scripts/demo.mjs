// `npm run demo`: the product in a browser. Packages the extension for this machine (scripts/package.mjs),
// installs the .vsix into a private code-server 4.100.3 profile (installing code-server once per machine
// when it is missing), starts code-server on 127.0.0.1 with examples/ open and prints the URL.
// Ctrl+C stops it (and every process it started).
//   npm run demo [-- --port 8080] [-- --folder DIR] [-- --web] [-- --vsix FILE] [-- --smoke]
// --web: the web extension (the `web` package: everything runs in the browser, the language server and the TRM
// in web workers); --vsix FILE: install this .vsix instead of packaging one; --smoke: start, load the page once,
// stop (a check).
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureCodeServer, freePort, installExtension, makeProfile, root, startCodeServer } from './code-server.mjs';
import { packageExtension, TARGETS } from './package.mjs';
import { eachArg } from './args.mjs';

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { port: undefined, folder: join(root, 'examples'), vsix: undefined, smoke: false, web: false };
  eachArg(argv, fail, (a, value) => {
    if (a === '--port' || a.startsWith('--port=')) {
      const v = value();
      args.port = Number(v);
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) fail(`--port ${v} is not a port number`);
    } else if (a === '--folder' || a.startsWith('--folder=')) args.folder = resolve(value());
    else if (a === '--vsix' || a.startsWith('--vsix=')) args.vsix = resolve(value());
    else if (a === '--smoke') args.smoke = true;
    else if (a === '--web') args.web = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run demo [-- --port 8080] [-- --folder DIR] [-- --web] [-- --vsix FILE] [-- --smoke]');
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  });
  if (!existsSync(args.folder)) fail(`folder ${args.folder} does not exist`);
  if (args.vsix && !existsSync(args.vsix)) fail(`${args.vsix} does not exist`);
  return args;
}

async function portIsFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

const args = parseArgs(process.argv.slice(2));

const why = ensureCodeServer({ log: (m) => console.log(`demo: ${m}`) });
if (why) fail(why);

let vsix = args.vsix;
if (!vsix) {
  const target = args.web ? 'web' : `${process.platform}-${process.arch}`;
  if (!(target in TARGETS)) fail(`no package target for ${target}`);
  console.log(`demo: packaging the extension for ${target}...`);
  vsix = packageExtension({ target, out: join(root, 'out', 'demo', `grid-reasoner-${target}.vsix`) }).vsix;
}

// A fresh profile each time: the demo shows what a new user sees.
const base = join(root, 'out', 'demo', 'profile');
rmSync(base, { recursive: true, force: true });
mkdirSync(base, { recursive: true });
const profile = makeProfile(base, { 'workbench.startupEditor': 'welcomePage' });
installExtension(profile, vsix);

let port = args.port;
if (port === undefined) port = (await portIsFree(8080)) ? 8080 : await freePort();
else if (port !== 0 && !(await portIsFree(port))) fail(`port ${port} on 127.0.0.1 is in use; pick another with -- --port N`);
if (port === 0) port = await freePort();

const server = await startCodeServer({ profile, port }).catch((e) => fail(e.message));
const url = `${server.url}/?folder=${encodeURIComponent(args.folder)}`;

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.child.once('exit', (code) => {
  if (!stopping) {
    console.error(`demo: code-server stopped (exit ${code}):\n${server.output().trim().split('\n').slice(-10).join('\n')}`);
    process.exit(1);
  }
});

if (args.smoke) {
  const res = await fetch(url);
  const html = await res.text();
  const ok = res.ok && /vs\/code\/browser\/workbench\/workbench/.test(html);
  console.log(`demo: ${url} -> HTTP ${res.status}${ok ? ', workbench page served' : ', NOT the workbench page'}`);
  await stop(ok ? 0 : 1);
} else {
  console.log('');
  console.log(
    `  Grid Reasoner${args.web ? ' (web extension: runs in the browser)' : ''} in VS Code (code-server), with ${args.folder} open:`,
  );
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log('  Open an .arc file; the walkthrough is under Help > Welcome. Ctrl+C stops the server.');
}
