// Entry of the in-host suite, bundled by tests/e2e/e2e.test.ts to dist/test/suite.js and loaded by the
// extension host through code-server's `payload` (extensionTestsPath). The workbench calls `run()` and,
// when it settles, window.codeAutomationExit(0 or 1).
import { runAll } from './runner';
import './language';
import './walkthrough';
import './assistant';
import '../../webview/inHost';

export async function run(): Promise<void> {
  await runAll();
}
