/** Typed errors of the state machine: one class, one code per way a request can fail. */
import { assertIn } from '../assert.js';

export type StateErrorCode =
  /** A compare-and-swap or read-set check saw a different resourceVersion. */
  | 'conflict'
  | 'not-found'
  | 'already-exists'
  /** A delete precondition (uid) did not hold. */
  | 'precondition-failed'
  /** The command or request is malformed. */
  | 'invalid'
  /** The asked-for revision is older than the kept change-log window (Kubernetes' 410 Gone): relist. */
  | 'expired'
  /** A limit was reached (watchers per replica). */
  | 'resource-exhausted'
  /** The state machine was closed. */
  | 'closed'
  /** A snapshot's data is not a state database this version can read. */
  | 'bad-snapshot';

/**
 * Why a whole command was rejected, where its code alone does not say: a fenced
 * entry is `precondition-failed` (as it always was, so old entries answer the
 * same) with reason `fenced`, meaning its leader was deposed and nothing applied.
 */
export type RejectionReason = 'fenced';

export class StateError extends Error {
  readonly code: StateErrorCode;
  readonly reason: RejectionReason | undefined;

  constructor(code: StateErrorCode, message: string, reason?: RejectionReason) {
    super(message);
    this.name = 'StateError';
    this.code = code;
    this.reason = reason;
  }
}

export function isStateError(error: unknown, code?: StateErrorCode): error is StateError {
  return error instanceof StateError && (code === undefined || error.code === code);
}

/** A programmer error in the state machine: a broken invariant. Never caught. */
export const assert: (condition: unknown, message: string) => asserts condition = assertIn('state');
