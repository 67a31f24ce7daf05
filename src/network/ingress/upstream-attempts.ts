/**
 * For protocol upgrades (which stay on node:http, see proxy-upgrade.ts; plain
 * requests go through undici in proxy-forward.ts, which has the same rule).
 * Tries a backend's endpoints one after the other until a connection is made:
 * a failure before the socket connected (refused, unreachable, connect
 * timeout) cannot have delivered the request, so trying the next endpoint is
 * always safe. The failed endpoint is marked for passive health.
 */
import type { ClientRequest } from 'node:http';
import type { BackendTarget, RouteBackend } from './backend-resolve.js';
import { targetKey, type EndpointPicker } from './endpoint-picker.js';
import { errorMessage } from '../network-error.js';
import type { IngressLogger } from './ingress-proxy-options.js';

export interface AttemptContext {
  readonly picker: EndpointPicker;
  readonly now: () => number;
  readonly triesMax: number;
  readonly connectTimeoutMs: number;
  readonly logger: IngressLogger | undefined;
}

export interface AttemptHooks {
  /** Builds the request to one endpoint; the body must not be sent yet. */
  request(target: BackendTarget): ClientRequest;
  /** The socket is connected: send the body now. */
  connected(upstream: ClientRequest, target: BackendTarget): void;
  /** No endpoint could be connected to (or none was left to try). */
  exhausted(lastError: unknown): void;
  /**
   * The request failed after connecting. 'replay' asks for one more try (on
   * any endpoint, the same one included) when the hook knows that is safe.
   */
  failed(error: unknown, upstream: ClientRequest, target: BackendTarget): 'replay' | 'done';
}

export const connectTimeoutCode = 'ORCA_CONNECT_TIMEOUT';

export function runAttempts(context: AttemptContext, backend: RouteBackend, hooks: AttemptHooks): void {
  const tried = new Set<string>();
  let attempts = 0;
  const next = (lastError: unknown): void => {
    if (attempts >= context.triesMax) return hooks.exhausted(lastError);
    const target = context.picker.pick(backend.key, backend.targets, tried, context.now());
    if (target === undefined) return hooks.exhausted(lastError);
    attempts += 1;
    tried.add(targetKey(target));
    const upstream = hooks.request(target);
    let connected = false;
    let timer: NodeJS.Timeout | undefined;
    const onConnected = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      connected = true;
      hooks.connected(upstream, target);
    };
    upstream.once('socket', (socket) => {
      if (!socket.connecting) return onConnected();
      timer = setTimeout(
        () => upstream.destroy(connectTimeout(target, context.connectTimeoutMs)),
        context.connectTimeoutMs,
      );
      socket.once('connect', onConnected);
    });
    upstream.on('error', (error: unknown) => {
      if (timer !== undefined) clearTimeout(timer);
      if (!connected) {
        context.picker.markFailed(target, context.now());
        context.logger?.debug(
          { backend: backend.key, endpoint: targetKey(target), err: errorMessage(error) },
          'endpoint connection failed; trying the next',
        );
        return next(error);
      }
      if (hooks.failed(error, upstream, target) === 'replay') {
        tried.delete(targetKey(target));
        next(error);
      }
    });
  };
  next(undefined);
}

function connectTimeout(target: BackendTarget, timeoutMs: number): Error {
  return Object.assign(new Error(`connecting to ${targetKey(target)} took more than ${timeoutMs} ms`), {
    code: connectTimeoutCode,
  });
}
