// The only globals the core may use: the few that Node, browsers and web workers all provide. The core's
// tsconfig has neither DOM nor Node types, so anything else (process, fs, document, Worker) is a compile error.
// Everything host-specific reaches the core through interfaces its hosts inject (host-node/, server/, client/).

declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
/** Not in browsers: code that uses it checks `typeof setImmediate === 'function'` first. */
declare const setImmediate: ((callback: () => void) => unknown) | undefined;

declare const performance: { now(): number };

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

/** Base64 of a binary string (one character per byte), and back. */
declare function btoa(data: string): string;
declare function atob(data: string): string;

/** Web Crypto; `subtle` is missing in a browser page that is not a secure context. */
declare const crypto: { readonly subtle?: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
