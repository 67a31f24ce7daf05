// The joiner's pieces: a key and CSR the signer can read, certificate dates,
// when to renew (counted from when the certificate was obtained, so a
// backdated notBefore never makes a short certificate renew in a loop), and a
// malformed token refused before anything is sent.
import 'reflect-metadata';
import { createPrivateKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { isClientError } from './errors.js';
import { certificateSummary, createKeyAndCsr, joinCluster, renewalTime } from './join.js';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type WebCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

/** A self-signed certificate with these dates, for reading only. */
async function certificateWith(commonName: string, notBefore: Date, notAfter: Date): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: `CN=${commonName}, O=system:nodes`,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: algorithm,
    },
    webcrypto as unknown as WebCrypto,
  );
  return certificate.toString('pem');
}

describe('joining helpers', () => {
  it('makes a P-256 key and a CSR signed by it, naming the requested CN', async () => {
    const { keyPem, csrPem } = await createKeyAndCsr('system:node:w1');
    expect(createPrivateKey(keyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    expect(csr.subject).toBe('CN=system:node:w1');
    expect(await csr.verify(webcrypto as unknown as WebCrypto)).toBe(true);
  });

  it('reads a certificate’s subject and dates', async () => {
    const pem = await certificateWith(
      'system:node:w1',
      new Date('2030-01-01T00:00:00Z'),
      new Date('2030-01-02T00:00:00Z'),
    );
    expect(certificateSummary(pem)).toEqual({
      commonName: 'system:node:w1',
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-02T00:00:00Z'),
    });
    expect(() => certificateSummary('not a certificate')).toThrow(/not a PEM certificate/);
  });

  it('renews at 2/3 of the life left when obtained, not of a backdated life, and never in a loop', async () => {
    const obtained = Date.parse('2030-01-01T00:05:00Z');
    // Backdated by 5 minutes, 15 s of life from when it was obtained.
    const pem = await certificateWith('n', new Date(obtained - 300_000), new Date(obtained + 15_000));
    expect(renewalTime(pem, obtained).getTime()).toBe(obtained + 10_000);
    // Obtained before its notBefore (clock skew): counted from notBefore.
    const later = await certificateWith('n', new Date(obtained + 3_000), new Date(obtained + 33_000));
    expect(renewalTime(later, obtained).getTime()).toBe(obtained + 23_000);
    // Already expired when obtained: one second later at the soonest.
    const expired = await certificateWith('n', new Date(obtained - 60_000), new Date(obtained - 1_000));
    expect(renewalTime(expired, obtained).getTime()).toBe(obtained + 1_000);
    expect(() => renewalTime(pem, obtained, 1)).toThrow(/fraction/);
  });

  it('refuses a malformed token before contacting anyone, saying how to make one', async () => {
    const error = await joinCluster({
      servers: ['127.0.0.1:1'],
      token: 'K10nothex::abc.def',
      name: 'w1',
      role: 'worker',
      addresses: [],
      timeoutMs: 1_000,
    }).catch((failure: unknown) => failure);
    expect(isClientError(error, 'config')).toBe(true);
    expect((error as Error).message).toMatch(/--token: .*orca token create/);
  });

  it('gives up on unreachable masters at the deadline, naming them', async () => {
    const error = await joinCluster({
      servers: ['127.0.0.1:1'],
      token: `K10${'a'.repeat(64)}::abcdef.0123456789abcdef`,
      name: 'w1',
      role: 'worker',
      addresses: [],
      timeoutMs: 500,
    }).catch((failure: unknown) => failure);
    expect(isClientError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toMatch(
      /did not complete within 500 ms \(127\.0\.0\.1:1\): 127\.0\.0\.1:1: cannot reach/,
    );
  });
});
