/**
 * The cluster's certificate authority, made with @peculiar/x509 over Node's
 * WebCrypto (a maintained X.509 library: no hand-written ASN.1 here).
 *
 * - The CA: ECDSA P-256, self-signed, ten years (as k3s), basic constraints
 *   CA with path length 0, key usage certificate and CRL signing.
 * - Leaf certificates are issued from a CSR: only the CSR's public key is taken
 *   (after its signature is checked); the subject (CN = user or member name,
 *   O = groups) and the addresses come from the signer, never from the CSR, so
 *   a joiner cannot ask for a name it was not given.
 * - Facts about a certificate (names, validity, fingerprint) come from Node's
 *   own `X509Certificate`.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { AuthTypedError } from './auth-error.js';

export type PkiErrorCode = 'invalid-request' | 'bad-csr' | 'malformed-certificate' | 'untrusted';

/** A certificate or a key could not be made or read. */
export class PkiError extends AuthTypedError<PkiErrorCode> {
  override readonly name = 'PkiError';
}

export interface KeyAndCertificate {
  readonly certificatePem: string;
  readonly keyPem: string;
}

export type CertificateUsage = 'server' | 'client';

export interface IssueRequest {
  /** PEM PKCS#10 request; its signature is checked and only its public key is used. */
  readonly csrPem: string;
  readonly commonName: string;
  readonly organizations?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly usages: readonly CertificateUsage[];
  readonly validMs: number;
  readonly now?: Date;
}

export interface CertificateFacts {
  readonly commonName: string;
  readonly organizations: string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serialNumber: string;
  /** sha256 of the DER, lowercase hex: what a join token pins. */
  readonly fingerprint: string;
}

const dayMs = 86_400_000;
/** Ten years, as k3s's CAs. */
export const caValidMs = 3650 * dayMs;
/** A leaf certificate's life unless told otherwise: one year, as k3s. */
export const leafValidMs = 365 * dayMs;
/** Clock skew between members: a certificate is valid from this long before it was made. */
export const backdateMs = 5 * 60_000;
const namesMax = 64;
const nameLengthMax = 253;
const csrBytesMax = 16 * 1024;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The WebCrypto type @peculiar/x509 expects (DOM's `Crypto`, absent from our lib settings); Node's webcrypto implements it. */
type WebCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
const crypto = webcrypto as unknown as WebCrypto;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function serialNumber(): string {
  // Positive (top bit clear), 128 random bits.
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

/** An RFC 4514 name from a CN and O values, each value escaped. */
function distinguishedName(commonName: string, organizations: readonly string[]): string {
  const escape = (value: string): string => value.replace(/([,+"\\<>;=])/g, '\\$1');
  return [`CN=${escape(commonName)}`, ...organizations.map((o) => `O=${escape(o)}`)].join(', ');
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(keyPem: string): Promise<webcrypto.CryptoKey> {
  try {
    const der = x509.PemConverter.decodeFirst(keyPem);
    return await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  } catch (error: unknown) {
    throw new PkiError('invalid-request', `the CA key is not a PKCS#8 ECDSA P-256 key: ${errorMessage(error)}`);
  }
}

/** A new cluster CA: P-256, self-signed, ten years. */
export async function createCertificateAuthority(
  commonName = 'orca-cluster-ca',
  now = new Date(),
): Promise<KeyAndCertificate> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = new Date(now.getTime() - backdateMs);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: distinguishedName(commonName, []),
      notBefore,
      notAfter: new Date(notBefore.getTime() + caValidMs),
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    },
    crypto,
  );
  return { certificatePem: certificate.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

/** A fresh P-256 key and a CSR for it (the subject is a hint only: the signer decides the names). */
export async function createKeyAndCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: distinguishedName(commonName, []), keys, signingAlgorithm: algorithm },
    crypto,
  );
  return { keyPem: await exportKey(keys.privateKey), csrPem: csr.toString('pem') };
}

function checkNames(request: IssueRequest): void {
  const names = [request.commonName, ...(request.organizations ?? []), ...(request.dnsNames ?? [])];
  if (names.length + (request.ipAddresses?.length ?? 0) > namesMax)
    throw new PkiError('invalid-request', `a certificate carries at most ${namesMax} names`);
  for (const name of names) {
    if (name === '' || name.length > nameLengthMax)
      throw new PkiError('invalid-request', `certificate name "${name}" must be 1-${nameLengthMax} characters`);
  }
  for (const ip of request.ipAddresses ?? []) {
    if (isIP(ip) === 0) throw new PkiError('invalid-request', `"${ip}" is not an IP address`);
  }
  if (request.usages.length === 0) throw new PkiError('invalid-request', 'a certificate needs a usage');
  if (!(request.validMs > 0 && request.validMs <= caValidMs))
    throw new PkiError('invalid-request', `validity must be in (0, ${caValidMs}] ms, got ${request.validMs}`);
}

async function readCsr(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  if (csrPem.length > csrBytesMax)
    throw new PkiError('bad-csr', `a certificate request is at most ${csrBytesMax} bytes`);
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (error: unknown) {
    throw new PkiError('bad-csr', `the certificate request is not a PKCS#10 PEM: ${errorMessage(error)}`);
  }
  if (!(await csr.verify(crypto))) throw new PkiError('bad-csr', 'the certificate request is not signed by its key');
  return csr;
}

/** Sign a leaf certificate for the CSR's key, with the names the signer chose. */
export async function issueCertificate(ca: KeyAndCertificate, request: IssueRequest): Promise<string> {
  checkNames(request);
  const csr = await readCsr(request.csrPem);
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const now = (request.now ?? new Date()).getTime();
  const notBefore = new Date(now - backdateMs);
  // The life counts from now: the backdating is for other members' clocks, not taken from the life.
  const notAfter = new Date(Math.min(now + request.validMs, caCertificate.notAfter.getTime()));
  const usages = request.usages.map((usage) =>
    usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
  );
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(usages),
    await x509.AuthorityKeyIdentifierExtension.create(caCertificate, false, crypto),
  ];
  const altNames = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: distinguishedName(request.commonName, request.organizations ?? []),
      issuer: caCertificate.subject,
      notBefore,
      notAfter,
      publicKey: csr.publicKey,
      signingKey: await importKey(ca.keyPem),
      signingAlgorithm: algorithm,
      extensions,
    },
    crypto,
  );
  return certificate.toString('pem');
}

/** sha256 of a certificate's DER, lowercase hex. */
export function certificateFingerprint(certificatePem: string): string {
  return createHash('sha256').update(parseCertificate(certificatePem).raw).digest('hex');
}

function parseCertificate(certificatePem: string): X509Certificate {
  try {
    return new X509Certificate(certificatePem);
  } catch (error: unknown) {
    throw new PkiError('malformed-certificate', `not a PEM certificate: ${errorMessage(error)}`);
  }
}

/** Subject values of one attribute in Node's multi-line subject text. */
function subjectValues(subject: string, attribute: string): string[] {
  return subject
    .split('\n')
    .filter((line) => line.startsWith(`${attribute}=`))
    .map((line) => line.slice(attribute.length + 1));
}

export function certificateFacts(certificatePem: string): CertificateFacts {
  const certificate = parseCertificate(certificatePem);
  return {
    commonName: subjectValues(certificate.subject, 'CN')[0] ?? '',
    organizations: subjectValues(certificate.subject, 'O'),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    serialNumber: certificate.serialNumber,
    fingerprint: createHash('sha256').update(certificate.raw).digest('hex'),
  };
}

/** True when `certificatePem` was signed by the CA and is valid at `now`. */
export function isIssuedBy(certificatePem: string, caPem: string, now = new Date()): boolean {
  const certificate = parseCertificate(certificatePem);
  const ca = parseCertificate(caPem);
  const facts = certificateFacts(certificatePem);
  return (
    certificate.checkIssued(ca) &&
    certificate.verify(ca.publicKey) &&
    facts.notBefore.getTime() <= now.getTime() &&
    now.getTime() < facts.notAfter.getTime()
  );
}

export { dayMs };
