/**
 * One DNS-over-TCP client connection (RFC 1035 §4.2.2, RFC 7766): 2-byte
 * length-prefixed messages, answered as they complete (pipelining), with a
 * bound on queries in flight (we stop reading beyond it) and an idle timeout
 * that only fires when nothing is pending.
 */
import type { Socket } from 'node:net';
import { lengthPrefix } from './forwarder.js';
import type { QueryHandler } from './query-handler.js';

export interface TcpConnectionLimits {
  readonly queryBytesMax: number;
  readonly idleTimeoutMs: number;
  readonly inFlightMax: number;
}

export class TcpConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private inFlight = 0;
  private readableEnded = false;

  constructor(
    private readonly socket: Socket,
    private readonly handler: QueryHandler,
    private readonly limits: TcpConnectionLimits,
    private readonly onError: (error: Error) => void,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs, () => {
      if (this.inFlight === 0) socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => {
      this.readableEnded = true;
      this.endIfDone();
    });
    socket.on('error', (error) => this.onError(error));
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (length > this.limits.queryBytesMax) {
        // a client that sends more than any query needs is not speaking DNS to us
        this.handler.drop();
        this.socket.destroy();
        return;
      }
      if (this.buffered.length < 2 + length) return;
      const message = Buffer.from(this.buffered.subarray(2, 2 + length));
      this.buffered = this.buffered.subarray(2 + length);
      this.answer(message);
    }
  }

  private answer(message: Buffer): void {
    this.inFlight += 1;
    if (this.inFlight >= this.limits.inFlightMax) this.socket.pause();
    this.handler
      .handle(message, 'tcp')
      .then((response) => {
        if (response !== undefined && !this.socket.destroyed)
          this.socket.write(Buffer.concat([lengthPrefix(response.length), response]));
      })
      .catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.inFlight -= 1;
        if (this.inFlight < this.limits.inFlightMax && !this.socket.destroyed) this.socket.resume();
        this.endIfDone();
      });
  }

  /** The client half-closed after its queries: finish answering, then close our side. */
  private endIfDone(): void {
    if (this.readableEnded && this.inFlight === 0 && !this.socket.destroyed) this.socket.end();
  }
}
