/**
 * ObjectService, the gRPC adapter on the object core (object-core.ts): each
 * handler converts the wire request to the core's shape, calls the core once,
 * and converts the answer back; failures become statuses in grpc-status.ts.
 * What is the transport's own stays here: writes go through the leader (a
 * follower forwards the call to it once, with a deadline), reads are
 * linearizable unless CONSISTENCY_STALE, watches are served by any master from
 * its own replica.
 */
import {
  Metadata,
  status,
  type handleUnaryCall,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { objectFromWire, objectToWire, type OrcaObject } from '../api/index.js';
import type { CreateRequest__Output } from '../gen/orca/v1/CreateRequest.js';
import type { DeleteRequest__Output } from '../gen/orca/v1/DeleteRequest.js';
import type { DeleteResponse } from '../gen/orca/v1/DeleteResponse.js';
import type { GetRequest__Output } from '../gen/orca/v1/GetRequest.js';
import type { ListRequest__Output } from '../gen/orca/v1/ListRequest.js';
import type { Object as WireObject, Object__Output as WireObjectOutput } from '../gen/orca/v1/Object.js';
import type { ObjectList } from '../gen/orca/v1/ObjectList.js';
import type { ObjectServiceClient, ObjectServiceHandlers } from '../gen/orca/v1/ObjectService.js';
import type { Operation__Output } from '../gen/orca/v1/Operation.js';
import type { TransactRequest__Output } from '../gen/orca/v1/TransactRequest.js';
import type { TransactResponse } from '../gen/orca/v1/TransactResponse.js';
import type { UpdateRequest__Output } from '../gen/orca/v1/UpdateRequest.js';
import type { WatchEvent } from '../gen/orca/v1/WatchEvent.js';
import type { WatchRequest__Output } from '../gen/orca/v1/WatchRequest.js';
import { isRaftError, type RaftNode } from '../raft/index.js';
import type { StateMachine } from '../state/index.js';
import type { UserInfo } from '../auth/index.js';
import { forwardedIdentity, type Authenticator } from './authentication.js';
import { toServiceError } from './grpc-status.js';
import { MasterError } from './master-error.js';
import { inOperation, type ObjectCore } from './object-core.js';
import { isObjectError, toObjectError } from './object-error.js';
import type { Consistency, ObjectDeletion, ObjectOperation } from './object-request.js';
import {
  awaitLeader,
  callUnary,
  forwardedMetadata,
  forwardedMetadataKey,
  type PeerClients,
  type UnaryMethod,
} from './peer-clients.js';
import type { SecretCipher } from './secret-cipher.js';
import { WatchStream } from './watch-stream.js';

export interface ObjectServiceDeps {
  readonly node: RaftNode;
  /** The one write path (and the object reads). */
  readonly core: ObjectCore;
  /** Watches' bookmarks: the replica's applied index. */
  readonly state: Pick<StateMachine, 'appliedIndex'>;
  readonly peers: PeerClients;
  readonly cipher: SecretCipher;
  readonly forwardTimeoutMs: number;
  readonly leaderWaitMs: number;
  readonly bookmarkIntervalMs: number;
  readonly lastKnownLeader: () => string;
  /** Who calls: the first step of every handler. */
  readonly authenticator: Authenticator;
  /** Request metrics: method, status code name, seconds. */
  readonly observe?: (method: string, code: string, seconds: number) => void;
  /** Events per message for watches that ask for batches (watch-stream.ts eventsPerMessage). */
  readonly watchBatchEventsMax?: number;
}

/** The live watch calls, so closing the master can end them. */
export type ActiveWatches = Set<ServerWritableStream<WatchRequest__Output, WatchEvent>>;

function requireObject(object: WireObjectOutput | null): OrcaObject {
  if (object === null) throw new MasterError('invalid-argument', 'object: required');
  return objectFromWire(object);
}

export function unaryHandler<Request, Response>(
  method: string,
  observe: ObjectServiceDeps['observe'],
  run: (call: ServerUnaryCall<Request, Response>) => Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const started = performance.now();
    const finish = (code: status): void => observe?.(method, status[code], (performance.now() - started) / 1000);
    run(call).then(
      (response) => {
        finish(status.OK);
        callback(null, response);
      },
      (error: unknown) => {
        const failure = toServiceError(error);
        finish(failure.code);
        callback(failure);
      },
    );
  };
}

/**
 * Run a write here when this master leads; otherwise forward it to the leader
 * once. A request that was already forwarded is never forwarded again.
 */
export async function routeToLeader<Request, Response>(
  deps: Pick<ObjectServiceDeps, 'node' | 'leaderWaitMs' | 'forwardTimeoutMs' | 'lastKnownLeader'>,
  metadata: Metadata,
  local: () => Promise<Response>,
  forward: (address: string) => (request: Request) => Promise<Response>,
  request: Request,
): Promise<Response> {
  if (deps.node.state === 'leader') {
    try {
      return await local();
    } catch (error: unknown) {
      // Leadership moved while the request ran here: nothing was proposed, so it goes to the new leader.
      if (!isRaftError(error, 'not-leader') && !isObjectError(error, 'not-leader')) throw error;
    }
  }
  const leader = await awaitLeader(deps.node, deps.leaderWaitMs, deps.lastKnownLeader);
  if (leader.id === deps.node.id) return local();
  if (metadata.get(forwardedMetadataKey).length > 0) {
    throw new MasterError(
      'not-leader',
      `this master is not the leader; the leader is ${leader.id} at ${leader.address}`,
      leader.address,
    );
  }
  try {
    return await forward(leader.address)(request);
  } catch (error: unknown) {
    if (!neverConnected(error)) throw unreachableLeader(error, leader.id, leader.address);
    // No connection to the leader was ever made, so the request was not
    // delivered: wait for the next leader (the old one has likely died) and go
    // there once, instead of sending the client round to a dead address.
    const next = await awaitLeader(deps.node, deps.leaderWaitMs, deps.lastKnownLeader, leader.id);
    if (next.id === deps.node.id) return local();
    try {
      return await forward(next.address)(request);
    } catch (retryError: unknown) {
      throw unreachableLeader(retryError, next.id, next.address);
    }
  }
}

/** grpc-js fails a call this way only when no connection exists: nothing was sent. */
function neverConnected(error: unknown): boolean {
  const failure = error as Partial<ServiceError>;
  return (
    failure.code === status.UNAVAILABLE &&
    typeof failure.details === 'string' &&
    failure.details.startsWith('No connection established')
  );
}

/** A leader that cannot be reached is named in the error, so the client can tell what is down. */
function unreachableLeader(error: unknown, id: string, address: string): unknown {
  const failure = error as Partial<ServiceError>;
  if (failure.code !== status.UNAVAILABLE && failure.code !== status.DEADLINE_EXCEEDED) return error;
  if (typeof failure.details === 'string' && failure.details.includes('leader')) return error;
  // No leader hint: sending the client to an address that does not answer only delays it.
  return new MasterError(
    'unavailable',
    `the leader ${id} at ${address} cannot be reached (no quorum?): ${failure.details ?? String(error)}`,
  );
}

/** Forward to the leader, naming the caller so that the leader authorizes and audits it, not this master. */
function forwarder<Request, Response>(
  deps: ObjectServiceDeps,
  caller: UserInfo,
  pick: (client: ObjectServiceClient) => UnaryMethod<Request, Response>,
) {
  return (address: string) =>
    (request: Request): Promise<Response> => {
      const client = deps.peers.objects(address);
      const metadata = forwardedIdentity(caller, forwardedMetadata());
      return callUnary(pick(client).bind(client), request, deps.forwardTimeoutMs, metadata);
    };
}

/** The wire's operation as the core's (wire → core: the only conversion of a request in this adapter). */
function wireOperation(operation: Operation__Output): ObjectOperation {
  switch (operation.op) {
    case 'create':
      return { create: requireObject(operation.create ?? null) };
    case 'update':
      return { update: requireObject(operation.update ?? null) };
    case 'updateStatus':
      return { updateStatus: requireObject(operation.updateStatus ?? null) };
    case 'delete':
      if (operation.delete === null || operation.delete === undefined)
        throw new MasterError('invalid-argument', 'delete: required');
      return { delete: wireDeletion(operation.delete) };
    case 'check': {
      const check = operation.check;
      if (check === null || check === undefined || check.key === null)
        throw new MasterError('invalid-argument', 'check.key: required');
      return {
        check: {
          kind: check.key.kind,
          namespace: check.key.namespace,
          name: check.key.name,
          resourceVersion: check.resourceVersion,
        },
      };
    }
    default:
      throw new MasterError(
        'invalid-argument',
        'operation: one of create, update, updateStatus, delete, check is required',
      );
  }
}

function wireDeletion(request: DeleteRequest__Output): ObjectDeletion {
  const { kind, namespace, name, resourceVersion, uid, propagationPolicy, gracePeriodSeconds } = request;
  return {
    kind,
    namespace,
    name,
    resourceVersion,
    uid,
    propagationPolicy,
    ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
  };
}

function consistencyOf(wire: string): Consistency {
  return wire === 'CONSISTENCY_STALE' ? 'local' : 'linearizable';
}

async function transact(
  core: ObjectCore,
  request: TransactRequest__Output,
  caller: UserInfo,
): Promise<TransactResponse> {
  const operations: ObjectOperation[] = [];
  for (const [position, operation] of request.operations.entries())
    operations.push(await inOperation(position, () => wireOperation(operation)));
  const outcome = await core.transact(operations, { caller });
  return {
    resourceVersion: String(outcome.revision),
    results: outcome.objects.map((object) => ({ object: object === null ? null : objectToWire(object) })),
  };
}

async function list(core: ObjectCore, request: ListRequest__Output, caller: UserInfo): Promise<ObjectList> {
  const { kind, namespace, labelSelector, fieldSelector, limit } = request;
  const page = await core.list(
    { kind, namespace, labelSelector, fieldSelector, limit, continue: request.continue },
    { consistency: consistencyOf(request.consistency), caller },
  );
  return {
    metadata: { resourceVersion: page.resourceVersion, continue: page.continue },
    items: page.items.map((item) => objectToWire(item)),
  };
}

/** Each write: forwarded to the leader unless this master leads, then one call of the core. */
function writeHandlers(
  deps: ObjectServiceDeps,
): Pick<ObjectServiceHandlers, 'Create' | 'Update' | 'UpdateStatus' | 'Delete' | 'Transact'> {
  const { core, authenticator } = deps;
  return {
    Create: unaryHandler<CreateRequest__Output, WireObject>('Create', deps.observe, async (call) => {
      const caller = await authenticator.authenticate(call);
      return routeToLeader(
        deps,
        call.metadata,
        async () =>
          objectToWire(await core.create(requireObject(call.request.object), { dryRun: call.request.dryRun, caller })),
        forwarder(deps, caller, (client) => client.Create),
        call.request,
      );
    }),
    Update: unaryHandler<UpdateRequest__Output, WireObject>('Update', deps.observe, async (call) => {
      const caller = await authenticator.authenticate(call);
      return routeToLeader(
        deps,
        call.metadata,
        async () => objectToWire(await core.update(requireObject(call.request.object), { caller })),
        forwarder(deps, caller, (client) => client.Update),
        call.request,
      );
    }),
    UpdateStatus: unaryHandler<UpdateRequest__Output, WireObject>('UpdateStatus', deps.observe, async (call) => {
      const caller = await authenticator.authenticate(call);
      return routeToLeader(
        deps,
        call.metadata,
        async () => objectToWire(await core.updateStatus(requireObject(call.request.object), { caller })),
        forwarder(deps, caller, (client) => client.UpdateStatus),
        call.request,
      );
    }),
    Delete: unaryHandler<DeleteRequest__Output, DeleteResponse>('Delete', deps.observe, async (call) => {
      const caller = await authenticator.authenticate(call);
      return routeToLeader(
        deps,
        call.metadata,
        async () => {
          const outcome = await core.delete(wireDeletion(call.request), { caller });
          return { object: outcome.object === null ? null : objectToWire(outcome.object), deleted: outcome.deleted };
        },
        forwarder(deps, caller, (client) => client.Delete),
        call.request,
      );
    }),
    Transact: unaryHandler<TransactRequest__Output, TransactResponse>('Transact', deps.observe, async (call) => {
      const caller = await authenticator.authenticate(call);
      return routeToLeader(
        deps,
        call.metadata,
        () => transact(core, call.request, caller),
        forwarder(deps, caller, (client) => client.Transact),
        call.request,
      );
    }),
  };
}

export function objectServiceHandlers(deps: ObjectServiceDeps, watches: ActiveWatches): ObjectServiceHandlers {
  return {
    ...writeHandlers(deps),
    Get: unaryHandler<GetRequest__Output, WireObject>('Get', deps.observe, async (call) => {
      const caller = await deps.authenticator.authenticate(call);
      const { kind, namespace, name, consistency } = call.request;
      return objectToWire(
        await deps.core.get({ kind, namespace, name }, { consistency: consistencyOf(consistency), caller }),
      );
    }),
    List: unaryHandler<ListRequest__Output, ObjectList>('List', deps.observe, async (call) =>
      list(deps.core, call.request, await deps.authenticator.authenticate(call)),
    ),
    Watch: (call) => {
      watches.add(call);
      const stream = new WatchStream(
        {
          core: deps.core,
          state: deps.state,
          cipher: deps.cipher,
          bookmarkIntervalMs: deps.bookmarkIntervalMs,
          authenticator: deps.authenticator,
          batchEventsMax: deps.watchBatchEventsMax,
        },
        call,
      );
      stream
        .run()
        .then(
          () => call.end(),
          (error: unknown) => {
            if (!call.cancelled) call.emit('error', toServiceError(error));
          },
        )
        .finally(() => {
          watches.delete(call);
          deps.observe?.('Watch', 'OK', 0);
        });
    },
  };
}

/**
 * The object core as another adapter on this master (the REST API, the
 * dashboard's backend) needs it: reads, watches and authorization here, writes
 * through the leader exactly as ObjectService's are — run here when this
 * master leads, else forwarded once over gRPC naming the caller, so that the
 * leader's core authorizes, validates and audits the original caller.
 */
export type RoutedCore = Pick<ObjectCore, 'get' | 'list' | 'watch' | 'authorize' | 'open'> &
  Pick<ObjectCore, 'create' | 'update' | 'updateStatus' | 'delete'>;

export function leaderRoutedCore(deps: ObjectServiceDeps): RoutedCore {
  const { core } = deps;
  const fromWire = (wire: WireObjectOutput): OrcaObject => objectFromWire(wire);
  // The leader's answer to a forwarded write keeps its meaning (forbidden, conflict, invalid …) as an ObjectError.
  const typed = <T>(pending: Promise<T>): Promise<T> =>
    pending.catch((error: unknown) => {
      throw toObjectError(error);
    });
  return {
    get: (name, options) => core.get(name, options),
    list: (query, options) => core.list(query, options),
    watch: (query, options) => core.watch(query, options),
    authorize: (access) => core.authorize(access),
    open: (object) => core.open(object),
    create: (object, options) =>
      typed(
        routeToLeader(
          deps,
          new Metadata(),
          () => core.create(object, options),
          (address) => async (request: { object: WireObject; dryRun: boolean }) =>
            fromWire(
              (await forwarder(deps, options.caller, (client) => client.Create)(address)(request)) as WireObjectOutput,
            ),
          { object: objectToWire(object), dryRun: options.dryRun === true },
        ),
      ),
    update: (object, options) =>
      typed(
        routeToLeader(
          deps,
          new Metadata(),
          () => core.update(object, options),
          (address) => async (request: { object: WireObject }) =>
            fromWire(
              (await forwarder(deps, options.caller, (client) => client.Update)(address)(request)) as WireObjectOutput,
            ),
          { object: objectToWire(object) },
        ),
      ),
    updateStatus: (object, options) =>
      typed(
        routeToLeader(
          deps,
          new Metadata(),
          () => core.updateStatus(object, options),
          (address) => async (request: { object: WireObject }) =>
            fromWire(
              (await forwarder(deps, options.caller, (client) => client.UpdateStatus)(address)(
                request,
              )) as WireObjectOutput,
            ),
          { object: objectToWire(object) },
        ),
      ),
    delete: (request, options) =>
      typed(
        routeToLeader(
          deps,
          new Metadata(),
          () => core.delete(request, options),
          (address) => async (wire: DeleteRequest__Output) => {
            const answer = (await forwarder(deps, options.caller, (client) => client.Delete)(address)(wire)) as {
              object?: WireObjectOutput | null;
              deleted: boolean;
            };
            const object = answer.object === null || answer.object === undefined ? null : fromWire(answer.object);
            return { object, deleted: answer.deleted };
          },
          {
            kind: request.kind,
            namespace: request.namespace,
            name: request.name,
            resourceVersion: request.resourceVersion ?? '',
            uid: request.uid ?? '',
            propagationPolicy: request.propagationPolicy ?? '',
            ...(request.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: request.gracePeriodSeconds }),
          } as DeleteRequest__Output,
        ),
      ),
  };
}
