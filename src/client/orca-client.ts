/**
 * The typed client of an Orca cluster over gRPC. It takes a list of masters and
 * talks to one at a time, failing over on UNAVAILABLE or a broken connection;
 * see retrier.ts for what it retries and resuming-watch.ts for watches.
 */
import { Metadata, connectivityState, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import {
  kindInfo,
  objectFromWire,
  objectToWire,
  type KindName,
  type ObjectOfKind,
  type OrcaObject,
} from '../api/index.js';
import type { AddMasterResponse__Output } from '../gen/orca/v1/AddMasterResponse.js';
import type { DeleteResponse__Output } from '../gen/orca/v1/DeleteResponse.js';
import type { AccessReviewResponse__Output } from '../gen/orca/v1/AccessReviewResponse.js';
import type { MembersResponse__Output } from '../gen/orca/v1/MembersResponse.js';
import type { RenewCertificateResponse__Output } from '../gen/orca/v1/RenewCertificateResponse.js';
import type { ServiceAccountTokenResponse__Output } from '../gen/orca/v1/ServiceAccountTokenResponse.js';
import type { ObjectList__Output } from '../gen/orca/v1/ObjectList.js';
import type { TransactResponse__Output } from '../gen/orca/v1/TransactResponse.js';
import type { Object__Output as WireObjectOutput } from '../gen/orca/v1/Object.js';
import type { Operation as WireOperation } from '../gen/orca/v1/Operation.js';
import { validateClientOptions, type ClientOptions } from './client-options.js';
import { Endpoints } from './endpoints.js';
import { ClientError, toClientError } from './errors.js';
import { StubPool, type MasterStubs } from './grpc-stubs.js';
import type {
  DeleteOptions,
  DeleteResult,
  GetOptions,
  ListOptions,
  ListResult,
  ObjectClient,
  ObjectRef,
  TransactOperation,
  TransactResult,
  WatchOptions,
  WatchStream,
} from './object-client.js';
import {
  isWorkerUnreachable,
  runExec,
  streamLogs,
  workerOutcome,
  type WorkerDown,
  type ExecOptions,
  type ExecResult,
  type LogsOptions,
  type PodRef,
} from './pod-streams.js';
import { ResumingWatch } from './resuming-watch.js';
import { Retrier, systemClock, type Operation, type RetrierClock } from './retrier.js';
import { describeObject, describeRef, holdsWrite, namespaceFor, wireConsistency } from './wire-helpers.js';

export interface Member {
  readonly name: string;
  readonly address: string;
  readonly suffrage: string;
  readonly role: string;
  readonly healthy: boolean;
  readonly matchIndex: number;
}

export interface ClusterMembers {
  readonly members: Member[];
  readonly leader: string;
  readonly leaderAddress: string;
  readonly term: number;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  /** The master that answered. */
  readonly answeredBy: string;
  /** Its HTTP(S) address (the Kubernetes REST API), "" when it serves none. */
  readonly httpAddress: string;
}

type Callback<T> = (error: ServiceError | null, value?: T) => void;

export class OrcaClient implements ObjectClient {
  readonly options: ClientOptions;
  private readonly endpoints: Endpoints;
  private readonly stubs: StubPool;
  private readonly retrier: Retrier;

  constructor(
    options: Partial<ClientOptions> & { servers: readonly string[] },
    private readonly clock: RetrierClock = systemClock,
  ) {
    this.options = validateClientOptions(options);
    this.endpoints = new Endpoints(this.options.servers, this.options.serversMax);
    this.stubs = new StubPool(this.options.messageBytesMax, this.options.tls);
    this.retrier = new Retrier(this.options, this.endpoints, clock);
  }

  /** The master the client currently talks to. */
  get currentServer(): string {
    return this.endpoints.current;
  }

  close(): void {
    this.stubs.close();
  }

  async create<T extends OrcaObject>(object: T, options: { readonly dryRun?: boolean } = {}): Promise<T> {
    const name = `create ${describeObject(object)}`;
    return this.retrier.run<T>({
      name,
      safety: 'recheck',
      call: (address, timeoutMs) =>
        this.unary<WireObjectOutput>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
          stubs.objects.Create(
            { object: objectToWire(object), dryRun: options.dryRun === true },
            metadata,
            callOptions,
            callback,
          ),
        ).then((wire) => objectFromWire(wire) as T),
      recheck: async (error) => (error.code === 'already-exists' ? this.storedIfHolds(object, 'object') : undefined),
    });
  }

  async get<K extends KindName>(ref: ObjectRef<K>, options: GetOptions = {}): Promise<ObjectOfKind<K>> {
    const namespace = namespaceFor(ref.kind, ref.namespace);
    return this.read(`get ${describeRef(ref.kind, namespace, ref.name)}`, (address, timeoutMs) =>
      this.unary<WireObjectOutput>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
        stubs.objects.Get(
          { kind: ref.kind, namespace, name: ref.name, consistency: wireConsistency(options.consistency) },
          metadata,
          callOptions,
          callback,
        ),
      ).then((wire) => objectFromWire(wire) as ObjectOfKind<K>),
    );
  }

  async list<K extends KindName>(kind: K, options: ListOptions = {}): Promise<ListResult<ObjectOfKind<K>>> {
    const namespace = kindInfo(kind)?.namespaced === true ? (options.namespace ?? '') : '';
    const request = {
      kind,
      namespace,
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      limit: options.limit ?? 0,
      continue: options.continue ?? '',
      consistency: wireConsistency(options.consistency),
    };
    const list = await this.read(`list ${kind}`, (address, timeoutMs) =>
      this.unary(address, timeoutMs, (stubs, metadata, callOptions, callback: Callback<ObjectList__Output>) =>
        stubs.objects.List(request, metadata, callOptions, callback),
      ),
    );
    return {
      items: list.items.map((item) => objectFromWire(item) as ObjectOfKind<K>),
      resourceVersion: list.metadata?.resourceVersion ?? '',
      continue: list.metadata?.continue ?? '',
    };
  }

  async listAll<K extends KindName>(
    kind: K,
    options: Omit<ListOptions, 'limit' | 'continue'> = {},
  ): Promise<ListResult<ObjectOfKind<K>>> {
    const items: ObjectOfKind<K>[] = [];
    let page = await this.list(kind, { ...options, limit: this.options.listPageSize });
    const resourceVersion = page.resourceVersion;
    for (;;) {
      items.push(...page.items);
      if (items.length > this.options.listObjectsMax)
        throw new ClientError('too-large', `list ${kind}: more than ${this.options.listObjectsMax} objects`);
      if (page.continue === '') return { items, resourceVersion, continue: '' };
      page = await this.list(kind, { ...options, limit: this.options.listPageSize, continue: page.continue });
    }
  }

  async update<T extends OrcaObject>(object: T): Promise<T> {
    return this.write(object, 'object');
  }

  async updateStatus<T extends OrcaObject>(object: T): Promise<T> {
    return this.write(object, 'status');
  }

  async delete(ref: ObjectRef, options: DeleteOptions = {}): Promise<DeleteResult> {
    const namespace = namespaceFor(ref.kind, ref.namespace);
    const request = {
      kind: ref.kind,
      namespace,
      name: ref.name,
      resourceVersion: options.resourceVersion ?? '',
      uid: options.uid ?? '',
      propagationPolicy: options.propagationPolicy ?? '',
      ...(options.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: options.gracePeriodSeconds }),
    };
    return this.retrier.run<DeleteResult>({
      name: `delete ${describeRef(ref.kind, namespace, ref.name)}`,
      // the outcome of a delete is re-checked by its retry: NOT_FOUND means it is gone; only
      // an unconditional one could, in a rare race, also remove an object re-created meanwhile
      safety: 'recheck',
      call: async (address, timeoutMs) => {
        const response = await this.unary(
          address,
          timeoutMs,
          (stubs, metadata, callOptions, callback: Callback<DeleteResponse__Output>) =>
            stubs.objects.Delete(request, metadata, callOptions, callback),
        );
        return {
          object: response.object === null ? undefined : objectFromWire(response.object),
          deleted: response.deleted,
        };
      },
      recheck: async (error) => {
        if (error.code !== 'not-found') return undefined;
        // Gone after an ambiguous attempt: ours, or someone else's. An unconditional delete
        // wanted it gone either way; a conditional one cannot tell whether its condition held.
        if (request.resourceVersion === '' && request.uid === '') return { deleted: true };
        throw new ClientError(
          'uncertain',
          `delete ${describeRef(ref.kind, namespace, ref.name)}: gone after an attempt that may or may not have applied; whether its precondition held is unknown`,
          { grpcCode: error.grpcCode },
        );
      },
    });
  }

  async transact(operations: readonly TransactOperation[]): Promise<TransactResult> {
    const request = { operations: operations.map(toWireOperation) };
    // a transaction's outcome cannot be re-checked in general: retried only when surely not sent
    return this.retrier.run<TransactResult>({
      name: `transaction of ${operations.length} operations`,
      safety: 'write',
      call: async (address, timeoutMs) => {
        const response = await this.unary(
          address,
          timeoutMs,
          (stubs, metadata, callOptions, callback: Callback<TransactResponse__Output>) =>
            stubs.objects.Transact(request, metadata, callOptions, callback),
        );
        return {
          objects: response.results.map((result) =>
            result.object === null ? undefined : objectFromWire(result.object),
          ),
          resourceVersion: response.resourceVersion,
        };
      },
    });
  }

  watch<K extends KindName>(kind: K, options: WatchOptions = {}): WatchStream<ObjectOfKind<K>> {
    const namespace = kindInfo(kind)?.namespaced === true ? (options.namespace ?? '') : '';
    const base = {
      kind,
      namespace,
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      allowBookmarks: true,
      batchEvents: this.options.watchBatchEvents,
    };
    return new ResumingWatch<ObjectOfKind<K>>(
      {
        endpoints: this.endpoints,
        options: this.options,
        random: this.clock.random,
        name: `watch ${kind}${namespace === '' ? '' : ` in ${namespace}`}`,
        bookmarks: options.bookmarks === true,
        open: (address, resourceVersion) =>
          this.stubs.for(address).objects.Watch({ ...base, resourceVersion }, new Metadata()),
      },
      options.resourceVersion ?? '',
    );
  }

  async members(): Promise<ClusterMembers> {
    return this.read('cluster members', async (address, timeoutMs) => {
      const response = await this.unary<MembersResponse__Output>(
        address,
        timeoutMs,
        (stubs, metadata, callOptions, callback) => stubs.cluster.Members({}, metadata, callOptions, callback),
      );
      return { ...response, members: response.members.map((member) => ({ ...member })), answeredBy: address };
    });
  }

  async addMaster(name: string, address: string): Promise<{ secretKey: Buffer; clusterId: string }> {
    return this.retrier.run({
      name: `add master ${name}`,
      safety: 'write',
      call: (target, timeoutMs) =>
        this.unary(target, timeoutMs, (stubs, metadata, callOptions, callback: Callback<AddMasterResponse__Output>) =>
          stubs.cluster.AddMaster({ name, address }, metadata, callOptions, callback),
        ),
    });
  }

  /** "Can I?" about the caller itself: `verb` on `resource` (`pods`, `pods/log`, `Secret`) in `namespace`. */
  async reviewAccess(request: {
    verb: string;
    resource: string;
    namespace?: string;
    name?: string;
  }): Promise<{ allowed: boolean; reason: string; user: string; groups: string[] }> {
    return this.read('access review', (address, timeoutMs) =>
      this.unary<AccessReviewResponse__Output>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
        stubs.cluster.ReviewAccess(
          {
            verb: request.verb,
            resource: request.resource,
            namespace: request.namespace ?? '',
            name: request.name ?? '',
          },
          metadata,
          callOptions,
          callback,
        ),
      ),
    );
  }

  /** A ServiceAccount token for a pod (TokenRequest): asked by the worker that runs it. */
  async issueServiceAccountToken(request: {
    namespace: string;
    name: string;
    audiences?: string[];
    expirationSeconds?: number;
    podName?: string;
    podUid?: string;
  }): Promise<{ token: string; expiration: string; caPem: string }> {
    return this.read(`token for ServiceAccount ${request.namespace}/${request.name}`, (address, timeoutMs) =>
      this.unary<ServiceAccountTokenResponse__Output>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
        stubs.cluster.IssueServiceAccountToken(
          {
            namespace: request.namespace,
            name: request.name,
            audiences: request.audiences ?? [],
            expirationSeconds: request.expirationSeconds ?? 0,
            podName: request.podName ?? '',
            podUid: request.podUid ?? '',
          },
          metadata,
          callOptions,
          callback,
        ),
      ),
    );
  }

  /** Renew the certificate this client connects with (a worker's node certificate): the same identity, a new key. */
  async renewCertificate(csrPem: string): Promise<string> {
    const response = await this.read('certificate renewal', (address, timeoutMs) =>
      this.unary<RenewCertificateResponse__Output>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
        stubs.cluster.RenewCertificate({ csrPem }, metadata, callOptions, callback),
      ),
    );
    return response.certificatePem;
  }

  async removeMaster(name: string): Promise<void> {
    await this.retrier.run({
      name: `remove master ${name}`,
      safety: 'write',
      call: (target, timeoutMs) =>
        this.unary(target, timeoutMs, (stubs, metadata, callOptions, callback: Callback<unknown>) =>
          stubs.cluster.RemoveMaster({ name }, metadata, callOptions, callback),
        ),
    });
  }

  /**
   * Streams a consistent snapshot of the cluster state into `write`, chunk by
   * chunk; returns the byte count. Fails over only before the first chunk.
   */
  async saveSnapshot(
    write: (chunk: Buffer) => Promise<void> | void,
    options: { timeoutMs?: number } = {},
  ): Promise<number> {
    return this.read('save snapshot', async (address) => {
      let bytes = 0;
      const stream = this.stubs
        .for(address)
        .cluster.SaveSnapshot({}, new Metadata(), { deadline: Date.now() + (options.timeoutMs ?? 600_000) });
      try {
        for await (const chunk of stream) {
          const data = (chunk as { data: Buffer }).data;
          bytes += data.length;
          await write(data);
        }
      } catch (thrown: unknown) {
        const error = toClientError(thrown);
        if (bytes > 0)
          throw new ClientError(
            error.code === 'unavailable' ? 'internal' : error.code,
            `save snapshot: the stream broke after ${bytes} bytes: ${error.message}`,
          );
        throw error;
      }
      return bytes;
    });
  }

  /**
   * A container's log through a master (relayed from the pod's worker), chunk by
   * chunk into `write`; with follow, until `signal` aborts. Sent again to
   * another master only when it surely reached none.
   */
  async logs(pod: PodRef, options: LogsOptions, write: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    const namespace = namespaceFor('Pod', pod.namespace);
    return this.retrier
      .run<void | WorkerDown>({
        name: `logs of ${describeRef('Pod', namespace, pod.name)}`,
        safety: 'write',
        call: (address, timeoutMs) =>
          this.podStream(address, timeoutMs, (stubs) =>
            streamLogs(stubs.pods, { namespace, name: pod.name }, options, write),
          ),
      })
      .then(workerOutcome);
  }

  /** Runs `command` in a running container of the pod (through a master); resolves with its exit code and output. */
  async exec(pod: PodRef, command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const namespace = namespaceFor('Pod', pod.namespace);
    return this.retrier
      .run<ExecResult | WorkerDown>({
        name: `exec in ${describeRef('Pod', namespace, pod.name)}`,
        // a command may not be idempotent: sent again only when it surely reached no master
        safety: 'write',
        call: (address, timeoutMs) =>
          this.podStream(address, timeoutMs, (stubs) =>
            runExec(stubs.pods, { namespace, name: pod.name }, command, options),
          ),
      })
      .then(workerOutcome);
  }

  /** A worker that cannot be reached is a definite answer of the master, not a reason to retry or doubt: it is handed out as a value. */
  private async podStream<T>(
    address: string,
    timeoutMs: number,
    run: (stubs: MasterStubs) => Promise<T>,
  ): Promise<T | WorkerDown> {
    const stubs = this.stubs.for(address);
    await this.connected(stubs, address, Math.min(timeoutMs, this.options.connectTimeoutMs));
    try {
      return await run(stubs);
    } catch (error: unknown) {
      if (isWorkerUnreachable(error)) return { workerDown: error };
      throw error;
    }
  }

  private read<T>(name: string, call: Operation<T>['call']): Promise<T> {
    return this.retrier.run<T>({ name, safety: 'read', call });
  }

  /** An update or update-status; with a resourceVersion it is a compare-and-swap, so a retry is safe and re-checkable. */
  private write<T extends OrcaObject>(object: T, part: 'object' | 'status'): Promise<T> {
    const conditional = (object.metadata?.resourceVersion ?? '') !== '';
    const verb = part === 'status' ? 'update status of' : 'update';
    return this.retrier.run<T>({
      name: `${verb} ${describeObject(object)}`,
      safety: conditional ? 'recheck' : 'write',
      call: (address, timeoutMs) =>
        this.unary<WireObjectOutput>(address, timeoutMs, (stubs, metadata, callOptions, callback) =>
          part === 'status'
            ? stubs.objects.UpdateStatus({ object: objectToWire(object) }, metadata, callOptions, callback)
            : stubs.objects.Update({ object: objectToWire(object) }, metadata, callOptions, callback),
        ).then((wire) => objectFromWire(wire) as T),
      recheck: async (error) => (error.code === 'conflict' ? this.storedIfHolds(object, part) : undefined),
    });
  }

  /** After an ambiguous write: the stored object when it already holds what we wrote. */
  private async storedIfHolds<T extends OrcaObject>(object: T, part: 'object' | 'status'): Promise<T | undefined> {
    const name = object.metadata?.name;
    if (name === undefined || name === '') return undefined;
    try {
      const stored = await this.get({ kind: object.kind, namespace: object.metadata?.namespace, name });
      const sentVersion = object.metadata?.resourceVersion ?? '';
      const moved = sentVersion === '' || stored.metadata?.resourceVersion !== sentVersion;
      return moved && holdsWrite(stored, object, part) ? (stored as unknown as T) : undefined;
    } catch (thrown: unknown) {
      if (toClientError(thrown).code === 'not-found') return undefined;
      throw thrown;
    }
  }

  /** One unary call on one master, after waiting (bounded) for its connection so a dead master is told from a slow one. */
  private async unary<T>(
    address: string,
    timeoutMs: number,
    start: (stubs: MasterStubs, metadata: Metadata, options: CallOptions, callback: Callback<T>) => ClientUnaryCall,
  ): Promise<T> {
    const stubs = this.stubs.for(address);
    await this.connected(stubs, address, Math.min(timeoutMs, this.options.connectTimeoutMs));
    return new Promise<T>((resolve, reject) => {
      start(stubs, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, value) => {
        if (error !== null) reject(toClientError(error));
        else if (value === undefined) reject(new ClientError('internal', 'empty response'));
        else resolve(value);
      });
    });
  }

  private connected(stubs: MasterStubs, address: string, timeoutMs: number): Promise<void> {
    if (stubs.objects.getChannel().getConnectivityState(false) === connectivityState.READY) return Promise.resolve();
    return new Promise((resolve, reject) => {
      stubs.objects.waitForReady(Date.now() + timeoutMs, (error) => {
        if (error === undefined) resolve();
        else
          reject(
            new ClientError('unavailable', `could not connect to ${address} within ${timeoutMs} ms`, { notSent: true }),
          );
      });
    });
  }
}

function toWireOperation(operation: TransactOperation): WireOperation {
  if ('create' in operation) return { create: objectToWire(operation.create) };
  if ('update' in operation) return { update: objectToWire(operation.update) };
  if ('updateStatus' in operation) return { updateStatus: objectToWire(operation.updateStatus) };
  if ('delete' in operation) {
    const { kind, name, namespace, resourceVersion, uid, propagationPolicy } = operation.delete;
    return {
      delete: {
        kind,
        name,
        namespace: namespaceFor(kind, namespace),
        resourceVersion: resourceVersion ?? '',
        uid: uid ?? '',
        propagationPolicy: propagationPolicy ?? '',
      },
    };
  }
  const { kind, name, namespace, resourceVersion } = operation.check;
  return { check: { key: { kind, name, namespace: namespaceFor(kind, namespace) }, resourceVersion } };
}
