/**
 * TLS for everything that talks to a master or a worker: the material a
 * process holds (the cluster CA, its own certificate and key, or a bearer
 * token), a gRPC certificate provider that swaps the certificate in place when
 * it renews (new connections use the new one, open ones keep theirs: no
 * restart), and the pinned first contact of a joiner.
 *
 * Pinned first contact (k3s's way): the joiner knows only the CA's hash from
 * its token. It opens one TLS connection without trusting anything, takes the
 * chain the master presents, keeps the certificate whose sha256 equals the
 * pin, and from then on trusts only that CA with full verification (the leaf
 * must be signed by it and name the address). A man in the middle who shows
 * another CA fails the pin; one who replays the real CA cannot sign a leaf.
 * Nothing secret is sent before both checks pass.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import { credentials, experimental, Metadata, type ChannelCredentials, type ServerCredentials } from '@grpc/grpc-js';
import { ClientError } from './errors.js';

/** What a process presents and trusts. */
export interface TlsMaterial {
  /** The cluster CA, PEM: the only root trusted. */
  readonly caPem: string;
  /** This process's certificate (PEM, the leaf; the CA may follow it) and key; absent for a token-only client. */
  readonly certificatePem?: string;
  readonly keyPem?: string;
  /** A bearer token sent as `authorization: Bearer …` on every call (users, ServiceAccounts). */
  readonly token?: string;
}

type CaListener = (update: { caCertificate: Buffer } | null) => void;
type IdentityListener = (update: { certificate: Buffer; privateKey: Buffer } | null) => void;

/**
 * The live TLS identity of a process: gRPC servers and channels made from it
 * pick up `update()` for new connections. One per process.
 */
export class TlsIdentity implements experimental.CertificateProvider {
  private material: TlsMaterial;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();

  constructor(material: TlsMaterial) {
    this.material = material;
  }

  get current(): TlsMaterial {
    return this.material;
  }

  /** Swap the certificate and key (a renewal): listeners hear at once. */
  update(material: TlsMaterial): void {
    this.material = material;
    for (const listener of this.caListeners) listener({ caCertificate: Buffer.from(material.caPem) });
    const identity = this.identity();
    for (const listener of this.identityListeners) listener(identity);
  }

  // The first update is delivered on the next microtask, as grpc-js expects of a provider: it
  // registers the listener before the watcher that must hear it, so a synchronous call would be lost.
  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => {
      if (this.caListeners.has(listener)) listener({ caCertificate: Buffer.from(this.material.caPem) });
    });
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => {
      if (this.identityListeners.has(listener)) listener(this.identity());
    });
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }

  /** Server side: this identity's certificate; client certificates asked for and checked against the CA, not required (token callers have none). */
  serverCredentials(): ServerCredentials {
    return experimental.createCertificateProviderServerCredentials(this, this, false);
  }

  /** Client side: trust only the cluster CA, present this certificate if there is one, send the token if there is one. */
  channelCredentials(): ChannelCredentials {
    const hasIdentity = this.material.certificatePem !== undefined && this.material.keyPem !== undefined;
    const tls = experimental.createCertificateProviderChannelCredentials(this, hasIdentity ? this : null);
    const token = this.material.token;
    if (token === undefined) return tls;
    const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${this.material.token ?? token}`);
      callback(null, metadata);
    });
    return credentials.combineChannelCredentials(tls, bearer);
  }

  private identity(): { certificate: Buffer; privateKey: Buffer } | null {
    const { certificatePem, keyPem, caPem } = this.material;
    if (certificatePem === undefined || keyPem === undefined) return null;
    // The CA follows the leaf so that a joiner's pinned first contact finds it in the chain.
    return {
      certificate: Buffer.from(`${certificatePem.trimEnd()}\n${caPem.trimEnd()}\n`),
      privateKey: Buffer.from(keyPem),
    };
  }
}

/** sha256 of a PEM certificate's DER, lowercase hex (what a join token pins). */
export function caHashOf(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}

function toPem(raw: Buffer): string {
  const body = raw.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

function chainOf(peer: PeerCertificate): Buffer[] {
  const out: Buffer[] = [];
  let at: PeerCertificate | undefined = peer;
  const seen = new Set<string>();
  while (at !== undefined && at.raw !== undefined && !seen.has(at.fingerprint256) && out.length < 8) {
    seen.add(at.fingerprint256);
    out.push(at.raw);
    const next: PeerCertificate | undefined = (at as PeerCertificate & { issuerCertificate?: PeerCertificate })
      .issuerCertificate;
    at = next;
  }
  return out;
}

/**
 * First contact with a master at `address` (host:port): the CA it presents,
 * accepted only when its sha256 equals `caHash`, and only when the leaf it
 * presents verifies under that CA for that host. Sends nothing but a TLS hello.
 */
export function fetchPinnedCa(address: string, caHash: string, timeoutMs = 5_000): Promise<string> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  const attempt = (ca: string | undefined): Promise<PeerCertificate> =>
    new Promise((resolve, reject) => {
      const socket = connect({
        host,
        port,
        servername: /^[0-9.:]+$/.test(host) ? undefined : host,
        rejectUnauthorized: ca !== undefined,
        ...(ca === undefined ? {} : { ca }),
        ALPNProtocols: ['h2'],
        timeout: timeoutMs,
      });
      socket.once('secureConnect', () => {
        const peer = socket.getPeerCertificate(true);
        socket.destroy();
        resolve(peer);
      });
      socket.once('timeout', () => {
        socket.destroy();
        reject(new ClientError('unavailable', `no TLS answer from ${address} within ${timeoutMs} ms`));
      });
      socket.once('error', (error: Error) => {
        socket.destroy();
        reject(
          ca === undefined
            ? new ClientError('unavailable', `cannot reach ${address}: ${error.message}`)
            : new ClientError(
                'unauthenticated',
                `${address} presents a certificate its CA did not sign for this address: ${error.message}`,
              ),
        );
      });
    });
  return (async () => {
    const peer = await attempt(undefined);
    const pinned = chainOf(peer).find((raw) => createHash('sha256').update(raw).digest('hex') === caHash);
    if (pinned === undefined)
      throw new ClientError(
        'unauthenticated',
        `${address} presents a CA whose hash does not match the join token: refusing to send it anything`,
      );
    const caPem = toPem(pinned);
    await attempt(caPem);
    return caPem;
  })();
}
