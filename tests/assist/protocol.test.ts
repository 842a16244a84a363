// docs/protocol.md documents every custom message: its table lists exactly the messages declared in
// core/src/protocol/messages.ts (method, kind, direction), and its fingerprint matches the protocol files, so a
// message that changes without its documentation fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allMessages } from '../../core/src/protocol/messages';

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'protocol.md'), 'utf8');
const FILES = ['core/src/protocol/messages.ts', 'core/src/protocol/trmMessages.ts', 'core/src/protocol/puzzleView.ts'];

function fingerprint(): string {
  const norm = (t: string) => t.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '');
  return createHash('sha256')
    .update(FILES.map((f) => norm(readFileSync(join(ROOT, f), 'utf8'))).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

test('docs/protocol.md lists exactly the declared messages, with their kind and direction', () => {
  const documented = DOC.split('\n')
    .filter((l) => /^\| `gridReasoner[./]/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => `${c[1]!.replace(/`/g, '')} ${c[2]} ${c[3]}`)
    .sort();
  const declared = allMessages()
    .map((m) => `${m.method} ${m.kind} ${m.direction}`)
    .sort();
  assert.deepEqual(documented, declared);
});

test('docs/protocol.md was updated with the protocol files (fingerprint)', () => {
  const recorded = /Protocol fingerprint: `([0-9a-f]+)`/.exec(DOC)?.[1];
  assert.equal(recorded, fingerprint(), 'a protocol file changed: update docs/protocol.md, then its fingerprint to the actual value');
});
