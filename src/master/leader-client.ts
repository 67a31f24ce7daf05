/**
 * The in-process ObjectClient of a leader task: an adapter on the object core
 * (object-core.ts), as Kubernetes' loopback client goes through the apiserver's
 * handler chain. Writes are the core's, fenced by the task's term (a deposed
 * leader's writes never apply, and none is proposed once the term is over);
 * reads are the core's on this master's replica (it leads, so it has applied
 * everything it acknowledged); watches come from the state's watch hub. Same
 * contract and ClientError codes as OrcaClient, so the scheduler and
 * controllers do not know which one they hold.
 */
import { kindInfo, type KindName, type ObjectOfKind, type OrcaObject } from '../api/index.js';
import {
  ClientError,
  type ClientErrorCode,
  type DeleteOptions,
  type DeleteResult,
  type GetOptions,
  type ListOptions,
  type ListResult,
  type ObjectClient,
  type ObjectRef,
  type TransactOperation,
  type TransactResult,
  type WatchEvent,
  type WatchOptions,
  type WatchStream,
} from '../client/index.js';
import type { ChangeEvent, JsonObject, Watch } from '../state/index.js';
import type { LeaderTaskContext } from './leader-tasks.js';
import { MasterError } from './master-error.js';
import type { ObjectCore, WriteOptions } from './object-core.js';
import { toObjectError, type ObjectErrorCode } from './object-error.js';
import { leaderUser } from '../auth/index.js';
import type { ObjectDeletion, ObjectOperation } from './object-request.js';
import { parseSelection, type Selection } from './object-selection.js';
import { translate } from './watch-stream.js';

export interface LeaderClientOptions {
  readonly core: ObjectCore;
  readonly context: Pick<LeaderTaskContext, 'term' | 'signal'>;
  /** Items per page of listAll. */
  readonly listPageItems?: number;
  /** listAll refuses more than this many objects (tooLarge). */
  readonly listObjectsMax?: number;
}

export const leaderClientDefaults = Object.freeze({ listPageItems: 1000, listObjectsMax: 500_000 });

/**
 * The core's error codes as ClientError codes: the one mapping of this
 * adapter. It agrees with what a gRPC client makes of the status the gRPC
 * adapter sends (grpc-status.ts, then client/errors.ts), except where the
 * in-process path knows more: a timed-out proposal is `uncertain`, a closing
 * master `closed`, and a fenced write surely not applied.
 */
export const clientCodeOf: Readonly<Record<ObjectErrorCode, ClientErrorCode>> = {
  invalid: 'invalid',
  'not-found': 'not-found',
  'already-exists': 'already-exists',
  conflict: 'conflict',
  'precondition-failed': 'conflict',
  // The state machine refused a deposed leader's fenced entry: nothing was written, and this master no longer leads.
  fenced: 'unavailable',
  expired: 'expired',
  'too-large': 'too-large',
  'not-leader': 'unavailable',
  unavailable: 'unavailable',
  uncertain: 'uncertain',
  'failed-precondition': 'failed-precondition',
  closed: 'closed',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  internal: 'internal',
};

/** Failures that prove the write was never applied (a caller may retry it as new). */
const notAppliedCodes: ReadonlySet<ObjectErrorCode> = new Set<ObjectErrorCode>(['fenced', 'not-leader']);

/** Any failure of the in-process path as the ClientError a gRPC client would have seen. */
export function toLeaderClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  const failure = toObjectError(error);
  return new ClientError(clientCodeOf[failure.code], failure.message, { notSent: notAppliedCodes.has(failure.code) });
}

async function guarded<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error: unknown) {
    throw toLeaderClientError(error);
  }
}

/** The client's operation as the core's (client → core: the only conversion of a request in this adapter). */
function coreOperation(operation: TransactOperation): ObjectOperation {
  if ('delete' in operation) return { delete: deletion(operation.delete, operation.delete) };
  if ('check' in operation) {
    const { kind, namespace, name, resourceVersion } = operation.check;
    return { check: { kind, namespace: namespace ?? '', name, resourceVersion } };
  }
  return operation;
}

function deletion(ref: ObjectRef, options: DeleteOptions): ObjectDeletion {
  const { resourceVersion, uid, propagationPolicy, gracePeriodSeconds } = options;
  return {
    kind: ref.kind,
    namespace: ref.namespace ?? '',
    name: ref.name,
    resourceVersion,
    uid,
    propagationPolicy,
    gracePeriodSeconds,
  };
}

export class LeaderClient implements ObjectClient {
  private readonly watches = new Set<LocalWatch<OrcaObject>>();
  private readonly pageItems: number;
  private readonly objectsMax: number;
  private readonly fenced: WriteOptions;

  constructor(private readonly options: LeaderClientOptions) {
    this.pageItems = options.listPageItems ?? leaderClientDefaults.listPageItems;
    this.objectsMax = options.listObjectsMax ?? leaderClientDefaults.listObjectsMax;
    this.fenced = { caller: leaderUser, fence: { term: options.context.term, signal: options.context.signal } };
    // Leadership over: end every watch so informers notice at once.
    options.context.signal.addEventListener(
      'abort',
      () => {
        for (const watch of [...this.watches]) watch.close();
      },
      { once: true },
    );
  }

  private assertLeading(): void {
    if (this.options.context.signal.aborted)
      throw new ClientError('unavailable', 'this master no longer leads: the leader task is over', { notSent: true });
  }

  create<T extends OrcaObject>(object: T, options: { readonly dryRun?: boolean } = {}): Promise<T> {
    return guarded(
      async () => (await this.options.core.create(object, { ...this.fenced, dryRun: options.dryRun === true })) as T,
    );
  }

  get<K extends KindName>(ref: ObjectRef<K>, _options: GetOptions = {}): Promise<ObjectOfKind<K>> {
    return guarded(async () => {
      this.assertLeading();
      return (await this.options.core.get(
        { kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name },
        { consistency: 'local', caller: leaderUser },
      )) as ObjectOfKind<K>;
    });
  }

  list<K extends KindName>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    return guarded(async () => {
      this.assertLeading();
      const { namespace, labelSelector, fieldSelector, limit } = options;
      const page = await this.options.core.list(
        { kind, namespace, labelSelector, fieldSelector, limit, continue: options.continue },
        { consistency: 'local', caller: leaderUser },
      );
      return { items: page.items as ObjectOfKind<K>[], resourceVersion: page.resourceVersion, continue: page.continue };
    });
  }

  async listAll<K extends KindName>(
    kind: K,
    options: Omit<ListOptions, 'limit' | 'continue'> = {},
  ): Promise<ListResult<ObjectOfKind<K>>> {
    const items: ObjectOfKind<K>[] = [];
    let page = await this.list(kind, { ...options, limit: this.pageItems });
    const resourceVersion = page.resourceVersion;
    for (;;) {
      items.push(...page.items);
      if (items.length > this.objectsMax)
        throw new ClientError('too-large', `list ${kind}: more than ${this.objectsMax} objects`);
      if (page.continue === '') return { items, resourceVersion, continue: '' };
      page = await this.list(kind, { ...options, limit: this.pageItems, continue: page.continue });
    }
  }

  update<T extends OrcaObject>(object: T): Promise<T> {
    return guarded(async () => (await this.options.core.update(object, this.fenced)) as T);
  }

  updateStatus<T extends OrcaObject>(object: T): Promise<T> {
    return guarded(async () => (await this.options.core.updateStatus(object, this.fenced)) as T);
  }

  delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<DeleteResult> {
    return guarded(async () => {
      const outcome = await this.options.core.delete(deletion(ref, options), this.fenced);
      // A completed delete answers no object, as before; an object is one marked and kept (finalizers, grace).
      return outcome.deleted || outcome.object === null
        ? { deleted: true }
        : { object: outcome.object, deleted: false };
    });
  }

  transact(operations: readonly TransactOperation[]): Promise<TransactResult> {
    return guarded(async () => {
      const outcome = await this.options.core.transact(operations.map(coreOperation), this.fenced);
      return {
        objects: outcome.objects.map((object) => object ?? undefined),
        resourceVersion: String(outcome.revision),
      };
    });
  }

  watch<K extends KindName>(kind: K, options: WatchOptions = {}): WatchStream<ObjectOfKind<K>> {
    const info = kindInfo(kind);
    if (info === undefined) throw new ClientError('invalid', `kind: unknown kind "${String(kind)}"`);
    const namespace = info.namespaced && (options.namespace ?? '') !== '' ? options.namespace : undefined;
    const start = async (): Promise<Started> =>
      guarded(async () => {
        this.assertLeading();
        const { labelSelector, fieldSelector } = options;
        const selection = parseSelection(labelSelector ?? '', fieldSelector ?? '');
        const fromRevision =
          (options.resourceVersion ?? '') === '' ? undefined : parseRevision(options.resourceVersion ?? '');
        const started = await this.options.core.watch(
          { kind, namespace, labelSelector, fieldSelector, fromRevision },
          {
            consistency: 'local',
            caller: leaderUser,
            initialPageItems: this.pageItems,
            initialObjectsMax: this.objectsMax,
          },
        );
        return { watch: started.watch, initial: started.initial, selection, revision: String(started.revision) };
      });
    const watch = new LocalWatch<ObjectOfKind<K>>(
      start,
      (object) => this.options.core.open(object) as ObjectOfKind<K>,
      options.resourceVersion ?? '',
      (finished) => {
        this.watches.delete(finished as unknown as LocalWatch<OrcaObject>);
      },
    );
    this.watches.add(watch as unknown as LocalWatch<OrcaObject>);
    if (this.options.context.signal.aborted) watch.close();
    return watch;
  }
}

function parseRevision(text: string): number {
  if (!/^\d{1,16}$/.test(text))
    throw new MasterError('invalid-argument', `resourceVersion: "${text}" is not a revision`);
  return Number(text);
}

interface Started {
  readonly watch: Watch;
  /** Already opened. */
  readonly initial: readonly OrcaObject[];
  readonly selection: Selection;
  readonly revision: string;
}

/** A watch on this master's hub: the initial objects (when asked from "now"), then translated change events. */
class LocalWatch<T extends OrcaObject> implements WatchStream<T> {
  private lastRevision: string;
  private current: Watch | undefined;
  private closed = false;

  constructor(
    private readonly start: () => Promise<Started>,
    private readonly open: (object: JsonObject) => T,
    fromRevision: string,
    private readonly onFinish: (watch: LocalWatch<T>) => void,
  ) {
    this.lastRevision = fromRevision;
  }

  get resourceVersion(): string {
    return this.lastRevision;
  }

  close(): void {
    this.closed = true;
    this.current?.close();
    this.onFinish(this);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    if (this.closed) return;
    const { watch, initial, selection, revision } = await this.start();
    this.current = watch;
    this.lastRevision = revision;
    if (this.closed) watch.close();
    try {
      for (const object of initial) {
        yield { type: 'ADDED', object: object as T, resourceVersion: object.metadata?.resourceVersion ?? '' };
      }
      for (;;) {
        let next: IteratorResult<ChangeEvent>;
        try {
          next = await watch.next();
        } catch (error: unknown) {
          throw toLeaderClientError(error);
        }
        if (next.done === true || this.closed) return;
        this.lastRevision = String(next.value.revision);
        const translated = translate(next.value, selection);
        if (translated !== null)
          yield {
            type: translated.type as WatchEvent['type'],
            object: this.open(translated.object),
            resourceVersion: this.lastRevision,
          };
      }
    } finally {
      watch.close();
      this.onFinish(this);
    }
  }
}
