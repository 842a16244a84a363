// The diagnostics scheduler, driven through a minimal server context with a clock that makes every check yield.
// With extensions whose results keep changing (TRM runs ending one after another) a refresh never restarts the
// run under way, so diagnostics are still published, and a burst of refreshes makes one more run, not one each.
// A large document (its parse took over 250 ms) is published first without solving, once per version, whatever the
// solver budget.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, DEFAULT_SETTINGS, type ServerContext } from '../../server/src/context';
import { DiagnosticsScheduler } from '../../server/src/diagnostics';
import { timerEnvironment } from '../../server/src/environment';
import { clearSolveCache } from '../../core/src/rules/facts';

const PUZZLE = (k: number): string => `sudoku s${k} 4x4\n  givens\n    1 . . .\n    . . ${(k % 3) + 2} .\n    . . . .\n    . . . 1\n`;

function harness(text: string, solverBudgetMs = 1e9) {
  let doc = TextDocument.create('file:///r.arc', 'arc', 1, text);
  const published: number[] = [];
  const messages: string[][] = [];
  let clock = 0;
  const base = timerEnvironment('test');
  const ctx = {
    documents: { get: (uri: string) => (uri === doc.uri ? doc : undefined) },
    cache: new AnalysisCache(),
    // Every clock read is 20 ms later: each puzzle's check ends its slice, so the run yields after each.
    env: { ...base, now: () => (clock += 20) },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    settings: { ...DEFAULT_SETTINGS, solverBudgetMs },
    hooks: [],
    connection: {
      sendDiagnostics: async (p: { version?: number; diagnostics: { message: string }[] }) => {
        published.push(p.version ?? -1);
        messages.push(p.diagnostics.map((d) => d.message));
      },
    },
  } as unknown as ServerContext;
  const edit = (next: string): void => {
    doc = TextDocument.update(doc, [{ text: next }], doc.version + 1);
  };
  return { scheduler: new DiagnosticsScheduler(ctx), doc, published, messages, edit };
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

  it('a long parse: the first publication defers the solving, the next ones solve (and do not defer again)', async () => {
    // 200 puzzles: the parse reads the clock often enough to take "over 250 ms" of it.
    const { scheduler, doc, messages } = harness(Array.from({ length: 200 }, (_, k) => PUZZLE(k)).join(''), 100);
    clearSolveCache();
    scheduler.schedule(doc.uri, 0);
    const solved = (): boolean => messages.some((m) => !m.some((x) => x.startsWith('solvability of')));
    for (let k = 0; k < 600 && !solved(); k++) await settle(10);
    scheduler.clear(doc.uri); // no follow-up runs left behind, whatever happened
    messages.pop(); // the clear's empty publication
    assert.match(messages[0]?.join('\n') ?? '', /^solvability of 200 Sudoku puzzles not checked yet: the document is large/);
    assert.ok(solved(), messages.map((m) => m.join(' | ')).join('\n'));
    assert.ok(
      messages.slice(1).every((m) => !m.some((x) => x.includes('not checked yet'))),
      messages.map((m) => m.join(' | ')).join('\n'),
    );
  });

  it("an edit's first publication solves the edited puzzle and leaves the solves still pending to the runs after it", async () => {
    const puzzles = Array.from({ length: 200 }, (_, k) => PUZZLE(k));
    const { scheduler, doc, published, messages, edit } = harness(puzzles.join(''), 100);
    clearSolveCache();
    scheduler.schedule(doc.uri, 0);
    for (let k = 0; k < 600 && messages.length < 1; k++) await settle(5);
    // Right after the open's publication (every solve still pending), puzzle 150 is edited: givens no other has.
    edit(puzzles.map((p, k) => (k === 150 ? p.replace('s150', 'edited').replace('. . . 1\n', '. . . 4\n') : p)).join(''));
    scheduler.schedule(doc.uri, 0);
    const solved = (): boolean => messages.some((m) => !m.some((x) => x.startsWith('solvability of')));
    for (let k = 0; k < 1200 && !solved(); k++) await settle(10);
    scheduler.clear(doc.uri);
    messages.pop();
    const v2 = messages[published.indexOf(2)]?.join('\n') ?? '';
    // Before, the edit's run spent its budget on the first pending puzzles and skipped the edited one with the rest.
    assert.match(v2, /^solvability of 199 Sudoku puzzles not checked yet: the document is large/);
    assert.match(v2, /^sudoku edited /m);
    assert.ok(solved(), messages.map((m) => m.join(' | ')).join('\n'));
  });

  it('a long parse defers the solving whatever the budget (a budget larger than the parse too)', async () => {
    const { scheduler, doc, messages } = harness(Array.from({ length: 200 }, (_, k) => PUZZLE(k)).join(''), 1e9);
    clearSolveCache();
    scheduler.schedule(doc.uri, 0);
    for (let k = 0; k < 600 && messages.length < 2; k++) await settle(10);
    scheduler.clear(doc.uri);
    assert.match(messages[0]?.join('\n') ?? '', /^solvability of 200 Sudoku puzzles not checked yet: the document is large/);
    assert.ok(messages[1] && !messages[1].some((x) => x.startsWith('solvability of')), messages.map((m) => m.join(' | ')).join('\n'));
  });
});
