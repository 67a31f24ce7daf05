/**
 * Self-signed certificates made with @peculiar/x509 over Node's WebCrypto:
 * the default certificate the HTTPS listener presents for an unknown or absent
 * SNI name (like ingress-nginx's "Fake Certificate"), and test certificates.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { NetworkError, errorMessage } from '../network-error.js';

export const defaultCertificateCommonName = 'Orca Ingress Default Certificate';

export interface CertificatePem {
  readonly certificatePem: string;
  readonly keyPem: string;
}

export interface SelfSignedOptions {
  readonly commonName: string;
  /** Subject alternative DNS names (may include wildcards). */
  readonly dnsNames?: readonly string[];
  readonly validDays?: number;
  /** When the certificate starts being valid; defaults to one hour before now (clock skew). */
  readonly notBefore?: Date;
}

const dayMs = 86_400_000;

/** The WebCrypto type @peculiar/x509 expects (DOM's `Crypto`, absent from our lib settings); Node's webcrypto implements it. */
type WebCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

/** An ECDSA P-256 self-signed server certificate, PEM-encoded with its PKCS#8 key. */
export async function generateSelfSignedCertificate(options: SelfSignedOptions): Promise<CertificatePem> {
  const validDays = options.validDays ?? 365;
  if (!(validDays > 0 && validDays <= 3650))
    throw new NetworkError('certificate', `validDays must be in (0, 3650], got ${validDays}`);
  try {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const notBefore = options.notBefore ?? new Date(Date.now() - 3_600_000);
    const names = options.dnsNames ?? [];
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ];
    if (names.length > 0)
      extensions.push(
        new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
      );
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
          .toString('hex')
          .replace(/^[89a-f]/, '1'),
        name: `CN=${options.commonName}`,
        notBefore,
        notAfter: new Date(notBefore.getTime() + validDays * dayMs),
        keys,
        signingAlgorithm: algorithm,
        extensions,
      },
      webcrypto as unknown as WebCrypto,
    );
    const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { certificatePem: certificate.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
  } catch (error: unknown) {
    throw new NetworkError(
      'certificate',
      `generating a certificate for ${options.commonName} failed: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** The certificate presented when no TLS section matches the SNI name (or none is sent). */
export function generateDefaultCertificate(): Promise<CertificatePem> {
  return generateSelfSignedCertificate({ commonName: defaultCertificateCommonName, dnsNames: ['ingress.local'] });
}
