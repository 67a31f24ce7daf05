import { describe, expect, it } from 'vitest';
import {
  certificateFacts,
  certificateFingerprint,
  createCertificateAuthority,
  createKeyAndCsr,
  isIssuedBy,
  issueCertificate,
  PkiError,
} from './pki.js';

describe('cluster PKI', () => {
  it('issues a leaf from a CSR with the names the signer chose, trusted by the CA and no other', async () => {
    const ca = await createCertificateAuthority();
    const other = await createCertificateAuthority('another-ca');
    const { csrPem } = await createKeyAndCsr('asks-for-admin');
    const leaf = await issueCertificate(ca, {
      csrPem,
      commonName: 'system:node:w1',
      organizations: ['system:nodes'],
      dnsNames: ['w1'],
      ipAddresses: ['10.0.0.5'],
      usages: ['server', 'client'],
      validMs: 3_600_000,
    });
    const facts = certificateFacts(leaf);
    expect(facts.commonName).toBe('system:node:w1');
    expect(facts.organizations).toEqual(['system:nodes']);
    expect(facts.notAfter.getTime() - facts.notBefore.getTime()).toBeLessThanOrEqual(3_600_000 + 5 * 60_000 + 1000);
    expect(facts.notAfter.getTime()).toBeGreaterThan(Date.now() + 3_590_000);
    expect(isIssuedBy(leaf, ca.certificatePem)).toBe(true);
    expect(isIssuedBy(leaf, other.certificatePem)).toBe(false);
    expect(isIssuedBy(leaf, ca.certificatePem, new Date(Date.now() + 2 * 3_600_000))).toBe(false);
    expect(certificateFingerprint(ca.certificatePem)).toMatch(/^[0-9a-f]{64}$/);
    expect(certificateFingerprint(ca.certificatePem)).not.toBe(certificateFingerprint(other.certificatePem));
  });

  it('refuses a CSR whose signature does not match, bad names and bad validity', async () => {
    const ca = await createCertificateAuthority();
    const { csrPem } = await createKeyAndCsr('x');
    // Flip a byte inside the subject: the signature no longer matches what it signs.
    const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('x', 'utf8'), 8);
    der[at] = 'y'.charCodeAt(0);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(
      issueCertificate(ca, { csrPem: tampered, commonName: 'a', usages: ['client'], validMs: 1000 }),
    ).rejects.toBeInstanceOf(PkiError);
    await expect(
      issueCertificate(ca, { csrPem: 'junk', commonName: 'a', usages: ['client'], validMs: 1000 }),
    ).rejects.toThrow(/PKCS#10/);
    await expect(
      issueCertificate(ca, { csrPem, commonName: 'a', ipAddresses: ['nope'], usages: ['client'], validMs: 1000 }),
    ).rejects.toThrow(/not an IP/);
    await expect(issueCertificate(ca, { csrPem, commonName: 'a', usages: ['client'], validMs: 0 })).rejects.toThrow(
      /validity/,
    );
  });
});
