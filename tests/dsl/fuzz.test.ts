// Parser fuzz: 10,000 random and mutated inputs from a fixed seed. For every input: parse does not throw,
// reports no internal error (P000), every diagnostic and every tree range lies inside the document, format is
// idempotent, and when nothing was dropped, parse(print(tree)) gives the same tree ignoring ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../core/src/dsl/parser';
import { format, print } from '../../core/src/dsl/printer';
import { isLossy } from '../../core/src/dsl/codes';
import { allRanges, linesOf, rangeInside, rng, stripRanges } from './helpers';
import { pick } from '../fuzz/random';
import { mutate, randomDoc, structuredDoc } from './docGen';

const SEED = 20261128;
const RANDOM = 6000;
const MUTATED = 4000;

function checkOne(text: string): void {
  let res;
  try {
    res = parse(text);
  } catch (e) {
    assert.fail(`parse threw on ${JSON.stringify(text)}: ${e}`);
  }
  const lines = linesOf(text);
  for (const d of res.diagnostics) {
    assert.notEqual(d.code, 'P000', `internal error on ${JSON.stringify(text)}: ${d.message}`);
    assert.ok(rangeInside(d.range, lines), `diagnostic ${d.code} ${JSON.stringify(d.range)} outside ${JSON.stringify(text)}`);
  }
  for (const r of allRanges(res.document)) {
    assert.ok(rangeInside(r, lines), `tree range ${JSON.stringify(r)} outside ${JSON.stringify(text)}`);
  }
  const once = format(text);
  assert.equal(format(once), once, `format not idempotent on ${JSON.stringify(text)}`);
  if (!res.diagnostics.some((d) => isLossy(d.code))) {
    const again = parse(print(res.document));
    assert.deepEqual(
      stripRanges(again.document.puzzles),
      stripRanges(res.document.puzzles),
      `round trip differs on ${JSON.stringify(text)}`,
    );
  }
}

test(`fuzz: ${RANDOM} random documents (seed ${SEED})`, () => {
  const r = rng(SEED);
  let clean = 0;
  for (let i = 0; i < RANDOM; i++) {
    // a third line soup, a third well-formed, a third well-formed then lightly mutated
    const k = i % 3;
    const text = k === 0 ? randomDoc(r) : k === 1 ? structuredDoc(r) : mutate(r, structuredDoc(r));
    if (k === 1 && !parse(text).diagnostics.some((d) => d.severity === 'error')) clean++;
    checkOne(text);
  }
  assert.equal(clean, RANDOM / 3, 'every well-formed generated document parses without errors');
});

test(`fuzz: ${MUTATED} mutations of the fixtures and examples (seed ${SEED + 1})`, () => {
  const r = rng(SEED + 1);
  const root = join(__dirname, '..', '..');
  const seeds: string[] = [];
  for (const d of [join(root, 'tests', 'fixtures', 'dsl'), join(root, 'examples')]) {
    try {
      // the first 60 lines of each file keep every input small (the examples hold 30x30 grids)
      for (const f of readdirSync(d))
        if (f.endsWith('.arc')) seeds.push(readFileSync(join(d, f), 'utf8').split('\n').slice(0, 60).join('\n'));
    } catch {
      /* examples/ may not exist in a partial checkout */
    }
  }
  assert.ok(seeds.length >= 5);
  for (let i = 0; i < MUTATED; i++) checkOne(mutate(r, pick(r, seeds)));
});
