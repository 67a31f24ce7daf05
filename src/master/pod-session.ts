/**
 * Interactive pod sessions through any master: PodService.Stream (gRPC) and
 * the in-process PodSession the REST adapter uses both open a
 * WorkerService.Stream on the pod's worker and relay frames both ways. The
 * caller is authorized in the core before anything reaches the worker: an
 * exec is `create pods/exec`, an attach `create pods/attach`, a port-forward
 * `create pods/portforward`. Backpressure holds end to end (a side that cannot
 * write pauses the side it reads from) and a cancel on either side ends both.
 */
import { status, type ClientDuplexStream, type ServerDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { UserInfo } from '../auth/index.js';
import type { PodStreamFrame, PodStreamFrame__Output } from '../gen/orca/v1/PodStreamFrame.js';
import type { PodStreamKind } from '../gen/orca/v1/PodStreamKind.js';
import type { PodStreamOpen, PodStreamOpen__Output } from '../gen/orca/v1/PodStreamOpen.js';
import {
  fail,
  faultAsObjectError,
  mapWorkerError,
  ProxyFault,
  reachWorker,
  type PodProxyDeps,
  type Target,
  type WorkerStubs,
} from './worker-target.js';

export type PodStreamSubresource = 'exec' | 'attach' | 'portforward';

type WorkerCall = ClientDuplexStream<PodStreamFrame, PodStreamFrame__Output>;
type CallerCall = ServerDuplexStream<PodStreamFrame__Output, PodStreamFrame>;

/** How long a caller may take to send its open frame. */
const openTimeoutMs = 30_000;

const subresources: Readonly<Record<string, PodStreamSubresource>> = {
  POD_STREAM_KIND_EXEC: 'exec',
  POD_STREAM_KIND_ATTACH: 'attach',
  POD_STREAM_KIND_PORT_FORWARD: 'portforward',
  1: 'exec',
  2: 'attach',
  3: 'portforward',
};

/** The subresource a session's kind is authorized as. */
export function subresourceOf(kind: PodStreamKind | undefined): PodStreamSubresource {
  const subresource = kind === undefined ? undefined : subresources[String(kind)];
  if (subresource === undefined)
    throw new ProxyFault(status.INVALID_ARGUMENT, 'kind: required (exec, attach or port-forward)');
  return subresource;
}

/** A running session as an in-process adapter holds it. Failures are ObjectErrors. */
export interface PodSession {
  /** The worker's frames after `started`: data on stdout/stderr, then `exit` as the last. */
  readonly frames: AsyncIterable<PodStreamFrame__Output>;
  /** A frame for the worker (stdin data, resize, close); false: wait for `drained()` before the next. */
  send(frame: PodStreamFrame): boolean;
  drained(): Promise<void>;
  /** Ends the session (the worker kills the process or closes the connection). */
  cancel(): void;
}

/** Resolves once the worker has started the session: its first frame is `started`. */
async function started(upstream: WorkerCall, target: Target): Promise<AsyncIterator<PodStreamFrame__Output>> {
  const iterator = (upstream as AsyncIterable<PodStreamFrame__Output>)[Symbol.asyncIterator]();
  let first: IteratorResult<PodStreamFrame__Output>;
  try {
    first = await iterator.next();
  } catch (error: unknown) {
    throw workerFailure(error, target);
  }
  if (first.done === true) throw new ProxyFault(status.INTERNAL, 'the worker ended the session before starting it');
  if (first.value.started === null || first.value.started === undefined)
    throw new ProxyFault(status.INTERNAL, `the worker answered ${first.value.frame ?? 'nothing'} before starting`);
  return iterator;
}

function workerFailure(error: unknown, target: Target): unknown {
  const service = error as Partial<ServiceError>;
  return typeof service.code === 'number' ? mapWorkerError(service as ServiceError, target) : error;
}

/**
 * Opens a session for `caller` (authorized as the kind's subresource) and
 * resolves once the worker runs it; aborting `signal` ends it.
 */
export async function openPodSession(
  deps: PodProxyDeps,
  stubs: WorkerStubs,
  caller: UserInfo,
  open: PodStreamOpen,
  signal: AbortSignal,
): Promise<PodSession> {
  let upstream: WorkerCall | undefined;
  const cancel = (): void => upstream?.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const subresource = subresourceOf(open.kind);
    const request = { namespace: open.namespace ?? '', pod: open.pod ?? '' };
    const { target, stub } = await reachWorker(deps, stubs, caller, request, { verb: 'create', subresource });
    if (signal.aborted) throw new ProxyFault(status.CANCELLED, 'the session was cancelled before it started');
    const call = stub.Stream();
    upstream = call;
    call.write({ open });
    const iterator = await started(call, target);
    return sessionOf(call, iterator, target, signal, cancel);
  } catch (error: unknown) {
    signal.removeEventListener('abort', cancel);
    upstream?.cancel();
    throw faultAsObjectError(error);
  }
}

function sessionOf(
  upstream: WorkerCall,
  iterator: AsyncIterator<PodStreamFrame__Output>,
  target: Target,
  signal: AbortSignal,
  cancel: () => void,
): PodSession {
  let ended = false;
  const finish = (): void => {
    ended = true;
    signal.removeEventListener('abort', cancel);
  };
  upstream.once('close', finish);
  upstream.once('error', finish);
  return {
    frames: {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const next = await iterator.next();
            if (next.done === true) finish();
            return next;
          } catch (error: unknown) {
            finish();
            if (signal.aborted) return { done: true, value: undefined };
            throw faultAsObjectError(workerFailure(error, target));
          }
        },
        return: async () => {
          upstream.cancel();
          finish();
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      }),
    },
    send: (frame) => (ended || upstream.writableEnded ? true : upstream.write(frame)),
    drained: () =>
      ended || !upstream.writableNeedDrain
        ? Promise.resolve()
        : new Promise((resolve) => {
            const done = (): void => {
              upstream.removeListener('drain', done);
              upstream.removeListener('close', done);
              resolve();
            };
            upstream.once('drain', done);
            upstream.once('close', done);
          }),
    cancel: () => {
      upstream.cancel();
      finish();
    },
  };
}

/** The caller's first frame, which must open the session; undefined when the caller left first. */
function openFrame(call: CallerCall): Promise<PodStreamOpen__Output | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => settle(() => reject(new ProxyFault(status.DEADLINE_EXCEEDED, `no open frame within ${openTimeoutMs} ms`))),
      openTimeoutMs,
    );
    const onData = (frame: PodStreamFrame__Output): void => {
      // Paused at once: the relay takes the following frames.
      call.pause();
      settle(() => {
        if (frame.open === null || frame.open === undefined)
          reject(new ProxyFault(status.INVALID_ARGUMENT, 'open: the first frame must open the session'));
        else resolve(frame.open);
      });
    };
    const onGone = (): void => settle(() => resolve(undefined));
    const settle = (action: () => void): void => {
      clearTimeout(timer);
      call.removeListener('data', onData);
      call.removeListener('end', onGone);
      call.removeListener('cancelled', onGone);
      action();
    };
    call.on('data', onData);
    call.once('end', onGone);
    call.once('cancelled', onGone);
  });
}

/**
 * Relays frames both ways: each side pauses while the other cannot take more;
 * the worker's end ends the caller's call, its failure is the call's status,
 * the caller's cancel cancels the worker's call.
 */
function relayBoth(call: CallerCall, upstream: WorkerCall, target: Target): Promise<void> {
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
    call.on('data', (frame: PodStreamFrame__Output) => {
      if (done || upstream.writableEnded) return;
      if (!upstream.write(frame)) {
        call.pause();
        upstream.once('drain', () => call.resume());
      }
    });
    call.on('end', () => {
      if (!done && !upstream.writableEnded) upstream.end();
    });
    upstream.on('data', (frame: PodStreamFrame__Output) => {
      if (done) return;
      if (!call.write(frame)) {
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
    call.resume();
  });
}

/** PodService.Stream: authenticate, authorize by the open frame's kind, relay to the pod's worker. */
export function podStreamHandler(deps: PodProxyDeps, stubs: WorkerStubs): (call: CallerCall) => void {
  return (call) => {
    void (async () => {
      const open = await openFrame(call);
      if (open === undefined) return;
      const subresource = subresourceOf(open.kind);
      const user = await deps.authenticator.authenticate(call);
      const request = { namespace: open.namespace, pod: open.pod };
      const { target, stub } = await reachWorker(deps, stubs, user, request, { verb: 'create', subresource });
      if (call.cancelled) return;
      const upstream = stub.Stream();
      upstream.write({ open });
      await relayBoth(call, upstream, target);
    })().catch((error: unknown) => fail(call, error));
  };
}

/**
 * Authorizes `caller` for the pod's subresource and checks that the pod's
 * worker can be reached, opening nothing: what a port-forward asks before its
 * connection is upgraded (its sessions open later, one per connection).
 */
export async function checkPodStream(
  deps: PodProxyDeps,
  stubs: WorkerStubs,
  caller: UserInfo,
  request: { readonly namespace: string; readonly pod: string; readonly subresource: PodStreamSubresource },
): Promise<void> {
  try {
    await reachWorker(deps, stubs, caller, request, { verb: 'create', subresource: request.subresource });
  } catch (error: unknown) {
    throw faultAsObjectError(error);
  }
}
