// The Python tests of training/ (tests/python/test_*.py: model shapes and reference sizes, loss, one training
// step lowering the loss, train/resume/evaluate, ONNX export in fp32 and fp16 checked in onnxruntime-node, the
// conv variant trained on generated mazes with a canvas curriculum and resumed from a committed checkpoint, the
// reference-checkpoint converter, its int8 graphs, the fused attention core in onnxruntime-node and -web, the
// committed checkpoint's optimizer moments giving the same next step). They need Debian's python3-torch (+ python3-numpy, python3-yaml) under
// /usr/bin/python3; without it this suite SKIPS with a visible message (.ci/run installs them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const PY = process.env.GRID_REASONER_PYTHON ?? '/usr/bin/python3';
const root = process.cwd();

function missing(): string | null {
  if (!existsSync(PY)) return `${PY} not found`;
  const r = spawnSync(PY, ['-c', 'import torch, numpy, yaml'], { encoding: 'utf8' });
  if (r.status !== 0) return `${PY} cannot import torch, numpy and yaml (apt-get install python3-torch python3-numpy python3-yaml)`;
  return null;
}

const why = missing();
if (why) console.log(`# SKIPPED training tests: ${why}`);

for (const file of [
  'test_model.py',
  'test_convert.py',
  'test_conv.py',
  'test_int8.py',
  'test_fused_attention.py',
  'test_commit_checkpoint.py',
  'test_blas.py',
]) {
  test(`python: tests/python/${file}`, { skip: why ? `SKIPPED: ${why}` : false, timeout: 600_000 }, () => {
    // from the repository root: tests/python is a package that imports the `training` package
    const r = spawnSync(PY, ['-m', 'unittest', '-v', `tests.python.${file.replace(/\.py$/, '')}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = (r.stderr || '')
      .split('\n')
      .filter((l) => /\.\.\. |^(OK|FAILED|Ran )/.test(l))
      .join('\n');
    assert.equal(r.status, 0, `python unittest ${file} failed:\n${(r.stderr || '').slice(-6000)}\n${(r.stdout || '').slice(-2000)}`);
    assert.match(r.stderr, /\nOK/, summary);
  });
}
