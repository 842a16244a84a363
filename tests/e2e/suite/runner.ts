// A small test runner for inside the VS Code extension host (no mocha): `test(name, fn)` registers an
// async check; `runAll()` runs them in order, each with a time limit, logs one line per test, writes the
// results as JSON to $GRID_REASONER_E2E_RESULTS (read back by tests/e2e/e2e.test.ts) and rejects when
// any failed, so the workbench reports a non-zero code through window.codeAutomationExit.
import { writeFileSync } from 'node:fs';

export interface TestResult { name: string; ok: boolean; ms: number; error?: string }

interface Registered { name: string; fn: () => Promise<void>; timeoutMs: number }

const registered: Registered[] = [];

export function test(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
  registered.push({ name, fn, timeoutMs });
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function runAll(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const only = process.env.GRID_REASONER_E2E_ONLY;
  const out = process.env.GRID_REASONER_E2E_RESULTS;
  const save = () => { if (out) writeFileSync(out, JSON.stringify(results, null, 2)); };
  for (const t of registered) {
    if (only && !t.name.includes(only)) continue;
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
    save();
  }
  save();
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} of ${results.length} in-host tests failed`);
  if (results.length === 0) throw new Error('no in-host test ran');
  return results;
}
