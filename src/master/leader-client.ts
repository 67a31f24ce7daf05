/**
 * The in-process ObjectClient of a leader task. Reads come from this master's
 * state machine (it leads, so it has applied everything it acknowledged);
 * writes go through the task context's fenced transact, so a deposed leader's
 * writes never apply; watches come from the state's watch hub. Same contract and
 * ClientError codes as OrcaClient, so the scheduler and controllers do not know
 * which one they hold. Secrets are opened on the way out, as the services do.
 */
import { ApiError, kindInfo, type KindName, type ObjectOfKind, type OrcaObject } from '../api/index.js';
import {
  ClientError,
  type DeleteOptions, type DeleteResult, type GetOptions, type ListOptions, type ListResult, type ObjectClient, type ObjectRef,
  type TransactOperation, type TransactResult, type WatchEvent, type WatchOptions, type WatchStream,
} from '../client/index.js';
import { isRaftError } from '../raft/index.js';
import { isStateError, type ChangeEvent, type JsonObject, type StateError, type StateMachine, type Watch } from '../state/index.js';
import { parsePropagationPolicy, withPolicyFinalizer } from './delete-propagation.js';
import { withPodGracePeriod } from './pod-grace.js';
import type { LeaderTaskContext, TaskOperation } from './leader-tasks.js';
import { isMasterError, MasterError } from './master-error.js';
import { listFilters, parseSelection, type Selection } from './object-selection.js';
import type { ObjectWriter } from './object-writer.js';
import { isSecretCipherError, type SecretCipher } from './secret-cipher.js';
import { translate } from './watch-stream.js';
import { objectKey, prepareCreate } from './write-preparation.js';

export interface LeaderClientOptions {
  readonly state: StateMachine;
  readonly cipher: SecretCipher;
  readonly writer: ObjectWriter;
  readonly context: Pick<LeaderTaskContext, 'signal' | 'transact'>;
  /** Items per page of listAll. */
  readonly listPageItems?: number;
  /** listAll refuses more than this many objects (tooLarge). */
  readonly listObjectsMax?: number;
}

export const leaderClientDefaults = Object.freeze({ listPageItems: 1000, listObjectsMax: 500_000 });

const stateCodes: Record<StateError['code'], ClientError['code']> = {
  'conflict': 'conflict',
  'precondition-failed': 'conflict',
  'not-found': 'notFound',
  'already-exists': 'alreadyExists',
  'invalid': 'invalid',
  'expired': 'expired',
  'resource-exhausted': 'tooLarge',
  'closed': 'closed',
  'bad-snapshot': 'internal',
};

const masterCodes: Record<MasterError['code'], ClientError['code']> = {
  'invalid-config': 'invalid',
  'invalid-argument': 'invalid',
  'unavailable': 'unavailable',
  'not-leader': 'unavailable',
  'join-failed': 'failedPrecondition',
  'restore-failed': 'failedPrecondition',
  'closed': 'closed',
};

/** Any failure of the in-process path as the ClientError a gRPC client would have seen. */
export function toLeaderClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  if (isStateError(error)) {
    // The state machine refuses a fenced entry of a deposed leader: nothing was written, and this master no longer leads.
    if (error.code === 'precondition-failed' && error.message.startsWith('fenced')) return new ClientError('unavailable', error.message, { notSent: true });
    return new ClientError(stateCodes[error.code], error.message);
  }
  if (isMasterError(error)) return new ClientError(masterCodes[error.code], error.message, { notSent: error.code === 'not-leader' });
  if (isRaftError(error)) {
    if (error.code === 'too-large') return new ClientError('tooLarge', error.message);
    // A proposal that timed out may still commit; one refused as not-leader never left.
    return new ClientError(error.code === 'timeout' ? 'uncertain' : 'unavailable', error.message, { notSent: error.code === 'not-leader' });
  }
  if (error instanceof ApiError) return new ClientError(error.code === 'TOO_LARGE' ? 'tooLarge' : 'invalid', error.message);
  if (isSecretCipherError(error)) return new ClientError(error.code === 'invalid-object' ? 'invalid' : 'failedPrecondition', error.message);
  return new ClientError('internal', error instanceof Error ? error.message : String(error));
}

async function guarded<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error: unknown) {
    throw toLeaderClientError(error);
  }
}

function describe(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

export class LeaderClient implements ObjectClient {
  private readonly watches = new Set<LocalWatch<OrcaObject>>();
  private readonly pageItems: number;
  private readonly objectsMax: number;

  constructor(private readonly options: LeaderClientOptions) {
    this.pageItems = options.listPageItems ?? leaderClientDefaults.listPageItems;
    this.objectsMax = options.listObjectsMax ?? leaderClientDefaults.listObjectsMax;
    // Leadership over: end every watch so informers notice at once.
    options.context.signal.addEventListener('abort', () => {
      for (const watch of [...this.watches]) watch.close();
    }, { once: true });
  }

  private open(object: JsonObject): OrcaObject {
    return this.options.cipher.openObject(object) as unknown as OrcaObject;
  }

  private assertLeading(): void {
    if (this.options.context.signal.aborted) throw new ClientError('unavailable', 'this master no longer leads: the leader task is over', { notSent: true });
  }

  create<T extends OrcaObject>(object: T, options: { readonly dryRun?: boolean } = {}): Promise<T> {
    return guarded(async () => {
      if (options.dryRun === true) return this.open(prepareCreate(object, this.options.writer.decisions()).object) as T;
      return this.writeOne({ create: object }) as Promise<T>;
    });
  }

  get<K extends KindName>(ref: ObjectRef<K>, _options: GetOptions = {}): Promise<ObjectOfKind<K>> {
    return guarded(() => {
      this.assertLeading();
      const key = objectKey(ref.kind, ref.namespace ?? '', ref.name);
      const stored = this.options.state.get(key.kind, key.namespace, key.name);
      if (stored === undefined) throw new ClientError('notFound', `${describe(key.kind, key.namespace, key.name)} not found`);
      return this.open(stored) as ObjectOfKind<K>;
    });
  }

  list<K extends KindName>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    return guarded(() => {
      this.assertLeading();
      const info = kindInfo(kind);
      if (info === undefined) throw new ClientError('invalid', `kind: unknown kind "${String(kind)}"`);
      const selection = parseSelection(options.labelSelector ?? '', options.fieldSelector ?? '');
      const page = this.options.state.list({
        kind: info.kind,
        namespace: info.namespaced && (options.namespace ?? '') !== '' ? options.namespace : undefined,
        ...listFilters(selection),
        limit: options.limit ?? 0,
        continue: (options.continue ?? '') === '' ? undefined : options.continue,
      });
      return { items: page.items.map((item) => this.open(item) as ObjectOfKind<K>), resourceVersion: page.resourceVersion, continue: page.continue ?? '' };
    });
  }

  async listAll<K extends KindName>(kind: K, options: Omit<ListOptions, 'limit' | 'continue'> = {}): Promise<ListResult<ObjectOfKind<K>>> {
    const items: ObjectOfKind<K>[] = [];
    let page = await this.list(kind, { ...options, limit: this.pageItems });
    const resourceVersion = page.resourceVersion;
    for (;;) {
      items.push(...page.items);
      if (items.length > this.objectsMax) throw new ClientError('tooLarge', `list ${kind}: more than ${this.objectsMax} objects`);
      if (page.continue === '') return { items, resourceVersion, continue: '' };
      page = await this.list(kind, { ...options, limit: this.pageItems, continue: page.continue });
    }
  }

  update<T extends OrcaObject>(object: T): Promise<T> {
    return guarded(() => this.writeOne({ update: object }) as Promise<T>);
  }

  updateStatus<T extends OrcaObject>(object: T): Promise<T> {
    return guarded(() => this.writeOne({ updateStatus: object }) as Promise<T>);
  }

  delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<DeleteResult> {
    return guarded(async () => {
      const { operations, positions } = this.taskOperations([{ delete: { ...ref, ...options } }]);
      const result = await this.options.context.transact(operations);
      const object = result.objects[positions[0] ?? 0] ?? null;
      // The task path answers null for a completed delete; an object is one marked and kept (finalizers, grace).
      return object === null ? { deleted: true } : { object: this.open(object), deleted: false };
    });
  }

  transact(operations: readonly TransactOperation[]): Promise<TransactResult> {
    return guarded(async () => {
      if (operations.length === 0) throw new ClientError('invalid', 'operations: at least one is required');
      const { operations: prepared, positions } = this.taskOperations(operations);
      const result = await this.options.context.transact(prepared);
      const objects = positions.map((position) => {
        const object = result.objects[position] ?? null;
        return object === null ? undefined : this.open(object);
      });
      return { objects, resourceVersion: String(result.revision) };
    });
  }

  watch<K extends KindName>(kind: K, options: WatchOptions = {}): WatchStream<ObjectOfKind<K>> {
    const info = kindInfo(kind);
    if (info === undefined) throw new ClientError('invalid', `kind: unknown kind "${String(kind)}"`);
    const namespace = info.namespaced && (options.namespace ?? '') !== '' ? options.namespace : undefined;
    const start = async (): Promise<Started> => guarded(async () => {
      this.assertLeading();
      const selection = parseSelection(options.labelSelector ?? '', options.fieldSelector ?? '');
      let fromRevision: number;
      let initial: OrcaObject[] = [];
      if ((options.resourceVersion ?? '') === '') {
        const listed = await this.listAll(kind, { namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector });
        fromRevision = Number(listed.resourceVersion);
        initial = listed.items;
      } else {
        fromRevision = parseRevision(options.resourceVersion ?? '');
      }
      return { watch: this.options.state.watch({ kind: info.kind, namespace, fromRevision }), initial, selection, revision: String(fromRevision) };
    });
    const watch = new LocalWatch<ObjectOfKind<K>>(start, (object) => this.open(object) as ObjectOfKind<K>, options.resourceVersion ?? '', (finished) => {
      this.watches.delete(finished as unknown as LocalWatch<OrcaObject>);
    });
    this.watches.add(watch as unknown as LocalWatch<OrcaObject>);
    if (this.options.context.signal.aborted) watch.close();
    return watch;
  }

  private async writeOne(operation: TaskOperation): Promise<OrcaObject> {
    const result = await this.options.context.transact([operation]);
    const object = result.objects[0] ?? null;
    if (object === null) throw new ClientError('internal', 'the state machine answered no object');
    return this.open(object);
  }

  /**
   * Client operations as task operations. A delete with Foreground or Orphan
   * propagation gets its finalizer added by an update just before it;
   * `positions` says where each given operation's result is.
   */
  private taskOperations(operations: readonly TransactOperation[]): { operations: TaskOperation[]; positions: number[] } {
    const prepared: TaskOperation[] = [];
    const positions: number[] = [];
    for (const operation of operations) {
      if ('delete' in operation) {
        prepared.push(...this.deleteOperations(operation.delete));
      } else if ('check' in operation) {
        const { kind, namespace, name, resourceVersion } = operation.check;
        prepared.push({ check: { kind, namespace: namespace ?? '', name, resourceVersion } });
      } else {
        prepared.push(operation);
      }
      positions.push(prepared.length - 1);
    }
    return { operations: prepared, positions };
  }

  private deleteOperations(request: ObjectRef & DeleteOptions): TaskOperation[] {
    const key = objectKey(request.kind, request.namespace ?? '', request.name);
    const policy = parsePropagationPolicy(request.propagationPolicy);
    const stored = policy === 'Background' ? undefined : this.options.state.get(key.kind, key.namespace, key.name);
    const marked = withPolicyFinalizer(stored, policy);
    const uid = request.uid === undefined || request.uid === '' ? {} : { uid: request.uid };
    // A Pod's grace period as the service decides it: the request's, else the pod's own, 0 when its node is gone.
    const graceful = withPodGracePeriod({ op: 'delete', key }, this.options.state, request.gracePeriodSeconds).gracePeriodSeconds;
    const grace = graceful === undefined ? {} : { gracePeriodSeconds: graceful };
    if (stored === undefined || marked === undefined) {
      const version = request.resourceVersion === undefined || request.resourceVersion === '' ? {} : { resourceVersion: request.resourceVersion };
      return [{ delete: { ...key, ...version, ...uid, ...grace } }];
    }
    const storedVersion = String((stored['metadata'] as { resourceVersion?: unknown }).resourceVersion ?? '');
    const updated = this.open(marked);
    const expected = request.resourceVersion === undefined || request.resourceVersion === '' ? storedVersion : request.resourceVersion;
    // The update carries the precondition; the delete after it sees this entry's version.
    return [{ update: { ...updated, metadata: { ...updated.metadata, resourceVersion: expected } } as OrcaObject }, { delete: { ...key, ...uid, ...grace } }];
  }
}

function parseRevision(text: string): number {
  if (!/^\d{1,16}$/.test(text)) throw new MasterError('invalid-argument', `resourceVersion: "${text}" is not a revision`);
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
        if (translated !== null) yield { type: translated.type as WatchEvent['type'], object: this.open(translated.object), resourceVersion: this.lastRevision };
      }
    } finally {
      watch.close();
      this.onFinish(this);
    }
  }
}
