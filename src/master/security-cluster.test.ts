/**
 * Three secure masters over real TLS: the second and third join by a master
 * token only, a follower forwards a caller's write with the caller's identity
 * (so the leader authorizes the caller, not the follower), a joined master
 * learns the CA key from the replicated state and can sign, a wrong master
 * token is refused before anything is written, and certificates renew under
 * load with no failed request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJoinToken, generateTokenPair, type OrcaObject } from '../api/index.js';
import { certificateFacts } from '../auth/index.js';
import { caHashOf, isClientError, OrcaClient, TlsIdentity } from '../client/index.js';
import type { Master } from './master.js';
import { joinTokenSecret, TestMasters, waitFor } from './test-support.js';

const masters = new TestMasters();
const validMs = 12_000;
// The cluster defaults (which keep the sealed CA Secret) run; the scheduler is not needed.
const loops = { scheduler: false, controllers: true };
let first: Master;
let admin: OrcaClient;
let token = '';
const clients: OrcaClient[] = [];

beforeAll(async () => {
  first = await masters.start('m1', { bootstrap: true, security: { certificateValidMs: validMs }, leaderLoops: loops });
  await masters.leader();
  const material = await first.security?.issueClientIdentity('admin', ['system:masters'], 600_000);
  if (material === undefined) throw new Error('no security');
  admin = new OrcaClient({ servers: [first.address], tls: new TlsIdentity(material) });
  clients.push(admin);
  const pair = generateTokenPair();
  await admin
    .create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kube-system' },
    } as OrcaObject)
    .catch(() => undefined);
  await admin.create(joinTokenSecret({ ...pair, role: 'master' }));
  token = formatJoinToken(caHashOf(material.caPem), pair.id, pair.secret);
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await masters.close();
});

describe('three secure masters', () => {
  it('refuse a master with a wrong token before it writes anything', async () => {
    const wrong = token.replace(/.{4}$/, 'zzzz');
    await expect(
      masters.start('bad', { join: first.address, security: { joinToken: wrong, certificateValidMs: validMs } }),
    ).rejects.toThrow(/refused: join refused: join token .* is not known/);
    expect(first.node.latestConfiguration().servers.map((s) => s.id)).toEqual(['m1']);
  });

  it('join by token, forward writes with the caller identity, learn the CA key, renew certificates under load', async () => {
    const second = await masters.start('m2', {
      join: first.address,
      security: { joinToken: token, certificateValidMs: validMs },
    });
    const third = await masters.start('m3', {
      join: first.address,
      security: { joinToken: token, certificateValidMs: validMs },
    });
    await waitFor('three voters', 10_000, () =>
      first.node.latestConfiguration().servers.filter((s) => s.suffrage === 'voter').length === 3 ? true : undefined,
    );
    // A follower forwards a refused caller's write: the leader refuses it as that caller.
    const dev = new OrcaClient({
      servers: [second.address],
      tls: new TlsIdentity(await first.security!.issueClientIdentity('dev', [], 600_000)),
      attemptsMax: 1,
    });
    clients.push(dev);
    const refused = await dev
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as OrcaObject)
      .catch((error: unknown) => error);
    expect(isClientError(refused, 'forbidden')).toBe(true);
    expect(String((refused as Error).message)).toContain('user "dev" cannot create configmaps');
    // The joined masters learn the CA and ServiceAccount keys from the replicated Secret.
    await waitFor('m3 to hold the CA key', 15_000, () => (third.security?.hasKeys() === true ? true : undefined));
    // Writes through every master while certificates (12 s life) renew at 2/3 of it.
    const serials = new Map(
      [first, second, third].map((m) => [
        m.name,
        certificateFacts(m.security!.identity.current.certificatePem!).serialNumber,
      ]),
    );
    const through = [first, second, third].map((m) => {
      const client = new OrcaClient({
        servers: [m.address],
        tls: new TlsIdentity({ ...admin.options.tls!.current }),
      });
      clients.push(client);
      return client;
    });
    let written = 0;
    const deadline = Date.now() + 11_000;
    while (Date.now() < deadline) {
      const client = through[written % 3]!;
      await client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `load-${written}`, namespace: 'default' },
        data: { n: String(written) },
      } as OrcaObject);
      written += 1;
    }
    for (const m of [first, second, third]) {
      const now = certificateFacts(m.security!.identity.current.certificatePem!).serialNumber;
      expect({ master: m.name, renewed: now !== serials.get(m.name) }).toEqual({ master: m.name, renewed: true });
    }
    // New connections use the new certificates: a fresh client through each master still works.
    for (const m of [first, second, third]) {
      const fresh = new OrcaClient({ servers: [m.address], tls: new TlsIdentity({ ...admin.options.tls!.current }) });
      clients.push(fresh);
      expect((await fresh.get({ kind: 'ConfigMap', namespace: 'default', name: 'load-0' })).metadata?.name).toBe(
        'load-0',
      );
    }
    expect(written).toBeGreaterThan(50);
  }, 60_000);
});
