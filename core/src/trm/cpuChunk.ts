// The largest batch one CPU call should run. onnxruntime runs each node over the whole batch before the next,
// so every intermediate grows with the batch; once the widest ones outgrow the cache, the short-K products
// that write them (the token-mixing gate/up has K = S = 97) and the Split / SiLU / Mul after them stream from
// DRAM, and a large batch costs more per puzzle than the same puzzles in smaller calls. Measured with
// bench/batch_chunks.ts (docs/profile.md, "Batch size on the CPU"; one thread, the call sizes taking turns,
// ratio to one call of all the puzzles, median of the rounds): the paper Sudoku MLP-mixer (2 MB per puzzle in
// its widest intermediate), 32 puzzles in calls of 4: 0.83x fp32, 0.76x int8 (calls of 8: 0.89x / 0.85x); the
// bundled maze-30x30 (1.8 MB), 64 puzzles in calls of 4: 0.78x; the paper attention model (fused core, 11 MB),
// 8 puzzles one per call: 0.71x fp32, 0.85x int8. Calls of up to ~8 MB of widest intermediate were about as
// fast per puzzle as each other; 16 MB was already slower, 64 MB the slowest.

import type { TrmMetadata } from './metadata';

/** Widest intermediate per call the CPU backend aims for: a quarter of the 32 MB L3 the benches ran on. */
export const CPU_CALL_BYTES = 8 << 20;

/** The SwiGLU width for width d: round(expansion x d x 2/3) rounded up to a multiple (as the reference sizes it). */
export function swigluWidth(d: number, expansion: number, multiple: number): number {
  return Math.ceil(Math.round((expansion * d * 2) / 3) / multiple) * multiple;
}

/** Bytes of the widest float intermediate of one puzzle: the channel SwiGLU's gate and up outputs [S, 2I]
 *  (two products since export_onnx.two_product_swiglu, both alive until their Mul), the token mixing's
 *  [D, 2 I_t], or the unfused attention scores [H, S, S]. */
export function widestIntermediateBytes(meta: TrmMetadata): number {
  const a = meta.arch as TrmMetadata['arch'] & { ffn_multiple?: number };
  const D = meta.hidden_size,
    S = meta.seq_len + meta.prefix_len,
    e = a.expansion ?? 4,
    mult = a.ffn_multiple ?? 256;
  let widest = S * 2 * swigluWidth(D, e, mult);
  if (a.variant === 'mlp') widest = Math.max(widest, D * 2 * swigluWidth(S, e, mult));
  // a fused core (com.microsoft MultiHeadAttention) tiles the scores and never writes them whole
  const fused = meta.requires?.ops.some((op) => op.endsWith('MultiHeadAttention')) ?? false;
  if (a.variant === 'attn' && !fused) widest = Math.max(widest, (a.heads || 8) * S * S);
  return 4 * widest;
}

/** The largest batch per CPU call: as many puzzles as fit CPU_CALL_BYTES of widest intermediate, at least 1. */
export function cpuChunk(meta: TrmMetadata): number {
  return Math.max(1, Math.floor(CPU_CALL_BYTES / widestIntermediateBytes(meta)));
}
