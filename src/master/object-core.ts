/**
 * The object core: the one write path (and the object reads) of a master,
 * transport-agnostic. Every way into the cluster is a thin adapter over it —
 * the gRPC ObjectService handlers (object-service.ts), the leader's in-process
 * client (leader-client.ts) and the leader tasks' raw transact (leader-tasks.ts);
 * later the Kubernetes REST API and the dashboard's backend. An adapter converts
 * its request to the core's shapes (object-request.ts), calls one method, and
 * maps the result back and the typed ObjectError through its one table.
 *
 * Each write runs the same steps, in order:
 *   authorize → (fence) → validate + default + prepare → propose → result
 * - authorize: `options.authorize(request)`, one call per operation with the
 *   caller's identity (the master wires RBAC and the node authorizer there,
 *   authorizer.ts); a refusal is `forbidden` and nothing is prepared;
 * - fence: a leader task's write is refused once its term is over, and the
 *   entry carries the term so that it cannot commit in another;
 * - prepare (write-preparation.ts and the helpers below): the request defaulted
 *   and validated (src/api), uid / creationTimestamp / generated name decided,
 *   a Secret's data sealed, a Pod delete's grace period (pod-grace.ts), a
 *   Foreground/Orphan delete's finalizer (delete-propagation.ts), a Node
 *   create's pod CIDR (pod-cidr.ts);
 * - propose: one transaction entry through ObjectWriter (Services' allocation
 *   ranges travel in it);
 * - result: the objects written, Secrets opened;
 * - audit: `options.audit` hears every request once it is answered (caller,
 *   verb, object, result code, latency), refused ones included.
 * Every failure leaves the core as an ObjectError (object-error.ts).
 */
import { kindInfo, type OrcaObject } from '../api/index.js';
import type { UserInfo } from '../auth/index.js';
import type { JsonObject, Operation, OperationResult, StateMachine, Watch } from '../state/index.js';
import { parsePropagationPolicy, withPolicyFinalizer } from './delete-propagation.js';
import { ObjectError, toObjectError } from './object-error.js';
import type {
  Consistency,
  ObjectDeletion,
  ObjectName,
  ObjectOperation,
  ObjectQuery,
  ObjectWatchQuery,
} from './object-request.js';
import { listFilters, parseSelection } from './object-selection.js';
import type { ObjectWriter, TransactOptions } from './object-writer.js';
import { needsPodCidr, type PodCidrAllocator } from './pod-cidr.js';
import { withPodGracePeriod } from './pod-grace.js';
import type { ReadBarrier } from './read-barrier.js';
import type { SecretCipher } from './secret-cipher.js';
import {
  objectKey,
  prepareCheck,
  prepareCreate,
  prepareDelete,
  prepareUpdate,
  prepareUpdateStatus,
  type WriteDecisions,
} from './write-preparation.js';

export type AccessVerb = 'create' | 'update' | 'updateStatus' | 'delete' | 'check' | 'get' | 'list' | 'watch';

/**
 * One request as authorization and audit see it: who asks, and the attributes
 * Kubernetes' authorizers decide on, as asked (namespace "" = default or
 * cluster scope; name "" for a list or a generateName create).
 */
export interface AccessRequest {
  readonly user: UserInfo;
  readonly verb: AccessVerb;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly dryRun: boolean;
  /** The object a create or update would write (escalation checks, node restriction, audit at Request level). */
  readonly object?: OrcaObject;
  /** A list's or watch's field selector, as given. */
  readonly fieldSelector?: string;
  /** A pod's `log` or `exec` (asked by the PodService adapter through `authorize`). */
  readonly subresource?: string;
}

/** Hears every request the core answered: `code` is 'ok' or the ObjectError code. */
export interface AuditSink {
  record(request: AccessRequest, code: string, latencyMs: number): void;
}

/**
 * The authorization seam: called once per operation, before anything is
 * validated or proposed. It refuses by throwing (an ObjectError). Authorization
 * and audit are this one call, never an adapter's.
 */
export type Authorize = (request: AccessRequest) => void | Promise<void>;

/** Today's policy: every request is allowed. */
export const allowEverything: Authorize = () => undefined;

/** A leader task's write: refused once `signal` aborts, and rejected by the state machine unless it commits in `term`. */
export interface WriteFence {
  readonly term: number;
  readonly signal: AbortSignal;
}

/** Every call names its caller: the adapter's authenticated identity, or the leader's own. */
export interface CallerOptions {
  readonly caller: UserInfo;
}

export interface WriteOptions extends CallerOptions {
  readonly fence?: WriteFence;
}

export interface CreateOptions extends WriteOptions {
  /** Validate, default and prepare, answer the object as it would be stored, write nothing. */
  readonly dryRun?: boolean;
}

export interface ReadOptions extends CallerOptions {
  /** Default linearizable. */
  readonly consistency?: Consistency;
}

export interface DeleteOutcome {
  /** The object as deleted (its last state), or as marked while finalizers or a grace period remain. */
  readonly object: OrcaObject | null;
  readonly deleted: boolean;
}

export interface TransactOutcome {
  readonly revision: number;
  /** Per given operation: the object after it, or null for a check or a completed delete. */
  readonly objects: readonly (OrcaObject | null)[];
}

export interface ListOutcome {
  readonly items: OrcaObject[];
  readonly resourceVersion: string;
  /** "" on the last page. */
  readonly continue: string;
}

export interface WatchStartOptions extends ReadOptions {
  /** Items per page while listing the initial objects (default 1000). */
  readonly initialPageItems?: number;
  /** Refuse (too-large) a watch from "now" with more initial objects than this (default: no limit but the state's). */
  readonly initialObjectsMax?: number;
}

export interface WatchStart {
  /** The revision the initial objects reflect; events follow it. */
  readonly revision: number;
  /** The current objects (from "now" only), opened. */
  readonly initial: readonly OrcaObject[];
  /** This replica's change events after `revision` (stored objects: open them with `open`). */
  readonly watch: Watch;
}

export const watchInitialPageItems = 1000;

export interface ObjectCoreOptions {
  readonly state: Pick<StateMachine, 'get' | 'list' | 'watch'>;
  readonly writer: Pick<ObjectWriter, 'decisions' | 'transact'>;
  readonly reads: Pick<ReadBarrier, 'linearizable'>;
  readonly cipher: Pick<SecretCipher, 'openObject'>;
  /** Hands out spec.podCIDR to Nodes created without one (absent: they keep none). */
  readonly podCidrs?: Pick<PodCidrAllocator, 'create'>;
  /** Default allowEverything. */
  readonly authorize?: Authorize;
  readonly audit?: AuditSink;
}

async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error: unknown) {
    throw toObjectError(error);
  }
}

function nameOf(object: OrcaObject): ObjectName {
  return { kind: String(object.kind), namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
}

function describe(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** What authorization is asked for one operation of a transaction. */
function accessOf(user: UserInfo, operation: ObjectOperation): AccessRequest {
  if ('create' in operation)
    return { user, verb: 'create', ...nameOf(operation.create), dryRun: false, object: operation.create };
  if ('update' in operation)
    return { user, verb: 'update', ...nameOf(operation.update), dryRun: false, object: operation.update };
  if ('updateStatus' in operation)
    return {
      user,
      verb: 'updateStatus',
      ...nameOf(operation.updateStatus),
      dryRun: false,
      object: operation.updateStatus,
    };
  if ('delete' in operation)
    return {
      user,
      verb: 'delete',
      kind: operation.delete.kind,
      namespace: operation.delete.namespace,
      name: operation.delete.name,
      dryRun: false,
    };
  return {
    user,
    verb: 'check',
    kind: operation.check.kind,
    namespace: operation.check.namespace,
    name: operation.check.name,
    dryRun: false,
  };
}

/** A failure inside one operation of a transaction names its position: `operations[2]: …`. */
/** The same for a synchronous step: no promise per operation on the hot path. */
export function inOperationNow<T>(position: number, body: () => T): T {
  try {
    return body();
  } catch (error: unknown) {
    throw toObjectError(error).at(`operations[${position}]`);
  }
}

export async function inOperation<T>(position: number, body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error: unknown) {
    throw toObjectError(error).at(`operations[${position}]`);
  }
}

export class ObjectCore {
  private readonly authorizeRequest: Authorize;

  constructor(private readonly options: ObjectCoreOptions) {
    this.authorizeRequest = options.authorize ?? allowEverything;
  }

  create(object: OrcaObject, options: CreateOptions): Promise<OrcaObject> {
    const dryRun = options.dryRun === true;
    const access: AccessRequest = { user: options.caller, verb: 'create', ...nameOf(object), dryRun, object };
    return this.audited([access], async () => {
      const pending = this.authorizeRequest(access);
      if (pending !== undefined) await pending;
      if (!dryRun) this.assertFenceOpen(options);
      const decisions = this.options.writer.decisions();
      const operation = prepareCreate(object, decisions);
      if (dryRun) return this.open(operation.object);
      const { podCidrs } = this.options;
      if (podCidrs === undefined || !needsPodCidr(operation)) return this.single(operation, decisions.now, options);
      return this.written(await podCidrs.create(operation, decisions.now, options.fence?.term));
    });
  }

  update(object: OrcaObject, options: WriteOptions): Promise<OrcaObject> {
    const access = accessOf(options.caller, { update: object });
    return this.audited([access], async () => {
      const pending = this.authorizeRequest(access);
      if (pending !== undefined) await pending;
      this.assertFenceOpen(options);
      const decisions = this.options.writer.decisions();
      return this.single(prepareUpdate(object, decisions), decisions.now, options);
    });
  }

  updateStatus(object: OrcaObject, options: WriteOptions): Promise<OrcaObject> {
    const access = accessOf(options.caller, { updateStatus: object });
    return this.audited([access], async () => {
      const pending = this.authorizeRequest(access);
      if (pending !== undefined) await pending;
      this.assertFenceOpen(options);
      const decisions = this.options.writer.decisions();
      return this.single(prepareUpdateStatus(object), decisions.now, options);
    });
  }

  delete(request: ObjectDeletion, options: WriteOptions): Promise<DeleteOutcome> {
    const access = accessOf(options.caller, { delete: request });
    return this.audited([access], async () => {
      const pending = this.authorizeRequest(access);
      if (pending !== undefined) await pending;
      this.assertFenceOpen(options);
      const decisions = this.options.writer.decisions();
      const { results } = await this.propose(this.deleteOperations(request), decisions.now, options);
      // With a propagation finalizer the delete follows the update that adds it: its result is the last.
      const result = results[results.length - 1];
      if (result === undefined)
        throw new ObjectError('internal', 'the state machine answered no result for the delete');
      return { object: result.object === null ? null : this.open(result.object), deleted: result.deleted };
    });
  }

  /** All operations or none, in one entry. */
  transact(operations: readonly ObjectOperation[], options: WriteOptions): Promise<TransactOutcome> {
    const accesses = operations.map((operation) => accessOf(options.caller, operation));
    return this.audited(accesses, async () => {
      if (operations.length === 0) throw new ObjectError('invalid', 'operations: at least one is required');
      for (const [position, access] of accesses.entries()) {
        // Authorization is synchronous for the built-in policies: await only a promise.
        const answer = inOperationNow(position, () => this.authorizeRequest(access));
        if (answer !== undefined) await inOperation(position, () => answer);
      }
      this.assertFenceOpen(options);
      const decisions = this.options.writer.decisions();
      const prepared: Operation[] = [];
      // Where each given operation's result is: a delete with a propagation finalizer takes two.
      const positions: number[] = [];
      for (const [position, operation] of operations.entries()) {
        prepared.push(...inOperationNow(position, () => this.prepare(operation, decisions)));
        positions.push(prepared.length - 1);
      }
      const { revision, results } = await this.propose(prepared, decisions.now, options);
      return { revision, objects: positions.map((position) => this.resultObject(results[position])) };
    });
  }

  get(name: ObjectName, options: ReadOptions): Promise<OrcaObject> {
    const access: AccessRequest = { user: options.caller, verb: 'get', ...name, dryRun: false };
    return this.audited([access], async () => {
      const key = objectKey(name.kind, name.namespace, name.name);
      const pending = this.authorizeRequest(access);
      if (pending !== undefined) await pending;
      if ((options.consistency ?? 'linearizable') === 'linearizable') await this.options.reads.linearizable();
      const object = this.options.state.get(key.kind, key.namespace, key.name);
      if (object === undefined)
        throw new ObjectError('not-found', `${describe(key.kind, key.namespace, key.name)} not found`);
      return this.open(object);
    });
  }

  list(query: ObjectQuery, options: ReadOptions): Promise<ListOutcome> {
    const access = this.listAccess('list', query, options.caller);
    return this.audited([access], async () => {
      const { info, selection, namespace } = await this.scoped(access, query);
      if ((options.consistency ?? 'linearizable') === 'linearizable') await this.options.reads.linearizable();
      const page = this.options.state.list({
        kind: info.kind,
        namespace,
        ...listFilters(selection),
        limit: query.limit ?? 0,
        continue: (query.continue ?? '') === '' ? undefined : query.continue,
      });
      return {
        items: page.items.map((item) => this.open(item)),
        resourceVersion: page.resourceVersion,
        continue: page.continue ?? '',
      };
    });
  }

  /**
   * A watch of one kind: from a revision, or from "now" (the current objects
   * at one revision, every page read at it, then the events after it). The
   * adapter streams the events its own way, translating them by the selection.
   */
  watch(query: ObjectWatchQuery, options: WatchStartOptions): Promise<WatchStart> {
    const access = this.listAccess('watch', query, options.caller);
    return this.audited([access], async () => {
      const { info, selection, namespace } = await this.scoped(access, query);
      const { state } = this.options;
      if (query.fromRevision !== undefined) {
        return {
          revision: query.fromRevision,
          initial: [],
          watch: state.watch({ kind: info.kind, namespace, fromRevision: query.fromRevision }),
        };
      }
      if ((options.consistency ?? 'linearizable') === 'linearizable') await this.options.reads.linearizable();
      const items: JsonObject[] = [];
      let token: string | undefined;
      let revision = 0;
      do {
        const page = state.list({
          kind: info.kind,
          namespace,
          ...listFilters(selection),
          limit: options.initialPageItems ?? watchInitialPageItems,
          continue: token,
        });
        items.push(...page.items);
        if (options.initialObjectsMax !== undefined && items.length > options.initialObjectsMax) {
          throw new ObjectError('too-large', `list ${info.kind}: more than ${options.initialObjectsMax} objects`);
        }
        revision = Number(page.resourceVersion);
        token = page.continue;
      } while (token !== undefined);
      return {
        revision,
        initial: items.map((item) => this.open(item)),
        watch: state.watch({ kind: info.kind, namespace, fromRevision: revision }),
      };
    });
  }

  /** Authorize (and audit) a request that is not an object operation: a pod's logs or exec, proxied by PodService. */
  authorize(access: AccessRequest): Promise<void> {
    return this.audited([access], () => Promise.resolve(this.authorizeRequest(access)));
  }

  /** A stored object as callers see it: a Secret's data opened. */
  open(object: JsonObject): OrcaObject {
    return this.options.cipher.openObject(object) as unknown as OrcaObject;
  }

  /** What a list or watch asks authorization for (the kind as given; scoped() checks it is known). */
  private listAccess(verb: 'list' | 'watch', query: ObjectWatchQuery, user: UserInfo): AccessRequest {
    const info = kindInfo(query.kind);
    const namespace = info?.namespaced === true ? (query.namespace ?? '') : '';
    return {
      user,
      verb,
      kind: info?.kind ?? query.kind,
      namespace,
      name: '',
      dryRun: false,
      fieldSelector: query.fieldSelector ?? '',
    };
  }

  /** A list or watch of one kind: the kind known, the selectors read, the namespace scoped, the request authorized. */
  private async scoped(access: AccessRequest, query: ObjectWatchQuery) {
    const info = kindInfo(query.kind);
    if (info === undefined) throw new ObjectError('invalid', `kind: unknown kind "${query.kind}"`);
    const selection = parseSelection(query.labelSelector ?? '', query.fieldSelector ?? '');
    const namespace = access.namespace === '' ? undefined : access.namespace;
    await this.authorizeRequest(access);
    return { info, selection, namespace };
  }

  /** Run one request: its failures as ObjectErrors, and the audit told once it is answered. */
  private async audited<T>(accesses: readonly AccessRequest[], body: () => Promise<T>): Promise<T> {
    const audit = this.options.audit;
    if (audit === undefined) return guarded(body);
    const started = performance.now();
    let code = 'ok';
    try {
      return await guarded(body);
    } catch (error: unknown) {
      code = toObjectError(error).code;
      throw error;
    } finally {
      const latencyMs = performance.now() - started;
      for (const access of accesses) audit.record(access, code, latencyMs);
    }
  }

  private assertFenceOpen(options: WriteOptions): void {
    const fence = options.fence;
    if (fence !== undefined && fence.signal.aborted) {
      throw new ObjectError('not-leader', `leadership of term ${fence.term} is over; the write was not proposed`);
    }
  }

  private propose(
    operations: readonly Operation[],
    now: string,
    options: WriteOptions,
  ): ReturnType<ObjectWriter['transact']> {
    const transactOptions: TransactOptions = options.fence === undefined ? {} : { fenceTerm: options.fence.term };
    return this.options.writer.transact(operations, now, transactOptions);
  }

  private async single(operation: Operation, now: string, options: WriteOptions): Promise<OrcaObject> {
    const { results } = await this.propose([operation], now, options);
    const [result] = results;
    if (result === undefined)
      throw new ObjectError('internal', 'the state machine answered no result for the operation');
    return this.written(result);
  }

  private written(result: OperationResult): OrcaObject {
    if (result.object === null) throw new ObjectError('internal', 'the state machine answered no object');
    return this.open(result.object);
  }

  private resultObject(result: OperationResult | undefined): OrcaObject | null {
    if (result === undefined || result.object === null || (result.op === 'delete' && result.deleted)) return null;
    return this.open(result.object);
  }

  /** One operation as the state machine's operations (two for a delete that adds a propagation finalizer first). */
  private prepare(operation: ObjectOperation, decisions: WriteDecisions): Operation[] {
    if ('create' in operation) return [prepareCreate(operation.create, decisions)];
    if ('update' in operation) return [prepareUpdate(operation.update, decisions)];
    if ('updateStatus' in operation) return [prepareUpdateStatus(operation.updateStatus)];
    if ('delete' in operation) return this.deleteOperations(operation.delete);
    const { kind, namespace, name, resourceVersion } = operation.check;
    return [prepareCheck(objectKey(kind, namespace, name), resourceVersion)];
  }

  /**
   * A delete with its Pod grace period; with Foreground or Orphan propagation,
   * first an update that adds the policy's finalizer, compare-and-swapped on the
   * version read, so the garbage collector sees the owner marked with the
   * policy it was deleted with.
   */
  private deleteOperations(request: ObjectDeletion): Operation[] {
    const { state } = this.options;
    const policy = parsePropagationPolicy(request.propagationPolicy);
    const operation = withPodGracePeriod(prepareDelete(request), state, request.gracePeriodSeconds);
    const stored =
      policy === 'Background' ? undefined : state.get(operation.key.kind, operation.key.namespace, operation.key.name);
    const marked = withPolicyFinalizer(stored, policy);
    if (stored === undefined || marked === undefined) return [operation];
    const version = String((stored['metadata'] as { resourceVersion?: unknown }).resourceVersion ?? '');
    const expected = operation.expectedResourceVersion ?? version;
    // The update carries the precondition; after it the version is this entry's, so the delete itself checks only the uid.
    const { expectedResourceVersion: _checkedByUpdate, ...unconditional } = operation;
    return [{ op: 'update', object: marked, expectedResourceVersion: expected }, unconditional];
  }
}
