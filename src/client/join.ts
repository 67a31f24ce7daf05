/**
 * Joining a cluster by token, from the joiner's side (a worker; the CLI may
 * use it too): pin the CA the token names on first contact, then send the
 * token and a CSR over TLS that trusts only that CA, and keep what comes back.
 * Also the pieces a member needs to renew its certificate later: a fresh key
 * and CSR, and when to renew.
 *
 * The key never leaves the joiner: the CSR carries only the public key, and
 * the master decides every name the certificate carries (src/master/join-service.ts).
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import * as x509 from '@peculiar/x509';
import { JoinTokenError, parseJoinToken, type JoinRole } from '../api/index.js';
import type { JoinResponse__Output } from '../gen/orca/v1/JoinResponse.js';
import { ClientError, toClientError } from './errors.js';
import { StubPool } from './grpc-stubs.js';
import { fetchPinnedCa, TlsIdentity } from './tls.js';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** The WebCrypto type @peculiar/x509 expects (DOM's `Crypto`, absent from our lib settings); Node's webcrypto implements it. */
type WebCrypto = NonNullable<Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[1]>;
const crypto = webcrypto as unknown as WebCrypto;

/** A fresh P-256 key (PKCS#8 PEM) and a CSR for it; the subject is a hint only, the signer decides the names. */
export async function createKeyAndCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const escaped = commonName.replace(/([,+"\\<>;=])/g, '\\$1');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: `CN=${escaped}`, keys, signingAlgorithm: algorithm },
    crypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), csrPem: csr.toString('pem') };
}

/** The validity and subject of a PEM certificate (the first one in the text). */
export interface CertificateSummary {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** CN of the subject. */
  readonly commonName: string;
}

export function certificateSummary(certificatePem: string): CertificateSummary {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error: unknown) {
    throw new ClientError('config', `not a PEM certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
  const commonName = /^CN=(.*)$/m.exec(certificate.subject)?.[1] ?? '';
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo), commonName };
}

/** Renewals of one certificate come at most this often, whatever its dates say. */
const renewalSpacingMinMs = 1_000;

/**
 * When to renew a certificate obtained at `obtainedAtMs`: at `fraction` of the
 * life it had left then. Counted from when it was obtained, not from its
 * notBefore: signers backdate notBefore for clock skew (minutes), which would
 * put the renewal of a short-lived certificate in the past and renew it in a
 * loop. Never sooner than a second after it was obtained.
 */
export function renewalTime(certificatePem: string, obtainedAtMs: number, fraction = 2 / 3): Date {
  if (!(fraction > 0 && fraction < 1)) throw new ClientError('config', 'fraction: must be between 0 and 1');
  const { notBefore, notAfter } = certificateSummary(certificatePem);
  const start = Math.max(notBefore.getTime(), obtainedAtMs);
  const due = start + (notAfter.getTime() - start) * fraction;
  return new Date(Math.max(due, obtainedAtMs + renewalSpacingMinMs));
}

export interface JoinOptions {
  /** Master addresses (host:port); the first that answers is used. */
  readonly servers: readonly string[];
  /** `K10<ca sha256>::<id>.<secret>`. */
  readonly token: string;
  /** The member's name (a worker: its Node name). */
  readonly name: string;
  readonly role: JoinRole;
  /** IP addresses and DNS names others reach the joiner at (its certificate's names). */
  readonly addresses: readonly string[];
  /** Unreachable masters are retried until this long has passed. */
  readonly timeoutMs: number;
}

/** What a join brings home. */
export interface JoinedIdentity {
  readonly caPem: string;
  readonly certificatePem: string;
  readonly keyPem: string;
  /** Masters only (empty for a worker). */
  readonly clusterToken: string;
  readonly secretKey: Buffer;
}

const retryDelayMs = 300;
const messageBytesMax = 4 * 1024 * 1024;

function callJoin(stubs: StubPool, server: string, request: object, deadlineMs: number): Promise<JoinResponse__Output> {
  return new Promise((resolve, reject) => {
    stubs
      .for(server)
      .cluster.Join(request, new Metadata(), { deadline: deadlineMs }, (error, response) =>
        error !== null || response === undefined ? reject(toClientError(error)) : resolve(response),
      );
  });
}

/** Unreachable or slow: try another master, or again later. Anything else is the cluster's answer. */
function isTransient(error: ClientError): boolean {
  return error.code === 'unavailable' || error.code === 'deadline-exceeded';
}

async function joinOnce(
  options: JoinOptions,
  server: string,
  caHash: string,
  deadlineMs: number,
): Promise<JoinedIdentity> {
  const caPem = await fetchPinnedCa(server, caHash, Math.max(1, Math.min(5_000, deadlineMs - Date.now())));
  const { keyPem, csrPem } = await createKeyAndCsr(options.name);
  const stubs = new StubPool(messageBytesMax, new TlsIdentity({ caPem }));
  try {
    const response = await callJoin(
      stubs,
      server,
      { token: options.token, csrPem, name: options.name, role: options.role, addresses: [...options.addresses] },
      deadlineMs,
    );
    return {
      caPem: response.caPem,
      certificatePem: response.certificatePem,
      keyPem,
      clusterToken: response.clusterToken,
      secretKey: response.secretKey,
    };
  } finally {
    stubs.close();
  }
}

/**
 * Join by token. A refusal (a wrong, expired or revoked token; a CA that does
 * not match the pin) is final and keeps its code (`unauthenticated`) and the
 * master's message; unreachable masters are tried in turn until `timeoutMs`.
 */
export async function joinCluster(options: JoinOptions): Promise<JoinedIdentity> {
  if (options.servers.length === 0) throw new ClientError('config', 'servers: at least one master address is required');
  let caHash: string;
  try {
    caHash = parseJoinToken(options.token).caHash;
  } catch (error: unknown) {
    if (error instanceof JoinTokenError) throw new ClientError('config', `--token: ${error.message}`);
    throw error;
  }
  const deadlineMs = Date.now() + options.timeoutMs;
  let last = '';
  while (Date.now() < deadlineMs) {
    for (const server of options.servers) {
      try {
        return await joinOnce(options, server, caHash, deadlineMs);
      } catch (error: unknown) {
        const failure = toClientError(error);
        if (!isTransient(failure))
          throw new ClientError(failure.code, `joining the cluster at ${server} was refused: ${failure.message}`, {
            ...(failure.grpcCode === undefined ? {} : { grpcCode: failure.grpcCode }),
          });
        last = `${server}: ${failure.message}`;
      }
      if (Date.now() >= deadlineMs) break;
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
  }
  throw new ClientError(
    'unavailable',
    `joining the cluster did not complete within ${options.timeoutMs} ms (${options.servers.join(', ')}): ${last}`,
  );
}
