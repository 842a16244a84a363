// docs/diagnostics.md documents every diagnostic code, with the code's severity; a new or removed code
// fails here until the document follows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PARSER_CODES } from '../../core/src/dsl/codes';
import { RULE_CODES } from '../../core/src/rules/diagnostics';
import { defined } from '../defined';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'diagnostics.md'), 'utf8');
const rows = new Map<string, string>();
for (const m of doc.matchAll(/^\| ([PR]\d{3}) \| (error|warning|information|hint) \|/gm))
  rows.set(defined(m[1], 'a code'), defined(m[2], 'a severity'));

describe('docs/diagnostics.md', () => {
  it('lists every parser and rule code with its severity', () => {
    const codes: Record<string, { severity: string }> = { ...PARSER_CODES, ...RULE_CODES };
    for (const [code, info] of Object.entries(codes)) {
      assert.equal(rows.get(code), info.severity, `${code} (${info.severity}) is missing or has another severity in docs/diagnostics.md`);
    }
    const internal = new Set(['P000', 'R000']);
    for (const code of rows.keys())
      assert.ok(code in codes || internal.has(code), `docs/diagnostics.md lists ${code}, which no longer exists`);
  });
});
