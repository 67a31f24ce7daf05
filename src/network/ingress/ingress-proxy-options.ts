/** Options of the ingress proxy, their defaults and the validator run by the constructor. */
import type { NetworkSource } from '../network-source.js';
import { ingressControllerName } from './ingress-class.js';
import { NetworkError } from '../network-error.js';
import type { RoutingTable } from './routing-table.js';
import type { TlsTable } from './tls-table.js';

export interface ListenAddress {
  /** Default '0.0.0.0'. */
  readonly address?: string;
  /** Default 80 for HTTP, 443 for HTTPS; 0 picks a free port. */
  readonly port?: number;
}

/** The narrow logger the proxy writes to (a pino logger fits). */
export interface IngressLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface IngressProxyOptions {
  readonly source: NetworkSource;
  /** null: no plain HTTP listener. */
  readonly http: ListenAddress | null;
  /** null: no HTTPS listener. */
  readonly https: ListenAddress | null;
  readonly logger?: IngressLogger;
  /** Told about every rebuilt table (the worker turns conflicts into Events). */
  readonly onTables?: (routing: RoutingTable, tls: TlsTable) => void;
  readonly controller?: string;
  /** Redirect plain HTTP to HTTPS (308) for hosts with a TLS section, as ingress-nginx's ssl-redirect. */
  readonly sslRedirect?: boolean;
  readonly rebuildDelayMs?: number;
  readonly connectTimeoutMs?: number;
  /** Idle time allowed while waiting on a backend (between bytes) before 504. */
  readonly backendTimeoutMs?: number;
  /** Endpoints tried per request when connections fail before the request is sent. */
  readonly triesMax?: number;
  readonly failedEndpointSkipMs?: number;
  /** Keep-alive connections per backend endpoint (ip:port), the size of its undici Pool. */
  readonly socketsPerBackendMax?: number;
  /** An idle pooled backend connection is closed after this long (below the usual 5 s keep-alive of backends). */
  readonly idleSocketTimeoutMs?: number;
  readonly headerBytesMax?: number;
  readonly connectionsMax?: number;
  /** Time a client has to send the whole request. */
  readonly requestTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** Clock for passive health; tests may inject one. */
  readonly now?: () => number;
}

export const ingressProxyDefaults = Object.freeze({
  httpPort: 80,
  httpsPort: 443,
  address: '0.0.0.0',
  sslRedirect: true,
  rebuildDelayMs: 5,
  connectTimeoutMs: 1_000,
  backendTimeoutMs: 60_000,
  triesMax: 3,
  failedEndpointSkipMs: 5_000,
  socketsPerBackendMax: 512,
  idleSocketTimeoutMs: 4_000,
  headerBytesMax: 16 * 1024,
  connectionsMax: 10_000,
  requestTimeoutMs: 300_000,
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 75_000,
});

export type ResolvedIngressProxyOptions = Required<
  Omit<IngressProxyOptions, 'logger' | 'onTables' | 'http' | 'https'>
> &
  Pick<IngressProxyOptions, 'logger' | 'onTables'> & {
    readonly http: { address: string; port: number } | null;
    readonly https: { address: string; port: number } | null;
  };

const ranges: Record<string, readonly [number, number]> = {
  rebuildDelayMs: [0, 10_000],
  connectTimeoutMs: [1, 60_000],
  backendTimeoutMs: [1, 3_600_000],
  triesMax: [1, 10],
  failedEndpointSkipMs: [0, 600_000],
  socketsPerBackendMax: [1, 65_536],
  idleSocketTimeoutMs: [1, 600_000],
  headerBytesMax: [1_024, 1_048_576],
  connectionsMax: [1, 1_000_000],
  requestTimeoutMs: [1, 86_400_000],
  headersTimeoutMs: [1, 3_600_000],
  keepAliveTimeoutMs: [0, 3_600_000],
};

function listen(name: string, value: ListenAddress | null, port: number): { address: string; port: number } | null {
  if (value === null) return null;
  const resolved = { address: value.address ?? ingressProxyDefaults.address, port: value.port ?? port };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    throw new NetworkError('config', `${name}.port must be an integer in [0, 65535], got ${resolved.port}`);
  }
  if (resolved.address === '') throw new NetworkError('config', `${name}.address must not be empty`);
  return resolved;
}

export function resolveIngressProxyOptions(options: IngressProxyOptions): ResolvedIngressProxyOptions {
  const resolved: ResolvedIngressProxyOptions = {
    source: options.source,
    http: listen('http', options.http, ingressProxyDefaults.httpPort),
    https: listen('https', options.https, ingressProxyDefaults.httpsPort),
    logger: options.logger,
    onTables: options.onTables,
    controller: options.controller ?? ingressControllerName,
    now: options.now ?? Date.now,
    sslRedirect: options.sslRedirect ?? ingressProxyDefaults.sslRedirect,
    rebuildDelayMs: options.rebuildDelayMs ?? ingressProxyDefaults.rebuildDelayMs,
    connectTimeoutMs: options.connectTimeoutMs ?? ingressProxyDefaults.connectTimeoutMs,
    backendTimeoutMs: options.backendTimeoutMs ?? ingressProxyDefaults.backendTimeoutMs,
    triesMax: options.triesMax ?? ingressProxyDefaults.triesMax,
    failedEndpointSkipMs: options.failedEndpointSkipMs ?? ingressProxyDefaults.failedEndpointSkipMs,
    socketsPerBackendMax: options.socketsPerBackendMax ?? ingressProxyDefaults.socketsPerBackendMax,
    idleSocketTimeoutMs: options.idleSocketTimeoutMs ?? ingressProxyDefaults.idleSocketTimeoutMs,
    headerBytesMax: options.headerBytesMax ?? ingressProxyDefaults.headerBytesMax,
    connectionsMax: options.connectionsMax ?? ingressProxyDefaults.connectionsMax,
    requestTimeoutMs: options.requestTimeoutMs ?? ingressProxyDefaults.requestTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs ?? ingressProxyDefaults.headersTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? ingressProxyDefaults.keepAliveTimeoutMs,
  };
  for (const [field, [low, high]] of Object.entries(ranges)) {
    const value = (resolved as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
      throw new NetworkError('config', `${field} must be an integer in [${low}, ${high}], got ${String(value)}`);
    }
  }
  if (resolved.http === null && resolved.https === null)
    throw new NetworkError('config', 'at least one of http and https must be set');
  if (resolved.controller === '') throw new NetworkError('config', 'controller must not be empty');
  return resolved;
}
