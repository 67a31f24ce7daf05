// The node identity on disk: saved with the key private, loaded back, refused
// when partial, foreign or expired; no token and no files means no identity;
// and the addresses a worker's certificate is asked to carry.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { identityFiles, loadNodeIdentity, obtainNodeIdentity, saveNodeIdentity } from './node-identity.js';
import { workerAddresses } from './run-worker-command.js';
import { masterRefusal } from './worker-service.js';

const logger = pino({ level: 'silent' });
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type WebCrypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

/** A self-signed certificate with these dates, for reading only. */
async function certificateWith(commonName: string, notBefore: Date, notAfter: Date): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: `CN=${commonName}`, notBefore, notAfter, keys, signingAlgorithm: algorithm },
    webcrypto as unknown as WebCrypto,
  );
  return certificate.toString('pem');
}
const hour = 3_600_000;

describe('the node identity files', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  async function saved(commonName: string, notAfter = new Date(Date.now() + hour)) {
    dir = mkdtempSync(join(tmpdir(), 'orca-identity-'));
    const material = {
      caPem: await certificateWith('orca-cluster-ca', new Date(Date.now() - hour), new Date(Date.now() + hour)),
      certificatePem: await certificateWith(commonName, new Date(Date.now() - hour), notAfter),
      keyPem: '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n',
    };
    saveNodeIdentity(dir, material);
    return material;
  }

  it('saves the key readable by its owner only, and loads what it saved', async () => {
    const material = await saved('system:node:w1');
    expect(statSync(join(dir, identityFiles.key)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    expect(loadNodeIdentity(dir, 'w1')?.material).toEqual(material);
    const node = await obtainNodeIdentity({
      dataDir: dir,
      name: 'w1',
      servers: [],
      addresses: [],
      joinTimeoutMs: 1,
      logger,
    });
    expect(node?.identity.current.certificatePem).toBe(material.certificatePem);
  });

  it('refuses a partial identity, another node’s, and an expired one', async () => {
    await saved('system:node:w1', new Date(Date.now() - 1_000));
    expect(() => loadNodeIdentity(dir, 'w2')).toThrow(/identity of "system:node:w1", not of node "w2"/);
    await expect(
      obtainNodeIdentity({ dataDir: dir, name: 'w1', servers: [], addresses: [], joinTimeoutMs: 1, logger }),
    ).rejects.toThrow(/expired at .*join again with a new --token/);
    unlinkSync(join(dir, identityFiles.key));
    expect(() => loadNodeIdentity(dir, 'w1')).toThrow(/only part of a node identity/);
  });

  it('has no identity without files or a token', async () => {
    dir = mkdtempSync(join(tmpdir(), 'orca-identity-'));
    expect(loadNodeIdentity(dir, 'w1')).toBeUndefined();
    expect(
      await obtainNodeIdentity({ dataDir: dir, name: 'w1', servers: [], addresses: [], joinTimeoutMs: 1, logger }),
    ).toBeUndefined();
  });
});

describe('who may call and where the worker is reached', () => {
  it('asks for the service host (the node IP for a wildcard) and the node IP', () => {
    expect(workerAddresses('0.0.0.0:10250', '10.0.0.5')).toEqual(['10.0.0.5']);
    expect(workerAddresses('[::]:10250', '10.0.0.5')).toEqual(['10.0.0.5']);
    expect(workerAddresses('127.0.0.1:0', '10.0.0.5')).toEqual(['127.0.0.1', '10.0.0.5']);
  });

  it('answers masters only', () => {
    const peer = (subject: Record<string, string | string[]> | undefined) => ({
      getAuthContext: () => (subject === undefined ? {} : { sslPeerCertificate: { subject } }),
    });
    expect(masterRefusal(peer({ CN: 'm1', O: 'orca:masters' }))).toBeUndefined();
    expect(masterRefusal(peer({ CN: 'm1', O: ['system:masters', 'orca:masters'] }))).toBeUndefined();
    expect(masterRefusal(peer({ CN: 'admin', O: 'system:masters' }))).toMatch(/"admin" is not a master/);
    expect(masterRefusal(peer({ CN: 'system:node:w2', O: 'system:nodes' }))).toMatch(/is not a master/);
    expect(masterRefusal(peer(undefined))).toMatch(/presented no certificate/);
  });
});
