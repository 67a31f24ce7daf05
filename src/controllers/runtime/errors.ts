/** The controllers' one error class: a code a caller can branch on, and a message naming the object. */
export const ControllerErrorCode = Object.freeze({
  /** A precondition the code itself guarantees did not hold: a programmer error. */
  Invariant: 'invariant',
  /** Options that cannot work (a negative limit, a missing clock, a bad schedule). */
  Config: 'config',
  /** The cache did not catch up with a write in time. */
  Stale: 'stale',
} as const);

export type ControllerErrorCode = (typeof ControllerErrorCode)[keyof typeof ControllerErrorCode];

export class ControllerError extends Error {
  override readonly name: string = 'ControllerError';

  constructor(
    readonly code: ControllerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isControllerError(error: unknown, code?: ControllerErrorCode): error is ControllerError {
  return error instanceof ControllerError && (code === undefined || error.code === code);
}

/** Assertions stay on: a broken invariant is a bug, so it crashes the reconcile loudly. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ControllerError(ControllerErrorCode.Invariant, message);
}
