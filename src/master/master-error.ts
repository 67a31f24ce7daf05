/** Typed errors of the master process: one class, one code per way a master operation fails. */

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

export class MasterError extends Error {
  override readonly name = 'MasterError';

  constructor(
    readonly code: MasterErrorCode,
    message: string,
    /** The leader as last known (address), for unavailable and not-leader. */
    readonly leaderAddress: string = '',
  ) {
    super(message);
  }
}

export function isMasterError(error: unknown, code?: MasterErrorCode): error is MasterError {
  return error instanceof MasterError && (code === undefined || error.code === code);
}
