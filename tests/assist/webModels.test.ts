// The web extension's reading of the gridReasoner.models setting (client/src/webModelList.ts): which URI an
// entry names, what is read, what is refused, and which files the worker may read back. The workspace file
// system is a map of URIs to bytes here.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { modelUri, settingModels } from '../../client/src/webModelList';

const FOLDER = URI.parse('vscode-vfs://github/user/repo');
const META = '{"name": "mine"}';

function fileSystem(files: Record<string, string>): { read: (u: URI) => Promise<Uint8Array>; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (u) => {
      reads.push(u.toString());
      const text = files[u.toString()];
      if (text === undefined) throw new Error('file not found');
      return new TextEncoder().encode(text);
    },
  };
}

describe('web extension: the models of the settings', () => {
  it('an entry names NAME.onnx: URIs as written, paths against the workspace folder, Windows paths are paths', () => {
    assert.equal(modelUri('models/mine', FOLDER)?.toString(), 'vscode-vfs://github/user/repo/models/mine.onnx');
    assert.equal(modelUri('models/mine.json', FOLDER)?.toString(), 'vscode-vfs://github/user/repo/models/mine.onnx');
    // An absolute path is on the workspace folder's file system (its scheme and authority).
    assert.equal(modelUri('/abs/mine.onnx', FOLDER)?.toString(), 'vscode-vfs://github/abs/mine.onnx');
    assert.equal(modelUri('https://example.org/m/mine.onnx', FOLDER)?.toString(), 'https://example.org/m/mine.onnx');
    assert.equal(modelUri('c:\\models\\mine', FOLDER)?.toString(), 'vscode-vfs://github/user/repo/c%3A/models/mine.onnx');
    assert.equal(modelUri('models/mine', undefined), undefined);
  });

  it('reads each model metadata once; the files it names (and only those) may be read back', async () => {
    const fs = fileSystem({ 'vscode-vfs://github/user/repo/models/mine.json': META });
    const out = await settingModels({ user: ['models/mine', 'models/mine.onnx'], workspace: [], workspaceTrusted: false }, FOLDER, fs.read);
    assert.deepEqual(out.entries, [{ onnx: 'vscode-vfs://github/user/repo/models/mine.onnx', json: META, origin: 'user' }]);
    assert.deepEqual([...out.files.keys()].sort(), [
      'vscode-vfs://github/user/repo/models/mine.json',
      'vscode-vfs://github/user/repo/models/mine.onnx',
    ]);
    assert.deepEqual(fs.reads, ['vscode-vfs://github/user/repo/models/mine.json']);
  });

  it('a missing file becomes an entry with the problem, which the server reports; nothing of it may be read', async () => {
    const out = await settingModels({ user: ['gone'], workspace: [], workspaceTrusted: true }, FOLDER, fileSystem({}).read);
    assert.equal(out.entries.length, 1);
    assert.equal(out.entries[0]!.origin, 'user');
    assert.match(
      out.entries[0]!.problem ?? '',
      /metadata vscode-vfs:\/\/github\/user\/repo\/gone.json could not be read \(file not found\)/,
    );
    assert.equal(out.files.size, 0);
  });

  it('workspace entries: not read in an untrusted workspace; when trusted, only inside the workspace folder', async () => {
    const files = { 'vscode-vfs://github/user/repo/m/a.json': META, 'vscode-vfs://github/other/x.json': META };
    const untrusted = await settingModels({ user: [], workspace: ['m/a'], workspaceTrusted: false }, FOLDER, fileSystem(files).read);
    assert.deepEqual(untrusted.entries, []);
    assert.match(untrusted.ignored[0] ?? '', /^m\/a \(workspace settings are not used in an untrusted workspace\)$/);
    const fs = fileSystem(files);
    const trusted = await settingModels(
      { user: [], workspace: ['m/a', 'vscode-vfs://github/other/x', '../outside'], workspaceTrusted: true },
      FOLDER,
      fs.read,
    );
    assert.deepEqual(
      trusted.entries.map((e) => [e.onnx, e.problem ?? 'ok']),
      [
        ['vscode-vfs://github/user/repo/m/a.onnx', 'ok'],
        ['vscode-vfs://github/other/x.onnx', 'a workspace setting may only name models inside the workspace folder'],
        ['vscode-vfs://github/user/outside.onnx', 'a workspace setting may only name models inside the workspace folder'],
      ],
    );
    assert.deepEqual(fs.reads, ['vscode-vfs://github/user/repo/m/a.json']);
  });
});
