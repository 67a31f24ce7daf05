/**
 * One master over real gRPC and SQLite: pod CIDRs handed to Nodes, graceful
 * deletion of pods bound to a node, and the errors of logs/exec through the
 * master before any worker is involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/index.js';
import { OrcaClient, isClientError } from '../client/index.js';
import type { Master } from './master.js';
import { firstFreePodCidr, parseClusterCidr } from './pod-cidr.js';
import { TestMasters, waitFor } from './test-support.js';

let masters: TestMasters;
let master: Master;
let client: OrcaClient;

beforeAll(async () => {
  masters = new TestMasters();
  master = await masters.start('solo', { bootstrap: true, clusterCidr: '10.250.0.0/22' });
  await waitFor('the master to lead', 5000, () => (master.node.state === 'leader' ? true : undefined));
  client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 3_000 });
});

afterAll(async () => {
  client.close();
  await masters.close();
});

const node = (name: string, podCidr?: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, annotations: { 'orca.dev/worker-endpoint': '127.0.0.1:1' } },
  spec: podCidr === undefined ? {} : { podCidr },
});
const pod = (name: string, spec: Partial<NonNullable<Pod['spec']>>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error: unknown) {
    if (isClientError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('pod CIDRs', () => {
  it('hands each new Node its own /24 of the cluster CIDR, keeps a given one, and says in an Event when none is left', async () => {
    const given = await client.create(node('n-given', '10.250.0.0/24'));
    expect(given.spec?.podCidr).toBe('10.250.0.0/24');
    const created = await Promise.all(['n-a', 'n-b', 'n-c'].map((name) => client.create(node(name))));
    const cidrs = created.map((item) => item.spec?.podCidr);
    expect(new Set(cidrs)).toEqual(new Set(['10.250.1.0/24', '10.250.2.0/24', '10.250.3.0/24']));
    // None left: the Node still registers, without a pod CIDR, and an Event says why.
    const full = await client.create(node('n-d'));
    expect(full.spec?.podCidr ?? '').toBe('');
    const events = (await client.listAll('Event', { namespace: 'default' })).items.filter(
      (event) => event.involvedObject?.name === 'n-d',
    );
    expect(events.map((event) => [event.type, event.reason])).toEqual([['Warning', 'CIDRNotAvailable']]);
    expect(events[0]?.message).toMatch(/every \/24 of the cluster CIDR 10\.250\.0\.0\/22 is taken/);
    await client.delete({ kind: 'Node', name: 'n-d' });
    await client.delete({ kind: 'Node', name: 'n-b' });
    expect((await client.create(node('n-e'))).spec?.podCidr).toBe('10.250.2.0/24');
  });

  it('parses the cluster CIDR strictly and finds the first free /24', () => {
    expect(() => parseClusterCidr('10.244.1.0/16')).toThrow(/host bits set/);
    expect(() => parseClusterCidr('10.244.0.0/25')).toThrow(/prefix from \/8 to \/24/);
    expect(firstFreePodCidr(parseClusterCidr('10.244.0.0/16'), new Set(['10.244.0.0/24', '10.244.1.0/24']))).toBe(
      '10.244.2.0/24',
    );
    expect(firstFreePodCidr(parseClusterCidr('10.244.0.0/24'), new Set(['10.244.0.0/24']))).toBeUndefined();
  });
});

describe('graceful pod deletion', () => {
  it('marks a pod bound to a node with the grace period and removes it on a delete with grace 0', async () => {
    await client.create(node('g-node', '10.99.0.0/24'));
    await client.create(pod('bound', { nodeName: 'g-node', terminationGracePeriodSeconds: 7 }));
    const marked = await client.delete({ kind: 'Pod', namespace: 'default', name: 'bound' });
    expect(marked.deleted).toBe(false);
    const stored = await client.get({ kind: 'Pod', namespace: 'default', name: 'bound' });
    expect(stored.metadata?.deletionGracePeriodSeconds).toBe(7);
    expect(stored.metadata?.deletionTimestamp).toBeTruthy();
    const forced = await client.delete({ kind: 'Pod', namespace: 'default', name: 'bound' }, { gracePeriodSeconds: 0 });
    expect(forced.deleted).toBe(true);
    expect((await failureOf(client.get({ kind: 'Pod', namespace: 'default', name: 'bound' }))).code).toBe('not-found');
  });

  it('a grace period in the request wins over the spec', async () => {
    await client.create(pod('asked', { nodeName: 'g-node' }));
    await client.delete({ kind: 'Pod', namespace: 'default', name: 'asked' }, { gracePeriodSeconds: 3 });
    expect(
      (await client.get({ kind: 'Pod', namespace: 'default', name: 'asked' })).metadata?.deletionGracePeriodSeconds,
    ).toBe(3);
  });

  it('removes an unbound pod, and a pod whose Node is gone, at once', async () => {
    await client.create(pod('unbound', {}));
    expect((await client.delete({ kind: 'Pod', namespace: 'default', name: 'unbound' })).deleted).toBe(true);
    await client.create(pod('orphan', { nodeName: 'no-such-node' }));
    expect((await client.delete({ kind: 'Pod', namespace: 'default', name: 'orphan' })).deleted).toBe(true);
  });

  it('refuses a negative grace period naming the field', async () => {
    const refused = await failureOf(
      client.delete({ kind: 'Pod', namespace: 'default', name: 'asked' }, { gracePeriodSeconds: -1 }),
    );
    expect(refused.message).toMatch(/gracePeriodSeconds/);
  });
});

describe('logs and exec through the master, before a worker answers', () => {
  it('NOT_FOUND for no such pod, FAILED_PRECONDITION for an unbound one, UNAVAILABLE naming the node whose worker is down', async () => {
    expect((await failureOf(client.exec({ name: 'missing' }, ['true']))).code).toBe('not-found');
    await client.create(pod('waiting', {}));
    const unbound = await failureOf(client.logs({ name: 'waiting' }, {}, () => undefined));
    expect(unbound).toMatchObject({ code: 'failed-precondition' });
    expect(unbound.message).toMatch(/not bound to a node/);
    await client.create(node('down-node', '10.99.1.0/24'));
    await client.create(pod('stranded', { nodeName: 'down-node' }));
    const down = await failureOf(client.exec({ name: 'stranded' }, ['true']));
    expect(down.code).toBe('unavailable');
    expect(down.message).toMatch(/the worker of node "down-node" at 127\.0\.0\.1:1 cannot be reached/);
  });
});
