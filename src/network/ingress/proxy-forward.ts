/**
 * One proxied HTTP exchange over an undici Pool of the chosen endpoint: the
 * request body streams to the backend (undici pauses the client request when
 * the backend socket is full), the response streams back (the parser pauses
 * while the client socket is full). Nothing is buffered whole.
 *
 * The exchange is its own undici dispatch handler: one object per request,
 * reused across attempts, so the hot path allocates no closures per chunk or
 * per attempt. undici calls `onConnect` right before it writes the request on
 * a connected socket, so an error before `onConnect` means nothing was sent
 * and the next endpoint may be tried.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher, Pool } from 'undici';
import type { BackendTarget, RouteBackend } from './backend-resolve.js';
import { targetKey, type EndpointPicker } from './endpoint-picker.js';
import { errorMessage, systemErrorCode } from '../network-error.js';
import type { IngressLogger } from './ingress-proxy-options.js';
import { downstreamRawHeaders, upstreamRequestHeaders } from './proxy-headers.js';

export interface ForwardContext {
  readonly picker: EndpointPicker;
  readonly now: () => number;
  readonly triesMax: number;
  readonly logger: IngressLogger | undefined;
  /** The pool of an endpoint; undefined when the endpoint left the table or the proxy stopped. */
  poolFor(target: BackendTarget): Pool | undefined;
}

const bodies: Record<number, string> = {
  308: '308 Permanent Redirect\n',
  400: '400 Bad Request\n',
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
  response.writeHead(statusCode, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  });
  response.end(body);
}

export interface Exchange {
  /** The client connection closed: call when `response` emits 'close'. */
  clientClosed(): void;
}

/** Errors of the request itself (undici refused to send it): no endpoint is to blame. */
const refusedCodes = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);
/** The pool was closed under the request (its endpoint left the table): try another, blame nobody. */
const closedCodes = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
/** A keep-alive connection that died under a request already written. */
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const noneTried: ReadonlySet<string> = new Set();

/**
 * A request that can be sent again after its connection died before any
 * answer: safe method, no body (nothing of the client was consumed).
 */
function replayable(method: string, bodyless: boolean): boolean {
  return bodyless && (method === 'GET' || method === 'HEAD' || method === 'OPTIONS');
}

class ForwardExchange implements Dispatcher.DispatchHandlers, Exchange {
  private readonly options: Dispatcher.DispatchOptions;
  private readonly bodyless: boolean;
  private tried: Set<string> | undefined;
  private attempts = 0;
  private replayed = false;
  private target: BackendTarget | undefined;
  private abort: ((error?: Error) => void) | undefined;
  private resume: (() => void) | undefined;
  private connected = false;
  private responded = false;
  private drainHooked = false;
  private clientGone = false;

  constructor(
    private readonly context: ForwardContext,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly backend: RouteBackend,
    proto: 'http' | 'https',
  ) {
    const { headers, bodyless } = upstreamRequestHeaders(request, { proto, upgrade: false });
    this.bodyless = bodyless;
    this.options = {
      path: request.url ?? '/',
      method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body: bodyless ? null : request,
    };
  }

  /** Dispatches to the next untried endpoint, or answers 502 when none is left. */
  next(): void {
    const { context, backend } = this;
    const target =
      this.attempts < context.triesMax
        ? context.picker.pick(backend.key, backend.targets, this.tried ?? noneTried, context.now())
        : undefined;
    if (target === undefined) return answer(this.response, 502);
    this.attempts += 1;
    (this.tried ??= new Set()).add(targetKey(target));
    this.target = target;
    this.connected = false;
    const pool = context.poolFor(target);
    if (pool === undefined) return this.next();
    pool.dispatch(this.options, this);
  }

  clientClosed(): void {
    this.clientGone = !this.response.writableFinished;
    if (this.clientGone) this.abort?.();
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.clientGone) return abort();
    this.abort = abort;
    this.connected = true;
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx (103 Early Hints): the final answer follows
    this.responded = true;
    this.resume = resume;
    if (this.target !== undefined) this.context.picker.markHealthy(this.target);
    const raw = downstreamRawHeaders(headers);
    if (statusText === '') this.response.writeHead(statusCode, raw);
    else this.response.writeHead(statusCode, statusText, raw);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.response.write(chunk)) return true;
    // the parser pauses until the client socket drains; one listener per exchange, not per chunk
    if (!this.drainHooked && this.resume !== undefined) {
      this.drainHooked = true;
      this.response.on('drain', this.resume);
    }
    return false;
  }

  onComplete(): void {
    this.abort = undefined;
    this.response.end();
  }

  onError(error: Error): void {
    this.abort = undefined;
    // the client went away (or its request body broke): nobody to answer, nothing to retry
    if (this.clientGone || this.request.readableAborted) return void this.response.destroy();
    const code = systemErrorCode(error);
    if (refusedCodes.has(code)) return answer(this.response, 400);
    if (!this.connected) return this.connectFailed(error, code);
    if (!this.responded && !this.replayed && resetCodes.has(code) && replayable(this.options.method, this.bodyless)) {
      this.replayed = true;
      if (this.target !== undefined) this.tried?.delete(targetKey(this.target));
      return this.next();
    }
    if (this.responded) return void this.response.destroy();
    answer(this.response, timeoutCodes.has(code) ? 504 : 502);
  }

  /** Nothing was sent: mark the endpoint (unless its pool was merely closed) and try the next. */
  private connectFailed(error: Error, code: string): void {
    const target = this.target;
    if (target !== undefined && !closedCodes.has(code)) {
      this.context.picker.markFailed(target, this.context.now());
      this.context.logger?.debug(
        { backend: this.backend.key, endpoint: targetKey(target), err: errorMessage(error) },
        'endpoint connection failed; trying the next',
      );
    }
    this.next();
  }
}

/**
 * Sends `request` to one of the backend's endpoints and streams the answer
 * back. The caller owns the response's 'close' event (one listener per
 * exchange) and forwards it through the returned Exchange.
 */
export function forwardRequest(
  context: ForwardContext,
  request: IncomingMessage,
  response: ServerResponse,
  backend: RouteBackend,
  proto: 'http' | 'https',
): Exchange {
  const exchange = new ForwardExchange(context, request, response, backend, proto);
  exchange.next();
  return exchange;
}
