// The environment seam: everything the server needs from its host that differs between Node (IPC/stdio)
// and a browser worker. serverMain.ts takes one of these; server.ts (Node) and a browser entry build them.

export interface Timer {
  cancel(): void;
}

export interface ServerEnvironment {
  /** 'node' or 'browser', for logs. */
  readonly name: string;
  /** Milliseconds, monotonic. */
  now(): number;
  /** Runs fn after ms milliseconds. */
  setTimer(fn: () => void, ms: number): Timer;
  /** Resolves after pending I/O (incoming messages) has had a chance to run: long work awaits it to stay cancellable. */
  yieldToEventLoop(): Promise<void>;
  /**
   * Request names whose handler throws on purpose (tests of request isolation): set from the
   * GRID_REASONER_FAULTS environment variable by the Node entry, never by users.
   */
  readonly faults: ReadonlySet<string>;
}

/** A portable environment built on timers only (works in Node and in browser workers). */
export function timerEnvironment(name: string, faults: ReadonlySet<string> = new Set()): ServerEnvironment {
  return {
    name,
    now: () => performance.now(),
    setTimer(fn, ms) {
      const h = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(h) };
    },
    yieldToEventLoop: () => new Promise((resolve) => setTimeout(resolve, 0)),
    faults,
  };
}
