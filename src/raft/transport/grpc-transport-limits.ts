/**
 * The limits of GrpcTransport: one default, one validator (STYLE.md rule 4).
 */
import { RaftError } from '../errors.js';

export interface GrpcTransportLimits {
  /** Largest gRPC message sent or received (a batch, a snapshot chunk); set on the own server and every channel. */
  messageBytesMax: number;
  /** A batch write stops adding messages at this many (estimated) bytes; one larger message still goes alone. */
  batchBytesMax: number;
  /** Messages per batch write. */
  batchMessagesMax: number;
  /** Bytes handed to a stream and not yet taken by gRPC, per stream; more waits (back-pressure). */
  streamInflightBytesMax: number;
  /** Queued priority messages per peer (heartbeats, votes); the oldest are dropped beyond this. */
  priorityQueueMessagesMax: number;
  /** Queued bulk messages per peer (appends); the oldest are dropped beyond this. */
  bulkQueueMessagesMax: number;
  /** Queued bulk bytes per peer; the oldest are dropped beyond this. */
  bulkQueueBytesMax: number;
  /** First wait before reopening a broken stream; doubles per failure. */
  reconnectBackoffInitialMs: number;
  /** Cap of that wait. */
  reconnectBackoffMaxMs: number;
  /** Snapshot data goes in chunks of at most this size (larger source chunks are split). */
  snapshotChunkBytesMax: number;
  /** A snapshot gets this long plus its size at snapshotBytesPerSecondMin before it fails. */
  snapshotTimeoutBaseMs: number;
  snapshotBytesPerSecondMin: number;
}

const mebibyte = 1024 * 1024;

export function defaultGrpcTransportLimits(): GrpcTransportLimits {
  return {
    messageBytesMax: 64 * mebibyte,
    batchBytesMax: 4 * mebibyte,
    batchMessagesMax: 1024,
    streamInflightBytesMax: 8 * mebibyte,
    priorityQueueMessagesMax: 1024,
    bulkQueueMessagesMax: 4096,
    bulkQueueBytesMax: 64 * mebibyte,
    reconnectBackoffInitialMs: 50,
    reconnectBackoffMaxMs: 2000,
    snapshotChunkBytesMax: mebibyte,
    snapshotTimeoutBaseMs: 10_000,
    snapshotBytesPerSecondMin: mebibyte,
  };
}

function invalid(field: keyof GrpcTransportLimits, rule: string, value: number): RaftError {
  return new RaftError('invalid-config', `grpc transport ${field}: ${rule}, got ${String(value)}`);
}

/** Throws RaftError('invalid-config') naming the field and the rule. */
export function validateGrpcTransportLimits(limits: GrpcTransportLimits): GrpcTransportLimits {
  for (const [field, value] of Object.entries(limits) as [keyof GrpcTransportLimits, number][]) {
    if (!Number.isInteger(value) || value <= 0) throw invalid(field, 'must be a positive integer', value);
  }
  if (limits.batchBytesMax > limits.messageBytesMax)
    throw invalid('batchBytesMax', 'must not exceed messageBytesMax', limits.batchBytesMax);
  // A chunk travels with a few bytes of framing; keep clear of the message limit.
  if (limits.snapshotChunkBytesMax > limits.messageBytesMax - 1024) {
    throw invalid(
      'snapshotChunkBytesMax',
      'must be at least 1 KiB below messageBytesMax',
      limits.snapshotChunkBytesMax,
    );
  }
  if (limits.reconnectBackoffMaxMs < limits.reconnectBackoffInitialMs) {
    throw invalid('reconnectBackoffMaxMs', 'must be at least reconnectBackoffInitialMs', limits.reconnectBackoffMaxMs);
  }
  return limits;
}
