import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../src/api/index.js';
import { replicaSetController } from '../../src/controllers/workloads/replica-set.js';
import { fakeKubelet, startHarness, waitFor, type Harness } from './controller-harness.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

function replicaSet(replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template },
  };
}

describe('ReplicaSet controller against a real master', () => {
  let harness: Harness;
  const stop = new AbortController();
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    stop.abort();
    await harness.close();
  });

  it('creates owned pods to match replicas, reports ready ones, adopts orphans and scales down', async () => {
    const { client } = harness;
    // an orphan that matches the selector is adopted instead of creating a third pod
    await client.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', labels: { app: 'web' } },
      spec: template.spec,
    });
    void fakeKubelet(client, stop.signal);
    harness.run([replicaSetController]);
    const created = await client.create(replicaSet(3));
    const pods = await waitFor('three ready pods', 10_000, async () => {
      const listed = (await client.list('Pod', { namespace: 'default' })).items;
      const set = await client.get({ kind: 'ReplicaSet', name: 'web' });
      return listed.length === 3 && set.status?.readyReplicas === 3 ? listed : undefined;
    });
    for (const pod of pods)
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        uid: created.metadata?.uid,
        controller: true,
      });
    expect(pods.map((pod) => pod.metadata?.name)).toContain('orphan');
    expect(
      pods
        .filter((pod) => pod.metadata?.name !== 'orphan')
        .every((pod) => /^web-[a-z0-9]{5}$/.test(pod.metadata?.name ?? '')),
    ).toBe(true);

    const current = await client.get({ kind: 'ReplicaSet', name: 'web' });
    await client.update({ ...current, spec: { ...current.spec, replicas: 1 } });
    await waitFor('one pod left', 10_000, async () =>
      (await client.list('Pod', { namespace: 'default' })).items.length === 1 ? true : undefined,
    );
    const settled = await waitFor('status of one', 10_000, async () => {
      const set = await client.get({ kind: 'ReplicaSet', name: 'web' });
      return set.status?.replicas === 1 && set.status.observedGeneration === set.metadata?.generation ? set : undefined;
    });
    expect(settled.status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      fullyLabeledReplicas: 1,
    });
  });

  it('replaces a pod that is deleted', async () => {
    const { client } = harness;
    harness.run([replicaSetController]);
    await client.create(replicaSet(2));
    const first = await waitFor('two pods', 10_000, async () => {
      const items = (await client.list('Pod', { namespace: 'default' })).items;
      return items.length === 2 ? items : undefined;
    });
    const victim = first[0]?.metadata?.name ?? '';
    await client.delete({ kind: 'Pod', name: victim });
    const after = await waitFor('a replacement', 10_000, async () => {
      const items = (await client.list('Pod', { namespace: 'default' })).items;
      return items.length === 2 && !items.some((pod) => pod.metadata?.name === victim) ? items : undefined;
    });
    expect(after).toHaveLength(2);
  });
});
