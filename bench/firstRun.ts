// The part of the server's first diagnostics run over bench/lsp.bench.ts's 10 MB document that comes after its parse:
// the rule checks of every puzzle (a large document's first run defers its solving), the hooks and the conversion to
// LSP, from DiagnosticsScheduler.schedule to sendDiagnostics, in-process and without the LSP connection. Prints the
// CPU ms of each of five runs, each over a fresh copy of the document with an empty solve memo; the first is cold, as
// the server's first run is. Not a section of docs/benchmarks.md: a tool to compare two builds side by side, bundled
// as the server is (tsx loads modules one by one, which changes the costs):
//   npx esbuild bench/firstRun.ts --bundle --platform=node --outfile=/tmp/first-run.js && node /tmp/first-run.js
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clearSolveCache } from '../core/src/rules/facts';
import { AnalysisCache, DEFAULT_SETTINGS, type ServerContext } from '../server/src/context';
import { DiagnosticsScheduler } from '../server/src/diagnostics';
import { timerEnvironment } from '../server/src/environment';
import { bigDocument } from './bigDocument';

const data = process.env.GRID_REASONER_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const RUNS = 5;

const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** One first run: CPU and wall ms from schedule to the publication, and how many diagnostics it published. */
async function firstRun(text: string, k: number): Promise<{ cpu: number; wall: number; count: number }> {
  clearSolveCache();
  const doc = TextDocument.create(`file:///first-run-${k}.arc`, 'arc', 1, text);
  let published: (count: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (published = resolve));
  const ctx = {
    documents: { get: (uri: string) => (uri === doc.uri ? doc : undefined) },
    cache: new AnalysisCache(),
    env: timerEnvironment('first run'),
    log: { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) },
    settings: { ...DEFAULT_SETTINGS },
    hooks: [],
    connection: { sendDiagnostics: async (p: { diagnostics: unknown[] }) => published(p.diagnostics.length) },
  } as unknown as ServerContext;
  // Parsed beforehand, as by the run's own analysis; a warm parse is faster than the 250 ms after which a first run
  // defers its solving, so each run is made to count as large, as the cold one is.
  const analysis = ctx.cache.get(doc) as { parseMs: number };
  analysis.parseMs = Math.max(analysis.parseMs, 1000);
  const scheduler = new DiagnosticsScheduler(ctx);
  const c0 = cpu();
  const t0 = performance.now();
  scheduler.schedule(doc.uri, 0);
  const count = await done;
  const result = { cpu: cpu() - c0, wall: performance.now() - t0, count };
  // After the run has scheduled the follow-up that does the deferred solving, which clear() cancels.
  await new Promise((resolve) => setTimeout(resolve, 0));
  scheduler.clear(doc.uri);
  return result;
}

async function main(): Promise<void> {
  const text = bigDocument(data).text;
  for (let k = 0; k < RUNS; k++) {
    const r = await firstRun(text, k);
    console.log(`run ${k}: ${r.cpu.toFixed(0)} ms CPU, ${r.wall.toFixed(0)} ms wall, ${r.count} diagnostics`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
