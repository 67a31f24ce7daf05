/**
 * The SNI table: which certificate each TLS host of our Ingresses presents.
 * Pure: the PEM text comes from the cached Secrets; turning it into secure
 * contexts is the proxy's job (cached by the Secret's resourceVersion).
 */
import type { Ingress, Secret } from '../../api/index.js';
import { refKey, refOf } from './ingress-class.js';
import { lookupHost, normalizeHost, wildcardSuffix } from './host-match.js';
import type { RoutingConflict } from './routing-table.js';

export const tlsSecretType = 'kubernetes.io/tls';

export interface TlsEntry {
  readonly host: string;
  readonly ingress: string;
  /** `namespace/name` of the Secret. */
  readonly secret: string;
  readonly resourceVersion: string;
  /** Undefined when the Secret is missing or unusable: the default certificate is presented then. */
  readonly certificatePem: string | undefined;
  readonly keyPem: string | undefined;
}

export interface TlsTable {
  readonly exactHosts: ReadonlyMap<string, TlsEntry>;
  /** Keyed by the suffix after `*.`. */
  readonly wildcardHosts: ReadonlyMap<string, TlsEntry>;
  readonly conflicts: readonly RoutingConflict[];
}

export interface SecretSource {
  secret(namespace: string, name: string): Secret | undefined;
}

export function emptyTlsTable(): TlsTable {
  return { exactHosts: new Map(), wildcardHosts: new Map(), conflicts: [] };
}

/**
 * `ingresses` must be ours, oldest first: a host listed by two Ingresses keeps
 * the older one's certificate. A TLS section without hosts is ignored (ingress-
 * nginx would make it the default certificate; we keep the generated one).
 */
export function buildTlsTable(source: SecretSource, ingresses: readonly Ingress[]): TlsTable {
  const exactHosts = new Map<string, TlsEntry>();
  const wildcardHosts = new Map<string, TlsEntry>();
  const conflicts: RoutingConflict[] = [];
  for (const ingress of ingresses) {
    const ref = refOf(ingress);
    const owner = refKey(ref);
    for (const section of ingress.spec?.tls ?? []) {
      const secretName = section.secretName ?? '';
      const loaded = loadSecret(source, ref.namespace, secretName);
      for (const rawHost of section.hosts ?? []) {
        const host = normalizeHost(rawHost);
        const suffix = wildcardSuffix(host);
        const target = suffix === undefined ? exactHosts : wildcardHosts;
        const key = suffix ?? host;
        const holder = target.get(key);
        if (holder !== undefined) {
          if (holder.ingress !== owner || holder.secret !== `${ref.namespace}/${secretName}`) {
            conflicts.push({
              ingress: owner,
              host,
              path: '',
              message: `TLS host ignored: the older Ingress ${holder.ingress} sets its certificate`,
            });
          }
          continue;
        }
        if (loaded.problem !== '')
          conflicts.push({
            ingress: owner,
            host,
            path: '',
            message: `TLS secret ${ref.namespace}/${secretName}: ${loaded.problem}; presenting the default certificate`,
          });
        target.set(key, { host, ingress: owner, secret: `${ref.namespace}/${secretName}`, ...loaded.entry });
      }
    }
  }
  return { exactHosts, wildcardHosts, conflicts };
}

type LoadedSecret = { problem: string; entry: Pick<TlsEntry, 'resourceVersion' | 'certificatePem' | 'keyPem'> };

function loadSecret(source: SecretSource, namespace: string, name: string): LoadedSecret {
  const unusable = (problem: string): LoadedSecret => ({
    problem,
    entry: { resourceVersion: '', certificatePem: undefined, keyPem: undefined },
  });
  if (name === '') return unusable('no secretName');
  const secret = source.secret(namespace, name);
  if (secret === undefined) return unusable('not found');
  // Opaque secrets carrying the two keys are accepted too, as ingress-nginx does
  const type = secret.type ?? '';
  if (type !== '' && type !== tlsSecretType && type !== 'Opaque')
    return unusable(`type ${type} is not ${tlsSecretType}`);
  const certificate = secret.data?.['tls.crt'];
  const key = secret.data?.['tls.key'];
  if (certificate === undefined || key === undefined) return unusable('tls.crt or tls.key is missing');
  return {
    problem: '',
    entry: {
      resourceVersion: secret.metadata?.resourceVersion ?? '',
      certificatePem: Buffer.from(certificate, 'base64').toString('utf8'),
      keyPem: Buffer.from(key, 'base64').toString('utf8'),
    },
  };
}

/** The entry for an SNI name or Host: exact host first, then a one-label wildcard. */
export function tlsEntryFor(table: TlsTable, host: string): TlsEntry | undefined {
  return lookupHost(normalizeHost(host), table.exactHosts, table.wildcardHosts);
}
