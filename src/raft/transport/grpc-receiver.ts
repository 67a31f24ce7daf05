/**
 * The receiving side of the raft.v1 RaftTransport service: decodes batches and
 * hands each message to the handlers in arrival order per stream; hands a
 * snapshot to its handler as an AsyncIterable that pulls from the gRPC stream
 * (gRPC flow control holds the sender back while the handler is busy, so the
 * snapshot is never buffered whole).
 */
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerErrorResponse,
} from '@grpc/grpc-js';
import type { InstallSnapshotAck } from '../../gen/raft/v1/InstallSnapshotAck.js';
import type { MessageBatch__Output } from '../../gen/raft/v1/MessageBatch.js';
import type { RaftTransportHandlers } from '../../gen/raft/v1/RaftTransport.js';
import type { SendAck } from '../../gen/raft/v1/SendAck.js';
import type { SnapshotChunk__Output } from '../../gen/raft/v1/SnapshotChunk.js';
import type { RaftLogger, SnapshotHeader, TransportHandlers } from '../interfaces.js';
import { decodeMessage } from './codec.js';
import { isTransportError, TransportError } from './transport-error.js';

type AnyIncomingCall = ServerReadableStream<unknown, unknown>;

/** What the peer check sees of an incoming call: its metadata and TLS identity. */
export type PeerCall = Pick<ServerReadableStream<unknown, unknown>, 'getPeer' | 'getAuthContext' | 'metadata'>;

function unavailable(details: string): ServerErrorResponse {
  return { name: 'TransportError', message: details, code: status.UNAVAILABLE, details };
}

export class GrpcReceiver {
  private handlers: TransportHandlers | null = null;
  /** Open incoming calls with the way to end each, so close() can end them. */
  private readonly calls = new Map<AnyIncomingCall, () => void>();

  constructor(
    private readonly logger: RaftLogger,
    /** Refuses calls from callers that are not members (their TLS identity); all accepted when absent. */
    private readonly acceptPeer?: (call: PeerCall) => boolean,
  ) {}

  private refused(call: PeerCall, callback: (error: ServerErrorResponse) => void): boolean {
    if (this.acceptPeer === undefined || this.acceptPeer(call)) return false;
    const details = 'raft traffic is accepted from members of this cluster only';
    callback({ name: 'TransportError', message: details, code: status.PERMISSION_DENIED, details });
    return true;
  }

  start(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  /** Refuse new calls and end the open ones. */
  close(): void {
    this.handlers = null;
    for (const end of [...this.calls.values()]) end();
    this.calls.clear();
  }

  implementation(): RaftTransportHandlers {
    return {
      Send: (call, callback) => this.serveSend(call, callback),
      InstallSnapshot: (call, callback) => this.serveInstallSnapshot(call, callback),
    };
  }

  private serveSend(call: ServerReadableStream<MessageBatch__Output, SendAck>, callback: sendUnaryData<SendAck>): void {
    if (this.refused(call, callback)) return;
    const handlers = this.handlers;
    if (handlers === null) {
      callback(unavailable('raft transport not started or closed'));
      return;
    }
    const end = this.track(call, () => callback(unavailable('raft transport closed')));
    call.sendMetadata(new Metadata());
    call.on('data', (batch: MessageBatch__Output) => {
      for (const wire of batch.messages) {
        let message;
        try {
          message = decodeMessage(wire);
        } catch (error: unknown) {
          this.logger.warn(
            { peer: call.getPeer(), error: String(error) },
            'raft transport dropped a malformed message',
          );
          continue;
        }
        handlers.onMessage(message);
      }
    });
    call.on('end', () => {
      end();
      callback(null, {});
    });
    call.on('error', (error: unknown) => {
      end();
      this.logger.debug({ peer: call.getPeer(), error: String(error) }, 'raft transport incoming stream broke');
    });
  }

  private serveInstallSnapshot(
    call: ServerReadableStream<SnapshotChunk__Output, InstallSnapshotAck>,
    callback: sendUnaryData<InstallSnapshotAck>,
  ): void {
    if (this.refused(call, callback)) return;
    const handlers = this.handlers;
    if (handlers === null) {
      callback(unavailable('raft transport not started or closed'));
      return;
    }
    const end = this.track(call, () => call.destroy(new TransportError('closed', 'raft transport closed')));
    receiveSnapshot(call, handlers)
      .then(
        () => callback(null, {}),
        (error: unknown) => {
          this.logger.debug({ peer: call.getPeer(), error: String(error) }, 'raft transport refused a snapshot');
          const code = isTransportError(error, 'malformed-message') ? status.INVALID_ARGUMENT : status.ABORTED;
          const details = error instanceof Error ? error.message : String(error);
          callback({ name: 'TransportError', message: details, code, details });
        },
      )
      .finally(end);
  }

  private track(call: AnyIncomingCall, endCall: () => void): () => void {
    this.calls.set(call, endCall);
    return () => {
      this.calls.delete(call);
    };
  }
}

async function receiveSnapshot(
  call: ServerReadableStream<SnapshotChunk__Output, InstallSnapshotAck>,
  handlers: TransportHandlers,
): Promise<void> {
  const iterator = call[Symbol.asyncIterator]() as AsyncIterator<SnapshotChunk__Output>;
  const first = await iterator.next();
  if (first.done === true || first.value.content !== 'header' || !first.value.header) {
    throw new TransportError('malformed-message', 'a snapshot stream must start with its header');
  }
  const message = decodeMessage(first.value.header);
  if (message.type !== 'installSnapshot')
    throw new TransportError('malformed-message', `a snapshot header must be installSnapshot, not ${message.type}`);
  const header: SnapshotHeader = { message };
  await handlers.onSnapshot(header, dataChunks(iterator));
}

async function* dataChunks(iterator: AsyncIterator<SnapshotChunk__Output>): AsyncGenerator<Uint8Array> {
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return;
    const data = next.value.data;
    if (next.value.content !== 'data' || data === undefined)
      throw new TransportError('malformed-message', 'a snapshot chunk after the header must carry data');
    yield new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
}
