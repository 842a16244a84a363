import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DIHEDRAL_INVERSE,
  arcCanvas,
  augmentGrid,
  cropCanvas,
  cropSize,
  deaugmentGrid,
  dihedral,
  inverseDihedral,
  parseVersionName,
  randomAugmentations,
  versionName,
  vote,
} from '../../core/src/trm/arc';

const G = [
  [1, 2, 3],
  [4, 5, 6],
]; // 2x3, asymmetric

test('dihedral transforms follow numpy (rot90 counter-clockwise, 7 = fliplr(rot90))', () => {
  assert.deepEqual(dihedral(G, 0), G);
  assert.deepEqual(dihedral(G, 1), [
    [3, 6],
    [2, 5],
    [1, 4],
  ]);
  assert.deepEqual(dihedral(G, 2), [
    [6, 5, 4],
    [3, 2, 1],
  ]);
  assert.deepEqual(dihedral(G, 3), [
    [4, 1],
    [5, 2],
    [6, 3],
  ]);
  assert.deepEqual(dihedral(G, 4), [
    [3, 2, 1],
    [6, 5, 4],
  ]);
  assert.deepEqual(dihedral(G, 5), [
    [4, 5, 6],
    [1, 2, 3],
  ]);
  assert.deepEqual(dihedral(G, 6), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(dihedral(G, 7), [
    [6, 3],
    [5, 2],
    [4, 1],
  ]);
  assert.throws(() => dihedral(G, 8), /0\.\.7/);
});

test('every dihedral id is undone by its inverse [0,3,2,1,4,5,6,7]', () => {
  assert.deepEqual(DIHEDRAL_INVERSE, [0, 3, 2, 1, 4, 5, 6, 7]);
  for (let t = 0; t < 8; t++) assert.deepEqual(inverseDihedral(dihedral(G, t), t), G, `tid ${t}`);
});

test('augment = colour map then dihedral; deaugment restores the grid', () => {
  const aug = { tid: 1, perm: [0, 3, 1, 2, 9, 8, 7, 6, 5, 4] };
  // colours first: [[0,3],[1,2]], then rot90
  assert.deepEqual(
    augmentGrid(
      [
        [0, 1],
        [2, 3],
      ],
      aug,
    ),
    [
      [3, 2],
      [0, 1],
    ],
  );
  for (const a of randomAugmentations(16, 3)) assert.deepEqual(deaugmentGrid(augmentGrid(G, a), a), G);
});

test('version names round trip and identity comes first', () => {
  const a = { tid: 7, perm: [0, 9, 8, 7, 6, 5, 4, 3, 2, 1] };
  assert.equal(versionName('abc123', a), 'abc123|||t7|||0987654321');
  assert.deepEqual(parseVersionName('abc123|||t7|||0987654321'), { task: 'abc123', aug: a });
  assert.equal(parseVersionName('abc|||t8|||0123456789'), undefined);
  assert.equal(parseVersionName('abc|||t1|||0113456789'), undefined);
  const augs = randomAugmentations(8, 1);
  assert.equal(augs.length, 8);
  assert.deepEqual(augs[0], { tid: 0, perm: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  assert.equal(new Set(augs.map((x) => versionName('', x))).size, 8);
});

test('canvas puts the grid top-left with EOS below and right, corner PAD; crop at EOS returns it', () => {
  const ids = arcCanvas(
    [
      [0, 1, 2],
      [3, 4, 5],
    ],
    4,
    5,
  );
  assert.deepEqual(Array.from(ids), [2, 3, 4, 1, 0, 5, 6, 7, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(cropCanvas(ids, 4, 5), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  // A grid filling the canvas has no EOS.
  assert.deepEqual(
    Array.from(
      arcCanvas(
        [
          [1, 1],
          [1, 1],
        ],
        2,
        2,
      ),
    ),
    [3, 3, 3, 3],
  );
});

test('crop takes the largest top-left rectangle of colour tokens (the reference rule)', () => {
  // row 0: 4 colours, row 1: 2 colours then EOS, row 2: 3 colours (width stays 2), row 3: PAD
  const ids = [2, 2, 2, 2, 3, 3, 1, 3, 4, 4, 4, 0, 0, 0, 0, 0];
  // areas: 1x4 = 4, 2x2 = 4, 3x2 = 6 -> 3x2
  assert.deepEqual(cropSize(ids, 4, 4), { rows: 3, cols: 2 });
  assert.deepEqual(cropCanvas(ids, 4, 4), [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
  assert.deepEqual(cropSize([1, 2, 2, 2], 2, 2), { rows: 0, cols: 0 });
});

test('voting ranks by count, then mean halting score; empty answers are dropped', () => {
  const A = [[1, 1]],
    B = [[2]],
    C = [
      [3, 3],
      [3, 3],
    ];
  const r = vote([
    { grid: B, haltScore: 0.9 },
    { grid: A, haltScore: 0.2 },
    { grid: C, haltScore: 0.95 },
    { grid: A, haltScore: 0.4 },
    { grid: B, haltScore: 0.7 },
    { grid: [], haltScore: 1 },
  ]);
  // A and B have 2 votes each; B's mean halt score 0.8 beats A's 0.3; C has one vote.
  assert.deepEqual(
    r.map((x) => [x.grid, x.votes]),
    [
      [B, 2],
      [A, 2],
      [C, 1],
    ],
  );
  assert.ok(Math.abs(r[0]!.meanHaltScore - 0.8) < 1e-12);
  assert.ok(Math.abs(r[1]!.meanHaltScore - 0.3) < 1e-12);
});
