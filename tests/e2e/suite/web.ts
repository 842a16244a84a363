// Entry of the in-host suite for the browser (web worker) extension host: only test modules that import no
// Node module (the desktop entry, index.ts, adds the TRM assistant's, which need Node and a model file).
import { runAll } from './runner';
import './language';
import './walkthrough';
import './webTrm';

export async function run(): Promise<void> {
  await runAll();
}
