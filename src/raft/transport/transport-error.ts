/**
 * The typed error of raft-ts's transports. Delivery problems of `send` are never
 * thrown (Raft retransmits); these reach callers of `sendSnapshot` and decoders.
 */
import { RaftTypedError } from '../errors.js';

export type TransportErrorCode =
  /** A peer sent bytes that do not decode into a valid raft-ts message. */
  | 'malformed-message'
  /** A message or snapshot chunk exceeds the configured size limit. */
  | 'too-large'
  /** The peer could not be reached or the stream broke. */
  | 'unreachable'
  /** The receiver's snapshot handler refused the snapshot. */
  | 'snapshot-rejected'
  /** The snapshot did not complete within its deadline. */
  | 'timeout'
  /** The transport was closed. */
  | 'closed';

export class TransportError extends RaftTypedError<TransportErrorCode> {
  constructor(code: TransportErrorCode, message: string) {
    super(code, message);
    this.name = 'TransportError';
  }
}

export function isTransportError(error: unknown, code?: TransportErrorCode): error is TransportError {
  return error instanceof TransportError && (code === undefined || error.code === code);
}
