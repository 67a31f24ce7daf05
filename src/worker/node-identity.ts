/**
 * The worker's node identity (as the kubelet's TLS bootstrap): a certificate
 * for `system:node:NAME` in group `system:nodes`, kept in the worker's data
 * directory.
 *
 *   tls/ca.crt     the cluster CA the worker trusts (pinned by the join token)
 *   tls/node.crt   its certificate (server and client: masters call its WorkerService)
 *   tls/node.key   its key, 0600
 *
 * First start: join by token (src/client/join.ts) and save the three files.
 * Later starts: load them; no token needed. Renewal, at 2/3 of the
 * certificate's life: a new key and CSR, RenewCertificate (authenticated by
 * the current certificate), the live TlsIdentity swapped in place (no
 * restart), and the files rewritten. A refused join writes nothing.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  certificateSummary,
  createKeyAndCsr,
  joinCluster,
  renewalTime,
  startCertificateRenewal,
  TlsIdentity,
  type TlsMaterial,
} from '../client/index.js';
import type { Logger } from '../log/index.js';
import { errorMessage, WorkerError, WorkerErrorCode } from './worker-error.js';

export const identityFiles = { ca: 'tls/ca.crt', certificate: 'tls/node.crt', key: 'tls/node.key' } as const;
/** The user name a node's certificate carries, as Kubernetes'. */
export const nodeUserPrefix = 'system:node:';

/** A node identity and when it was obtained (renewals count from then). */
export interface NodeIdentity {
  readonly identity: TlsIdentity;
  readonly obtainedAtMs: number;
}

type FullMaterial = Required<Pick<TlsMaterial, 'caPem' | 'certificatePem' | 'keyPem'>>;

function writeFileAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/** Writes the three files, each by temp file and rename; the key last readable by the owner only. */
export function saveNodeIdentity(dataDir: string, material: FullMaterial): void {
  mkdirSync(join(dataDir, 'tls'), { recursive: true, mode: 0o700 });
  writeFileAtomically(join(dataDir, identityFiles.key), material.keyPem, 0o600);
  writeFileAtomically(join(dataDir, identityFiles.certificate), material.certificatePem, 0o644);
  writeFileAtomically(join(dataDir, identityFiles.ca), material.caPem, 0o644);
}

/** The saved identity, or undefined when there is none; a partial or foreign one is an error. */
export function loadNodeIdentity(
  dataDir: string,
  name: string,
): { material: FullMaterial; savedAtMs: number } | undefined {
  const paths = Object.values(identityFiles).map((file) => join(dataDir, file));
  const present = paths.filter((path) => existsSync(path));
  if (present.length === 0) return undefined;
  if (present.length !== paths.length)
    throw new WorkerError(
      WorkerErrorCode.config,
      `${join(dataDir, 'tls')} holds only part of a node identity (${present.join(', ')}): remove it and join again with --token`,
    );
  const read = (file: string): string => readFileSync(join(dataDir, file), 'utf8');
  const material = {
    caPem: read(identityFiles.ca),
    certificatePem: read(identityFiles.certificate),
    keyPem: read(identityFiles.key),
  };
  const summary = certificateSummary(material.certificatePem);
  if (summary.commonName !== `${nodeUserPrefix}${name}`)
    throw new WorkerError(
      WorkerErrorCode.config,
      `${join(dataDir, identityFiles.certificate)} is the identity of "${summary.commonName}", not of node "${name}": use another --data-dir`,
    );
  return { material, savedAtMs: statSync(join(dataDir, identityFiles.certificate)).mtimeMs };
}

export interface ObtainIdentityOptions {
  readonly dataDir: string;
  readonly name: string;
  readonly servers: readonly string[];
  /** A worker join token; needed only when the data directory has no identity yet. */
  readonly token?: string;
  /** Where masters reach this worker: its WorkerService host and its node IP. */
  readonly addresses: readonly string[];
  readonly joinTimeoutMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** The saved identity, else a new one by joining with the token; undefined when there is neither. */
export async function obtainNodeIdentity(options: ObtainIdentityOptions): Promise<NodeIdentity | undefined> {
  const now = options.now ?? Date.now;
  const saved = loadNodeIdentity(options.dataDir, options.name);
  if (saved !== undefined) {
    const { notAfter } = certificateSummary(saved.material.certificatePem);
    if (notAfter.getTime() <= now())
      throw new WorkerError(
        WorkerErrorCode.config,
        `the node certificate in ${join(options.dataDir, 'tls')} expired at ${notAfter.toISOString()}: remove that folder and join again with a new --token`,
      );
    if (options.token !== undefined) options.logger.info({}, 'using the saved node identity; --token is not needed');
    return { identity: new TlsIdentity(saved.material), obtainedAtMs: Math.min(saved.savedAtMs, now()) };
  }
  if (options.token === undefined) return undefined;
  const joined = await joinCluster({
    servers: options.servers,
    token: options.token,
    name: options.name,
    role: 'worker',
    addresses: options.addresses,
    timeoutMs: options.joinTimeoutMs,
  });
  const material = { caPem: joined.caPem, certificatePem: joined.certificatePem, keyPem: joined.keyPem };
  saveNodeIdentity(options.dataDir, material);
  options.logger.info(
    { until: certificateSummary(material.certificatePem).notAfter.toISOString() },
    'joined the cluster: node certificate saved',
  );
  return { identity: new TlsIdentity(material), obtainedAtMs: now() };
}

export interface NodeRenewalOptions {
  readonly node: NodeIdentity;
  readonly dataDir: string;
  readonly name: string;
  /** RenewCertificate over the current identity (OrcaClient.renewCertificate). */
  readonly renew: (csrPem: string) => Promise<string>;
  readonly logger: Logger;
  readonly retryMs?: number;
  readonly onRenewed?: () => void;
}

/** Renews the node certificate at 2/3 of its life, in place; the answer stops it. */
export function startNodeCertificateRenewal(options: NodeRenewalOptions): () => void {
  const { identity } = options.node;
  let obtainedAtMs = options.node.obtainedAtMs;
  return startCertificateRenewal({
    renewAt: () => renewalTime(identity.current.certificatePem ?? '', obtainedAtMs),
    renew: async () => {
      const { keyPem, csrPem } = await createKeyAndCsr(`${nodeUserPrefix}${options.name}`);
      const certificatePem = await options.renew(csrPem);
      const material = { caPem: identity.current.caPem, certificatePem, keyPem };
      // The files first: a crash right after leaves a worker that starts with the new certificate.
      saveNodeIdentity(options.dataDir, material);
      identity.update(material);
      obtainedAtMs = Date.now();
    },
    onRenewed: () => {
      options.logger.info(
        { until: certificateSummary(identity.current.certificatePem ?? '').notAfter.toISOString() },
        'renewed the node certificate',
      );
      options.onRenewed?.();
    },
    onError: (error) => options.logger.warn({ err: errorMessage(error) }, 'node certificate renewal failed'),
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
  });
}
