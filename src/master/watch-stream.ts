/**
 * ObjectService.Watch on any master: ordered events of one kind from a
 * revision, or — with no resourceVersion — an ADDED event per current object at
 * one linearizable revision, then every change after it. Selectors turn a change
 * that moves an object into or out of the selection into ADDED or DELETED, as in
 * Kubernetes. Idle watches that asked get BOOKMARKs with the current revision.
 * Sending waits for the client (the stream's buffer is bounded), and the watch
 * ends on client cancel, on an expired window (OUT_OF_RANGE) and on close.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import { kindInfo, objectBytesMax, objectToWire, type OrcaObject } from '../api/index.js';
import type { WatchEvent } from '../gen/orca/v1/WatchEvent.js';
import type { WatchRequest__Output } from '../gen/orca/v1/WatchRequest.js';
import type { Object as WireObject } from '../gen/orca/v1/Object.js';
import type { ChangeEvent, JsonObject, StateMachine, Watch } from '../state/index.js';
import { MasterError } from './master-error.js';
import type { ObjectCore } from './object-core.js';
import { isEverything, parseSelection, selects, type Selection } from './object-selection.js';
import { storedToWire } from './object-output.js';
import type { Authenticator } from './authentication.js';
import type { SecretCipher } from './secret-cipher.js';

/**
 * Events one message carries at most when the client asked for batches: as
 * many of the largest objects as fit in the largest gRPC message, so a batch
 * can never exceed it whatever the objects are (16 MiB / 1.5 MiB: 10).
 */
export function eventsPerMessage(grpcMessageBytesMax: number): number {
  return Math.max(1, Math.floor(grpcMessageBytesMax / (objectBytesMax + 64 * 1024)));
}

export interface WatchStreamDeps {
  /** Where a watch starts (authorized, the initial objects listed at one revision). */
  readonly core: Pick<ObjectCore, 'watch'>;
  /** Bookmarks: the applied index. */
  readonly state: Pick<StateMachine, 'appliedIndex'>;
  readonly cipher: SecretCipher;
  readonly bookmarkIntervalMs: number;
  readonly authenticator: Pick<Authenticator, 'authenticate'>;
  /** Events per message for a watch that asked for batches (eventsPerMessage). */
  readonly batchEventsMax?: number;
}

type Call = ServerWritableStream<WatchRequest__Output, WatchEvent>;

interface WatchScope {
  readonly kind: string;
  readonly apiVersion: string;
  readonly selection: Selection;
}

function scopeOf(request: WatchRequest__Output): WatchScope {
  const info = kindInfo(request.kind);
  if (info === undefined) throw new MasterError('invalid-argument', `kind: unknown kind "${request.kind}"`);
  return {
    kind: info.kind,
    apiVersion: info.apiVersion,
    selection: parseSelection(request.labelSelector, request.fieldSelector),
  };
}

function parseRevision(text: string): number {
  if (!/^\d{1,16}$/.test(text))
    throw new MasterError('invalid-argument', `resourceVersion: "${text}" is not a revision`);
  return Number(text);
}

/** The event a change means for this selection, or null when the selection never saw the object. */
export function translate(event: ChangeEvent, selection: Selection): { type: string; object: JsonObject } | null {
  if (isEverything(selection)) return { type: event.type, object: event.object };
  const before = event.previous !== null && selects(selection, event.previous);
  if (event.type === 'DELETED')
    return before || selects(selection, event.object) ? { type: 'DELETED', object: event.object } : null;
  const now = selects(selection, event.object);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  return before ? { type: 'DELETED', object: event.object } : null;
}

class WatchSender {
  private cancelled = false;

  constructor(private readonly call: Call) {
    call.on('cancelled', () => {
      this.cancelled = true;
    });
  }

  get isCancelled(): boolean {
    return this.cancelled || this.call.cancelled;
  }

  /** Write one event, waiting while the stream's bounded buffer is full. */
  async send(event: WatchEvent): Promise<void> {
    if (this.isCancelled) return;
    if (this.call.write(event)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.call.off('cancelled', done);
        this.call.off('close', done);
        resolve();
      };
      this.call.on('drain', done);
      this.call.on('cancelled', done);
      this.call.on('close', done);
    });
  }
}

export class WatchStream {
  private idle = false;
  private bookmarkTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: WatchStreamDeps,
    private readonly call: Call,
    private readonly sender = new WatchSender(call),
  ) {}

  async run(): Promise<void> {
    const request = this.call.request;
    const scope = scopeOf(request);
    const { kind, namespace, labelSelector, fieldSelector } = request;
    const fromRevision = request.resourceVersion === '' ? undefined : parseRevision(request.resourceVersion);
    const caller = await this.deps.authenticator.authenticate(this.call);
    const { revision, initial, watch } = await this.deps.core.watch(
      { kind, namespace, labelSelector, fieldSelector, fromRevision },
      { caller },
    );
    this.call.on('cancelled', () => watch.close());
    try {
      // The initial state is the state at the watch's revision: its events carry that revision,
      // so a client resuming from it replays nothing twice and misses nothing.
      for (const object of initial) await this.send('ADDED', objectToWire(object), String(revision));
      if (request.allowBookmarks) this.startBookmarks(scope);
      await this.follow(watch, scope, request.batchEvents ? Math.max(1, this.deps.batchEventsMax ?? 1) : 1);
    } finally {
      this.stop();
      watch.close();
    }
  }

  /** End the stream now (the master is closing). */
  stop(): void {
    if (this.bookmarkTimer !== null) clearInterval(this.bookmarkTimer);
    this.bookmarkTimer = null;
  }

  private async follow(watch: Watch, scope: WatchScope, batchMax: number): Promise<void> {
    for (;;) {
      this.idle = true;
      const next = await watch.next();
      this.idle = false;
      if (next.done === true || this.sender.isCancelled) return;
      // The events ready behind this one go in the same message (a burst is a handful of messages).
      const events = batchMax > 1 ? [next.value, ...watch.takeReady(batchMax - 1)] : [next.value];
      const wire: WatchEvent[] = [];
      for (const event of events) {
        const translated = translate(event, scope.selection);
        if (translated === null) continue;
        wire.push({
          type: translated.type,
          object: storedToWire(translated.object, this.deps.cipher),
          resourceVersion: String(event.revision),
        });
      }
      const [first, ...more] = wire;
      if (first !== undefined) await this.sender.send(more.length === 0 ? first : { ...first, more });
    }
  }

  private async send(type: string, object: WireObject, revision: string): Promise<void> {
    await this.sender.send({ type, object, resourceVersion: revision });
  }

  /**
   * Bookmarks only while the watch waits for its next event: then it is live with
   * nothing buffered, so every change up to the applied index has been sent.
   */
  private startBookmarks(scope: WatchScope): void {
    this.bookmarkTimer = setInterval(() => {
      if (!this.idle || this.sender.isCancelled) return;
      const resourceVersion = String(this.deps.state.appliedIndex());
      const object = objectToWire({
        apiVersion: scope.apiVersion,
        kind: scope.kind,
        metadata: { resourceVersion },
      } as OrcaObject);
      void this.sender.send({ type: 'BOOKMARK', object, resourceVersion });
    }, this.deps.bookmarkIntervalMs);
  }
}
