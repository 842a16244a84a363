// The diagnostics scheduler with extensions whose results keep changing (TRM runs ending one after another): a
// refresh never restarts the run under way, so diagnostics are still published, and a burst of refreshes makes
// one more run, not one each. Driven through a minimal server context with a clock that makes every check yield.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, DEFAULT_SETTINGS, type ServerContext } from '../../server/src/context';
import { DiagnosticsScheduler } from '../../server/src/diagnostics';
import { timerEnvironment } from '../../server/src/environment';

const PUZZLE = (k: number): string => `sudoku s${k} 4x4\n  givens\n    1 . . .\n    . . ${(k % 3) + 2} .\n    . . . .\n    . . . 1\n`;

function harness(text: string) {
  const doc = TextDocument.create('file:///r.arc', 'arc', 1, text);
  const published: number[] = [];
  let clock = 0;
  const base = timerEnvironment('test');
  const ctx = {
    documents: { get: (uri: string) => (uri === doc.uri ? doc : undefined) },
    cache: new AnalysisCache(),
    // Every clock read is 20 ms later: each puzzle's check ends its slice, so the run yields after each.
    env: { ...base, now: () => (clock += 20) },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    settings: { ...DEFAULT_SETTINGS, solverBudgetMs: 1e9 },
    hooks: [],
    connection: {
      sendDiagnostics: async (p: { version?: number }) => {
        published.push(p.version ?? -1);
      },
    },
  } as unknown as ServerContext;
  return { scheduler: new DiagnosticsScheduler(ctx), doc, published };
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('diagnostics refresh', () => {
  it('refreshes during a run do not restart it; one more run follows the burst', async () => {
    const { scheduler, doc, published } = harness(Array.from({ length: 40 }, (_, k) => PUZZLE(k)).join(''));
    scheduler.schedule(doc.uri, 0);
    // Refreshes while the run is under way (it yields after every puzzle).
    for (let k = 0; k < 30; k++) {
      await settle(1);
      scheduler.refresh(doc.uri);
    }
    for (let k = 0; k < 100 && published.length < 2; k++) await settle(10);
    await settle(200);
    assert.deepEqual(published, [1, 1]);
  });

  it('refreshes with no run under way are coalesced into one run', async () => {
    const { scheduler, doc, published } = harness(PUZZLE(1));
    for (let k = 0; k < 5; k++) scheduler.refresh(doc.uri);
    await settle(300);
    assert.deepEqual(published, [1]);
  });
});
