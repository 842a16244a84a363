// SHA-256 of a model's bytes, from the platform: Web Crypto, which Node 20 and browsers (their workers
// included) provide as the global `crypto`. It is asynchronous; the Node host's synchronous model loader
// (host-node/trm/load.ts) hashes with node:crypto instead.

/** Why model files cannot be hashed here: browsers offer Web Crypto only in secure contexts. */
export const NO_WEB_CRYPTO =
  'not checked against the metadata: this page has no Web Crypto (browsers offer it only over https or on localhost)';

/** Lower-case hex of the SHA-256 of the bytes; undefined where the host has no Web Crypto (NO_WEB_CRYPTO). */
export async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = typeof crypto === 'object' ? crypto.subtle : undefined;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
