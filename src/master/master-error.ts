/**
 * Typed errors of the master. Every operating error the master throws is a
 * MasterTypedError with a `code`: the process's own (MasterError), the object
 * core's (ObjectError), the Secret cipher's, the HTTP server's, the metrics'
 * and the health service's. Broken invariants are assertions, never caught.
 */

/** The base of the master's typed errors: callers branch on `code`, users read `message`. */
export abstract class MasterTypedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

export function isMasterTypedError(error: unknown): error is MasterTypedError {
  return error instanceof MasterTypedError;
}

export type MasterErrorCode =
  /** A master option is missing or breaks a rule (the message names it). */
  | 'invalid-config'
  /** No leader is known or reachable; the message names the last known one. */
  | 'unavailable'
  /** A request forwarded once reached a master that is not the leader either. */
  | 'not-leader'
  /** A request that cannot be served as asked (bad selector, unknown kind, ...). */
  | 'invalid-argument'
  /** The cluster refused or never answered a join. */
  | 'join-failed'
  /** A snapshot file could not be restored into a new cluster. */
  | 'restore-failed'
  /** The master is closing or closed. */
  | 'closed';

export class MasterError extends MasterTypedError<MasterErrorCode> {
  override readonly name = 'MasterError';

  constructor(
    code: MasterErrorCode,
    message: string,
    /** The leader as last known (address), for unavailable and not-leader. */
    readonly leaderAddress: string = '',
  ) {
    super(code, message);
  }
}

export function isMasterError(error: unknown, code?: MasterErrorCode): error is MasterError {
  return error instanceof MasterError && (code === undefined || error.code === code);
}
