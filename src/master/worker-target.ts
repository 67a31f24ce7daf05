/**
 * Finding a pod's worker and talking to it, shared by the PodService relays
 * (pod-proxy.ts: logs and exec; pod-session.ts: interactive sessions): the
 * pod's node, that node's WorkerService endpoint, one stub per endpoint, the
 * connection check that names a dead worker at once, and the statuses a
 * failure is answered with.
 */
import { connectivityState, credentials, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import type { UserInfo } from '../auth/index.js';
import type { WorkerServiceClient } from '../gen/orca/v1/WorkerService.js';
import { loadProtoPackage } from '../gen/loader.js';
import type { ProtoGrpcType } from '../gen/worker.js';
import type { StateMachine } from '../state/index.js';
import { toServiceError } from './grpc-status.js';
import type { Authenticator } from './authentication.js';
import type { ObjectCore } from './object-core.js';
import { ObjectError, toObjectError, type ObjectErrorCode } from './object-error.js';
import type { ReadBarrier } from './read-barrier.js';

/** The Node annotation a worker publishes its WorkerService address in (src/worker writes it). */
export const workerEndpointAnnotation = 'orca.dev/worker-endpoint';

export interface PodProxyDeps {
  readonly state: StateMachine;
  readonly reads: ReadBarrier;
  /** How long connecting to a worker may take before the call fails UNAVAILABLE. */
  readonly workerConnectTimeoutMs?: number;
  /** Who calls, and may they: logs are `get pods/log`, exec is `create pods/exec`, asked of the core. */
  readonly authenticator: Pick<Authenticator, 'authenticate'>;
  readonly core: Pick<ObjectCore, 'authorize'>;
}

const defaultWorkerChannelsMax = 256;
const defaultWorkerConnectTimeoutMs = 5_000;
const podNamePattern = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A failure with the status it is answered with. */
export class ProxyFault extends Error {
  constructor(
    readonly grpcCode: status,
    message: string,
  ) {
    super(message);
  }
}

export interface Target {
  readonly node: string;
  readonly endpoint: string;
}

export interface PodRequest {
  readonly namespace: string;
  readonly pod: string;
}

/** One WorkerService stub per worker endpoint, bounded, closed with the master. */
export class WorkerStubs {
  private readonly stubs = new Map<string, WorkerServiceClient>();
  private proto: ProtoGrpcType | undefined;

  /** `channelsMax`: worker channels kept open at most; the oldest is closed beyond it. */
  constructor(
    private readonly channelsMax: number = defaultWorkerChannelsMax,
    /** The master's TLS identity as a client of workers (insecure when absent). */
    private readonly channelCredentials: () => ChannelCredentials = () => credentials.createInsecure(),
  ) {}

  for(endpoint: string): WorkerServiceClient {
    const existing = this.stubs.get(endpoint);
    if (existing !== undefined) return existing;
    this.proto ??= loadProtoPackage('orca/v1/worker.proto') as unknown as ProtoGrpcType;
    if (this.stubs.size >= this.channelsMax) {
      const [oldest] = this.stubs.keys();
      if (oldest !== undefined) this.drop(oldest);
    }
    const stub = new this.proto.orca.v1.WorkerService(endpoint, this.channelCredentials(), {
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2_000,
    });
    this.stubs.set(endpoint, stub);
    return stub;
  }

  close(): void {
    for (const endpoint of [...this.stubs.keys()]) this.drop(endpoint);
  }

  private drop(endpoint: string): void {
    this.stubs.get(endpoint)?.close();
    this.stubs.delete(endpoint);
  }
}

function text(object: unknown, ...path: string[]): string {
  let value: unknown = object;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Where the pod runs: its node and that node's worker endpoint, or the status that says why not. */
export function workerTarget(state: StateMachine, request: PodRequest): Target {
  if (request.pod === '') throw new ProxyFault(status.INVALID_ARGUMENT, 'pod: required');
  if (!podNamePattern.test(request.pod))
    throw new ProxyFault(status.INVALID_ARGUMENT, `pod: "${request.pod}" is not a valid pod name`);
  const namespace = request.namespace === '' ? 'default' : request.namespace;
  const pod = state.get('Pod', namespace, request.pod);
  if (pod === undefined) throw new ProxyFault(status.NOT_FOUND, `pod "${namespace}/${request.pod}" not found`);
  const node = text(pod, 'spec', 'nodeName');
  if (node === '')
    throw new ProxyFault(status.FAILED_PRECONDITION, `pod "${namespace}/${request.pod}" is not bound to a node yet`);
  const nodeObject = state.get('Node', '', node);
  if (nodeObject === undefined)
    throw new ProxyFault(status.UNAVAILABLE, `node "${node}" of pod "${namespace}/${request.pod}" is not registered`);
  const endpoint = text(nodeObject, 'metadata', 'annotations', workerEndpointAnnotation);
  if (endpoint === '')
    throw new ProxyFault(
      status.UNAVAILABLE,
      `node "${node}" publishes no worker endpoint (annotation ${workerEndpointAnnotation})`,
    );
  return { node, endpoint };
}

/** The worker's own answers pass unchanged; a worker that cannot be reached is named. */
export function mapWorkerError(error: ServiceError, target: Target): ProxyFault {
  if (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) {
    return new ProxyFault(
      status.UNAVAILABLE,
      `the worker of node "${target.node}" at ${target.endpoint} cannot be reached: ${error.details}`,
    );
  }
  return new ProxyFault(error.code, error.details);
}

/** Ends a server call with the failure's status (unless the caller has gone). */
export function fail(
  call: { readonly cancelled: boolean; emit(event: 'error', error: unknown): boolean },
  error: unknown,
): void {
  if (call.cancelled) return;
  const failure =
    error instanceof ProxyFault ? { code: error.grpcCode, details: error.message } : toServiceError(error);
  call.emit('error', { ...failure, message: failure.details });
}

function deadline(deps: PodProxyDeps): Date {
  return new Date(Date.now() + (deps.workerConnectTimeoutMs ?? defaultWorkerConnectTimeoutMs));
}

/**
 * Fails UNAVAILABLE (naming the node) as soon as a connection attempt to the
 * worker fails, or when none succeeds in time: a dead worker is told at once.
 */
export function connected(stub: WorkerServiceClient, deps: PodProxyDeps, target: Target): Promise<void> {
  const channel = stub.getChannel();
  const until = deadline(deps);
  const unreachable = (why: string): ProxyFault =>
    new ProxyFault(
      status.UNAVAILABLE,
      `the worker of node "${target.node}" at ${target.endpoint} cannot be reached: ${why}`,
    );
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state === connectivityState.READY) return resolve();
      if (state === connectivityState.TRANSIENT_FAILURE || state === connectivityState.SHUTDOWN)
        return reject(unreachable('connection failed'));
      channel.watchConnectivityState(state, until, (error) => {
        if (error !== undefined)
          reject(
            unreachable(`no connection within ${deps.workerConnectTimeoutMs ?? defaultWorkerConnectTimeoutMs} ms`),
          );
        else check();
      });
    };
    check();
  });
}

const faultCodes: Partial<Record<status, ObjectErrorCode>> = {
  [status.INVALID_ARGUMENT]: 'invalid',
  [status.NOT_FOUND]: 'not-found',
  [status.FAILED_PRECONDITION]: 'failed-precondition',
  [status.UNAVAILABLE]: 'unavailable',
  [status.PERMISSION_DENIED]: 'forbidden',
  [status.DEADLINE_EXCEEDED]: 'unavailable',
  [status.RESOURCE_EXHAUSTED]: 'too-large',
};

export function faultAsObjectError(error: unknown): ObjectError {
  if (error instanceof ProxyFault) return new ObjectError(faultCodes[error.grpcCode] ?? 'internal', error.message);
  return toObjectError(error);
}

/**
 * Authorizes `caller` for the pod's subresource (in the core), waits for a
 * linearizable read, finds the pod's worker and connects to it.
 */
export async function reachWorker(
  deps: PodProxyDeps,
  stubs: WorkerStubs,
  caller: UserInfo,
  request: PodRequest,
  access: { verb: 'get' | 'create'; subresource: string },
): Promise<{ target: Target; stub: WorkerServiceClient }> {
  await deps.core.authorize({
    user: caller,
    ...access,
    kind: 'Pod',
    namespace: request.namespace === '' ? 'default' : request.namespace,
    name: request.pod,
    dryRun: false,
  });
  await deps.reads.linearizable();
  const found = workerTarget(deps.state, request);
  const stub = stubs.for(found.endpoint);
  await connected(stub, deps, found);
  return { target: found, stub };
}
