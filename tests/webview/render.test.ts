// Pure helpers of the webview's drawing: sizes, the halting curve's step <-> x mapping, heat colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARC_PALETTE, boardSize, curveGeometry, curveStepAt, curveX, fitCell, heatColour } from '../../webview/src/render';

test('cell sizes fit the space and stay within bounds', () => {
  assert.equal(fitCell(9, 9, 362), 40);
  assert.equal(fitCell(30, 30, 300), 9);
  assert.equal(fitCell(30, 30, 50), 4, 'never below the minimum');
  assert.equal(fitCell(1, 1, 1000), 40, 'never above the maximum');
  assert.equal(fitCell(3, 9, 182, 4, 100), 20, 'the longer side decides');
  assert.deepEqual(boardSize(9, 9, 40), { width: 362, height: 362 });
  assert.deepEqual(boardSize(0, 0, 10), { width: 12, height: 12 }, 'an empty grid still has a frame');
});

test('the halting curve maps steps to x and back', () => {
  const g = curveGeometry(560, 130, 16);
  assert.equal(curveX(g, 1), g.left);
  assert.equal(curveX(g, 16), g.right);
  for (let s = 1; s <= 16; s++) assert.equal(curveStepAt(g, curveX(g, s) + 3), s);
  assert.equal(curveStepAt(g, -100), 1);
  assert.equal(curveStepAt(g, 10_000), 16);
  const one = curveGeometry(560, 130, 1);
  assert.equal(one.steps, 2, 'a one-step trace still has an axis');
});

test('heat colours run from red (unsure) to green (sure); the ARC palette is the standard one', () => {
  assert.equal(heatColour(0), 'hsla(0, 85%, 45%, 0.55)');
  assert.equal(heatColour(1, 1), 'hsla(120, 85%, 45%, 1)');
  assert.equal(heatColour(2), heatColour(1), 'clamped');
  assert.deepEqual(ARC_PALETTE, [
    '#000000',
    '#0074D9',
    '#FF4136',
    '#2ECC40',
    '#FFDC00',
    '#AAAAAA',
    '#F012BE',
    '#FF851B',
    '#7FDBFF',
    '#870C25',
  ]);
});
