// The server's model registry (server/src/trm/registry.ts): bundled models by kind and size, setting paths
// that add or replace them, relative paths, workspace trust, problems reported once, failed models skipped.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ModelRegistry } from '../../server/src/trm/registry';
import type { PuzzleGrids } from '../../core/src/trm';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const sudoku4: PuzzleGrids = {
  kind: 'sudoku',
  name: 's',
  given: [
    ['1', '.', '.', '4'],
    ['.', '4', '1', '.'],
    ['2', '.', '.', '3'],
    ['.', '3', '2', '.'],
  ],
};
const maze: PuzzleGrids = {
  kind: 'maze',
  name: 'm',
  given: [
    ['S', '.', '#'],
    ['#', '.', 'G'],
  ],
};

describe('model registry', () => {
  it('bundled models by kind and size; a configured model of the same kind and size replaces the bundled one', () => {
    const r = new ModelRegistry(() => [join(FIXTURES, 'models'), join(FIXTURES, 'assist')], FIXTURES);
    assert.equal(r.modelFor(sudoku4)?.meta.name, 'sudoku-4x4-tiny');
    assert.equal(r.modelFor(maze)?.meta.name, 'echo-maze6');
    assert.equal(r.modelFor({ ...sudoku4, given: Array.from({ length: 9 }, () => Array(9).fill('.')) }), undefined, 'no 9x9 model');
    // A relative path (against the workspace root, so only in a trusted workspace), given twice: one model,
    // preferred over the bundled one.
    assert.deepEqual(r.configure({ models: { user: ['trm/contract-sudoku4.onnx', 'trm/contract-sudoku4'] }, workspaceTrusted: true }), []);
    const m = r.modelFor(sudoku4);
    assert.equal(m?.meta.name, 'contract-sudoku4');
    assert.equal(m?.origin, 'user');
    assert.equal(r.summaries().filter((s) => s.origin === 'user').length, 1);
  });

  it('reports a broken path once, keeps the others, and skips a model that failed to load', () => {
    const r = new ModelRegistry(() => [join(FIXTURES, 'models')]);
    const sent = { models: { user: ['/nope/missing.onnx', join(FIXTURES, 'trm', 'contract-sudoku4.onnx')] } };
    const first = r.configure(sent);
    assert.equal(first.length, 1);
    assert.match(first[0]!.message, /not found/);
    assert.deepEqual(r.configure(sent), [], 'the same problem is not reported again');
    assert.match(r.problemLine() ?? '', /missing\.onnx/);
    const contract = r.modelFor(sudoku4)!;
    assert.equal(contract.meta.name, 'contract-sudoku4');
    assert.equal(r.markFailed(contract.path, 'corrupt'), true);
    assert.equal(r.markFailed(contract.path, 'corrupt'), false);
    assert.equal(r.modelFor(sudoku4)?.meta.name, 'sudoku-4x4-tiny', 'the bundled model takes over');
    assert.equal(r.summaries().find((s) => s.path === contract.path)?.state, 'error');
  });

  it('workspace paths count only in a trusted workspace', () => {
    const r = new ModelRegistry(() => []);
    const path = join(FIXTURES, 'models', 'sudoku-4x4-tiny.onnx');
    r.configure({ models: { workspace: [path] }, workspaceTrusted: false });
    assert.equal(r.modelFor(sudoku4), undefined);
    assert.equal(r.summaries()[0]?.state, 'ignored');
    r.configure({ models: { workspace: [path] }, workspaceTrusted: true });
    assert.equal(r.modelFor(sudoku4)?.origin, 'workspace');
  });

  it('in an untrusted workspace nothing from its folder is loaded, whichever setting names it', () => {
    const inside = join(FIXTURES, 'trm', 'contract-sudoku4.onnx');
    for (const workspaceTrusted of [false, undefined, 'false' as never]) {
      const r = new ModelRegistry(() => [], FIXTURES);
      const trust = workspaceTrusted !== undefined ? { workspaceTrusted } : {};
      r.configure({ models: { user: ['trm/contract-sudoku4.onnx'] }, ...trust });
      assert.equal(r.modelFor(sudoku4), undefined, `relative user path loaded with workspaceTrusted ${String(workspaceTrusted)}`);
      r.configure({ models: { user: [inside] }, ...trust });
      assert.equal(r.modelFor(sudoku4), undefined, 'absolute user path inside the workspace folder loaded');
      const s = r.summaries().find((x) => x.path === inside);
      assert.equal(s?.state, 'ignored');
      assert.match(s?.error ?? '', /untrusted workspace/);
    }
    // Outside the workspace folder, a user path is the user's own file.
    const r = new ModelRegistry(() => [], join(FIXTURES, 'lsp'));
    r.configure({ models: { user: [inside] }, workspaceTrusted: false });
    assert.equal(r.modelFor(sudoku4)?.meta.name, 'contract-sudoku4');
  });

  it('a broken model in a model folder ($GRID_REASONER_MODELS) is reported once, naming the file and why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-reasoner-folder-'));
    copyFileSync(join(FIXTURES, 'models', 'sudoku-4x4-tiny.onnx'), join(dir, 'broken.onnx'));
    const meta = JSON.parse(readFileSync(join(FIXTURES, 'models', 'sudoku-4x4-tiny.json'), 'utf8'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...meta, max_steps: 1e9 }));
    const r = new ModelRegistry(() => [dir]);
    const problems = r.configure({});
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!.path, /broken\.onnx$/);
    assert.match(problems[0]!.message, /max_steps/);
    assert.deepEqual(r.configure({}), [], 'reported once');
    assert.match(r.problemLine() ?? '', /broken\.onnx/);
  });
});
