/**
 * One undici keep-alive Pool per backend endpoint (ip:port) the routing table
 * names. Pools are created on first use, closed when their endpoint leaves
 * the table (gracefully: requests in flight finish) and destroyed at stop().
 * Their number is bounded twice: only endpoints of the current table get one,
 * and at most `poolsMax` exist (the oldest is closed to make room).
 */
import { isIP } from 'node:net';
import { Pool } from 'undici';
import type { BackendTarget } from './backend-resolve.js';
import { targetKey } from './endpoint-picker.js';

export interface BackendPoolOptions {
  /** Connections per endpoint (undici's `connections`). */
  readonly connectionsPerEndpointMax: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly idleSocketTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Time allowed for the response head, and between body chunks, before 504. */
  readonly backendTimeoutMs: number;
  readonly headerBytesMax: number;
  /** Bound on the pools kept at once. */
  readonly poolsMax: number;
}

export class BackendPools {
  private readonly pools = new Map<string, Pool>();
  /** The endpoints of the current routing table: the only ones that may get a pool. */
  private live: ReadonlySet<string> = new Set();
  private closed = false;

  constructor(private readonly options: BackendPoolOptions) {}

  get size(): number {
    return this.pools.size;
  }

  /** The pool of `target`, or undefined when it is no endpoint of the current table (or the proxy stopped). */
  poolFor(target: BackendTarget): Pool | undefined {
    const key = targetKey(target);
    const pool = this.pools.get(key);
    if (pool !== undefined) return pool;
    if (this.closed || !this.live.has(key)) return undefined;
    if (this.pools.size >= this.options.poolsMax) this.evictOldest();
    const created = this.create(target);
    this.pools.set(key, created);
    return created;
  }

  /** Keeps the pools of these endpoints (ip:port keys) and closes the others. */
  retain(endpoints: ReadonlySet<string>): void {
    this.live = endpoints;
    for (const [key, pool] of this.pools) {
      if (endpoints.has(key)) continue;
      this.pools.delete(key);
      closeQuietly(pool);
    }
  }

  /** Destroys every pool (in-flight requests fail); no pool is created afterwards. */
  async destroy(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }

  private evictOldest(): void {
    const oldest = this.pools.entries().next();
    if (oldest.done === true) return;
    this.pools.delete(oldest.value[0]);
    closeQuietly(oldest.value[1]);
  }

  private create(target: BackendTarget): Pool {
    const { connectionsPerEndpointMax, idleSocketTimeoutMs, connectTimeoutMs, backendTimeoutMs, headerBytesMax } =
      this.options;
    const host = isIP(target.ip) === 6 ? `[${target.ip}]` : target.ip;
    return new Pool(`http://${host}:${target.port}`, {
      connections: connectionsPerEndpointMax,
      // no pipelining: a request never waits behind another one's response, as with nginx's upstream keepalive
      pipelining: 1,
      keepAliveTimeout: idleSocketTimeoutMs,
      keepAliveMaxTimeout: idleSocketTimeoutMs,
      headersTimeout: backendTimeoutMs,
      bodyTimeout: backendTimeoutMs,
      maxHeaderSize: headerBytesMax,
      connect: { timeout: connectTimeoutMs },
    });
  }
}

/** The endpoint keys (ip:port) of a set of backends, for `retain`. */
export function endpointKeys(backends: Iterable<{ readonly targets: readonly BackendTarget[] }>): Set<string> {
  const keys = new Set<string>();
  for (const backend of backends) for (const target of backend.targets) keys.add(targetKey(target));
  return keys;
}

function closeQuietly(pool: Pool): void {
  // close() lets requests in flight finish; a failure to close leaves nothing to clean up
  pool.close().catch(() => undefined);
}
