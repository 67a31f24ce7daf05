/** The controllers' one error class: a code a caller can branch on, and a message naming the object. */
export type ControllerErrorCode =
  /** A precondition the code itself guarantees did not hold: a programmer error. */
  | 'invariant'
  /** Options that cannot work (a negative limit, a missing clock). */
  | 'config'
  /** The cache did not catch up with a write in time. */
  | 'stale';

export class ControllerError extends Error {
  override readonly name: string = 'ControllerError';

  constructor(
    readonly code: ControllerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Assertions stay on: a broken invariant is a bug, so it crashes the reconcile loudly. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ControllerError('invariant', message);
}
