// core/src/base64.ts: model files and PNGs cross text channels as base64.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64ToBytes, bytesToBase64 } from '../core/src/base64';

describe('base64', () => {
  it('matches Node for every byte value, and past one chunk of String.fromCharCode', () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.equal(bytesToBase64(every), Buffer.from(every).toString('base64'));
    const big = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 31) % 256);
    const text = bytesToBase64(big);
    assert.equal(text, Buffer.from(big).toString('base64'));
    assert.deepEqual(base64ToBytes(text), big);
  });
  it('decodes the empty text and a PNG data URL payload', () => {
    assert.deepEqual(base64ToBytes(''), new Uint8Array());
    assert.deepEqual([...base64ToBytes('iVBORw0KGgo=')], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.throws(() => base64ToBytes('not base64!'));
  });
});
