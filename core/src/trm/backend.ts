// One interface over the runtimes that run the step graph, and the contract check of the graph's
// inputs and outputs (names, element types, fixed dimensions) that every backend applies on load.

import { TrmError } from './errors';
import type { TrmMetadata } from './metadata';
import type { TrmModel } from './model';

export type Provider = 'cuda' | 'cpu' | 'wasm';
export type ProviderSetting = 'auto' | Provider;

/** A batch for one supervision step; arrays are row-major and hold `batch` items. */
export interface StepInputs {
  batch: number;
  /** [B, L] token ids. */
  tokens: BigInt64Array;
  /** [B, D] */
  puzzleVec: Float32Array;
  /** [B, S, D] */
  y: Float32Array;
  /** [B, S, D] */
  z: Float32Array;
}

export interface StepOutputs {
  y: Float32Array;
  z: Float32Array;
  /** [B, L, V] */
  logits: Float32Array;
  /** [B] */
  qHalt: Float32Array;
}

export interface StepBackend {
  /** The execution provider that actually runs the graph. */
  readonly provider: Provider;
  /** Why this provider and not the one asked for (a fallback), or undefined. */
  readonly note?: string;
  /** 'int8' when the model's int8 graph runs (CPU), else the float graph. */
  readonly precision?: 'float' | 'int8';
  run(inputs: StepInputs): Promise<StepOutputs>;
  dispose(): Promise<void>;
}

/** What onnxruntime (node and web) reports about a graph input or output. */
export interface ValueInfo {
  name: string;
  isTensor?: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

interface Want {
  name: string;
  type: string;
  dims: (number | 'B')[];
}

export function contractSignature(meta: TrmMetadata): { inputs: Want[]; outputs: Want[] } {
  const L = meta.seq_len,
    D = meta.hidden_size,
    S = L + meta.prefix_len,
    V = meta.vocab_size;
  return {
    inputs: [
      { name: 'tokens', type: 'int64', dims: ['B', L] },
      { name: 'puzzle_vec', type: 'float32', dims: ['B', D] },
      { name: 'y', type: 'float32', dims: ['B', S, D] },
      { name: 'z', type: 'float32', dims: ['B', S, D] },
    ],
    outputs: [
      { name: 'y_next', type: 'float32', dims: ['B', S, D] },
      { name: 'z_next', type: 'float32', dims: ['B', S, D] },
      { name: 'logits', type: 'float32', dims: ['B', L, V] },
      { name: 'q_halt', type: 'float32', dims: ['B'] },
    ],
  };
}

function fmt(dims: readonly (number | string)[]): string {
  return `[${dims.join(', ')}]`;
}

/**
 * Checks a loaded graph against the contract and the metadata. Names must match exactly (extra graph
 * inputs are refused: nothing would feed them); element types exactly; numeric dimensions must equal
 * the metadata's; a symbolic dimension is accepted anywhere. The batch dimension must be symbolic or 1
 * (a batch-1 graph runs requests one at a time).
 */
export function checkGraph(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], meta: TrmMetadata, where: string): void {
  const sig = contractSignature(meta);
  const problems: string[] = [];
  const side = (dir: 'input' | 'output', have: readonly ValueInfo[], want: Want[]) => {
    const names = new Map(have.map((v) => [v.name, v]));
    for (const w of want) {
      const v = names.get(w.name);
      if (!v) {
        problems.push(`missing ${dir} "${w.name}" (graph ${dir}s: ${have.map((h) => h.name).join(', ') || 'none'})`);
        continue;
      }
      if (v.isTensor === false) {
        problems.push(`${dir} "${w.name}" is not a tensor`);
        continue;
      }
      if (v.type !== undefined && v.type !== w.type) problems.push(`${dir} "${w.name}" is ${v.type}, expected ${w.type}`);
      if (v.shape !== undefined) {
        const wantDims = w.dims.map((d) => (d === 'B' ? 'batch' : d));
        if (v.shape.length !== w.dims.length) {
          problems.push(`${dir} "${w.name}" has shape ${fmt(v.shape)}, expected ${fmt(wantDims)}`);
        } else {
          w.dims.forEach((d, i) => {
            const got = v.shape![i]!;
            if (typeof got === 'number' && (d === 'B' ? got !== 1 && got !== -1 : got !== d)) {
              problems.push(
                `${dir} "${w.name}" has shape ${fmt(v.shape!)}, expected ${fmt(wantDims)} (metadata: seq_len ${meta.seq_len}, prefix_len ${meta.prefix_len}, hidden_size ${meta.hidden_size}, vocab_size ${meta.vocab_size})`,
              );
            }
          });
        }
      }
    }
    if (dir === 'input') {
      for (const v of have) if (!want.some((w) => w.name === v.name)) problems.push(`unexpected graph input "${v.name}"`);
    }
  };
  side('input', inputs, sig.inputs);
  side('output', outputs, sig.outputs);
  if (problems.length) {
    throw new TrmError(
      'graph-mismatch',
      `${where}: the ONNX graph does not follow the step-model contract: ${[...new Set(problems)].join('; ')} (see docs/model-format.md)`,
    );
  }
}

/** The batch size a fixed-batch graph allows (1), or undefined for a dynamic batch. */
export function fixedBatch(inputs: readonly ValueInfo[]): number | undefined {
  const t = inputs.find((v) => v.name === 'tokens');
  const d = t?.shape?.[0];
  return typeof d === 'number' && d > 0 ? d : undefined;
}

// Feeding a session of either onnxruntime (node or web: the same API) with the step tensors.

/** The session type both onnxruntime-node and onnxruntime-web share. */
interface AnySession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}
type TensorCtor = new (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: number[]) => unknown;

/** Index of the first NaN or infinity, or -1. */
function firstNonFinite(a: Float32Array): number {
  return a.findIndex((v) => v - v !== 0);
}

export function wrapSession(
  session: unknown,
  Tensor: unknown,
  model: TrmModel,
  provider: StepBackend['provider'],
  batchLimit: number | undefined,
  note?: string,
): StepBackend & { batchLimit?: number } {
  const T = Tensor as TensorCtor;
  const { seq_len: L, hidden_size: D, prefix_len: P } = model.meta;
  const S = L + P;
  const s = session as AnySession;
  let runs = 0;
  return {
    provider,
    ...(note !== undefined ? { note } : {}),
    ...(batchLimit !== undefined ? { batchLimit } : {}),
    async run(inp: StepInputs): Promise<StepOutputs> {
      const B = inp.batch;
      const out = await s.run({
        tokens: new T('int64', inp.tokens, [B, L]),
        puzzle_vec: new T('float32', inp.puzzleVec, [B, D]),
        y: new T('float32', inp.y, [B, S, D]),
        z: new T('float32', inp.z, [B, S, D]),
      });
      runs++;
      const result: StepOutputs = {
        y: out.y_next!.data as Float32Array,
        z: out.z_next!.data as Float32Array,
        logits: out.logits!.data as Float32Array,
        qHalt: out.q_halt!.data as Float32Array,
      };
      // A NaN answer decodes to some token all the same: without this the run "completes" with nonsense.
      for (const [name, data] of [
        ['logits', result.logits],
        ['q_halt', result.qHalt],
        ['y_next', result.y],
        ['z_next', result.z],
      ] as const) {
        const bad = firstNonFinite(data);
        if (bad >= 0) {
          throw new TrmError(
            'model-broken',
            `the model is broken: non-finite outputs at step ${runs} (${name}[${bad}] is ${data[bad]}) in ${model.source ?? model.meta.name}; its state overflows float32 or its weights are damaged`,
          );
        }
      }
      return result;
    },
    dispose: () => s.release(),
  };
}
