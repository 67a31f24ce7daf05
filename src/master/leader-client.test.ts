import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Pod, Secret } from '../api/index.js';
import { ClientError, Informer, type ObjectClient } from '../client/index.js';
import type { LeaderTaskContext } from './leader-tasks.js';
import type { Master } from './master.js';
import { TestMasters, waitFor } from './test-support.js';

async function failureOf(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof ClientError) return error;
    throw error;
  }
  throw new Error('expected a ClientError');
}

function configMap(name: string, data: Record<string, string> = { a: '1' }): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

describe('leader client', () => {
  const masters = new TestMasters();
  let master: Master;
  let context: LeaderTaskContext;
  let client: ObjectClient;

  beforeAll(async () => {
    master = await masters.start('m1', { bootstrap: true, changeLogCountMax: 50 });
    await masters.leader();
    context = await new Promise<LeaderTaskContext>((resolve) => {
      master.leaderTasks.register({
        name: 'capture',
        run: async (taskContext) => {
          resolve(taskContext);
          await new Promise((done) => taskContext.signal.addEventListener('abort', done));
        },
      });
    });
    client = master.leaderClient(context);
  });
  afterAll(() => masters.close());

  it('creates, reads and compare-and-swaps like the gRPC client', async () => {
    const created = await client.create(configMap('cas'));
    expect(created.metadata?.uid).toMatch(/./);
    const read = await client.get({ kind: 'ConfigMap', name: 'cas' });
    expect(read.data).toEqual({ a: '1' });
    const updated = await client.update({ ...read, data: { a: '2' } });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));
    const stale = await failureOf(client.update({ ...read, data: { a: '3' } }));
    expect(stale.code).toBe('conflict');
    expect((await failureOf(client.create(configMap('cas')))).code).toBe('already-exists');
    expect((await failureOf(client.get({ kind: 'ConfigMap', name: 'missing' }))).code).toBe('not-found');
  });

  it('refuses an invalid object with its field path', async () => {
    const bad = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bad' },
      spec: { containers: [{ name: 'c' }] },
    } as Pod;
    const error = await failureOf(client.create(bad));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('spec.containers[0].image');
  });

  it('lists with selectors and applies a transaction all or nothing', async () => {
    await client.create({ ...configMap('l1'), metadata: { name: 'l1', labels: { team: 'x' } } });
    await client.create({ ...configMap('l2'), metadata: { name: 'l2', labels: { team: 'y' } } });
    const listed = await client.listAll('ConfigMap', { labelSelector: 'team=x' });
    expect(listed.items.map((item) => item.metadata?.name)).toEqual(['l1']);
    const l2 = await client.get({ kind: 'ConfigMap', name: 'l2' });
    const failed = await failureOf(
      client.transact([
        { create: configMap('t1') },
        { check: { kind: 'ConfigMap', name: 'l2', resourceVersion: '1' } },
      ]),
    );
    expect(failed.code).toBe('conflict');
    expect((await failureOf(client.get({ kind: 'ConfigMap', name: 't1' }))).code).toBe('not-found');
    const done = await client.transact([
      { create: configMap('t1') },
      { check: { kind: 'ConfigMap', name: 'l2', resourceVersion: l2.metadata?.resourceVersion ?? '' } },
    ]);
    expect(done.objects[0]?.metadata?.name).toBe('t1');
    expect(done.objects[1]).toBeUndefined();
  });

  it('opens Secrets that the state keeps sealed', async () => {
    const secret: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's1' },
      data: { password: Buffer.from('hunter2').toString('base64') },
    };
    await client.create(secret);
    const stored = master.state.get('Secret', 'default', 's1');
    expect(JSON.stringify(stored)).not.toContain(Buffer.from('hunter2').toString('base64'));
    const read = await client.get({ kind: 'Secret', name: 's1' });
    expect(Buffer.from(read.data?.['password'] ?? '', 'base64').toString()).toBe('hunter2');
  });

  it('feeds an informer: initial objects, then changes, then deletions', async () => {
    const informer = new Informer(client, 'ConfigMap', { labelSelector: 'watched=yes' });
    const seen: string[] = [];
    informer.addHandlers({
      onAdd: (object) => seen.push(`add ${object.metadata?.name ?? ''}`),
      onUpdate: (_before, object) => seen.push(`update ${object.metadata?.name ?? ''}`),
      onDelete: (object) => seen.push(`delete ${object.metadata?.name ?? ''}`),
    });
    await client.create({ ...configMap('w1'), metadata: { name: 'w1', labels: { watched: 'yes' } } });
    informer.start();
    await informer.waitForSync();
    const w2 = await client.create({ ...configMap('w2'), metadata: { name: 'w2', labels: { watched: 'yes' } } });
    await client.update({ ...w2, data: { b: '2' } });
    await client.delete({ kind: 'ConfigMap', name: 'w1' });
    await waitFor('the informer to see every change', 5000, () => (seen.length >= 4 ? true : undefined));
    await informer.stop();
    expect(seen).toEqual(['add w1', 'add w2', 'update w2', 'delete w1']);
  });

  it('says expired for a watch older than the kept window', async () => {
    for (let index = 0; index < 60; index += 1) await client.create(configMap(`fill-${index}`));
    const watch = client.watch('ConfigMap', { resourceVersion: '1' });
    const error = await failureOf(
      (async () => {
        for await (const event of watch) void event;
      })(),
    );
    expect(error.code).toBe('expired');
  });

  it('adds the finalizer of a Foreground or Orphan delete', async () => {
    await client.create(configMap('owner-f'));
    const result = await client.delete({ kind: 'ConfigMap', name: 'owner-f' }, { propagationPolicy: 'Foreground' });
    expect(result.deleted).toBe(false);
    expect(result.object?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(result.object?.metadata?.deletionTimestamp).toMatch(/./);
    await client.create(configMap('owner-o'));
    const orphaned = await client.delete({ kind: 'ConfigMap', name: 'owner-o' }, { propagationPolicy: 'Orphan' });
    expect(orphaned.object?.metadata?.finalizers).toEqual(['orphan']);
    expect((await client.delete({ kind: 'ConfigMap', name: 'cas' })).deleted).toBe(true);
  });

  it('deletes a bound pod gracefully, like the service, and at once with grace 0', async () => {
    await client.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const pod = (name: string): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'n1', terminationGracePeriodSeconds: 20, containers: [{ name: 'c', image: 'i' }] },
    });
    await client.create(pod('graceful'));
    const marked = await client.delete({ kind: 'Pod', name: 'graceful' });
    expect(marked.deleted).toBe(false);
    expect(marked.object?.metadata?.deletionGracePeriodSeconds).toBe(20);
    await client.create(pod('forced'));
    expect((await client.delete({ kind: 'Pod', name: 'forced' }, { gracePeriodSeconds: 0 })).deleted).toBe(true);
  });

  it('refuses writes once leadership of its term is over', async () => {
    await master.leaderTasks.close();
    expect(context.signal.aborted).toBe(true);
    const error = await failureOf(client.create(configMap('late')));
    expect(error.code).toBe('unavailable');
    expect(master.state.get('ConfigMap', 'default', 'late')).toBeUndefined();
  });
});
