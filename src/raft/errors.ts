/**
 * Typed errors of raft-ts. Every operating error the library throws is a
 * RaftTypedError with a `code`: the API's (RaftError, with the leader hint
 * where one is known), the stores' (StorageError), the transports'
 * (TransportError) and the simulator's. Broken invariants are assertions
 * (AssertionError, below), never caught.
 */
import type { ServerAddress, ServerId } from './types.js';

/** The base of raft-ts's typed errors: callers branch on `code`, users read `message`. */
export abstract class RaftTypedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRaftTypedError(error: unknown): error is RaftTypedError {
  return error instanceof RaftTypedError;
}

export type RaftErrorCode =
  | 'not-leader'
  | 'leadership-lost'
  | 'leadership-transfer-in-progress'
  | 'timeout'
  | 'shutdown'
  | 'configuration-change-in-progress'
  | 'unknown-server'
  | 'cannot-bootstrap'
  | 'invalid-config'
  | 'too-large'
  | 'snapshot-failed';

export interface LeaderHint {
  readonly id: ServerId;
  readonly address: ServerAddress;
}

export class RaftError extends RaftTypedError<RaftErrorCode> {
  /** The leader as last known, for not-leader and leadership-lost. */
  readonly leader: LeaderHint | null;

  constructor(code: RaftErrorCode, message: string, leader: LeaderHint | null = null) {
    super(code, message);
    this.name = 'RaftError';
    this.leader = leader;
  }
}

export function isRaftError(error: unknown, code?: RaftErrorCode): error is RaftError {
  return error instanceof RaftError && (code === undefined || error.code === code);
}

/** A programmer error: a broken invariant. Never caught; it crashes the process. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export class AssertionError extends Error {
  constructor(message: string) {
    super(`raft invariant violated: ${message}`);
    this.name = 'AssertionError';
  }
}
