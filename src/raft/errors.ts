/** Typed errors of raft-ts. One class, a code, and the leader hint where one is known. */
import type { ServerAddress, ServerId } from './types.js';

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

export class RaftError extends Error {
  readonly code: RaftErrorCode;
  /** The leader as last known, for not-leader and leadership-lost. */
  readonly leader: LeaderHint | null;

  constructor(code: RaftErrorCode, message: string, leader: LeaderHint | null = null) {
    super(message);
    this.name = 'RaftError';
    this.code = code;
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
