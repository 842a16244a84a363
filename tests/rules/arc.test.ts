import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARC_COLOUR_HEX, ARC_COLOUR_NAMES, checkArcGrid } from '../../core/src/rules/arc';

const g = (rows: string[]): string[][] => rows.map((r) => r.split(' ').filter(Boolean));

describe('ARC grid checks', () => {
  it('a well-formed grid has no problems', () => {
    assert.deepEqual(checkArcGrid(g(['0 1 2', '3 4 5'])), []);
  });
  it('empty, too large, ragged, colours outside 0-9', () => {
    assert.deepEqual(checkArcGrid([]), [{ kind: 'empty' }]);
    assert.deepEqual(checkArcGrid([[]]), [{ kind: 'empty' }]);
    const big = Array.from({ length: 31 }, () => Array.from({ length: 2 }, () => '0'));
    assert.deepEqual(checkArcGrid(big), [{ kind: 'tooLarge', rows: 31, cols: 2 }]);
    assert.deepEqual(checkArcGrid(g(['0 1', '2'])), [{ kind: 'ragged', row: 1, length: 1, expected: 2 }]);
    assert.deepEqual(checkArcGrid(g(['0 a', '10 ?'])), [
      { kind: 'colour', row: 0, col: 1, symbol: 'a' },
      { kind: 'colour', row: 1, col: 0, symbol: '10' },
      { kind: 'colour', row: 1, col: 1, symbol: '?' },
    ]);
    assert.deepEqual(checkArcGrid(g(['0 ?']), { allowUnknown: true }), []);
  });
  it('ten colour names and palette entries', () => {
    assert.equal(ARC_COLOUR_NAMES.length, 10);
    assert.equal(ARC_COLOUR_HEX.length, 10);
    assert.ok(ARC_COLOUR_HEX.every((h) => /^#[0-9A-F]{6}$/.test(h)));
  });
});
