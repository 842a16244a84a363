// File URIs to paths with vscode-uri (percent-decoding and Windows drive letters done right:
// file:///c%3A/proj is c:\proj, where slicing off "file://" gives /c:/proj).
import { URI } from 'vscode-uri';

/** The file-system path of a `file:` URI, or undefined for any other scheme (untitled:, vscode-vfs:, ...). */
export function fileUriToPath(uri: string | null | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}
