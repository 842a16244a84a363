// SHA-256 of a model's bytes, from the platform: Web Crypto, which Node 20 and browsers (their workers
// included) provide as the global `crypto`. It is asynchronous; the Node host's synchronous model loader
// (host-node/trm/load.ts) hashes with node:crypto instead.

import { TrmError } from './errors';

/** Lower-case hex of the SHA-256 of the bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = typeof crypto === 'object' ? crypto.subtle : undefined;
  if (!subtle) {
    throw new TrmError(
      'backend-unavailable',
      'this host has no Web Crypto (crypto.subtle) to check model files with: browsers offer it only over https or on localhost',
    );
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
