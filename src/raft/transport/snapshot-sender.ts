/**
 * The sending side of InstallSnapshot: a header chunk, then the data in chunks of
 * at most snapshotChunkBytesMax, each written only when the stream accepts more
 * (bounded memory whatever the snapshot size). Resolves when the receiver's
 * handler resolved; rejects with a TransportError otherwise.
 */
import { Metadata, status, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import type { RaftTransportClient } from '../../gen/raft/v1/RaftTransport.js';
import type { SnapshotChunk } from '../../gen/raft/v1/SnapshotChunk.js';
import type { SnapshotHeader } from '../interfaces.js';
import { encodeMessage } from './codec.js';
import type { GrpcTransportLimits } from './grpc-transport-limits.js';
import { TransportError } from './transport-error.js';

export interface SnapshotSendRequest {
  readonly client: RaftTransportClient;
  readonly header: SnapshotHeader;
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly limits: GrpcTransportLimits;
  /** Told about the call while it runs, so that close() can cancel it. */
  readonly track: (call: ClientWritableStream<SnapshotChunk>, running: boolean) => void;
  readonly isClosed: () => boolean;
}

/** The deadline grows with the size, so a large snapshot on a slow link is not cut off. */
export function snapshotDeadlineMs(sizeBytes: number, limits: GrpcTransportLimits): number {
  return limits.snapshotTimeoutBaseMs + Math.ceil((sizeBytes / limits.snapshotBytesPerSecondMin) * 1000);
}

export function errorFromStatus(error: ServiceError, closed: boolean): TransportError {
  if (closed) return new TransportError('closed', 'the transport was closed while sending a snapshot');
  const detail = `${status[error.code] ?? error.code}: ${error.details}`;
  switch (error.code) {
    case status.DEADLINE_EXCEEDED:
      return new TransportError('timeout', `snapshot not acknowledged in time (${detail})`);
    case status.UNAVAILABLE:
    case status.CANCELLED:
      return new TransportError('unreachable', `snapshot stream broke (${detail})`);
    case status.RESOURCE_EXHAUSTED:
      return new TransportError('too-large', `snapshot chunk refused as too large (${detail})`);
    default:
      return new TransportError('snapshot-rejected', `the receiver refused the snapshot (${detail})`);
  }
}

function* pieces(chunk: Uint8Array, bytesMax: number): Generator<Uint8Array> {
  for (let offset = 0; offset < chunk.byteLength; offset += bytesMax) yield chunk.subarray(offset, offset + bytesMax);
}

export async function sendSnapshotOverGrpc(request: SnapshotSendRequest): Promise<void> {
  const { client, header, limits } = request;
  let finished = false;
  let call: ClientWritableStream<SnapshotChunk> | null = null;
  const outcome = new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + snapshotDeadlineMs(header.message.snapshot.size, limits);
    call = client.installSnapshot(new Metadata(), { deadline }, (error: ServiceError | null) => {
      finished = true;
      if (error === null) resolve();
      else reject(errorFromStatus(error, request.isClosed()));
    });
  });
  // Rejections are observed below; this keeps an early one from counting as unhandled.
  outcome.catch(() => undefined);
  const stream = call as ClientWritableStream<SnapshotChunk> | null;
  if (stream === null) throw new TransportError('unreachable', 'could not open a snapshot stream');
  request.track(stream, true);
  try {
    await write(stream, { header: encodeMessage(header.message) }, outcome);
    for await (const chunk of request.chunks) {
      for (const piece of pieces(chunk, limits.snapshotChunkBytesMax)) {
        if (finished) break;
        await write(stream, { data: piece }, outcome);
      }
      if (finished) break;
    }
    stream.end();
  } catch (error: unknown) {
    stream.cancel();
    await outcome.catch(() => undefined);
    throw error;
  } finally {
    request.track(stream, false);
  }
  await outcome;
}

/** Resolves once the stream can take more, or when the call already finished (its outcome decides). */
async function write(
  stream: ClientWritableStream<SnapshotChunk>,
  chunk: SnapshotChunk,
  outcome: Promise<void>,
): Promise<void> {
  if (stream.write(chunk)) return;
  let onDrain: (() => void) | null = null;
  const drained = new Promise<void>((resolve) => {
    onDrain = resolve;
    stream.once('drain', resolve);
  });
  try {
    await Promise.race([drained, outcome]);
  } finally {
    if (onDrain !== null) stream.removeListener('drain', onDrain);
  }
}
