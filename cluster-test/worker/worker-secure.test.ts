// A worker in a secure cluster (an in-process master with TLS, authentication,
// RBAC and the node authorizer; gRPC on loopback; the process runtime): it
// joins by token and registers its Node over TLS; a wrong token is refused and
// leaves nothing behind; the node authorizer keeps it to its own Node; its
// WorkerService answers masters only; pods get a ServiceAccount token the
// master accepts; and its certificate renews in place while it keeps working.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJoinToken,
  joinTokenNamespace,
  joinTokenSecretData,
  joinTokenSecretName,
  joinTokenSecretType,
  type Pod,
} from '../../src/api/index.js';
import { caHashOf, certificateSummary, isClientError, OrcaClient, TlsIdentity } from '../../src/client/index.js';
import { loadProtoPackage } from '../../src/gen/loader.js';
import type { ProtoGrpcType } from '../../src/gen/worker.js';
import type { Master } from '../../src/master/master.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { InformerNetworkSource } from '../../src/network/index.js';
import { identityFiles, startWorkerFromFlags, type StartedWorker } from '../../src/worker/index.js';

const waitMs = 15_000;
// Short-lived certificates: the worker's renews (at 2/3 of its life) while the test watches.
const certificateValidMs = 15_000;
const logger = pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' });

let masters: TestMasters;
let master: Master;
let admin: OrcaClient;
let adminTls: TlsIdentity;
let root: string;
let started: StartedWorker;
let token: string;

function b64(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
}

async function createToken(id: string, secret: string): Promise<string> {
  await admin.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: joinTokenSecretName(id), namespace: joinTokenNamespace },
    type: joinTokenSecretType,
    data: b64(
      joinTokenSecretData({ id, secret, role: 'worker', expiration: new Date(Date.now() + 3_600_000).toISOString() }),
    ),
  });
  return formatJoinToken(caHashOf(master.security?.caPem ?? ''), id, secret);
}

const workerFlags = (name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  name,
  server: master.address,
  runtime: 'process',
  rootDir: join(root, `${name}-pods`),
  dataDir: join(root, name),
  hostIp: '127.0.0.1',
  listen: '127.0.0.1:0',
  leaseRenewSeconds: 1,
  ...extra,
});

const pod = (name: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: 'w1',
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'app', image: 'none', command: ['sh', '-c', `echo hello from ${name}; exec sleep 60`] }],
    ...extra,
  },
});

const running = (name: string): Promise<Pod> =>
  waitFor(`${name} Running`, waitMs, async () => {
    const object = await admin.get({ kind: 'Pod', namespace: 'default', name });
    return object.status?.phase === 'Running' ? object : undefined;
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  masters = new TestMasters();
  master = await masters.start('m1', { bootstrap: true, security: { certificateValidMs }, leaderLoops: {} });
  await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
  adminTls = new TlsIdentity(await master.security!.issueClientIdentity('admin', ['system:masters']));
  admin = new OrcaClient({ servers: [master.address], tls: adminTls, operationDeadlineMs: 5_000 });
  root = mkdtempSync(join(tmpdir(), 'orca-secure-worker-'));
  token = await createToken('abcdef', '0123456789abcdef');
  started = await startWorkerFromFlags(workerFlags('w1', { token }), undefined, logger);
}, 30_000);

afterAll(async () => {
  await started?.stop();
  admin?.close();
  await masters?.close();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe('a worker in a secure cluster', () => {
  it('joins by token, keeps its identity in its data directory and registers its Node over TLS', async () => {
    const dataDir = join(root, 'w1');
    expect(statSync(join(dataDir, identityFiles.key)).mode & 0o777).toBe(0o600);
    const certificate = readFileSync(join(dataDir, identityFiles.certificate), 'utf8');
    expect(certificateSummary(certificate).commonName).toBe('system:node:w1');
    expect(readFileSync(join(dataDir, identityFiles.ca), 'utf8')).toBe(master.security?.caPem);
    const node = await admin.get({ kind: 'Node', name: 'w1' });
    expect(node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    const lease = await admin.get({ kind: 'Lease', namespace: 'kube-node-lease', name: 'w1' });
    expect(lease.spec?.holderIdentity).toBe('w1');
    const me = await started.client.reviewAccess({ verb: 'get', resource: 'nodes', name: 'w1' });
    expect(me).toMatchObject({ allowed: true, user: 'system:node:w1' });
  });

  it('refuses a wrong token with the master’s message and writes nothing', async () => {
    const wrong = formatJoinToken(caHashOf(master.security?.caPem ?? ''), 'abcdef', 'ffffffffffffffff');
    const error = await rejection(startWorkerFromFlags(workerFlags('w2', { token: wrong }), undefined, logger));
    expect(isClientError(error, 'unauthenticated')).toBe(true);
    expect((error as Error).message).toMatch(/join token abcdef is not known to the cluster/);
    expect(existsSync(join(root, 'w2'))).toBe(false);
    const foreign = formatJoinToken('0'.repeat(64), 'abcdef', '0123456789abcdef');
    const pinned = await rejection(startWorkerFromFlags(workerFlags('w2', { token: foreign }), undefined, logger));
    expect((pinned as Error).message).toMatch(/does not match the join token/);
    expect(existsSync(join(root, 'w2'))).toBe(false);
  });

  it('refuses to start with neither a token, a saved identity nor --insecure, and says how to get a token', async () => {
    const error = await rejection(startWorkerFromFlags(workerFlags('w3', {}), undefined, logger));
    expect((error as Error).message).toMatch(/no identity .*--token .*orca token create.*--insecure/);
  });

  it('may write only its own Node', async () => {
    await admin.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'other' } });
    const other = await started.client.get({ kind: 'Node', name: 'other' });
    const error = await rejection(
      started.client.update({ ...other, metadata: { ...other.metadata, labels: { taken: 'yes' } } }),
    );
    expect(isClientError(error, 'forbidden')).toBe(true);
    expect((error as Error).message).toMatch(/own Node "w1"/);
    const namespace = await rejection(
      started.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mine' } }),
    );
    expect(isClientError(namespace, 'forbidden')).toBe(true);
  });

  it('answers logs through a master, and refuses a caller whose certificate is not a master’s', async () => {
    await admin.create(pod('talker'));
    await running('talker');
    const logs = await waitFor('talker logs', waitMs, async () => {
      let text = '';
      await admin.logs({ name: 'talker' }, {}, (chunk) => {
        text += chunk.toString('utf8');
      });
      return text.includes('hello') ? text : undefined;
    });
    expect(logs).toBe('hello from talker\n');
    const proto = loadProtoPackage('orca/v1/worker.proto') as unknown as ProtoGrpcType;
    const direct = new proto.orca.v1.WorkerService(started.worker.serviceEndpoint, adminTls.channelCredentials());
    try {
      const refused = await new Promise<ServiceError>((resolve) => {
        const stream = direct.Logs({ namespace: 'default', pod: 'talker' }, new Metadata());
        stream.on('data', () => undefined);
        stream.on('error', (error: ServiceError) => resolve(error));
        stream.on('end', () => resolve({ code: 0, details: 'answered' } as ServiceError));
      });
      expect(refused.code).toBe(7); // PERMISSION_DENIED
      expect(refused.details).toMatch(/answers masters only: "admin" is not a master/);
    } finally {
      direct.close();
    }
  });

  it('mounts a ServiceAccount token the master accepts, with the CA and the namespace; none when the pod opts out', async () => {
    await admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } });
    await admin.create(pod('robotic', { serviceAccountName: 'robot' }));
    await admin.create(pod('private', { serviceAccountName: 'robot', automountServiceAccountToken: false }));
    await admin.create(pod('plain'));
    const folder = async (name: string): Promise<string> =>
      join(root, 'w1-pods', 'pods', (await running(name)).metadata?.uid ?? '', 'volumes', '_kube-api-access');
    const volume = await folder('robotic');
    const tokenText = readFileSync(join(volume, 'token'), 'utf8');
    expect(readFileSync(join(volume, 'namespace'), 'utf8')).toBe('default');
    const caPem = readFileSync(join(volume, 'ca.crt'), 'utf8');
    expect(caPem).toBe(master.security?.caPem);
    const asPod = new OrcaClient({ servers: [master.address], tls: new TlsIdentity({ caPem, token: tokenText }) });
    try {
      const me = await asPod.reviewAccess({ verb: 'get', resource: 'pods' });
      expect(me.user).toBe('system:serviceaccount:default:robot');
    } finally {
      asPod.close();
    }
    expect(existsSync(await folder('private'))).toBe(false);
    // No ServiceAccount named: the pod runs as `default` (kept in every namespace by the leader), as in Kubernetes.
    const plainToken = readFileSync(join(await folder('plain'), 'token'), 'utf8');
    const asPlain = new OrcaClient({ servers: [master.address], tls: new TlsIdentity({ caPem, token: plainToken }) });
    try {
      expect((await asPlain.reviewAccess({ verb: 'get', resource: 'pods' })).user).toBe(
        'system:serviceaccount:default:default',
      );
    } finally {
      asPlain.close();
    }
  });

  it("the pod network's informers are allowed for the node, and hold only TLS Secrets", async () => {
    const secret = (name: string, type: string) => ({
      apiVersion: 'v1' as const,
      kind: 'Secret' as const,
      metadata: { name, namespace: 'default' },
      type,
      data: { 'tls.crt': Buffer.from('c').toString('base64'), 'tls.key': Buffer.from('k').toString('base64') },
    });
    await admin.create(secret('web-tls', 'kubernetes.io/tls'));
    await admin.create(secret('db-password', 'Opaque'));
    const errors: string[] = [];
    const source = new InformerNetworkSource(started.client, (kind, error) => errors.push(`${kind}: ${error.message}`));
    try {
      await source.start();
      expect(errors).toEqual([]);
      expect(source.secret('default', 'web-tls')).toBeDefined();
      expect(source.secret('default', 'db-password')).toBeUndefined();
      // Through the watch too: the Opaque one written first never arrives, the TLS one after it does.
      await admin.create(secret('later-password', 'Opaque'));
      await admin.create(secret('later-tls', 'kubernetes.io/tls'));
      await waitFor('later-tls', waitMs, () => source.secret('default', 'later-tls'));
      expect(source.secret('default', 'later-password')).toBeUndefined();
    } finally {
      await source.stop();
    }
  });

  it('renews its certificate in place before it expires, and keeps working after the first one expired', async () => {
    const first = started.identity?.current.certificatePem ?? '';
    const firstExpiry = certificateSummary(first).notAfter.getTime();
    const renewed = await waitFor('a renewed certificate', 20_000, () => {
      const current = started.identity?.current.certificatePem ?? '';
      return current !== first ? current : undefined;
    });
    expect(Date.now()).toBeLessThan(firstExpiry);
    expect(certificateSummary(renewed).commonName).toBe('system:node:w1');
    expect(certificateSummary(renewed).notAfter.getTime()).toBeGreaterThan(firstExpiry);
    await waitFor('the files to hold it', waitMs, () =>
      readFileSync(join(root, 'w1', identityFiles.certificate), 'utf8') === renewed ? true : undefined,
    );
    await waitFor('the first certificate to expire', 20_000, () => (Date.now() > firstExpiry + 500 ? true : undefined));
    await admin.create(pod('later'));
    await running('later');
    let text = '';
    await admin.logs({ name: 'talker' }, {}, (chunk) => {
      text += chunk.toString('utf8');
    });
    expect(text).toBe('hello from talker\n');
    const lease = await admin.get({ kind: 'Lease', namespace: 'kube-node-lease', name: 'w1' });
    expect(Date.now() - Date.parse(lease.spec?.renewTime ?? '')).toBeLessThan(5_000);
  }, 60_000);
});
