/**
 * A watch that outlives its connection. Each event moves the resume point; when
 * the stream breaks (a master died, a connection reset) it reopens on the next
 * master from that point, so the caller sees every event once and in order. A
 * resume point older than the server keeps ends iteration with `expired`.
 */
import type { ClientReadableStream } from '@grpc/grpc-js';
import { objectFromWire, type OrcaObject } from '../api/index.js';
import type { WatchEvent__Output as WireWatchEventOutput } from '../gen/orca/v1/WatchEvent.js';
import { backoffDelayMs, sleep } from './backoff.js';
import { isServerAddress, type ClientOptions } from './client-options.js';
import type { Endpoints } from './endpoints.js';
import { ClientError, toClientError } from './errors.js';
import type { WatchEvent, WatchEventType, WatchStream } from './object-client.js';

export type OpenWatch = (address: string, resourceVersion: string) => ClientReadableStream<WireWatchEventOutput>;

export interface ResumingWatchDeps {
  readonly endpoints: Endpoints;
  readonly options: ClientOptions;
  readonly open: OpenWatch;
  readonly random: () => number;
  /** For messages: `watch pods in default`. */
  readonly name: string;
  readonly bookmarks: boolean;
}

const eventTypes = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

function toEvent<T extends OrcaObject>(wire: WireWatchEventOutput): WatchEvent<T> {
  if (!eventTypes.has(wire.type) || wire.object === null)
    throw new ClientError('internal', `watch: malformed event of type "${wire.type}"`);
  return {
    type: wire.type as WatchEventType,
    object: objectFromWire(wire.object) as T,
    resourceVersion: wire.resourceVersion,
  };
}

export class ResumingWatch<T extends OrcaObject> implements WatchStream<T> {
  private lastRevision: string;
  /** Events (not bookmarks) already delivered at lastRevision, skipped when it is replayed. */
  private deliveredAtLast = 0;
  private opened = false;
  private stream: ClientReadableStream<WireWatchEventOutput> | undefined;
  private readonly stopped = new AbortController();

  constructor(
    private readonly deps: ResumingWatchDeps,
    fromRevision: string,
  ) {
    this.lastRevision = fromRevision;
  }

  get resourceVersion(): string {
    return this.lastRevision;
  }

  close(): void {
    this.stopped.abort();
    this.stream?.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    let reconnects = 0;
    try {
      while (!this.stopped.signal.aborted) {
        const address = this.deps.endpoints.current;
        try {
          let replayedAtLast = 0;
          const resumedAt = this.opened ? this.lastRevision : '';
          const alreadyDelivered = this.deliveredAtLast;
          for await (const message of this.openAt(address)) {
            reconnects = 0;
            // A batched message carries the events that follow it in `more`, in order.
            const first = message as WireWatchEventOutput;
            for (const wire of first.more.length === 0 ? [first] : [first, ...first.more]) {
              const event = toEvent<T>(wire);
              // The stream reopened one revision early: skip what was already delivered of it.
              if (resumedAt !== '' && event.resourceVersion === resumedAt && replayedAtLast < alreadyDelivered) {
                replayedAtLast += 1;
                continue;
              }
              if (event.resourceVersion !== '' && event.resourceVersion !== this.lastRevision) {
                this.lastRevision = event.resourceVersion;
                this.deliveredAtLast = 0;
              }
              if (event.type !== 'BOOKMARK') this.deliveredAtLast += 1;
              if (event.type !== 'BOOKMARK' || this.deps.bookmarks) yield event;
            }
          }
          // the server ended the stream (shutting down): reopen from where we are
        } catch (thrown: unknown) {
          if (this.stopped.signal.aborted) return;
          const error = toClientError(thrown);
          if (!this.isTransient(error)) throw error;
          this.deps.endpoints.failed(
            address,
            error.leaderHint !== undefined && isServerAddress(error.leaderHint) ? error.leaderHint : undefined,
          );
        }
        reconnects += 1;
        if (reconnects > this.deps.options.watchReconnectsMax) {
          throw new ClientError(
            'unavailable',
            `${this.deps.name}: no master kept the watch open after ${reconnects - 1} reconnects (tried ${this.deps.endpoints.all.join(', ')})`,
          );
        }
        const { backoffBaseMs, backoffMaxMs } = this.deps.options;
        await sleep(
          backoffDelayMs({ baseMs: backoffBaseMs, maxMs: backoffMaxMs }, reconnects, this.deps.random),
          this.stopped.signal,
        );
      }
    } finally {
      this.stream?.cancel();
      this.stream = undefined;
    }
  }

  /**
   * Reopens one revision before the last one seen: a transaction can change many
   * objects at one revision (the scheduler binds a batch in one), and a stream
   * that broke in the middle of them must not resume after the rest.
   */
  private openAt(address: string): ClientReadableStream<WireWatchEventOutput> {
    this.stream?.cancel();
    const last = Number(this.lastRevision);
    // The first open asks for what the caller asked: events after its revision.
    const replay = this.opened && this.lastRevision !== '' && Number.isSafeInteger(last) && last >= 1;
    this.opened = true;
    this.stream = this.deps.open(address, replay ? String(last - 1) : this.lastRevision);
    return this.stream;
  }

  private isTransient(error: ClientError): boolean {
    return (
      error.code === 'unavailable' ||
      error.code === 'deadline-exceeded' ||
      error.code === 'internal' ||
      error.code === 'canceled'
    );
  }
}
