// The CPU call size (core/src/trm/cpuChunk.ts): large models' batches run as several calls whose widest
// intermediate stays under CPU_CALL_BYTES; small models keep the engine's whole batch.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CPU_CALL_BYTES, cpuChunk, widestIntermediateBytes } from '../../core/src/trm/cpuChunk';
import { TrmEngine } from '../../core/src/trm/engine';
import type { TrmMetadata } from '../../core/src/trm/metadata';
import { loadModel } from '../../host-node/trm';

const ROOT = join(__dirname, '..', '..');

/** The sizes cpuChunk reads, for a paper-size model (bench/paper_models.py's shapes). */
function paper(variant: 'mlp' | 'attn', seqLen: number, fused = false): TrmMetadata {
  return {
    seq_len: seqLen,
    prefix_len: 16,
    hidden_size: 512,
    arch: { variant, T: 3, n: 6, heads: variant === 'attn' ? 8 : 0, expansion: 4 },
    ...(fused ? { requires: { ops: ['com.microsoft.MultiHeadAttention'] } } : {}),
  } as TrmMetadata;
}

test('paper Sudoku MLP-mixer: the token mixing [D, 2 I_t] is the widest intermediate, 4 puzzles per call', () => {
  assert.equal(widestIntermediateBytes(paper('mlp', 81)), 4 * 512 * 1024);
  assert.equal(cpuChunk(paper('mlp', 81)), 4);
});

test('paper attention: the unfused scores [H, S, S] count, the fused core does not; one puzzle per call', () => {
  assert.equal(widestIntermediateBytes(paper('attn', 900)), 4 * 8 * 916 * 916);
  assert.equal(widestIntermediateBytes(paper('attn', 900, true)), 4 * 916 * 3072);
  assert.equal(cpuChunk(paper('attn', 900, true)), 1);
});

test('bundled models: small ones keep large calls, maze-30x30 (901 positions) runs 4 per call', () => {
  const chunk = (name: string) => cpuChunk(loadModel(join(ROOT, 'models', name)).meta);
  assert.ok(chunk('sudoku-4x4') >= 64);
  assert.ok(chunk('sudoku-9x9') >= 32);
  assert.equal(chunk('maze-30x30'), 4);
  assert.ok(widestIntermediateBytes(loadModel(join(ROOT, 'models', 'maze-30x30')).meta) * 4 <= CPU_CALL_BYTES);
});

test("the CPU engine's batcher takes the backend's call size, below the engine's maxBatch", async () => {
  const model = loadModel(join(ROOT, 'models', 'maze-30x30'));
  const e = await TrmEngine.create(model, { provider: 'cpu', intraOpThreads: 1 });
  assert.equal(e.provider, 'cpu');
  assert.equal(e.maxBatch, 4);
  await e.dispose();
  const small = await TrmEngine.create(loadModel(join(ROOT, 'models', 'sudoku-4x4')), { provider: 'cpu', maxBatch: 16 });
  assert.equal(small.maxBatch, 16);
  await small.dispose();
});
