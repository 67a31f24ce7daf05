/**
 * A SPDY/3.1 connection over any byte stream (a TCP socket after an HTTP
 * upgrade, or a WebSocket carrying SPDY as Kubernetes' port-forward tunnel
 * does), as Kubernetes' streaming protocols use it through moby/spdystream:
 * streams opened with SYN_STREAM and answered with SYN_REPLY, data with FIN
 * for a half-close, RST_STREAM to abandon a stream, PING answered, GOAWAY to
 * leave. Flow control (WINDOW_UPDATE) and SETTINGS are read and ignored, as
 * spdystream does; backpressure is the transport's: a stream that cannot take
 * more data pauses the whole connection, a full transport makes `write`
 * return false until `drained()`.
 *
 * Data (and the FIN) that arrives on a stream before anyone listens for 'data'
 * is held (the connection paused once too much waits) and emitted once a
 * 'data' listener is added, so a handler may look something up before it
 * starts reading. A stream nobody reads should get a listener that drops.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  flagFin,
  FrameParser,
  GoAwayStatus,
  ResetStatus,
  type Frame,
} from './frames.js';
import {
  decodeHeaderBlock,
  encodeHeaderBlock,
  HeaderCompressor,
  HeaderDecompressor,
  type SpdyHeaders,
} from './header-codec.js';

export interface SpdyConnectionOptions {
  /** A server's streams have even ids and a client's odd ones; each answers the other's pings. */
  readonly role: 'server' | 'client';
  /** The largest frame accepted from the peer. */
  readonly frameBytesMax: number;
  /** The largest data frame this side writes (bigger writes are split). */
  readonly dataFrameBytesMax: number;
  /** Streams open at once; a peer's SYN_STREAM beyond it is refused. */
  readonly streamsMax: number;
  /** A header block's most bytes, decompressed, and most entries. */
  readonly headerBytesMax: number;
  readonly headerEntriesMax: number;
}

export const spdyConnectionDefaults: Omit<SpdyConnectionOptions, 'role'> = {
  frameBytesMax: 1024 * 1024,
  dataFrameBytesMax: 32 * 1024,
  streamsMax: 1000,
  headerBytesMax: 64 * 1024,
  headerEntriesMax: 100,
};

/** Why a connection ended badly: the peer broke the protocol or the transport failed. */
export class SpdyError extends Error {
  override readonly name = 'SpdyError';
}

/**
 * One SPDY stream. Events: 'data' (Buffer), 'end' (the peer's FIN), 'reset'
 * (the peer's RST_STREAM, or the connection went away), 'close' (done both
 * ways, or reset).
 */
export class SpdyStream extends EventEmitter {
  remoteEnded = false;
  localEnded = false;
  resetDone = false;
  private pausedHere = false;

  constructor(
    private readonly connection: SpdyConnection,
    readonly id: number,
    readonly headers: Record<string, string>,
  ) {
    super();
  }

  /** Accepts a stream the peer opened (the server's SYN_REPLY). */
  reply(headers: SpdyHeaders = {}, fin = false): void {
    this.connection.sendReply(this, headers, fin);
    if (fin) this.markLocalEnd();
  }

  /** Sends data; false when the transport is full (wait for `connection.drained()`). */
  write(data: Buffer): boolean {
    if (this.localEnded || this.resetDone) return true;
    return this.connection.sendData(this, data, false);
  }

  /** Half-closes this side (FIN). */
  end(): void {
    if (this.localEnded || this.resetDone) return;
    this.connection.sendData(this, Buffer.alloc(0), true);
    this.markLocalEnd();
  }

  /** Abandons the stream both ways (RST_STREAM). */
  reset(status: number = ResetStatus.cancel): void {
    if (this.resetDone) return;
    this.connection.sendReset(this, status);
    this.markReset();
  }

  /** Stops reading from the connection until `resume` (every stream shares the transport). */
  pause(): void {
    if (this.pausedHere) return;
    this.pausedHere = true;
    this.connection.pauseFor(this);
  }

  resume(): void {
    if (!this.pausedHere) return;
    this.pausedHere = false;
    this.connection.resumeFor(this);
  }

  /** @internal the peer's frames; held (and the connection paused) while nobody listens for data yet. */
  receiveData(data: Buffer, fin: boolean): void {
    if (this.resetDone) return;
    if (this.listenerCount('data') === 0) {
      this.hold(data, fin);
      return;
    }
    if (data.length > 0) this.emit('data', data);
    if (fin) this.finishRemote();
  }

  private readonly early: Buffer[] = [];
  private earlyFin = false;
  private earlyBytes = 0;

  /** Data before a 'data' listener: kept until one is added (the next turn after it is), bounded by pausing. */
  private hold(data: Buffer, fin: boolean): void {
    if (this.early.length === 0 && !this.earlyFin) {
      const flushWhenHeard = (event: string | symbol): void => {
        if (event !== 'data') return;
        this.removeListener('newListener', flushWhenHeard);
        queueMicrotask(() => this.flushEarly());
      };
      this.on('newListener', flushWhenHeard);
    }
    if (data.length > 0) this.early.push(data);
    this.earlyBytes += data.length;
    this.earlyFin ||= fin;
    if (this.earlyBytes > this.connection.options.dataFrameBytesMax * 32) this.pause();
  }

  private flushEarly(): void {
    const chunks = this.early.splice(0);
    const fin = this.earlyFin;
    this.earlyBytes = 0;
    this.earlyFin = false;
    this.resume();
    for (const chunk of chunks) if (!this.resetDone) this.emit('data', chunk);
    if (fin) this.finishRemote();
  }

  private finishRemote(): void {
    if (this.remoteEnded || this.resetDone) return;
    this.remoteEnded = true;
    this.emit('end');
    this.closeIfDone();
  }

  /** @internal */
  markReset(): void {
    if (this.resetDone) return;
    this.resetDone = true;
    this.resume();
    this.emit('reset');
    this.emit('close');
    this.connection.forget(this);
  }

  private markLocalEnd(): void {
    this.localEnded = true;
    this.closeIfDone();
  }

  private closeIfDone(): void {
    if (this.localEnded && this.remoteEnded && !this.resetDone) {
      this.resetDone = true;
      this.resume();
      this.emit('close');
      this.connection.forget(this);
    }
  }
}

interface PendingOpen {
  readonly stream: SpdyStream;
  resolve(stream: SpdyStream): void;
  reject(error: Error): void;
}

/** Events: 'stream' (SpdyStream the peer opened), 'close' (Error | undefined: how it ended). */
export class SpdyConnection extends EventEmitter {
  readonly options: SpdyConnectionOptions;
  private readonly parser: FrameParser;
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor: HeaderDecompressor;
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingOpens = new Map<number, PendingOpen>();
  private readonly pausingStreams = new Set<SpdyStream>();
  private readonly pendingPings = new Map<number, () => void>();
  private nextStreamId: number;
  private nextPingId: number;
  private lastPeerStreamId = 0;
  private closed = false;

  constructor(
    private readonly transport: Duplex,
    options: Partial<SpdyConnectionOptions> & Pick<SpdyConnectionOptions, 'role'>,
  ) {
    super();
    this.options = { ...spdyConnectionDefaults, ...options };
    this.parser = new FrameParser(this.options.frameBytesMax);
    this.decompressor = new HeaderDecompressor(this.options.headerBytesMax);
    this.nextStreamId = this.options.role === 'client' ? 1 : 2;
    this.nextPingId = this.options.role === 'client' ? 1 : 2;
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.once('end', () => this.shutdown(undefined));
    transport.once('close', () => this.shutdown(undefined));
    transport.once('error', (error: Error) => this.shutdown(new SpdyError(`transport: ${error.message}`)));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The streams open now. */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Opens a stream; resolves at the peer's SYN_REPLY, rejects when it resets the stream or the connection ends. */
  open(headers: SpdyHeaders, fin = false): Promise<SpdyStream> {
    if (this.closed) return Promise.reject(new SpdyError('the connection is closed'));
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, id, { ...headers });
    this.streams.set(id, stream);
    const block = this.compressor.compress(encodeHeaderBlock(headers));
    const opened = new Promise<SpdyStream>((resolve, reject) => this.pendingOpens.set(id, { stream, resolve, reject }));
    this.transport.write(encodeSynStream(id, block, fin ? flagFin : 0));
    if (fin) stream.localEnded = true;
    return opened;
  }

  /** Sends a PING and resolves when the peer answers it. */
  ping(): Promise<void> {
    const id = this.nextPingId;
    this.nextPingId = (this.nextPingId + 2) >>> 0;
    return new Promise((resolve) => {
      this.pendingPings.set(id, resolve);
      this.transport.write(encodePing(id));
    });
  }

  /** True while the transport's buffer is full. */
  get writableNeedDrain(): boolean {
    return this.transport.writableNeedDrain;
  }

  drained(): Promise<void> {
    if (!this.transport.writableNeedDrain || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.transport.removeListener('drain', done);
        this.removeListener('close', done);
        resolve();
      };
      this.transport.once('drain', done);
      this.once('close', done);
    });
  }

  /** Says GOAWAY and ends the transport once written. */
  close(): void {
    if (this.closed) return;
    if (this.transport.writable) this.transport.end(encodeGoAway(this.lastPeerStreamId, GoAwayStatus.ok));
    this.shutdown(undefined);
  }

  /** Ends at once, without a GOAWAY. */
  destroy(error?: Error): void {
    this.shutdown(error);
    this.transport.destroy();
  }

  /** @internal */
  sendReply(stream: SpdyStream, headers: SpdyHeaders, fin: boolean): void {
    const block = this.compressor.compress(encodeHeaderBlock(headers));
    this.write(encodeSynReply(stream.id, block, fin ? flagFin : 0));
  }

  /** @internal */
  sendData(stream: SpdyStream, data: Buffer, fin: boolean): boolean {
    const step = this.options.dataFrameBytesMax;
    let room = true;
    if (data.length === 0) return this.write(encodeData(stream.id, data, fin ? flagFin : 0));
    for (let offset = 0; offset < data.length; offset += step) {
      const last = offset + step >= data.length;
      room = this.write(encodeData(stream.id, data.subarray(offset, offset + step), last && fin ? flagFin : 0));
    }
    return room;
  }

  /** @internal */
  sendReset(stream: SpdyStream, status: number): void {
    this.write(encodeRstStream(stream.id, status));
  }

  /** @internal */
  pauseFor(stream: SpdyStream): void {
    this.pausingStreams.add(stream);
    this.transport.pause();
  }

  /** @internal */
  resumeFor(stream: SpdyStream): void {
    this.pausingStreams.delete(stream);
    if (this.pausingStreams.size === 0 && !this.closed) this.transport.resume();
  }

  /** @internal */
  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
    this.pausingStreams.delete(stream);
  }

  private write(frame: Buffer): boolean {
    if (this.closed || !this.transport.writable) return true;
    return this.transport.write(frame);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      for (const frame of this.parser.push(chunk)) this.handle(frame);
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.transport.writable) this.transport.end(encodeGoAway(this.lastPeerStreamId, GoAwayStatus.protocolError));
      this.shutdown(new SpdyError(`protocol error: ${message}`));
    }
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case 'data':
        this.streams.get(frame.streamId)?.receiveData(frame.data, (frame.flags & flagFin) !== 0);
        return;
      case 'synStream':
        this.peerOpened(frame.streamId, frame.headerBlock, frame.flags);
        return;
      case 'synReply':
        this.replied(frame.streamId, frame.headerBlock, frame.flags);
        return;
      case 'headers':
        // Later headers carry nothing Kubernetes uses; decompress to keep the zlib stream in step.
        this.decompressor.decompress(frame.headerBlock);
        if ((frame.flags & flagFin) !== 0) this.streams.get(frame.streamId)?.receiveData(Buffer.alloc(0), true);
        return;
      case 'rstStream':
        this.peerReset(frame.streamId);
        return;
      case 'ping':
        this.pinged(frame.id);
        return;
      case 'goAway':
        this.shutdown(undefined);
        this.transport.end();
        return;
      case 'ignored':
        return;
    }
  }

  private peerOpened(id: number, headerBlock: Buffer, flags: number): void {
    const headers = decodeHeaderBlock(this.decompressor.decompress(headerBlock), this.options.headerEntriesMax);
    const peerParity = this.options.role === 'server' ? 1 : 0;
    if (id % 2 !== peerParity || id <= this.lastPeerStreamId) {
      this.write(encodeRstStream(id, ResetStatus.protocolError));
      return;
    }
    this.lastPeerStreamId = id;
    if (this.streams.size >= this.options.streamsMax) {
      this.write(encodeRstStream(id, ResetStatus.refusedStream));
      return;
    }
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    if ((flags & flagFin) !== 0) stream.remoteEnded = true;
    this.emit('stream', stream);
  }

  private replied(id: number, headerBlock: Buffer, flags: number): void {
    decodeHeaderBlock(this.decompressor.decompress(headerBlock), this.options.headerEntriesMax);
    const pending = this.pendingOpens.get(id);
    if (pending === undefined) return;
    this.pendingOpens.delete(id);
    pending.resolve(pending.stream);
    if ((flags & flagFin) !== 0) pending.stream.receiveData(Buffer.alloc(0), true);
  }

  private peerReset(id: number): void {
    const pending = this.pendingOpens.get(id);
    if (pending !== undefined) {
      this.pendingOpens.delete(id);
      pending.reject(new SpdyError(`the peer refused stream ${id}`));
    }
    this.streams.get(id)?.markReset();
  }

  private pinged(id: number): void {
    const ours = id % 2 === (this.options.role === 'client' ? 1 : 0);
    if (!ours) {
      this.write(encodePing(id));
      return;
    }
    const answered = this.pendingPings.get(id);
    this.pendingPings.delete(id);
    answered?.();
  }

  private shutdown(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pendingOpens.values()) pending.reject(error ?? new SpdyError('the connection closed'));
    this.pendingOpens.clear();
    for (const stream of [...this.streams.values()]) stream.markReset();
    this.streams.clear();
    // A peer that ended its side gets ours ended too: a half-open socket would stay open for ever.
    if (this.transport.writable) this.transport.end();
    this.emit('close', error);
  }
}
