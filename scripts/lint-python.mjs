// Python lint for training/, tests/python and bench/*.py: Debian's flake8 (.ci/run installs it). Without
// flake8 it says so and passes, like the suites that need an outside tool.
import { spawnSync } from 'node:child_process';

const targets = ['training', 'tests/python', 'bench'];
const probe = spawnSync('flake8', ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.log('lint-python: flake8 not found (apt-get install flake8): Python lint skipped');
  process.exit(0);
}
const r = spawnSync('flake8', targets, { stdio: 'inherit' });
process.exit(r.status ?? 1);
