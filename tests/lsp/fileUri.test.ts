// Workspace roots from file URIs: percent-decoded, Windows drive letters kept (relative model paths resolve
// against this path), other schemes give no path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileUriToPath } from '../../server/src/fileUri';

test('file URIs become paths; other schemes and garbage do not', () => {
  assert.equal(fileUriToPath('file:///home/ada/my%20puzzles'), '/home/ada/my puzzles');
  // A Windows folder as VS Code sends it: the drive letter survives (slicing gave "/c:/proj").
  const win = fileUriToPath('file:///c%3A/proj');
  assert.ok(win === 'c:/proj' || win === 'c:\\proj', String(win));
  assert.equal(fileUriToPath('untitled:Untitled-1'), undefined);
  assert.equal(fileUriToPath('vscode-vfs://github/x/y'), undefined);
  assert.equal(fileUriToPath(undefined), undefined);
  assert.equal(fileUriToPath(''), undefined);
});
