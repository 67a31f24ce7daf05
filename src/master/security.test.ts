/**
 * A secure master refuses every caller it should, with the right code, and
 * writes nothing for a refused request: a matrix of callers × operations over
 * real TLS on loopback. Also: escalation, the node authorizer, joins by token,
 * ServiceAccount tokens, the audit log.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJoinToken, generateTokenPair, joinTokenSecretName, type OrcaObject } from '../api/index.js';
import { createCertificateAuthority, createKeyAndCsr, issueCertificate } from '../auth/index.js';
import { caHashOf, isClientError, OrcaClient, TlsIdentity, type TlsMaterial } from '../client/index.js';
import { servicesWire } from './wire.js';
import { callUnary } from './peer-clients.js';
import type { Master } from './master.js';
import { base64Data, joinTokenSecret, TestMasters, userRoleBinding, waitFor } from './test-support.js';

const masters = new TestMasters();
let master: Master;
let caPem: string;
const clients: OrcaClient[] = [];

function clientFor(material: TlsMaterial): OrcaClient {
  const client = new OrcaClient({ servers: [master.address], tls: new TlsIdentity(material), attemptsMax: 2 });
  clients.push(client);
  return client;
}

async function identity(user: string, groups: string[], validMs?: number): Promise<TlsMaterial> {
  if (master.security === undefined) throw new Error('no security');
  return master.security.issueClientIdentity(user, groups, validMs);
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error: unknown) {
    if (isClientError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
}

const configMap = (name: string): OrcaObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'prod' }, data: { a: '1' } }) as OrcaObject;

let admin: OrcaClient;

beforeAll(async () => {
  master = await masters.start('m1', {
    bootstrap: true,
    security: {},
    leaderLoops: { scheduler: false, controllers: true },
  });
  await masters.leader();
  caPem = master.security?.caPem ?? '';
  admin = clientFor(await identity('admin', ['system:masters']));
  await waitFor('the default ServiceAccount in default', 10_000, async () =>
    (await code(admin.get({ kind: 'ServiceAccount', namespace: 'default', name: 'default' }))) === 'ok'
      ? true
      : undefined,
  );
  await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } } as OrcaObject);
  await admin.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's1', namespace: 'prod' },
    data: base64Data({ password: 'hunter2' }),
  } as OrcaObject);
  await admin.create(userRoleBinding('prod', 'dev-view', 'dev', 'view'));
  await admin.create(userRoleBinding('prod', 'lead-admin', 'lead', 'admin'));
  await admin.create({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'robot', namespace: 'prod' },
  } as OrcaObject);
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await masters.close();
});

describe('a secure master', () => {
  it('refuses each caller it should, with the right code, and writes nothing', async () => {
    const other = await createCertificateAuthority('another-ca');
    const { keyPem, csrPem } = await createKeyAndCsr('admin');
    const foreignCertificate = await issueCertificate(other, {
      csrPem,
      commonName: 'admin',
      organizations: ['system:masters'],
      usages: ['client'],
      validMs: 3_600_000,
    });
    const robotToken = (await admin.issueServiceAccountToken({ namespace: 'prod', name: 'robot' })).token;
    // A token whose ServiceAccount was deleted is revoked with it.
    await admin.create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'gone', namespace: 'prod' },
    } as OrcaObject);
    const goneToken = (await admin.issueServiceAccountToken({ namespace: 'prod', name: 'gone' })).token;
    await admin.delete({ kind: 'ServiceAccount', namespace: 'prod', name: 'gone' });
    const callers: Record<string, TlsMaterial> = {
      'no certificate': { caPem },
      'a certificate from another CA': { caPem, certificatePem: foreignCertificate, keyPem },
      'an expired certificate': await identity('old', ['system:masters'], 1),
      'a forged bearer token': { caPem, token: `${robotToken.slice(0, -4)}AAAA` },
      'a revoked ServiceAccount token': { caPem, token: goneToken },
      'a worker acting for another node': await identity('system:node:w9', ['system:nodes']),
      'a ServiceAccount without a binding': { caPem, token: robotToken },
      'a user with view': await identity('dev', ['devs']),
    };
    const operations: Record<string, (client: OrcaClient) => Promise<unknown>> = {
      'create a ConfigMap': (client) => client.create(configMap('refused')),
      'get a Secret': (client) => client.get({ kind: 'Secret', namespace: 'prod', name: 's1' }),
      'exec into a pod': (client) => client.exec({ namespace: 'prod', name: 'any' }, ['sh']),
    };
    const expected: Record<string, string> = {
      'no certificate': 'unauthenticated',
      'a certificate from another CA': 'unauthenticated',
      'an expired certificate': 'unauthenticated',
      'a forged bearer token': 'unauthenticated',
      'a revoked ServiceAccount token': 'unauthenticated',
      'a worker acting for another node': 'forbidden',
      'a ServiceAccount without a binding': 'forbidden',
      'a user with view': 'forbidden',
    };
    const seen: string[] = [];
    for (const [caller, material] of Object.entries(callers)) {
      const client = clientFor(material);
      for (const [operation, run] of Object.entries(operations)) {
        const result = await code(run(client));
        seen.push(`${caller} / ${operation}: ${result.split(':')[0] ?? ''}`);
        expect({ caller, operation, result: result.split(':')[0] }).toEqual({
          caller,
          operation,
          result: expected[caller],
        });
      }
    }
    expect(master.state.get('ConfigMap', 'prod', 'refused')).toBeUndefined();
    const denied = await code(
      clientFor(callers['a user with view'] ?? { caPem }).get({ kind: 'Secret', namespace: 'prod', name: 's1' }),
    );
    expect(denied).toContain('user "dev" cannot get secrets "s1" in namespace "prod"');
  }, 60_000);

  it('lets view read what view may, and the admin everything', async () => {
    const dev = clientFor(await identity('dev', ['devs']));
    expect(await code(dev.list('Pod', { namespace: 'prod' }))).toBe('ok');
    expect(await code(dev.list('Pod', { namespace: 'default' }))).toMatch(/^forbidden/);
    expect(await dev.reviewAccess({ verb: 'list', resource: 'pods', namespace: 'prod' })).toMatchObject({
      allowed: true,
      user: 'dev',
    });
    expect(await dev.reviewAccess({ verb: 'get', resource: 'secrets', namespace: 'prod' })).toMatchObject({
      allowed: false,
    });
    const secret = (await admin.get({ kind: 'Secret', namespace: 'prod', name: 's1' })) as {
      data?: Record<string, string>;
    };
    expect(Buffer.from(secret.data?.['password'] ?? '', 'base64').toString()).toBe('hunter2');
  });

  it('refuses granting what the caller does not hold (escalation), allows what it does', async () => {
    const lead = clientFor(await identity('lead', []));
    const escalate = await code(
      lead.create({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'lead-root', namespace: 'prod' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'lead' }],
      } as OrcaObject),
    );
    expect(escalate).toMatch(/^forbidden/);
    expect(master.state.get('RoleBinding', 'prod', 'lead-root')).toBeUndefined();
    const within = await code(
      lead.create({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'pod-reader', namespace: 'prod' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      } as OrcaObject),
    );
    expect(within).toBe('ok');
  });

  it('limits a worker to its own Node (the node authorizer)', async () => {
    const node = (name: string): OrcaObject =>
      ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} }) as OrcaObject;
    const w1 = clientFor(await identity('system:node:w1', ['system:nodes']));
    expect(await code(w1.create(node('w1')))).toBe('ok');
    expect(await code(w1.create(node('w2')))).toMatch(/^forbidden/);
    expect(master.state.get('Node', '', 'w2')).toBeUndefined();
    expect(await code(w1.get({ kind: 'Secret', namespace: 'prod', name: 's1' }))).toMatch(/^forbidden/);
  });

  it('joins by a live token only; a wrong or revoked token is refused and writes nothing', async () => {
    const pair = generateTokenPair();
    await admin.create(joinTokenSecret({ ...pair, role: 'worker' }));
    const join = async (token: string): Promise<string> => {
      const client = new (servicesWire().ClusterService)(
        master.address,
        new TlsIdentity({ caPem }).channelCredentials(),
      );
      const { csrPem } = await createKeyAndCsr('w9');
      try {
        const answer = await callUnary<object, { certificatePem: string }>(
          client.Join.bind(client),
          { token, csrPem, name: 'w9', role: 'worker', addresses: ['127.0.0.1'] },
          5000,
        );
        return answer.certificatePem.startsWith('-----BEGIN CERTIFICATE') ? 'ok' : 'no certificate';
      } catch (error: unknown) {
        return `${(error as { code: number }).code} ${(error as { details: string }).details}`;
      } finally {
        client.close();
      }
    };
    const hash = caHashOf(caPem);
    const revision = master.state.appliedIndex();
    expect(await join(formatJoinToken(hash, pair.id, 'x'.repeat(16)))).toMatch(/^16 .*not known/);
    expect(await join(formatJoinToken('0'.repeat(64), pair.id, pair.secret))).toMatch(/^16 .*another cluster CA/);
    expect(await join(formatJoinToken(hash, pair.id, pair.secret))).toBe('ok');
    // Nothing was written by the joins (a read-only check).
    expect(master.state.appliedIndex()).toBe(revision);
    await admin.delete({ kind: 'Secret', namespace: 'kube-system', name: joinTokenSecretName(pair.id) });
    expect(await join(formatJoinToken(hash, pair.id, pair.secret))).toMatch(/^16 .*not known/);
  });

  it('deletes an expired join token (the token cleaner), after refusing it from its expiration on', async () => {
    const pair = generateTokenPair();
    const expiration = new Date(Date.now() + 1500).toISOString();
    await admin.create(joinTokenSecret({ ...pair, role: 'worker', expiration }));
    const name = joinTokenSecretName(pair.id);
    expect(master.state.get('Secret', 'kube-system', name)).toBeDefined();
    await waitFor('the expired token to be deleted', 10_000, () =>
      master.state.get('Secret', 'kube-system', name) === undefined ? true : undefined,
    );
  });

  it('audits each request as one JSON line, refused ones included, never a Secret value', async () => {
    const file = join(masters.directories.get('m1') ?? '', 'audit.log');
    await waitFor('audit lines', 5000, () =>
      existsSync(file) && readFileSync(file, 'utf8').includes('"dev"') ? true : undefined,
    );
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      lines.some((line) => line['user'] === 'dev' && line['code'] === 'forbidden' && line['resource'] === 'secrets'),
    ).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(Buffer.from('hunter2').toString('base64'));
  });
});
