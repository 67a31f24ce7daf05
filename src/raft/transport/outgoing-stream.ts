/**
 * One lane (priority or bulk) of the messages to one peer: a bounded queue in
 * front of one long-lived client stream of the Send RPC. Everything queued when
 * the owner flushes goes out as few MessageBatch writes as the batch limits
 * allow; the stream's back-pressure (write() false, bytes not yet taken by gRPC)
 * stops the writing and the queue absorbs the rest, dropping its oldest beyond
 * its bounds. A broken stream is reopened after a capped exponential back-off.
 */
import { Metadata, type ClientWritableStream, type ServiceError } from '@grpc/grpc-js';
import type { MessageBatch } from '../../gen/raft/v1/MessageBatch.js';
import type { RaftTransportClient } from '../../gen/raft/v1/RaftTransport.js';
import type { RaftLogger } from '../interfaces.js';
import type { Message } from '../types.js';
import { encodeMessage } from './codec.js';
import type { GrpcTransportLimits } from './grpc-transport-limits.js';
import type { Lane } from './lanes.js';
import { MessageQueue, type MessageQueueLimits } from './message-queue.js';

export interface OutgoingStreamOptions {
  readonly lane: Lane;
  readonly peerAddress: string;
  readonly client: RaftTransportClient;
  readonly queueLimits: MessageQueueLimits;
  readonly limits: GrpcTransportLimits;
  readonly logger: RaftLogger;
  /** Ask the owner for a flush soon; the owner coalesces requests into one per event-loop turn. */
  readonly requestFlush: () => void;
}

export interface OutgoingStreamStats {
  readonly queuedMessages: number;
  readonly queuedBytes: number;
  readonly droppedMessages: number;
  readonly sentBatches: number;
  readonly streamFailures: number;
}

export class OutgoingStream {
  private readonly queue: MessageQueue;
  private stream: ClientWritableStream<MessageBatch> | null = null;
  private inflightBytes = 0;
  private waitingForDrain = false;
  private failures = 0;
  private failuresTotal = 0;
  private sentBatches = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: OutgoingStreamOptions) {
    this.queue = new MessageQueue(options.queueLimits);
  }

  enqueue(message: Message, bytes: number): void {
    if (this.closed) return;
    const dropped = this.queue.push(message, bytes);
    if (dropped > 0) {
      this.options.logger.debug(
        { peer: this.options.peerAddress, lane: this.options.lane, dropped },
        'raft transport queue full: dropped the oldest messages',
      );
    }
  }

  /** Write as much of the queue as back-pressure allows. */
  flush(): void {
    const { limits } = this.options;
    while (this.canWrite()) {
      const stream = this.stream ?? this.open();
      const before = this.queue.bytes;
      const messages = this.queue.take(limits.batchMessagesMax, limits.batchBytesMax);
      const bytes = before - this.queue.bytes;
      this.inflightBytes += bytes;
      this.sentBatches += 1;
      const accepted = stream.write({ messages: messages.map(encodeMessage) }, () => this.written(stream, bytes));
      if (!accepted) this.awaitDrain(stream);
    }
  }

  stats(): OutgoingStreamStats {
    return {
      queuedMessages: this.queue.length,
      queuedBytes: this.queue.bytes,
      droppedMessages: this.queue.dropped,
      sentBatches: this.sentBatches,
      streamFailures: this.failuresTotal,
    };
  }

  /** End the stream (what was written still goes) and forget the queue. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.queue.clear();
    const stream = this.stream;
    this.stream = null;
    stream?.end();
  }

  private canWrite(): boolean {
    return (
      !this.closed &&
      this.queue.length > 0 &&
      this.retryTimer === null &&
      !this.waitingForDrain &&
      this.inflightBytes < this.options.limits.streamInflightBytesMax
    );
  }

  private open(): ClientWritableStream<MessageBatch> {
    const stream: ClientWritableStream<MessageBatch> = this.options.client.send(
      new Metadata(),
      {},
      (error: ServiceError | null) => this.ended(stream, error),
    );
    // The receiver sends headers as soon as it accepts the stream: proof the peer is back.
    stream.on('metadata', () => {
      if (this.stream === stream) this.failures = 0;
    });
    this.stream = stream;
    this.inflightBytes = 0;
    this.waitingForDrain = false;
    return stream;
  }

  private written(stream: ClientWritableStream<MessageBatch>, bytes: number): void {
    if (this.stream !== stream) return;
    this.inflightBytes -= bytes;
    if (this.queue.length > 0) this.options.requestFlush();
  }

  private awaitDrain(stream: ClientWritableStream<MessageBatch>): void {
    this.waitingForDrain = true;
    stream.once('drain', () => {
      if (this.stream !== stream) return;
      this.waitingForDrain = false;
      this.options.requestFlush();
    });
  }

  private ended(stream: ClientWritableStream<MessageBatch>, error: ServiceError | null): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.inflightBytes = 0;
    this.waitingForDrain = false;
    if (this.closed) return;
    if (error === null) {
      this.options.requestFlush();
      return;
    }
    this.failures += 1;
    this.failuresTotal += 1;
    const delayMs = Math.min(
      this.options.limits.reconnectBackoffInitialMs * 2 ** Math.min(this.failures - 1, 30),
      this.options.limits.reconnectBackoffMaxMs,
    );
    this.options.logger.debug(
      {
        peer: this.options.peerAddress,
        lane: this.options.lane,
        code: error.code,
        details: error.details,
        retryInMs: delayMs,
      },
      'raft transport stream broke; messages written to it may be lost',
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.options.requestFlush();
    }, delayMs);
    this.retryTimer.unref();
  }
}
