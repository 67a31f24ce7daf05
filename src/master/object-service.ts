/**
 * ObjectService: writes go through the leader (a follower forwards the call to
 * it once, with a deadline), reads are linearizable unless CONSISTENCY_STALE,
 * watches are served by any master from its own replica.
 */
import { status, type handleUnaryCall, type Metadata, type ServerUnaryCall, type ServerWritableStream, type ServiceError } from '@grpc/grpc-js';
import { kindInfo, objectFromWire, type OrcaObject } from '../api/index.js';
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
import { StateError, type Operation, type OperationResult, type StateMachine } from '../state/index.js';
import { parsePropagationPolicy, withPolicyFinalizer } from './delete-propagation.js';
import { toServiceError } from './grpc-status.js';
import { needsPodCidr, type PodCidrAllocator } from './pod-cidr.js';
import { withPodGracePeriod } from './pod-grace.js';
import { MasterError } from './master-error.js';
import { storedToWire } from './object-output.js';
import { listFilters, parseSelection } from './object-selection.js';
import type { ObjectWriter } from './object-writer.js';
import { awaitLeader, callUnary, forwardedMetadata, forwardedMetadataKey, type PeerClients, type UnaryMethod } from './peer-clients.js';
import type { ReadBarrier } from './read-barrier.js';
import type { SecretCipher } from './secret-cipher.js';
import { WatchStream } from './watch-stream.js';
import {
  objectKey, prepareCheck, prepareCreate, prepareDelete, prepareUpdate, prepareUpdateStatus, type WriteDecisions,
} from './write-preparation.js';

export interface ObjectServiceDeps {
  readonly node: RaftNode;
  readonly state: StateMachine;
  readonly writer: ObjectWriter;
  readonly reads: ReadBarrier;
  readonly peers: PeerClients;
  readonly cipher: SecretCipher;
  readonly forwardTimeoutMs: number;
  readonly leaderWaitMs: number;
  readonly bookmarkIntervalMs: number;
  readonly lastKnownLeader: () => string;
  /** Hands out spec.podCIDR to Nodes created without one. */
  readonly podCidrs?: PodCidrAllocator;
  /** Request metrics: method, status code name, seconds. */
  readonly observe?: (method: string, code: string, seconds: number) => void;
}

/** The live watch calls, so closing the master can end them. */
export type ActiveWatches = Set<ServerWritableStream<WatchRequest__Output, WatchEvent>>;

function requireObject(object: WireObjectOutput | null): OrcaObject {
  if (object === null) throw new MasterError('invalid-argument', 'object: required');
  return objectFromWire(object);
}

export function unaryHandler<Request, Response>(
  method: string, observe: ObjectServiceDeps['observe'], run: (call: ServerUnaryCall<Request, Response>) => Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const started = performance.now();
    const finish = (code: status): void => observe?.(method, status[code], (performance.now() - started) / 1000);
    run(call).then((response) => {
      finish(status.OK);
      callback(null, response);
    }, (error: unknown) => {
      const failure = toServiceError(error);
      finish(failure.code);
      callback(failure);
    });
  };
}

/**
 * Run a write here when this master leads; otherwise forward it to the leader
 * once. A request that was already forwarded is never forwarded again.
 */
export async function routeToLeader<Request, Response>(
  deps: Pick<ObjectServiceDeps, 'node' | 'leaderWaitMs' | 'forwardTimeoutMs' | 'lastKnownLeader'>,
  metadata: Metadata, local: () => Promise<Response>, forward: (address: string) => (request: Request) => Promise<Response>, request: Request,
): Promise<Response> {
  if (deps.node.state === 'leader') {
    try {
      return await local();
    } catch (error: unknown) {
      if (!isRaftError(error, 'not-leader')) throw error;
    }
  }
  const leader = await awaitLeader(deps.node, deps.leaderWaitMs, deps.lastKnownLeader);
  if (leader.id === deps.node.id) return local();
  if (metadata.get(forwardedMetadataKey).length > 0) {
    throw new MasterError('not-leader', `this master is not the leader; the leader is ${leader.id} at ${leader.address}`, leader.address);
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
  return failure.code === status.UNAVAILABLE && typeof failure.details === 'string' && failure.details.startsWith('No connection established');
}

/** A leader that cannot be reached is named in the error, so the client can tell what is down. */
function unreachableLeader(error: unknown, id: string, address: string): unknown {
  const failure = error as Partial<ServiceError>;
  if (failure.code !== status.UNAVAILABLE && failure.code !== status.DEADLINE_EXCEEDED) return error;
  if (typeof failure.details === 'string' && failure.details.includes('leader')) return error;
  // No leader hint: sending the client to an address that does not answer only delays it.
  return new MasterError('unavailable', `the leader ${id} at ${address} cannot be reached (no quorum?): ${failure.details ?? String(error)}`);
}

function forwarder<Request, Response>(deps: ObjectServiceDeps, pick: (client: ObjectServiceClient) => UnaryMethod<Request, Response>) {
  return (address: string) => (request: Request): Promise<Response> => {
    const client = deps.peers.objects(address);
    return callUnary(pick(client).bind(client), request, deps.forwardTimeoutMs, forwardedMetadata());
  };
}

function toOperation(operation: Operation__Output, decisions: WriteDecisions): Operation {
  switch (operation.op) {
    case 'create':
      return prepareCreate(requireObject(operation.create ?? null), decisions);
    case 'update':
      return prepareUpdate(requireObject(operation.update ?? null), decisions);
    case 'updateStatus':
      return prepareUpdateStatus(requireObject(operation.updateStatus ?? null));
    case 'delete':
      if (operation.delete === null || operation.delete === undefined) throw new MasterError('invalid-argument', 'delete: required');
      return prepareDelete(operation.delete);
    case 'check': {
      const check = operation.check;
      if (check === null || check === undefined || check.key === null) throw new MasterError('invalid-argument', 'check.key: required');
      return prepareCheck(objectKey(check.key.kind, check.key.namespace, check.key.name), check.resourceVersion);
    }
    default:
      throw new MasterError('invalid-argument', 'operation: one of create, update, updateStatus, delete, check is required');
  }
}

export function transactLocally(deps: Pick<ObjectServiceDeps, 'writer' | 'cipher'>, request: TransactRequest__Output, fenceTerm?: number): Promise<TransactResponse> {
  const decisions = deps.writer.decisions();
  const operations = request.operations.map((operation, position) => {
    try {
      return toOperation(operation, decisions);
    } catch (error: unknown) {
      if (error instanceof Error) error.message = `operations[${position}]: ${error.message}`;
      throw error;
    }
  });
  if (operations.length === 0) throw new MasterError('invalid-argument', 'operations: at least one is required');
  return deps.writer.transact(operations, decisions.now, fenceTerm === undefined ? {} : { fenceTerm }).then((result) => ({
    resourceVersion: String(result.revision),
    results: result.results.map((item) => ({ object: item.object === null || (item.deleted && item.op === 'delete') ? null : storedToWire(item.object, deps.cipher) })),
  }));
}

async function readable(deps: ObjectServiceDeps, consistency: string): Promise<void> {
  if (consistency !== 'CONSISTENCY_STALE') await deps.reads.linearizable();
}

async function get(deps: ObjectServiceDeps, request: GetRequest__Output): Promise<WireObject> {
  const key = objectKey(request.kind, request.namespace, request.name);
  await readable(deps, request.consistency);
  const object = deps.state.get(key.kind, key.namespace, key.name);
  if (object === undefined) throw new StateError('not-found', `${key.kind} ${key.namespace === '' ? '' : `${key.namespace}/`}${key.name} not found`);
  return storedToWire(object, deps.cipher);
}

async function list(deps: ObjectServiceDeps, request: ListRequest__Output): Promise<ObjectList> {
  const info = kindInfo(request.kind);
  if (info === undefined) throw new MasterError('invalid-argument', `kind: unknown kind "${request.kind}"`);
  const selection = parseSelection(request.labelSelector, request.fieldSelector);
  await readable(deps, request.consistency);
  const page = deps.state.list({
    kind: info.kind,
    namespace: info.namespaced && request.namespace !== '' ? request.namespace : undefined,
    ...listFilters(selection),
    limit: request.limit,
    continue: request.continue === '' ? undefined : request.continue,
  });
  return {
    metadata: { resourceVersion: page.resourceVersion, continue: page.continue ?? '' },
    items: page.items.map((item) => storedToWire(item, deps.cipher)),
  };
}

/**
 * A delete with Foreground or Orphan propagation first adds its finalizer, in
 * the same transaction and compare-and-swapped on the version read, so the
 * garbage collector sees the owner marked with the policy it was deleted with.
 */
async function deleteWithPolicy(deps: ObjectServiceDeps, request: DeleteRequest__Output, now: string): Promise<OperationResult> {
  const policy = parsePropagationPolicy(request.propagationPolicy);
  const operation = withPodGracePeriod(prepareDelete(request), deps.state, request.gracePeriodSeconds);
  const stored = policy === 'Background' ? undefined : deps.state.get(operation.key.kind, operation.key.namespace, operation.key.name);
  const marked = withPolicyFinalizer(stored, policy);
  if (stored === undefined || marked === undefined) return deps.writer.single(operation, now);
  const version = String((stored['metadata'] as { resourceVersion?: unknown }).resourceVersion ?? '');
  const expected = operation.expectedResourceVersion ?? version;
  // The update carries the precondition; after it the version is this entry's, so the delete itself checks only the uid.
  const { expectedResourceVersion: _checkedByUpdate, ...unconditional } = operation;
  const { results } = await deps.writer.transact([{ op: 'update', object: marked, expectedResourceVersion: expected }, unconditional], now);
  const result = results[1];
  if (result === undefined) throw new StateError('invalid', 'the state machine answered no result for the delete');
  return result;
}

function writeHandlers(deps: ObjectServiceDeps): Pick<ObjectServiceHandlers, 'Create' | 'Update' | 'UpdateStatus' | 'Delete' | 'Transact'> {
  const single = async (operation: Operation, now: string): Promise<WireObject> => {
    const result = await deps.writer.single(operation, now);
    if (result.object === null) throw new StateError('invalid', 'the state machine answered no object');
    return storedToWire(result.object, deps.cipher);
  };
  return {
    Create: unaryHandler<CreateRequest__Output, WireObject>('Create', deps.observe, (call) => routeToLeader(deps, call.metadata, async () => {
      const decisions = deps.writer.decisions();
      const operation = prepareCreate(requireObject(call.request.object), decisions);
      if (call.request.dryRun) return storedToWire(operation.object, deps.cipher);
      if (deps.podCidrs !== undefined && needsPodCidr(operation)) {
        const created = await deps.podCidrs.create(operation, decisions.now);
        if (created.object === null) throw new StateError('invalid', 'the state machine answered no object');
        return storedToWire(created.object, deps.cipher);
      }
      return single(operation, decisions.now);
    }, forwarder(deps, (client) => client.Create), call.request)),
    Update: unaryHandler<UpdateRequest__Output, WireObject>('Update', deps.observe, (call) => routeToLeader(deps, call.metadata, async () => {
      const decisions = deps.writer.decisions();
      return single(prepareUpdate(requireObject(call.request.object), decisions), decisions.now);
    }, forwarder(deps, (client) => client.Update), call.request)),
    UpdateStatus: unaryHandler<UpdateRequest__Output, WireObject>('UpdateStatus', deps.observe, (call) => routeToLeader(deps, call.metadata, async () => {
      const decisions = deps.writer.decisions();
      return single(prepareUpdateStatus(requireObject(call.request.object)), decisions.now);
    }, forwarder(deps, (client) => client.UpdateStatus), call.request)),
    Delete: unaryHandler<DeleteRequest__Output, DeleteResponse>('Delete', deps.observe, (call) => routeToLeader(deps, call.metadata, async () => {
      const decisions = deps.writer.decisions();
      const result = await deleteWithPolicy(deps, call.request, decisions.now);
      return { object: result.object === null ? null : storedToWire(result.object, deps.cipher), deleted: result.deleted };
    }, forwarder(deps, (client) => client.Delete), call.request)),
    Transact: unaryHandler<TransactRequest__Output, TransactResponse>('Transact', deps.observe, (call) => routeToLeader(
      deps, call.metadata, () => transactLocally(deps, call.request), forwarder(deps, (client) => client.Transact), call.request,
    )),
  };
}

export function objectServiceHandlers(deps: ObjectServiceDeps, watches: ActiveWatches): ObjectServiceHandlers {
  return {
    ...writeHandlers(deps),
    Get: unaryHandler<GetRequest__Output, WireObject>('Get', deps.observe, (call) => get(deps, call.request)),
    List: unaryHandler<ListRequest__Output, ObjectList>('List', deps.observe, (call) => list(deps, call.request)),
    Watch: (call) => {
      watches.add(call);
      const stream = new WatchStream({ state: deps.state, reads: deps.reads, cipher: deps.cipher, bookmarkIntervalMs: deps.bookmarkIntervalMs }, call);
      stream.run().then(() => call.end(), (error: unknown) => {
        if (!call.cancelled) call.emit('error', toServiceError(error));
      }).finally(() => {
        watches.delete(call);
        deps.observe?.('Watch', 'OK', 0);
      });
    },
  };
}
