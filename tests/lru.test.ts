// core/src/lru.ts: the bounded map behind the solver, model-run and trace-panel caches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruMap } from '../core/src/lru';

describe('LruMap', () => {
  it('drops the least recently used entry past max; get counts as a use, peek and has do not', () => {
    const evicted: [string, number][] = [];
    const m = new LruMap<string, number>(2, (k, v) => evicted.push([k, v]));
    m.set('a', 1).set('b', 2);
    assert.equal(m.get('a'), 1); // a is now the most recent
    assert.equal(m.peek('b'), 2);
    assert.ok(m.has('b'));
    m.set('c', 3);
    assert.deepEqual(evicted, [['b', 2]]);
    assert.deepEqual([...m.keys()], ['a', 'c']);
    assert.equal(m.get('b'), undefined);
    assert.equal(m.size, 2);
  });
  it('storing refreshes an entry; replacing, deleting and clearing evict nothing', () => {
    const evicted: string[] = [];
    const m = new LruMap<string, number>(2, (k) => evicted.push(k));
    m.set('a', 1).set('b', 2).set('a', 10);
    assert.deepEqual([...m.keys()], ['b', 'a']);
    assert.equal(m.peek('a'), 10);
    assert.ok(m.delete('b'));
    assert.equal(m.delete('b'), false);
    m.clear();
    assert.equal(m.size, 0);
    assert.deepEqual(evicted, []);
  });
  it('keeps falsy values and, with max 0, nothing', () => {
    const m = new LruMap<string, number | null>(3);
    m.set('zero', 0).set('null', null);
    assert.equal(m.get('zero'), 0);
    assert.equal(m.get('null'), null);
    assert.ok(m.has('null'));
    const none = new LruMap<string, number>(0);
    none.set('a', 1);
    assert.equal(none.size, 0);
    assert.throws(() => new LruMap(-1), RangeError);
  });
});
