// Step-level batching: every lane (one puzzle, or one ARC augmentation) that wants its next supervision
// step submits it here; submissions that arrive while the backend is busy, or in the same turn of the
// event loop, run together as one batch of up to `maxBatch`. One backend call at a time.

import type { StepBackend } from './backend';
import type { TrmMetadata } from './metadata';

export interface LaneState {
  tokens: Int32Array;
  puzzleVec: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

export interface LaneResult {
  y: Float32Array;
  z: Float32Array;
  /** [L, V] */
  logits: Float32Array;
  qHalt: number;
}

interface Pending {
  lane: LaneState;
  resolve(r: LaneResult): void;
  reject(e: unknown): void;
}

const defer: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

export interface BatchStats {
  calls: number;
  items: number;
  largest: number;
}

export class StepBatcher {
  private queue: Pending[] = [];
  private busy = false;
  private scheduled = false;
  readonly stats: BatchStats = { calls: 0, items: 0, largest: 0 };

  constructor(
    private readonly backend: StepBackend,
    private readonly meta: TrmMetadata,
    readonly maxBatch: number,
  ) {}

  submit(lane: LaneState): Promise<LaneResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ lane, resolve, reject });
      this.kick();
    });
  }

  /** Lanes waiting for a batch slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (this.busy || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    defer(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const batch = this.queue.splice(0, this.maxBatch);
    const B = batch.length;
    const { seq_len: L, hidden_size: D, prefix_len: P, vocab_size: V } = this.meta;
    const SD = (L + P) * D;
    try {
      const tokens = new BigInt64Array(B * L);
      const puzzleVec = new Float32Array(B * D);
      const y = new Float32Array(B * SD);
      const z = new Float32Array(B * SD);
      batch.forEach((p, b) => {
        for (let i = 0; i < L; i++) tokens[b * L + i] = BigInt(p.lane.tokens[i]!);
        puzzleVec.set(p.lane.puzzleVec, b * D);
        y.set(p.lane.y, b * SD);
        z.set(p.lane.z, b * SD);
      });
      const out = await this.backend.run({ batch: B, tokens, puzzleVec, y, z });
      this.stats.calls++;
      this.stats.items += B;
      this.stats.largest = Math.max(this.stats.largest, B);
      batch.forEach((p, b) =>
        p.resolve({
          y: out.y.slice(b * SD, (b + 1) * SD),
          z: out.z.slice(b * SD, (b + 1) * SD),
          logits: out.logits.subarray(b * L * V, (b + 1) * L * V),
          qHalt: out.qHalt[b]!,
        }),
      );
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.busy = false;
      this.kick();
    }
  }
}
