/**
 * PodService (services.proto): `orca logs` and `orca exec` through any master.
 * The master reads the pod's spec.nodeName, the Node's worker endpoint
 * annotation, and relays the call to that worker's WorkerService (worker.proto):
 * chunks flow back as they come, a client's cancel cancels the worker call.
 * A client therefore needs to reach only a master.
 */
import {
  connectivityState,
  credentials,
  status,
  type ChannelCredentials,
  type ClientReadableStream,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import type { ExecOutput, ExecOutput__Output } from '../gen/orca/v1/ExecOutput.js';
import type { ExecRequest, ExecRequest__Output } from '../gen/orca/v1/ExecRequest.js';
import type { LogChunk, LogChunk__Output } from '../gen/orca/v1/LogChunk.js';
import type { LogsRequest, LogsRequest__Output } from '../gen/orca/v1/LogsRequest.js';
import type { UserInfo } from '../auth/index.js';
import type { PodServiceHandlers } from '../gen/orca/v1/PodService.js';
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
class ProxyFault extends Error {
  constructor(
    readonly grpcCode: status,
    message: string,
  ) {
    super(message);
  }
}

interface Target {
  readonly node: string;
  readonly endpoint: string;
}

interface PodRequest {
  readonly namespace: string;
  readonly pod: string;
}

type Relayed<Response> = ClientReadableStream<Response>;

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
function mapWorkerError(error: ServiceError, target: Target): ProxyFault {
  if (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) {
    return new ProxyFault(
      status.UNAVAILABLE,
      `the worker of node "${target.node}" at ${target.endpoint} cannot be reached: ${error.details}`,
    );
  }
  return new ProxyFault(error.code, error.details);
}

function fail(call: ServerWritableStream<unknown, unknown>, error: unknown): void {
  if (call.cancelled) return;
  const failure =
    error instanceof ProxyFault ? { code: error.grpcCode, details: error.message } : toServiceError(error);
  call.emit('error', { ...failure, message: failure.details });
}

/**
 * Relays the worker's stream to the caller with backpressure (the worker's
 * stream pauses while the caller's buffer is full) and cancellation both ways.
 */
function relay<Request, Response>(
  call: ServerWritableStream<Request, Response>,
  upstream: Relayed<Response>,
  target: Target,
): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      done = true;
      resolve();
    };
    call.on('cancelled', () => {
      if (!done) upstream.cancel();
      finish();
    });
    upstream.on('data', (message: Response) => {
      if (!call.write(message)) {
        upstream.pause();
        call.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => {
      if (!done) call.end();
      finish();
    });
    upstream.on('error', (error: ServiceError) => {
      if (!done && error.code !== status.CANCELLED) fail(call, mapWorkerError(error, target));
      finish();
    });
  });
}

async function prepare(
  deps: PodProxyDeps,
  call: ServerWritableStream<PodRequest, unknown>,
  access: { verb: 'get' | 'create'; subresource: 'log' | 'exec' },
): Promise<Target> {
  const request = call.request;
  const user = await deps.authenticator.authenticate(call);
  await deps.core.authorize({
    user,
    ...access,
    kind: 'Pod',
    namespace: request.namespace === '' ? 'default' : request.namespace,
    name: request.pod,
    dryRun: false,
  });
  await deps.reads.linearizable();
  return workerTarget(deps.state, request);
}

function deadline(deps: PodProxyDeps): Date {
  return new Date(Date.now() + (deps.workerConnectTimeoutMs ?? defaultWorkerConnectTimeoutMs));
}

/**
 * Fails UNAVAILABLE (naming the node) as soon as a connection attempt to the
 * worker fails, or when none succeeds in time: a dead worker is told at once.
 */
function connected(stub: WorkerServiceClient, deps: PodProxyDeps, target: Target): Promise<void> {
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

export function podServiceHandlers(deps: PodProxyDeps, stubs: WorkerStubs): PodServiceHandlers {
  return {
    Logs: (call: ServerWritableStream<LogsRequest__Output, LogChunk>) => {
      void (async () => {
        const target = await prepare(deps, call, { verb: 'get', subresource: 'log' });
        const stub = stubs.for(target.endpoint);
        await connected(stub, deps, target);
        if (call.cancelled) return;
        await relay(call, stub.Logs(call.request), target);
      })().catch((error: unknown) => fail(call, error));
    },
    Exec: (call: ServerWritableStream<ExecRequest__Output, ExecOutput>) => {
      void (async () => {
        if (call.request.command.length === 0) throw new ProxyFault(status.INVALID_ARGUMENT, 'command: required');
        const target = await prepare(deps, call, { verb: 'create', subresource: 'exec' });
        const stub = stubs.for(target.endpoint);
        await connected(stub, deps, target);
        if (call.cancelled) return;
        await relay(call, stub.Exec(call.request), target);
      })().catch((error: unknown) => fail(call, error));
    },
  };
}

/**
 * Logs and exec for the master's other adapters (the REST API): each resolves
 * once the call is authorized and the worker connected — so an adapter can
 * answer a refusal or an unknown pod before it sends anything — to the stream
 * of the worker's answers. Failures are ObjectErrors; aborting `signal` cancels
 * the worker call.
 */
export interface PodStreams {
  logs(caller: UserInfo, request: LogsRequest, signal: AbortSignal): Promise<AsyncIterable<LogChunk__Output>>;
  exec(caller: UserInfo, request: ExecRequest, signal: AbortSignal): Promise<AsyncIterable<ExecOutput__Output>>;
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

function faultAsObjectError(error: unknown): ObjectError {
  if (error instanceof ProxyFault) return new ObjectError(faultCodes[error.grpcCode] ?? 'internal', error.message);
  return toObjectError(error);
}

async function openRelay<Response>(
  open: () => Promise<{ upstream: Relayed<Response>; target: Target }>,
  signal: AbortSignal,
): Promise<AsyncIterable<Response>> {
  let opened: { upstream: Relayed<Response>; target: Target };
  try {
    opened = await open();
  } catch (error: unknown) {
    throw faultAsObjectError(error);
  }
  return relayedMessages(opened.upstream, opened.target, signal);
}

async function* relayedMessages<Response>(
  upstream: Relayed<Response>,
  target: Target,
  signal: AbortSignal,
): AsyncIterable<Response> {
  const cancel = (): void => upstream.cancel();
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for await (const message of upstream as AsyncIterable<Response>) yield message;
  } catch (error: unknown) {
    if (signal.aborted) return;
    const service = error as ServiceError;
    if (typeof service.code === 'number') throw faultAsObjectError(mapWorkerError(service, target));
    throw faultAsObjectError(error);
  } finally {
    signal.removeEventListener('abort', cancel);
    upstream.cancel();
  }
}

export function podStreams(deps: PodProxyDeps, stubs: WorkerStubs): PodStreams {
  const target = async (
    caller: UserInfo,
    request: PodRequest,
    access: { verb: 'get' | 'create'; subresource: 'log' | 'exec' },
  ): Promise<{ target: Target; stub: WorkerServiceClient }> => {
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
  };
  return {
    logs: (caller, request, signal) =>
      openRelay(async () => {
        const { target: found, stub } = await target(caller, toPodRequest(request), {
          verb: 'get',
          subresource: 'log',
        });
        return { upstream: stub.Logs(request), target: found };
      }, signal),
    exec: (caller, request, signal) =>
      openRelay(async () => {
        if ((request.command ?? []).length === 0) throw new ProxyFault(status.INVALID_ARGUMENT, 'command: required');
        const { target: found, stub } = await target(caller, toPodRequest(request), {
          verb: 'create',
          subresource: 'exec',
        });
        return { upstream: stub.Exec(request), target: found };
      }, signal),
  };
}

function toPodRequest(request: { namespace?: string; pod?: string }): PodRequest {
  return { namespace: request.namespace ?? '', pod: request.pod ?? '' };
}
