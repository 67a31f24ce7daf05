/**
 * The ingress proxy of one worker: HTTP and HTTPS listeners that route each
 * request by the cluster's Ingress rules straight to a ready endpoint. The
 * routing and TLS tables are pure functions of the NetworkSource cache,
 * rebuilt (debounced) whenever it changes; this class is the I/O shell.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { BackendState } from './backend-resolve.js';
import { BackendPools, endpointKeys } from './backend-pools.js';
import { generateDefaultCertificate, type CertificatePem } from './default-certificate.js';
import { EndpointPicker } from './endpoint-picker.js';
import { normalizeHost } from './host-match.js';
import { ourIngresses } from './ingress-class.js';
import { NetworkError, errorMessage } from '../network-error.js';
import {
  resolveIngressProxyOptions,
  type IngressProxyOptions,
  type ResolvedIngressProxyOptions,
} from './ingress-proxy-options.js';
import { requestPath } from './path-match.js';
import { rawHeader } from './proxy-headers.js';
import { answer, forwardRequest, type Exchange, type ForwardContext } from './proxy-forward.js';
import { answerOnSocket, forwardUpgrade, type UpgradeContext } from './proxy-upgrade.js';
import {
  buildRoutingTable,
  emptyRoutingTable,
  route,
  tableBackends,
  type RouteMatch,
  type RoutingTable,
} from './routing-table.js';
import { SecureContextCache } from './secure-contexts.js';
import { buildTlsTable, emptyTlsTable, tlsEntryFor, type TlsTable } from './tls-table.js';

export interface BoundAddress {
  readonly address: string;
  readonly port: number;
}

export interface IngressProxyStats {
  readonly requests: number;
  /** Answers by status code; `none` counts exchanges that ended before a status was sent. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly upgrades: number;
  /** Backend endpoints that have a connection pool now. */
  readonly backends: number;
  readonly certificates: number;
}

/** The answer of the proxy itself for a backend that has no endpoint to send to. */
export function statusForBackend(state: BackendState): number {
  if (state === 'ready') return 0;
  // ExternalName would need DNS resolution and TLS origination per request: not supported
  return state === 'externalName' || state === 'invalid' ? 502 : 503;
}

/** Bound on the endpoint pools kept at once (each is only an object until it connects). */
const poolsMax = 10_000;

export class IngressProxy {
  private readonly options: ResolvedIngressProxyOptions;
  private readonly picker: EndpointPicker;
  private readonly certificates: SecureContextCache;
  private readonly pools: BackendPools;
  private readonly upgraded = new Set<Duplex>();
  private readonly byStatus = new Map<string, number>();
  private readonly forwardContext: ForwardContext;
  private readonly upgradeContext: UpgradeContext;
  private routing: RoutingTable = emptyRoutingTable();
  private tls: TlsTable = emptyTlsTable();
  private servers: { http?: Server; https?: Server } = {};
  private bound: { http?: BoundAddress; https?: BoundAddress } = {};
  private defaultCertificate: CertificatePem | undefined;
  private unsubscribe: (() => void) | undefined;
  private rebuildTimer: NodeJS.Timeout | undefined;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';
  private requests = 0;
  private upgrades = 0;

  constructor(options: IngressProxyOptions) {
    this.options = resolveIngressProxyOptions(options);
    this.picker = new EndpointPicker({ failedSkipMs: this.options.failedEndpointSkipMs, failuresMax: 100_000 });
    this.certificates = new SecureContextCache(this.options.logger);
    const {
      triesMax,
      connectTimeoutMs,
      backendTimeoutMs,
      now,
      logger,
      socketsPerBackendMax,
      idleSocketTimeoutMs,
      headerBytesMax,
    } = this.options;
    this.pools = new BackendPools({
      connectionsPerEndpointMax: socketsPerBackendMax,
      idleSocketTimeoutMs,
      connectTimeoutMs,
      backendTimeoutMs,
      headerBytesMax,
      poolsMax,
    });
    const pools = this.pools;
    this.forwardContext = { picker: this.picker, now, triesMax, logger, poolFor: (target) => pools.poolFor(target) };
    this.upgradeContext = {
      picker: this.picker,
      now,
      triesMax,
      connectTimeoutMs,
      backendTimeoutMs,
      logger,
      track: (socket) => this.trackUpgraded(socket),
    };
  }

  /** Builds the tables, binds the listeners and returns the addresses actually bound. */
  async start(): Promise<{ http?: BoundAddress; https?: BoundAddress }> {
    if (this.state !== 'new') throw new NetworkError('closed', `start() called on a proxy that is ${this.state}`);
    this.state = 'starting';
    this.unsubscribe = this.options.source.subscribe(() => this.scheduleRebuild());
    this.rebuild();
    try {
      if (this.options.http !== null) {
        this.servers.http = this.createPlainServer();
        this.bound.http = await listen(this.servers.http, this.options.http);
      }
      if (this.options.https !== null) {
        this.defaultCertificate = await generateDefaultCertificate();
        this.servers.https = this.createTlsServer(this.defaultCertificate);
        this.bound.https = await listen(this.servers.https, this.options.https);
      }
    } catch (error: unknown) {
      await this.stop();
      throw error;
    }
    this.state = 'running';
    this.options.logger?.info(
      { http: this.bound.http, https: this.bound.https, ingresses: this.routing.ingresses.length },
      'ingress proxy listening',
    );
    return { ...this.bound };
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.unsubscribe?.();
    if (this.rebuildTimer !== undefined) clearTimeout(this.rebuildTimer);
    const closing = Object.values(this.servers).map((server) => closeServer(server));
    for (const socket of this.upgraded) socket.destroy();
    this.upgraded.clear();
    await Promise.all([...closing, this.pools.destroy()]);
  }

  stats(): IngressProxyStats {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries(this.byStatus),
      upgrades: this.upgrades,
      backends: this.pools.size,
      certificates: this.certificates.size(),
    };
  }

  /** The tables now in force (the worker reads conflicts from them). */
  tables(): { routing: RoutingTable; tls: TlsTable } {
    return { routing: this.routing, tls: this.tls };
  }

  /** The PEM of the generated default certificate, once the HTTPS listener started. */
  defaultCertificatePem(): string | undefined {
    return this.defaultCertificate?.certificatePem;
  }

  /** Rebuilds the tables now rather than after the debounce delay. */
  rebuild(): void {
    try {
      const { source, controller } = this.options;
      const routing = buildRoutingTable(source, controller);
      const tls = buildTlsTable(source, ourIngresses(source, controller));
      this.routing = routing;
      this.tls = tls;
      this.certificates.update(tls);
      this.retireBackends(routing);
      this.options.onTables?.(routing, tls);
    } catch (error: unknown) {
      // odd cluster data must not take the worker down: keep serving the previous tables
      this.options.logger?.warn(
        { err: errorMessage(error) },
        'rebuilding the ingress tables failed; keeping the previous ones',
      );
    }
  }

  private scheduleRebuild(): void {
    if (this.rebuildTimer !== undefined || this.state === 'stopped') return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      this.rebuild();
    }, this.options.rebuildDelayMs);
  }

  private retireBackends(routing: RoutingTable): void {
    const backends = tableBackends(routing);
    this.pools.retain(endpointKeys(backends.values()));
    this.picker.retain(new Set(backends.keys()));
  }

  private trackUpgraded(socket: Duplex): void {
    this.upgrades += 1;
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
  }

  private applyLimits(server: Server): Server {
    server.maxConnections = this.options.connectionsMax;
    server.keepAliveTimeout = this.options.keepAliveTimeoutMs;
    server.headersTimeout = this.options.headersTimeoutMs;
    server.requestTimeout = this.options.requestTimeoutMs;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.handleUpgrade(request, socket, head, server === this.servers.https ? 'https' : 'http'),
    );
    server.on('error', (error) => this.options.logger?.warn({ err: errorMessage(error) }, 'ingress listener error'));
    return server;
  }

  private createPlainServer(): Server {
    const server = createHttpServer(
      { maxHeaderSize: this.options.headerBytesMax, noDelay: true },
      (request, response) => this.handle(request, response, 'http'),
    );
    return this.applyLimits(server);
  }

  private createTlsServer(certificate: CertificatePem): Server {
    const fallback: SecureContext = createSecureContext({ cert: certificate.certificatePem, key: certificate.keyPem });
    const server = createHttpsServer(
      {
        maxHeaderSize: this.options.headerBytesMax,
        noDelay: true,
        cert: certificate.certificatePem,
        key: certificate.keyPem,
        minVersion: 'TLSv1.2',
        SNICallback: (serverName, callback) => callback(null, this.certificates.contextFor(serverName) ?? fallback),
      },
      (request, response) => this.handle(request, response, 'https'),
    );
    return this.applyLimits(server);
  }

  /** Where plain HTTP to a TLS host is redirected (ingress-nginx's ssl-redirect), or undefined. */
  private redirectTarget(request: IncomingMessage, host: string): string | undefined {
    if (!this.options.sslRedirect || this.bound.https === undefined || host === '') return undefined;
    if (tlsEntryFor(this.tls, host) === undefined) return undefined;
    const port = this.bound.https.port === 443 ? '' : `:${this.bound.https.port}`;
    return `https://${host}${port}${request.url ?? '/'}`;
  }

  private resolve(
    request: IncomingMessage,
    proto: 'http' | 'https',
  ): { redirect: string } | { status: number } | { match: RouteMatch } {
    const host = normalizeHost(rawHeader(request.rawHeaders, 'host'));
    const redirect = proto === 'http' ? this.redirectTarget(request, host) : undefined;
    if (redirect !== undefined) return { redirect };
    const match = route(this.routing, host, requestPath(request.url));
    if (match === undefined) return { status: 404 };
    const status = statusForBackend(match.backend.state);
    return status === 0 ? { match } : { status };
  }

  private handle(request: IncomingMessage, response: ServerResponse, proto: 'http' | 'https'): void {
    this.requests += 1;
    const decision = this.resolve(request, proto);
    // one 'close' listener per exchange: it counts the answer and tells the exchange
    const closed = (exchange: Exchange | undefined) => (): void => {
      this.count(response.headersSent ? String(response.statusCode) : 'none');
      exchange?.clientClosed();
    };
    if ('match' in decision) {
      response.once(
        'close',
        closed(forwardRequest(this.forwardContext, request, response, decision.match.backend, proto)),
      );
      return;
    }
    response.once('close', closed(undefined));
    if ('redirect' in decision) answer(response, 308, { location: decision.redirect });
    else answer(response, decision.status);
  }

  private handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, proto: 'http' | 'https'): void {
    this.requests += 1;
    socket.on('error', () => socket.destroy());
    const decision = this.resolve(request, proto);
    if ('redirect' in decision)
      return answerOnSocket(socket, 308, 'Permanent Redirect', { location: decision.redirect });
    if ('status' in decision) {
      this.count(String(decision.status));
      return answerOnSocket(
        socket,
        decision.status,
        decision.status === 404 ? 'Not Found' : decision.status === 502 ? 'Bad Gateway' : 'Service Unavailable',
      );
    }
    forwardUpgrade(this.upgradeContext, request, socket, head, decision.match.backend, proto);
  }

  private count(status: string): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
}

function listen(server: Server, address: { address: string; port: number }): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void =>
      reject(
        new NetworkError('listen', `listening on ${address.address}:${address.port} failed: ${error.message}`, {
          cause: error,
        }),
      );
    server.once('error', onError);
    server.listen(address.port, address.address, () => {
      server.off('error', onError);
      const bound = server.address() as AddressInfo;
      resolve({ address: bound.address, port: bound.port });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
