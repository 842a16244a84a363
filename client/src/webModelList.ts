// The models of the `gridReasoner.models` setting for the web extension. Its language server runs in a web
// worker with no file system, so this client reads the model files through the workspace file system (any URI
// scheme: vscode-vfs:, file: of a remote, ...) and hands them over; only the files listed here may be read
// back. Entries follow the desktop rules (server/src/trm/registry.ts): NAME, NAME.onnx or NAME.json names the
// pair NAME.onnx + NAME.json; a relative path is read against the workspace folder; the workspace's own entries
// count only in a trusted workspace and only inside its folder. No VS Code API here, so it is tested in Node.

import { URI, Utils } from 'vscode-uri';
import type { WebModelEntry } from '../../core/src/protocol/messages';

export interface ModelSettings {
  user: readonly string[];
  workspace: readonly string[];
  workspaceTrusted: boolean;
}

/** What the workspace file system gives this module: a file's bytes (rejects when there is none). */
export type ReadUri = (uri: URI) => Promise<Uint8Array>;

export interface SettingModels {
  entries: WebModelEntry[];
  /** The files the server may read back, by the name it was given for them (the URI as a string). */
  files: Map<string, URI>;
  /** Entries left out, with why (the workspace is not trusted). */
  ignored: string[];
}

/** An entry as the URI of its .onnx file: URIs as they are; paths against the workspace folder. */
export function modelUri(entry: string, folder: URI | undefined): URI | undefined {
  const stem = entry.replace(/\.(onnx|json)$/, '');
  // A scheme of two letters or more: "c:\models" is a Windows path, not a URI.
  if (/^[a-z][a-z0-9+.-]+:/i.test(stem)) return URI.parse(`${stem}.onnx`);
  const path = stem.replace(/\\/g, '/');
  if (path.startsWith('/')) return folder ? folder.with({ path: `${path}.onnx` }) : URI.file(`${path}.onnx`);
  return folder ? Utils.joinPath(folder, `${path}.onnx`) : undefined;
}

function inside(uri: URI, folder: URI): boolean {
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return uri.scheme === folder.scheme && uri.authority === folder.authority && uri.path.startsWith(base);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads the metadata of every model the settings name; files that cannot be read become problem entries. */
export async function settingModels(settings: ModelSettings, folder: URI | undefined, read: ReadUri): Promise<SettingModels> {
  const out: SettingModels = { entries: [], files: new Map(), ignored: [] };
  const seen = new Set<string>();
  const sources: [string, 'user' | 'workspace'][] = [
    ...settings.user.map((e): [string, 'user'] => [e, 'user']),
    ...settings.workspace.map((e): [string, 'workspace'] => [e, 'workspace']),
  ];
  for (const [entry, origin] of sources) {
    if (origin === 'workspace' && !settings.workspaceTrusted) {
      out.ignored.push(`${entry} (workspace settings are not used in an untrusted workspace)`);
      continue;
    }
    const onnx = modelUri(entry, folder);
    if (!onnx) {
      out.entries.push({ onnx: entry, json: '', origin, problem: 'a relative model path needs an open workspace folder' });
      continue;
    }
    const name = onnx.toString();
    if (seen.has(name)) continue;
    seen.add(name);
    if (origin === 'workspace' && folder && !inside(onnx, folder)) {
      out.entries.push({ onnx: name, json: '', origin, problem: 'a workspace setting may only name models inside the workspace folder' });
      continue;
    }
    const json = onnx.with({ path: onnx.path.replace(/\.onnx$/, '.json') });
    try {
      const text = new TextDecoder().decode(await read(json));
      out.entries.push({ onnx: name, json: text, origin });
      out.files.set(name, onnx);
      out.files.set(json.toString(), json);
    } catch (e) {
      out.entries.push({
        onnx: name,
        json: '',
        origin,
        problem: `its metadata ${json.toString()} could not be read (${errorText(e)}); a model is NAME.onnx with NAME.json beside it`,
      });
    }
  }
  return out;
}
