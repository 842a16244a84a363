// A small test runner for inside the VS Code extension host (no mocha): `test(name, fn)` registers an
// async check; `runAll()` runs them in order, each with a time limit, logs one line per test, writes the
// results as JSON to .e2e/results.json in the test workspace (read back by tests/e2e/e2e.test.ts) and
// rejects when any failed, so the workbench reports a non-zero code through window.codeAutomationExit.
// It runs in the Node extension host and in the browser (web worker) one alike: files only through
// vscode.workspace.fs; its settings come from .e2e/config.json, written by e2e.test.ts.
import * as vscode from 'vscode';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** Written by tests/e2e/e2e.test.ts into the workspace copy. */
export interface SuiteConfig {
  /** Which extension host runs the suite; tests of desktop-only features skip on 'web'. */
  host: 'node' | 'web';
  /** Where the .vsix was installed: the extension must run from there. */
  extensionsDir?: string;
  /** The repository's fixture model (tests/fixtures/models), for the desktop TRM tests. */
  fixtureModel?: string;
  /** Runs only the tests whose name contains this. */
  only?: string;
}

interface Registered {
  name: string;
  fn: () => Promise<void>;
  timeoutMs: number;
  hosts: SuiteConfig['host'][];
}

const registered: Registered[] = [];
export let config: SuiteConfig = { host: 'node' };

/** Registers a test; `hosts` limits it to some extension hosts (default: both). */
export function test(name: string, fn: () => Promise<void>, opts: { timeoutMs?: number; hosts?: SuiteConfig['host'][] } = {}): void {
  registered.push({ name, fn, timeoutMs: opts.timeoutMs ?? 60_000, hosts: opts.hosts ?? ['node', 'web'] });
}

function e2eDir(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs the test workspace folder open');
  return vscode.Uri.joinPath(folder.uri, '.e2e');
}

async function readConfig(): Promise<SuiteConfig> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(e2eDir(), 'config.json'));
  return JSON.parse(new TextDecoder().decode(bytes)) as SuiteConfig;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function runAll(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  config = await readConfig();
  const out = vscode.Uri.joinPath(e2eDir(), 'results.json');
  const save = () => vscode.workspace.fs.writeFile(out, new TextEncoder().encode(JSON.stringify(results, null, 2)));
  for (const t of registered) {
    if (config.only && !t.name.includes(config.only)) continue;
    if (!t.hosts.includes(config.host)) continue;
    const start = Date.now();
    try {
      await withTimeout(t.fn(), t.timeoutMs, t.name);
      results.push({ name: t.name, ok: true, ms: Date.now() - start });
      console.log(`[e2e] ok   ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      const error = e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(e);
      results.push({ name: t.name, ok: false, ms: Date.now() - start, error });
      console.log(`[e2e] FAIL ${t.name}: ${error}`);
    }
    // A test that failed half-way may leave a webview (the trace panel) open; the next one starts without it.
    await vscode.window.tabGroups.close(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview),
    );
    await save();
  }
  await save();
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} of ${results.length} in-host tests failed`);
  if (results.length === 0) throw new Error('no in-host test ran');
  return results;
}
