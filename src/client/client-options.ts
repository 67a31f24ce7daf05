/**
 * The client's settings: one default, one validator, run by every constructor.
 * Every limit has a unit in its name.
 */
import { ClientError } from './errors.js';
import type { TlsIdentity } from './tls.js';

export interface ClientOptions {
  /** Master addresses (host:port); the client fails over between them. */
  readonly servers: readonly string[];
  /** How long one call may take on one master before it counts as failed. */
  readonly callTimeoutMs: number;
  /** How long connecting to one master may take before the client tries the next. */
  readonly connectTimeoutMs: number;
  /** Every attempt of one operation, across masters, fits in this. */
  readonly operationDeadlineMs: number;
  /** Attempts of one operation, across masters, including the first. */
  readonly attemptsMax: number;
  /** Back-off before a retry: full jitter between 0 and min(max, base * 2^attempt). */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Largest message sent or received. */
  readonly messageBytesMax: number;
  /** Reconnects of one watch in a row without an event before it gives up as unavailable. */
  readonly watchReconnectsMax: number;
  /** Ask masters to pack ready watch events into one message (a burst is a handful of messages); default on. */
  readonly watchBatchEvents: boolean;
  /** Objects one listAll may gather across pages. */
  readonly listObjectsMax: number;
  /** Items asked per page by listAll. */
  readonly listPageSize: number;
  /** Addresses the client may learn from leader hints, beyond the configured ones. */
  readonly serversMax: number;
  /**
   * The TLS identity the client connects with (the cluster CA it trusts, and
   * its certificate or bearer token); absent = plaintext, for masters started
   * with --insecure only.
   */
  readonly tls?: TlsIdentity;
}

export const defaultClientOptions: Omit<ClientOptions, 'servers' | 'tls'> = Object.freeze({
  callTimeoutMs: 10_000,
  connectTimeoutMs: 2_000,
  operationDeadlineMs: 30_000,
  attemptsMax: 8,
  backoffBaseMs: 50,
  backoffMaxMs: 2_000,
  messageBytesMax: 16 * 1024 * 1024,
  watchReconnectsMax: 20,
  watchBatchEvents: true,
  listObjectsMax: 200_000,
  listPageSize: 500,
  serversMax: 16,
});

const addressPattern = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/** True for `host:port` with a port in range. */
export function isServerAddress(address: string): boolean {
  if (!addressPattern.test(address)) return false;
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return port > 0 && port <= 65_535;
}

/** The options with defaults filled in; throws ClientError('config') naming the field and the rule. */
export function validateClientOptions(options: Partial<ClientOptions> & { servers: readonly string[] }): ClientOptions {
  const merged: ClientOptions = { ...defaultClientOptions, ...options };
  if (merged.servers.length === 0) throw new ClientError('config', 'servers: at least one master address is required');
  if (merged.servers.length > merged.serversMax)
    throw new ClientError('config', `servers: at most ${merged.serversMax} addresses`);
  merged.servers.forEach((address, index) => {
    if (!isServerAddress(address)) throw new ClientError('config', `servers[${index}]: "${address}" is not host:port`);
  });
  if (typeof merged.watchBatchEvents !== 'boolean')
    throw new ClientError('config', 'watchBatchEvents: must be a boolean');
  const positive: (keyof Omit<ClientOptions, 'servers' | 'tls' | 'watchBatchEvents'>)[] = [
    'callTimeoutMs',
    'connectTimeoutMs',
    'operationDeadlineMs',
    'attemptsMax',
    'backoffBaseMs',
    'backoffMaxMs',
    'messageBytesMax',
    'watchReconnectsMax',
    'listObjectsMax',
    'listPageSize',
    'serversMax',
  ];
  for (const field of positive) {
    const value = merged[field];
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new ClientError('config', `${field}: must be a positive integer, got ${String(value)}`);
  }
  if (merged.backoffMaxMs < merged.backoffBaseMs)
    throw new ClientError('config', 'backoffMaxMs: must be at least backoffBaseMs');
  return merged;
}
