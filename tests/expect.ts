// Expected-output files for data-driven tests. `UPDATE_EXPECT=1 node tests/run.mjs ...` rewrites every expected
// file from what the code produces now; review the diff before committing it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const updatingExpectations = (): boolean => Boolean(process.env.UPDATE_EXPECT);

/** Asserts that `actual` equals the text of `file` (or writes it there under UPDATE_EXPECT). */
export function expectFile(file: string, actual: string): void {
  if (updatingExpectations()) writeFileSync(file, actual);
  assert.ok(existsSync(file), `missing ${file} (run with UPDATE_EXPECT=1 and review it)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${file} differs (UPDATE_EXPECT=1 rewrites it; review the diff)`);
}
