/**
 * PodService (services.proto): `orca logs` and `orca exec` through any master.
 * The master reads the pod's spec.nodeName, the Node's worker endpoint
 * annotation, and relays the call to that worker's WorkerService (worker.proto):
 * chunks flow back as they come, a client's cancel cancels the worker call.
 * A client therefore needs to reach only a master.
 */
import { status, type ClientReadableStream, type ServerWritableStream, type ServiceError } from '@grpc/grpc-js';
import type { ExecOutput, ExecOutput__Output } from '../gen/orca/v1/ExecOutput.js';
import type { ExecRequest, ExecRequest__Output } from '../gen/orca/v1/ExecRequest.js';
import type { LogChunk, LogChunk__Output } from '../gen/orca/v1/LogChunk.js';
import type { LogsRequest, LogsRequest__Output } from '../gen/orca/v1/LogsRequest.js';
import type { UserInfo } from '../auth/index.js';
import type { PodServiceHandlers } from '../gen/orca/v1/PodService.js';
import type { WorkerServiceClient } from '../gen/orca/v1/WorkerService.js';
import {
  connected,
  fail,
  faultAsObjectError,
  mapWorkerError,
  ProxyFault,
  reachWorker,
  workerTarget,
  type PodProxyDeps,
  type PodRequest,
  type Target,
  type WorkerStubs,
} from './worker-target.js';

import {
  checkPodStream,
  openPodSession,
  podStreamHandler,
  type PodSession,
  type PodStreamSubresource,
} from './pod-session.js';
import type { PodStreamOpen } from '../gen/orca/v1/PodStreamOpen.js';

export type { PodSession, PodStreamSubresource } from './pod-session.js';
export { workerEndpointAnnotation, WorkerStubs, workerTarget, type PodProxyDeps } from './worker-target.js';

type Relayed<Response> = ClientReadableStream<Response>;

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
    Stream: podStreamHandler(deps, stubs),
  };
}

/**
 * Logs, exec and interactive sessions for the master's other adapters (the
 * REST API): each resolves once the call is authorized and the worker
 * connected — so an adapter can answer a refusal or an unknown pod before it
 * sends anything — to the stream of the worker's answers. Failures are
 * ObjectErrors; aborting `signal` cancels the worker call.
 */
export interface PodStreams {
  logs(caller: UserInfo, request: LogsRequest, signal: AbortSignal): Promise<AsyncIterable<LogChunk__Output>>;
  exec(caller: UserInfo, request: ExecRequest, signal: AbortSignal): Promise<AsyncIterable<ExecOutput__Output>>;
  /**
   * An interactive session (exec, attach, one port-forwarded connection),
   * authorized as `create pods/<exec|attach|portforward>`; resolves once the
   * worker runs it, so that every failure before that can be answered as the
   * request's status. Aborting `signal` ends it.
   */
  session(caller: UserInfo, open: PodStreamOpen, signal: AbortSignal): Promise<PodSession>;
  /** Authorizes a session's subresource and checks the pod's worker is reachable, opening nothing. */
  check(
    caller: UserInfo,
    request: { readonly namespace: string; readonly pod: string; readonly subresource: PodStreamSubresource },
  ): Promise<void>;
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
  const target = (
    caller: UserInfo,
    request: PodRequest,
    access: { verb: 'get' | 'create'; subresource: 'log' | 'exec' },
  ): Promise<{ target: Target; stub: WorkerServiceClient }> => reachWorker(deps, stubs, caller, request, access);
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
    session: (caller, open, signal) => openPodSession(deps, stubs, caller, open, signal),
    check: (caller, request) => checkPodStream(deps, stubs, caller, request),
  };
}

function toPodRequest(request: { namespace?: string; pod?: string }): PodRequest {
  return { namespace: request.namespace ?? '', pod: request.pod ?? '' };
}
