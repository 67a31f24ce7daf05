/** The chaos harness's one error class: every failure a caller branches on has a code. */
export type ChaosErrorCode =
  /** A command (ip, iptables, nsenter) failed. */
  | 'command-failed'
  /** A condition was not reached within its bound. */
  | 'timeout'
  /** A scenario needs something this machine lacks (root for network namespaces). */
  | 'unsupported'
  /** Bad options: the message names the field. */
  | 'invalid-option'
  /** The recorded history contradicts itself (a harness bug, not a cluster one). */
  | 'invalid-history';

export class ChaosError extends Error {
  override readonly name: string = 'ChaosError';
  constructor(
    readonly code: ChaosErrorCode,
    message: string,
  ) {
    super(message);
  }
}
