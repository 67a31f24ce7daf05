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
import { kindInfo, objectToWire, type OrcaObject } from '../api/index.js';
import type { WatchEvent } from '../gen/orca/v1/WatchEvent.js';
import type { WatchRequest__Output } from '../gen/orca/v1/WatchRequest.js';
import type { ChangeEvent, JsonObject, StateMachine, Watch } from '../state/index.js';
import { MasterError } from './master-error.js';
import { isEverything, listFilters, parseSelection, selects, type Selection } from './object-selection.js';
import { storedToWire } from './object-output.js';
import type { ReadBarrier } from './read-barrier.js';
import type { SecretCipher } from './secret-cipher.js';

export interface WatchStreamDeps {
  readonly state: StateMachine;
  readonly reads: ReadBarrier;
  readonly cipher: SecretCipher;
  readonly bookmarkIntervalMs: number;
}

type Call = ServerWritableStream<WatchRequest__Output, WatchEvent>;

/** Items per page while listing the initial state of a watch from "now". */
const initialPageItems = 1000;

interface WatchScope {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string | undefined;
  readonly selection: Selection;
}

function scopeOf(request: WatchRequest__Output): WatchScope {
  const info = kindInfo(request.kind);
  if (info === undefined) throw new MasterError('invalid-argument', `kind: unknown kind "${request.kind}"`);
  const namespace = info.namespaced && request.namespace !== '' ? request.namespace : undefined;
  return { kind: info.kind, apiVersion: info.apiVersion, namespace, selection: parseSelection(request.labelSelector, request.fieldSelector) };
}

function parseRevision(text: string): number {
  if (!/^\d{1,16}$/.test(text)) throw new MasterError('invalid-argument', `resourceVersion: "${text}" is not a revision`);
  return Number(text);
}

/** The event a change means for this selection, or null when the selection never saw the object. */
export function translate(event: ChangeEvent, selection: Selection): { type: string; object: JsonObject } | null {
  if (isEverything(selection)) return { type: event.type, object: event.object };
  const before = event.previous !== null && selects(selection, event.previous);
  if (event.type === 'DELETED') return before || selects(selection, event.object) ? { type: 'DELETED', object: event.object } : null;
  const now = selects(selection, event.object);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  return before ? { type: 'DELETED', object: event.object } : null;
}

/** Every current object at one revision (all pages read that revision). */
function currentObjects(state: StateMachine, scope: WatchScope): { revision: number; items: JsonObject[] } {
  const items: JsonObject[] = [];
  let token: string | undefined;
  let revision = 0;
  do {
    const page = state.list({ kind: scope.kind, namespace: scope.namespace, ...listFilters(scope.selection), limit: initialPageItems, continue: token });
    items.push(...page.items);
    revision = Number(page.resourceVersion);
    token = page.continue;
  } while (token !== undefined);
  return { revision, items };
}

class WatchSender {
  private cancelled = false;

  constructor(private readonly call: Call) {
    call.on('cancelled', () => { this.cancelled = true; });
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

  constructor(private readonly deps: WatchStreamDeps, private readonly call: Call, private readonly sender = new WatchSender(call)) {}

  async run(): Promise<void> {
    const request = this.call.request;
    const scope = scopeOf(request);
    let fromRevision: number;
    let initial: JsonObject[] = [];
    if (request.resourceVersion === '') {
      await this.deps.reads.linearizable();
      const current = currentObjects(this.deps.state, scope);
      fromRevision = current.revision;
      initial = current.items;
    } else {
      fromRevision = parseRevision(request.resourceVersion);
    }
    const watch = this.deps.state.watch({ kind: scope.kind, namespace: scope.namespace, fromRevision });
    this.call.on('cancelled', () => watch.close());
    try {
      // The initial state is the state at fromRevision: its events carry that revision,
      // so a client resuming from it replays nothing twice and misses nothing.
      for (const object of initial) await this.sendObject('ADDED', object, String(fromRevision));
      if (request.allowBookmarks) this.startBookmarks(scope);
      await this.follow(watch, scope);
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

  private async follow(watch: Watch, scope: WatchScope): Promise<void> {
    for (;;) {
      this.idle = true;
      const next = await watch.next();
      this.idle = false;
      if (next.done === true || this.sender.isCancelled) return;
      const translated = translate(next.value, scope.selection);
      if (translated !== null) await this.sendObject(translated.type, translated.object, String(next.value.revision));
    }
  }

  private async sendObject(type: string, object: JsonObject, revision?: string): Promise<void> {
    const metadata = object['metadata'] as { resourceVersion?: string } | undefined;
    await this.sender.send({ type, object: storedToWire(object, this.deps.cipher), resourceVersion: revision ?? metadata?.resourceVersion ?? '' });
  }

  /**
   * Bookmarks only while the watch waits for its next event: then it is live with
   * nothing buffered, so every change up to the applied index has been sent.
   */
  private startBookmarks(scope: WatchScope): void {
    this.bookmarkTimer = setInterval(() => {
      if (!this.idle || this.sender.isCancelled) return;
      const resourceVersion = String(this.deps.state.appliedIndex());
      const object = objectToWire({ apiVersion: scope.apiVersion, kind: scope.kind, metadata: { resourceVersion } } as OrcaObject);
      void this.sender.send({ type: 'BOOKMARK', object, resourceVersion });
    }, this.deps.bookmarkIntervalMs);
  }
}
