// For tests under noUncheckedIndexedAccess: an element the test expects to be there (the first puzzle of a parse, a
// match group, a row of a result), or a failed assertion naming what was missing instead of a TypeError further on.
import assert from 'node:assert/strict';

export function defined<T>(value: T | undefined, what = 'a value'): T {
  if (value === undefined) assert.fail(`expected ${what}, got undefined`);
  return value;
}
