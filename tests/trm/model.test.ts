// Loading and checking models: wrong, truncated, oversized and mismatched files give clear errors.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createHash } from 'node:crypto';
import { isTrmError, type TrmErrorCode } from '../../core/src/trm/errors';
import { loadModel } from '../../host-node/trm';
import { graphNeeds, validateMetadata } from '../../core/src/trm/metadata';
import { modelFromBytes } from '../../core/src/trm/model';
import { createBackend } from '../../core/src/trm/providers';
import { CONTRACT_MODEL, ROOT } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'trm-model-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const baseMeta = JSON.parse(readFileSync(CONTRACT_MODEL.replace('.onnx', '.json'), 'utf8'));
const baseOnnx = readFileSync(CONTRACT_MODEL);

function writeModel(name: string, onnx: Uint8Array, meta: object): string {
  writeFileSync(join(dir, `${name}.onnx`), onnx);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta));
  return join(dir, `${name}.onnx`);
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function rejects(code: TrmErrorCode, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(isTrmError(e), `expected a TrmError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

test('the contract model loads, and its hash is checked', () => {
  const m = loadModel(CONTRACT_MODEL);
  assert.equal(m.meta.name, 'contract-sudoku4');
  assert.equal(m.hash, sha(baseOnnx));
  assert.equal(m.embedding.mode, 'shared');
  // .json or the stem name the same model
  assert.equal(loadModel(CONTRACT_MODEL.replace('.onnx', '.json')).hash, m.hash);
});

test('a truncated .onnx is refused by its hash before onnxruntime sees it', () => {
  const p = writeModel('truncated', baseOnnx.subarray(0, baseOnnx.length - 100), baseMeta);
  assert.throws(() => loadModel(p), rejects('model-truncated', /does not match the metadata.*truncated/));
});

test('a file that is not ONNX is refused', () => {
  const junk = new TextEncoder().encode('<html>not found</html>');
  const p = writeModel('junk', junk, { ...baseMeta, sha256: sha(junk) });
  assert.throws(() => loadModel(p), rejects('model-corrupt', /not an ONNX model/));
  const empty = writeModel('empty', new Uint8Array(), baseMeta);
  assert.throws(() => loadModel(empty), rejects('model-truncated', /empty/));
});

test('a model over the size limit is refused without being read', () => {
  assert.throws(
    () => loadModel(CONTRACT_MODEL, { maxModelBytes: 1000 }),
    rejects('model-too-large', /over the 0\.0 MB limit|over the .* limit/),
  );
});

test('missing files name the path', () => {
  assert.throws(() => loadModel(join(dir, 'nothing.onnx')), rejects('model-not-found', /nothing\.onnx/));
  copyFileSync(CONTRACT_MODEL, join(dir, 'nometa.onnx'));
  assert.throws(() => loadModel(join(dir, 'nometa.onnx')), rejects('model-not-found', /nometa\.json/));
  writeFileSync(join(dir, 'badjson.onnx'), baseOnnx);
  writeFileSync(join(dir, 'badjson.json'), '{"format": "grid-reasoner-trm", ');
  assert.throws(() => loadModel(join(dir, 'badjson.onnx')), rejects('metadata-invalid', /not valid JSON/));
});

test('metadata is checked field by field', () => {
  const bad = (patch: object, pattern: RegExp) =>
    assert.throws(() => validateMetadata({ ...baseMeta, ...patch }, 'x.json'), rejects('metadata-invalid', pattern));
  bad({ format: 'onnx' }, /"format"/);
  bad({ format_version: 2 }, /format version 1/);
  bad({ kind: 'kakuro' }, /"kind"/);
  bad({ seq_len: 15 }, /rows \* cols = 16/);
  bad({ vocab_size: 7 }, /"vocab" has 6/);
  bad({ vocab: ['<pad>', '0', '1', '2', '3', '4'] }, /must be \["<pad>","\.","1","2","3","4"\]/);
  bad({ y_init: [1, 2] }, /"y_init" has 2 numbers, hidden_size is 16/);
  bad({ puzzle_embedding: { file: '../x.bin', dtype: 'float16', rows: 1, identifiers: {} } }, /file name beside the model/);
  bad({ puzzle_embedding: { file: 'x.bin', dtype: 'float16', rows: 2, identifiers: { a: 2 } } }, /row 2, outside 0\.\.1/);
  bad({ sha256: 'abc' }, /64-hex-digit/);
  bad({ max_steps: 0 }, /"max_steps"/);
  bad({ requires: { ops: 'com.microsoft.MultiHeadAttention' } }, /"requires" must be/);
});

test('a graph that does not load says which operators beyond ONNX its metadata names', () => {
  const meta = validateMetadata(
    { ...baseMeta, requires: { ops: ['com.microsoft.MultiHeadAttention'], runtime: 'onnxruntime with contrib ops' } },
    'x.json',
  );
  assert.equal(graphNeeds(meta), ' (the graph uses com.microsoft.MultiHeadAttention: onnxruntime with contrib ops)');
  assert.equal(graphNeeds(validateMetadata(baseMeta, 'x.json')), '');
});

test('a puzzle-embedding table of the wrong size is refused', async () => {
  const D = baseMeta.hidden_size;
  const meta = {
    ...baseMeta,
    puzzle_embedding: { file: 'tbl.puzzle_emb.bin', dtype: 'float16', rows: 3, identifiers: { '<blank>': 0, 'task|||t0|||0123456789': 1 } },
  };
  const p = writeModel('tbl', baseOnnx, meta);
  writeFileSync(join(dir, 'tbl.puzzle_emb.bin'), new Uint8Array(3 * D * 2 - 2));
  assert.throws(() => loadModel(p), rejects('model-truncated', /tbl\.puzzle_emb\.bin: .* expected rows \(3\)/));
  // right size: rows decode from float16 little-endian
  const table = new Uint8Array(3 * D * 2);
  new DataView(table.buffer).setUint16(D * 2, 0x3c00, true); // row 1, col 0 = 1.0
  new DataView(table.buffer).setUint16(D * 2 + 2, 0xc000, true); // row 1, col 1 = -2.0
  writeFileSync(join(dir, 'tbl.puzzle_emb.bin'), table);
  const m = loadModel(p);
  assert.equal(m.embedding.mode, 'table');
  assert.deepEqual(Array.from(m.embedding.vector('task|||t0|||0123456789')!.slice(0, 3)), [1, -2, 0]);
  assert.equal(m.embedding.vector('other|||t0|||0123456789'), undefined);
  // a table over maxEmbeddingBytes is read row by row, with the same values
  const lazy = loadModel(p, { maxEmbeddingBytes: 10 });
  assert.deepEqual(Array.from(lazy.embedding.vector('task|||t0|||0123456789')!.slice(0, 3)), [1, -2, 0]);
  assert.deepEqual(Array.from(lazy.embedding.blank().slice(0, 2)), [0, 0]);
  // the in-memory path checks the same, and hashes with Web Crypto
  await assert.rejects(modelFromBytes(meta, baseOnnx, { table: table.subarray(1) }), rejects('model-truncated', /expected/));
  await assert.rejects(
    modelFromBytes(meta, baseOnnx.subarray(0, baseOnnx.length - 1), { table }),
    rejects('model-truncated', /does not match the metadata.*truncated/),
  );
  // A browser page over plain http has no Web Crypto: the model still loads, its hash unchecked and saying why.
  const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
  try {
    const unhashed = await modelFromBytes(meta, baseOnnx, { table });
    assert.equal(unhashed.hash, meta.sha256);
    assert.match(unhashed.hashUnchecked ?? '', /no Web Crypto \(browsers offer it only over https or on localhost\)/);
  } finally {
    Object.defineProperty(globalThis, 'crypto', real);
  }
  assert.equal((await modelFromBytes(meta, baseOnnx, { table })).hashUnchecked, undefined);
});

test('graphs that do not follow the contract are named precisely', async () => {
  for (const [file, pattern] of [
    ['wrong-names.onnx', /missing input "tokens" \(graph inputs: ids, puzzle_vec, y, z\).*unexpected graph input "ids"/],
    ['wrong-type.onnx', /input "tokens" is int32, expected int64/],
  ] as const) {
    const onnx = readFileSync(join(ROOT, 'tests/fixtures/trm', file));
    const model = await modelFromBytes({ ...baseMeta, sha256: sha(onnx) }, onnx, { source: file });
    for (const provider of ['cpu', 'wasm'] as const) {
      await assert.rejects(createBackend(model, { provider }), rejects('graph-mismatch', pattern));
    }
  }
});

test('metadata that disagrees with the graph (hidden size, vocabulary) is a graph mismatch', async () => {
  const D = 8;
  const meta = {
    ...baseMeta,
    hidden_size: D,
    y_init: new Array(D).fill(0),
    z_init: new Array(D).fill(0),
    puzzle_embedding: { none: true },
  };
  const model = await modelFromBytes(meta, baseOnnx, { source: 'contract' });
  await assert.rejects(
    createBackend(model, { provider: 'cpu' }),
    rejects('graph-mismatch', /input "puzzle_vec" has shape \[batch, 16\], expected \[batch, 8\]/),
  );
  const meta9 = { ...baseMeta, name: 'x', grid: { rows: 9, cols: 9 }, seq_len: 81, vocab: ['<pad>', '.', ...'123456789'], vocab_size: 11 };
  await assert.rejects(
    modelFromBytes(meta9, baseOnnx).then((m) => createBackend(m, { provider: 'cpu' })),
    rejects('graph-mismatch', /"tokens" has shape \[batch, 16\], expected \[batch, 81\]/),
  );
});
