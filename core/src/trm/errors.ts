// Errors the TRM engine reports to users. Every failure a user can cause (a wrong, truncated or
// oversized model, a puzzle the model cannot take, a missing backend) is a TrmError with a stable code
// and a message that says what is wrong and what to do; callers print `message`, never a stack.

export type TrmErrorCode =
  | 'model-not-found'
  | 'model-too-large'
  | 'model-truncated'
  | 'model-corrupt'
  /** The model runs but computes NaN or infinity (its state overflowed float32, or broken weights). */
  | 'model-broken'
  | 'metadata-invalid'
  | 'graph-mismatch'
  | 'puzzle-mismatch'
  | 'backend-unavailable'
  | 'cancelled';

export class TrmError extends Error {
  readonly code: TrmErrorCode;
  constructor(code: TrmErrorCode, message: string) {
    super(message);
    this.name = 'TrmError';
    this.code = code;
  }
}

export function isTrmError(e: unknown): e is TrmError {
  return e instanceof Error && (e as { name?: string }).name === 'TrmError' && typeof (e as { code?: unknown }).code === 'string';
}
