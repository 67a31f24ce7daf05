import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../src/api/index.js';
import type { OrcaClient } from '../../src/client/index.js';
import { deploymentController, revisionAnnotation } from '../../src/controllers/workloads/deployment.js';
import { replicaSetController } from '../../src/controllers/workloads/replica-set.js';
import { isReady } from '../../src/controllers/workloads/pod-state.js';
import { rollbackTemplate } from '../../src/cli/rollout-verb.js';
import { fakeKubelet, startHarness, waitFor, type Harness } from './controller-harness.js';

function deployment(image: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { intVal: 1 }, maxUnavailable: { intVal: 1 } } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

async function rolledOut(client: OrcaClient, image: string): Promise<Deployment> {
  return waitFor(`rollout of ${image}`, 15_000, async () => {
    const current = await client.get({ kind: 'Deployment', name: 'web' });
    const status = current.status ?? {};
    const pods = (await client.list('Pod', { namespace: 'default' })).items;
    const done =
      current.spec?.template?.spec?.containers?.[0]?.image === image &&
      status.observedGeneration === current.metadata?.generation &&
      status.updatedReplicas === 4 &&
      status.availableReplicas === 4 &&
      status.replicas === 4 &&
      pods.length === 4 &&
      pods.every((pod) => pod.spec?.containers?.[0]?.image === image);
    return done ? current : undefined;
  });
}

/** Every moment a watch observes: the count of pods and of ready pods. */
function watchBounds(client: OrcaClient, signal: AbortSignal): { total: number[]; ready: number[] } {
  const seen = { total: [] as number[], ready: [] as number[] };
  const pods = new Map<string, Pod>();
  const watch = client.watch('Pod', { namespace: 'default' });
  let initial = 4; // the first events are the ADDED of the pods that exist: a moment is observed once all are in
  signal.addEventListener('abort', () => watch.close(), { once: true });
  void (async () => {
    for await (const event of watch) {
      if (event.type === 'BOOKMARK') continue;
      if (event.type === 'DELETED') pods.delete(event.object.metadata?.name ?? '');
      else pods.set(event.object.metadata?.name ?? '', event.object);
      if (initial > 0 && (initial -= 1) > 0) continue;
      seen.total.push(pods.size);
      seen.ready.push([...pods.values()].filter(isReady).length);
    }
  })();
  return seen;
}

describe('Deployment controller against a real master', () => {
  let harness: Harness;
  let stop: AbortController;
  beforeEach(async () => {
    harness = await startHarness();
    stop = new AbortController();
  });
  afterEach(async () => {
    stop.abort();
    await harness.close();
  });

  it('rolls a new template within maxSurge and maxUnavailable at every watched moment, then rolls back', async () => {
    const { client } = harness;
    void fakeKubelet(client, stop.signal);
    harness.run([deploymentController, replicaSetController]);
    await client.create(deployment('nginx:1.26'));
    const first = await rolledOut(client, 'nginx:1.26');
    expect(first.status?.conditions?.find((condition) => condition.type === 'Available')?.status).toBe('True');

    const seen = watchBounds(client, stop.signal);
    // One moment is recorded once the ADDED events of the 4 existing pods are in.
    await waitFor('the watch to list', 5_000, () => (seen.total.length >= 1 ? true : undefined));
    await client.update({ ...first, spec: { ...first.spec, template: deployment('nginx:1.27').spec?.template } });
    const second = await rolledOut(client, 'nginx:1.27');
    expect(second.status?.conditions?.find((condition) => condition.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );
    expect(Math.max(...seen.total)).toBeLessThanOrEqual(5);
    expect(Math.min(...seen.ready)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen.total)).toBe(5); // the surge was used

    const sets = (await client.list('ReplicaSet', { namespace: 'default' })).items;
    expect(sets.map((set) => set.metadata?.annotations?.[revisionAnnotation]).sort()).toEqual(['1', '2']);
    const template = rollbackTemplate(sets, second, undefined);
    await client.update({ ...second, spec: { ...second.spec, template } });
    await rolledOut(client, 'nginx:1.26');
    const after = (await client.list('ReplicaSet', { namespace: 'default' })).items;
    expect(after).toHaveLength(2); // the old ReplicaSet came back, no third one
    const back = after.find((set) => set.spec?.template?.spec?.containers?.[0]?.image === 'nginx:1.26');
    expect(back?.metadata?.annotations?.[revisionAnnotation]).toBe('3');
    expect(Math.min(...seen.ready)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen.total)).toBeLessThanOrEqual(5);
  });

  it('reports ProgressDeadlineExceeded when new pods never become ready', async () => {
    const { client } = harness;
    void fakeKubelet(client, stop.signal, (pod) =>
      pod.spec?.containers?.[0]?.image === 'broken:1' ? 'pending' : 'ready',
    );
    harness.run([deploymentController, replicaSetController]);
    await client.create(deployment('nginx:1.26'));
    const first = await rolledOut(client, 'nginx:1.26');
    const broken = deployment('broken:1');
    await client.update({
      ...first,
      spec: { ...first.spec, progressDeadlineSeconds: 1, template: broken.spec?.template },
    });
    const stuck = await waitFor('the deadline condition', 10_000, async () => {
      const current = await client.get({ kind: 'Deployment', name: 'web' });
      const progressing = current.status?.conditions?.find((condition) => condition.type === 'Progressing');
      return progressing?.reason === 'ProgressDeadlineExceeded' ? current : undefined;
    });
    // the old pods still serve: at most maxUnavailable of them went
    expect(stuck.status?.availableReplicas).toBeGreaterThanOrEqual(3);
  });
});
