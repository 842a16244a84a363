// A map that keeps at most `max` entries and drops the least recently used one first. The caches of solver
// verdicts (rules/facts.ts), finished model runs (trm/service.ts) and the trace panel's traces
// (client/src/traceStore.ts) share it. A Map iterates in insertion order, so moving an entry to the end on
// use keeps the oldest first. (The lru-cache package is not a dependency of this project.)

export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /**
   * @param max entries kept; 0 keeps none.
   * @param onEvict called with each entry dropped to make room (not for delete, clear or a replaced value).
   */
  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(max >= 0)) throw new RangeError(`LruMap: max must be 0 or more, not ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value, without counting as a use. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Whether the key is kept, without counting as a use. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as the most recently used, then drops the least recently used entries past `max`. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) {
      const [oldestKey, oldestValue] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict?.(oldestKey, oldestValue);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys from the least to the most recently used. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
