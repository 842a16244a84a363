// Runs the Python tests of the training data generators (tests/python/test_data_*.py) with python3 +
// numpy. Skips with a visible message where numpy is absent (.ci/run installs python3-numpy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = process.cwd(); // tests/run.mjs runs every test file from the repository root
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const probe = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });

test('training data generators (python unittest: tests/python/test_data_*.py)', (t) => {
  if (probe.status !== 0) {
    t.skip(`SKIPPED: ${python} with numpy is not available (apt-get install python3-numpy)`);
    return;
  }
  const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests/python', '-t', '.', '-p', 'test_data_*.py'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
  });
  assert.equal(r.status, 0, `python data tests failed:\n${r.stdout}\n${r.stderr}`);
});
