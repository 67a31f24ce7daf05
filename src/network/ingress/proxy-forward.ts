/**
 * One proxied HTTP exchange: the request body streams to a connected backend
 * socket, the response streams back; nothing is buffered whole.
 */
import { request as httpRequest, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RouteBackend } from './backend-resolve.js';
import { systemErrorCode } from './ingress-error.js';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './proxy-headers.js';
import { runAttempts, type AttemptContext } from './upstream-attempts.js';

export interface ForwardContext extends AttemptContext {
  readonly backendTimeoutMs: number;
  agentFor(backend: RouteBackend): Agent;
}

export const backendTimeoutCode = 'ORCA_BACKEND_TIMEOUT';

const bodies: Record<number, string> = {
  308: '308 Permanent Redirect\n',
  404: '404 Not Found\n',
  502: '502 Bad Gateway\n',
  503: '503 Service Unavailable\n',
  504: '504 Gateway Timeout\n',
};

/** A small plain-text answer from the proxy itself. */
export function answer(response: ServerResponse, statusCode: number, extraHeaders: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = bodies[statusCode] ?? `${statusCode}\n`;
  response.writeHead(statusCode, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...extraHeaders });
  response.end(body);
}

/**
 * A request that can be sent again after a keep-alive socket turned out dead:
 * safe method, no body. Node reports that race as ECONNRESET on a reused socket.
 */
function replayable(request: IncomingMessage, bodyless: boolean): boolean {
  const method = request.method ?? 'GET';
  return (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') && bodyless;
}

/** Streams a backend response to the client with backpressure (a lighter pipe: no unpipe bookkeeping per exchange). */
function relay(upstreamResponse: IncomingMessage, response: ServerResponse): void {
  upstreamResponse.on('data', (chunk: Buffer) => {
    if (response.write(chunk)) return;
    upstreamResponse.pause();
    response.once('drain', () => upstreamResponse.resume());
  });
  upstreamResponse.once('end', () => response.end());
  upstreamResponse.once('error', () => response.destroy());
}

export interface Exchange {
  /** The client connection closed: call when `response` emits 'close'. */
  clientClosed(): void;
}

/**
 * Sends `request` to one of the backend's endpoints and streams the answer
 * back. The caller owns the response's 'close' event (one listener per
 * exchange) and forwards it through the returned Exchange.
 */
export function forwardRequest(context: ForwardContext, request: IncomingMessage, response: ServerResponse, backend: RouteBackend, proto: 'http' | 'https'): Exchange {
  const { headers, bodyless } = upstreamRequestHeaders(request, { proto, upgrade: false });
  const agent = context.agentFor(backend);
  let responded = false;
  let clientGone = false;
  let current: { destroy(): void } | undefined;
  runAttempts(context, backend, {
    request: (target) => {
      const upstream = httpRequest({ host: target.ip, port: target.port, method: request.method, path: request.url, headers, agent, setHost: false });
      current = upstream;
      upstream.once('response', (upstreamResponse) => {
        responded = true;
        context.picker.markHealthy(target);
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage, downstreamResponseHeaders(upstreamResponse));
        relay(upstreamResponse, response);
      });
      return upstream;
    },
    connected: (upstream) => {
      if (clientGone) return void upstream.destroy();
      upstream.setTimeout(context.backendTimeoutMs, () => upstream.destroy(Object.assign(new Error('backend timed out'), { code: backendTimeoutCode })));
      if (bodyless) upstream.end();
      else request.pipe(upstream);
    },
    exhausted: () => {
      if (!clientGone) answer(response, 502);
    },
    failed: (error, upstream) => {
      if (clientGone) return 'done';
      if (!responded && upstream.reusedSocket && systemErrorCode(error) === 'ECONNRESET' && replayable(request, bodyless)) return 'replay';
      if (responded) response.destroy();
      else answer(response, systemErrorCode(error) === backendTimeoutCode ? 504 : 502);
      return 'done';
    },
  });
  return {
    clientClosed: () => {
      clientGone = !response.writableFinished;
      if (clientGone) current?.destroy();
    },
  };
}
