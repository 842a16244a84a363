// code-server (VS Code 1.100.3 in a browser) for `npm run demo` and the end-to-end tests (tests/e2e).
// It is installed once per machine, outside the clone, by .ci/install-code-server.sh.
// Every start is isolated: its own user-data, extensions, XDG and config folders, bound to 127.0.0.1,
// in its own process group so that stop() ends the server and every extension host it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = process.env.GRID_REASONER_CODE_SERVER_DIR ?? '/opt/grid-reasoner-ci/code-server';
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function codeServerInstalled() {
  return existsSync(codeServerEntry) && existsSync(join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`));
}

/**
 * Installs code-server with .ci/install-code-server.sh when it is missing (about a minute, once per machine).
 * Returns undefined when it is there, or the reason it could not be installed.
 */
export function ensureCodeServer({ log = console.error } = {}) {
  if (codeServerInstalled()) return undefined;
  log(`code-server ${CODE_SERVER_VERSION} is not in ${codeServerDir}; installing it (once per machine)...`);
  const r = spawnSync('bash', [join(root, '.ci', 'install-code-server.sh')], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status === 0 && codeServerInstalled()) return undefined;
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
  return `installing code-server failed (exit ${r.status ?? r.error?.message}): ${tail}`;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/** Fresh folders for one code-server: user data (with settings), extensions, XDG homes, config file. */
export function makeProfile(base = mkdtempSync(join(tmpdir(), 'grid-reasoner-cs-')), settings = {}) {
  const p = {
    base,
    userDataDir: join(base, 'user-data'),
    extensionsDir: join(base, 'extensions'),
    xdgData: join(base, 'xdg-data'),
    xdgConfig: join(base, 'xdg-config'),
    config: join(base, 'config.yaml'),
  };
  for (const d of [p.userDataDir, p.extensionsDir, p.xdgData, p.xdgConfig]) mkdirSync(d, { recursive: true });
  mkdirSync(join(p.userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(p.userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  writeFileSync(p.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return p;
}

function envFor(profile, extraEnv) {
  return { ...process.env, XDG_DATA_HOME: profile.xdgData, XDG_CONFIG_HOME: profile.xdgConfig, ...extraEnv };
}

function commonArgs(profile) {
  return ['--config', profile.config, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** `code-server --install-extension FILE.vsix` into the profile's extensions folder. */
export function installExtension(profile, vsix) {
  const r = spawnSync(process.execPath, [codeServerEntry, ...commonArgs(profile), '--install-extension', vsix], {
    env: envFor(profile, {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${output.trim()}`);
  }
  return output.trim();
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers /healthz.
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ profile, folder, port, env = {}, extraArgs = [], log } = {}) {
  port ??= await freePort();
  const args = [
    codeServerEntry,
    ...commonArgs(profile),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
  ];
  if (folder) args.push(folder);
  let output = '';
  const child = spawn(process.execPath, args, { env: envFor(profile, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (d) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    log?.(d.toString());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (child.pid === undefined) return;
    for (const [signal, wait] of [
      ['SIGTERM', 3000],
      ['SIGKILL', 2000],
    ]) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      } // group already gone
      const deadline = Date.now() + wait;
      while (Date.now() < deadline) {
        try {
          process.kill(-child.pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it was ready:\n${output.trim()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, child, output: () => output, stop };
}
