/**
 * TLS secure contexts for the SNI table, rebuilt after each table change but
 * parsed again only when a Secret's resourceVersion moved (parsing keys is the
 * expensive part, and tables are rebuilt on every Endpoints change).
 */
import { createSecureContext, type SecureContext } from 'node:tls';
import { errorMessage } from '../network-error.js';
import type { IngressLogger } from './ingress-proxy-options.js';
import { tlsEntryFor, type TlsTable } from './tls-table.js';

interface CachedContext {
  readonly resourceVersion: string;
  readonly context: SecureContext;
}

export class SecureContextCache {
  private contexts = new Map<string, CachedContext>();
  private table: TlsTable | undefined;

  constructor(private readonly logger: IngressLogger | undefined) {}

  update(table: TlsTable): void {
    const next = new Map<string, CachedContext>();
    for (const entry of [...table.exactHosts.values(), ...table.wildcardHosts.values()]) {
      if (entry.certificatePem === undefined || entry.keyPem === undefined || next.has(entry.secret)) continue;
      const cached = this.contexts.get(entry.secret);
      // an empty resourceVersion (hand-filled caches) cannot tell versions apart: parse again
      if (cached !== undefined && entry.resourceVersion !== '' && cached.resourceVersion === entry.resourceVersion) {
        next.set(entry.secret, cached);
        continue;
      }
      try {
        next.set(entry.secret, {
          resourceVersion: entry.resourceVersion,
          context: createSecureContext({ cert: entry.certificatePem, key: entry.keyPem }),
        });
      } catch (error: unknown) {
        this.logger?.warn(
          { secret: entry.secret, ingress: entry.ingress, err: errorMessage(error) },
          'TLS secret unusable; presenting the default certificate',
        );
      }
    }
    this.contexts = next;
    this.table = table;
  }

  /** The context for an SNI name, or undefined for the default certificate. */
  contextFor(serverName: string): SecureContext | undefined {
    if (this.table === undefined) return undefined;
    const entry = tlsEntryFor(this.table, serverName);
    return entry === undefined ? undefined : this.contexts.get(entry.secret)?.context;
  }

  /** How many distinct Secrets are loaded. */
  size(): number {
    return this.contexts.size;
  }
}
