/**
 * The output side of an interactive session, shared by the runtimes: sources
 * (a process's pipes, a socket, a stream from containerd) push chunks, the
 * worker's Stream call pulls them. The queue is bounded: once `bytesMax` wait
 * for the reader, every source is paused until the reader has taken half of
 * them, so a slow client slows the process down instead of filling memory.
 */
import type { Readable } from 'node:stream';
import type { SessionChannel, SessionOutput } from './runtime.js';

/** Bytes a session buffers towards a slow reader before pausing its sources. */
export const sessionOutputBytesMax = 1024 * 1024;

export interface PausableSource {
  pause(): void;
  resume(): void;
}

export class SessionOutputQueue implements AsyncIterable<SessionOutput> {
  private readonly chunks: SessionOutput[] = [];
  private readonly sources = new Set<PausableSource>();
  private bytes = 0;
  private paused = false;
  private finished = false;
  private wake: (() => void) | undefined;

  constructor(private readonly bytesMax: number = sessionOutputBytesMax) {
    if (!Number.isInteger(bytesMax) || bytesMax <= 0) throw new Error('bytesMax must be a positive integer');
  }

  /** Bytes waiting for the reader. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /** A source the queue pauses while it is full. */
  control(source: PausableSource): void {
    this.sources.add(source);
    if (this.paused) source.pause();
  }

  /** Feeds `readable` into the queue on `channel`; resolves once it has ended or closed. */
  pipe(readable: Readable, channel: SessionChannel): Promise<void> {
    this.control(readable);
    return new Promise((resolve) => {
      readable.on('data', (chunk: Buffer) => this.push(channel, chunk));
      readable.once('end', resolve);
      readable.once('close', resolve);
      readable.once('error', () => resolve());
    });
  }

  push(channel: SessionChannel, data: Buffer): void {
    if (this.finished || data.length === 0) return;
    this.chunks.push({ channel, data });
    this.bytes += data.length;
    if (!this.paused && this.bytes >= this.bytesMax) {
      this.paused = true;
      for (const source of this.sources) source.pause();
    }
    this.notify();
  }

  /** No more chunks: the reader gets what is buffered, then the end. */
  end(): void {
    this.finished = true;
    this.notify();
  }

  /** Drops what is buffered and ends at once (the session was closed). */
  abort(): void {
    this.chunks.length = 0;
    this.bytes = 0;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SessionOutput> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        this.bytes -= chunk.data.length;
        if (this.paused && this.bytes <= this.bytesMax / 2) {
          this.paused = false;
          for (const source of this.sources) source.resume();
        }
        yield chunk;
        continue;
      }
      if (this.finished) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Writes `data` to `writable`, resolving once it has room for more (its 'drain'), or at once when it is gone. */
export function writeWithRoom(
  writable: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean },
  data: Buffer,
): Promise<void> {
  if (writable.destroyed === true || writable.writableEnded === true) return Promise.resolve();
  if (writable.write(data)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      writable.removeListener('drain', done);
      writable.removeListener('close', done);
      writable.removeListener('error', done);
      resolve();
    };
    writable.once('drain', done);
    writable.once('close', done);
    writable.once('error', done);
  });
}
