// Base64 for bytes that cross a text channel (model files sent to the browser worker over LSP, PNGs from the
// trace webview). atob and btoa work on "binary strings" (one character per byte) and exist in Node,
// browsers and web workers alike, unlike Node's Buffer.

/** Bytes of a base64 text (throws on characters outside the base64 alphabet). */
export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Spread this many bytes at once into String.fromCharCode: far fewer calls, well under the argument limit. */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
