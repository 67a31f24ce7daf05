/**
 * The master's HTTP port: `/healthz` and `/livez` (liveness), `/readyz`
 * (readiness) and `/metrics` (Prometheus text); every other path goes to the
 * HttpExtensions (the Kubernetes REST API, the dashboard). node:http, or node:https with the master's
 * certificate when it runs with security (the certificate swapped in place when
 * it renews; `/metrics` then needs a client certificate of the cluster, the
 * probes stay open as Kubernetes' are). Read-only, GET and HEAD only; every
 * request is bounded in time, header size and connection count, and `close()`
 * ends keep-alive connections too, so a stopping master never hangs on a scraper.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { TlsIdentity } from '../client/index.js';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { MasterMetrics } from './metrics.js';
import { MasterTypedError } from './master-error.js';
import type { HttpExtension } from './http-extension.js';

/** One health probe's answer; `detail` is shown to the operator when not ok. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests); read the chosen one from the returned address. */
  readonly port: number;
  /** Is the process alive and not wedged? Failing it asks a supervisor to restart the master. */
  readonly liveness: () => ProbeResult;
  /** Should clients and load balancers send traffic here? See `raftReadiness`. */
  readonly readiness: () => ProbeResult;
  readonly metrics: MasterMetrics;
  /** Whole-request deadline, headers included. */
  readonly requestTimeoutMs: number;
  /** Concurrent connections; more are refused by the kernel backlog / closed. */
  readonly connectionsMax: number;
  /** Serve HTTPS with this identity (and ask for client certificates of its CA). */
  readonly tls?: TlsIdentity;
  /** Adapters that answer every other path (the Kubernetes REST API, the dashboard), asked in order. */
  readonly extensions?: readonly HttpExtension[];
}

export const defaultHttpServerOptions = { requestTimeoutMs: 5_000, connectionsMax: 256 } as const;

export interface HttpServerHandle {
  readonly address: { readonly host: string; readonly port: number };
  /** Stop listening and end every open connection. Idempotent. */
  close(): Promise<void>;
}

export class HttpServerError extends MasterTypedError<'invalid-options' | 'listen-failed'> {
  override readonly name = 'HttpServerError';
  constructor(code: 'invalid-options' | 'listen-failed', message: string) {
    super(code, message);
  }
}

const requestTimeoutMsMax = 60_000;
const connectionsMaxLimit = 65_536;
const headerBytesMax = 16 * 1024;

export function validateHttpServerOptions(options: HttpServerOptions): void {
  const fail = (field: string, rule: string): never => {
    throw new HttpServerError('invalid-options', `${field}: ${rule}`);
  };
  if (typeof options.host !== 'string' || options.host === '') fail('host', 'required');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)
    fail('port', `must be an integer from 0 to 65535, got ${options.port}`);
  if (typeof options.liveness !== 'function') fail('liveness', 'must be a function');
  if (typeof options.readiness !== 'function') fail('readiness', 'must be a function');
  if (typeof options.metrics?.render !== 'function') fail('metrics', 'must be a MasterMetrics');
  if (
    !Number.isInteger(options.requestTimeoutMs) ||
    options.requestTimeoutMs < 1 ||
    options.requestTimeoutMs > requestTimeoutMsMax
  ) {
    fail('requestTimeoutMs', `must be an integer from 1 to ${requestTimeoutMsMax}`);
  }
  if (
    !Number.isInteger(options.connectionsMax) ||
    options.connectionsMax < 1 ||
    options.connectionsMax > connectionsMaxLimit
  ) {
    fail('connectionsMax', `must be an integer from 1 to ${connectionsMaxLimit}`);
  }
}

/** What the master knows of Raft, for `raftReadiness`. */
export interface RaftProgress {
  /** The leader this replica follows (or is); undefined while there is none. */
  readonly leader: string | undefined;
  readonly commitIndex: number;
  readonly appliedIndex: number;
}

/**
 * Ready when this master knows a leader and has applied everything it knows to be
 * committed: only then does a stale read here return what the cluster has agreed.
 */
export function raftReadiness(progress: RaftProgress): ProbeResult {
  if (progress.leader === undefined || progress.leader === '') return { ok: false, detail: 'no known Raft leader' };
  if (progress.appliedIndex < progress.commitIndex) {
    return { ok: false, detail: `catching up: applied ${progress.appliedIndex} of committed ${progress.commitIndex}` };
  }
  return { ok: true, detail: `leader ${progress.leader}, applied ${progress.appliedIndex}` };
}

export async function startHttpServer(
  input: Omit<HttpServerOptions, keyof typeof defaultHttpServerOptions> & Partial<HttpServerOptions>,
): Promise<HttpServerHandle> {
  const options: HttpServerOptions = { ...defaultHttpServerOptions, ...input };
  validateHttpServerOptions(options);
  const serverOptions = {
    maxHeaderSize: headerBytesMax,
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: options.requestTimeoutMs,
  };
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => handle(options, request, response);
  const server: Server =
    options.tls === undefined
      ? createServer(serverOptions, onRequest)
      : httpsServer(options.tls, serverOptions, onRequest);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    for (const extension of options.extensions ?? []) if (extension.upgrade?.(request, socket, head) === true) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.maxConnections = options.connectionsMax;
  server.maxHeadersCount = 64;
  server.keepAliveTimeout = options.requestTimeoutMs;
  await listen(server, options);
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    address: { host: address.address, port: address.port },
    close: () => {
      closing ??= Promise.all((options.extensions ?? []).map((extension) => extension.close())).then(() =>
        closeServer(server),
      );
      return closing;
    },
  };
}

function httpsServer(
  identity: TlsIdentity,
  serverOptions: object,
  onRequest: (request: IncomingMessage, response: ServerResponse) => void,
): Server {
  const context = (): { key: string; cert: string; ca: string } => {
    const { keyPem = '', certificatePem = '', caPem } = identity.current;
    return { key: keyPem, cert: `${certificatePem.trimEnd()}\n${caPem}`, ca: caPem };
  };
  const server = createHttpsServer(
    { ...serverOptions, ...context(), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' },
    onRequest,
  );
  // A renewed certificate serves new connections at once.
  identity.addIdentityCertificateListener(() => server.setSecureContext(context()));
  return server as unknown as Server;
}

function listen(server: Server, options: HttpServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(
        new HttpServerError(
          'listen-failed',
          `cannot listen for HTTP on ${options.host}:${options.port}: ${error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const probePaths: ReadonlySet<string> = new Set(['/healthz', '/livez', '/readyz', '/metrics']);

function handle(options: HttpServerOptions, request: IncomingMessage, response: ServerResponse): void {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  if (!probePaths.has(path)) {
    for (const extension of options.extensions ?? []) if (extension.handle(request, response)) return;
  }
  // Bodies are never read: nothing here accepts one, and draining is bounded by the request timeout.
  request.resume();
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    reply(response, 405, 'method not allowed\n');
    return;
  }
  switch (path) {
    case '/livez':
    case '/healthz':
      replyProbe(response, options.liveness);
      return;
    case '/readyz':
      replyProbe(response, options.readiness);
      return;
    case '/metrics':
      if (options.tls !== undefined && (request.socket as TLSSocket).authorized !== true) {
        reply(response, 401, 'unauthorized: /metrics needs a client certificate signed by the cluster CA\n');
        return;
      }
      replyMetrics(response, options.metrics);
      return;
    default:
      reply(response, 404, 'not found: try /healthz, /readyz or /metrics\n');
  }
}

function replyProbe(response: ServerResponse, probe: () => ProbeResult): void {
  let result: ProbeResult;
  try {
    result = probe();
  } catch (error: unknown) {
    result = { ok: false, detail: `probe failed: ${errorText(error)}` };
  }
  if (result.ok) reply(response, 200, 'ok\n');
  else reply(response, 503, `${result.detail}\n`);
}

function replyMetrics(response: ServerResponse, metrics: MasterMetrics): void {
  metrics.render().then(
    (text) => reply(response, 200, text, metrics.contentType),
    (error: unknown) => reply(response, 500, `metrics unavailable: ${errorText(error)}\n`),
  );
}

function reply(
  response: ServerResponse,
  statusCode: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (response.destroyed) return;
  response.writeHead(statusCode, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
