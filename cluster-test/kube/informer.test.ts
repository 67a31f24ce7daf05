/**
 * An informer of the official JavaScript client (@kubernetes/client-node):
 * it lists and watches pods through the REST API of three secure masters,
 * and keeps a complete cache while the Raft leader is SIGKILLed twice — its
 * watch breaks, it watches again from its last resourceVersion (or relists on
 * 410), and misses nothing.
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../raft/replica-cluster.js';
import { KubectlCluster, kubectlVersion, restRequest } from './kubectl-cluster.js';

const version = await kubectlVersion();
const ns = 'informer';

function pod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { suite: 'informer' } },
    spec: {
      nodeSelector: { 'informer.orca.dev/none': 'none' },
      containers: [{ name: 'c', image: 'none', command: ['sleep', '3600'] }],
    },
  };
}

describe.skipIf(version === undefined)('a client-node informer through leader kills', () => {
  let cluster: KubectlCluster;

  beforeAll(async () => {
    cluster = await KubectlCluster.start({ workers: 0 });
    const created = await restRequest(cluster, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    expect(created.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists, watches, and survives the leader dying', async () => {
    const config = new KubeConfig();
    config.loadFromFile(cluster.kubeconfig);
    const api = config.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(config, `/api/v1/namespaces/${ns}/pods`, () =>
      api.listNamespacedPod({ namespace: ns }),
    );
    const added = new Set<string>();
    const errors: string[] = [];
    informer.on('add', (object) => added.add(object.metadata?.name ?? ''));
    informer.on('error', (error: unknown) => {
      errors.push(String(error));
      // client-node leaves restarting to its user: again after a beat, as its examples do.
      setTimeout(() => void informer.start().catch(() => undefined), 200);
    });
    const before = ['p0', 'p1'];
    for (const name of before)
      expect((await restRequest(cluster, 'POST', `/api/v1/namespaces/${ns}/pods`, pod(name))).status).toBe(201);
    await informer.start();
    try {
      await waitFor('the informer to list the first pods', 20_000, async () =>
        before.every((name) => added.has(name)) ? true : undefined,
      );
      const names: string[] = [...before];
      for (let round = 0; round < 2; round += 1) {
        await cluster.killLeader();
        for (let index = 0; index < 3; index += 1) {
          const name = `r${round}-p${index}`;
          names.push(name);
          await waitFor(`create ${name}`, 20_000, async () => {
            const answer = await restRequest(cluster, 'POST', `/api/v1/namespaces/${ns}/pods`, pod(name)).catch(
              () => undefined,
            );
            // A retry after an unanswered create may meet the first attempt's pod.
            return answer?.status === 201 || answer?.status === 409 ? true : undefined;
          });
        }
      }
      await waitFor(
        `the informer to see every pod (saw ${[...added].join(',')}; errors ${errors.join(' | ')})`,
        30_000,
        async () => (names.every((name) => added.has(name)) ? true : undefined),
      );
      const cached = informer.list(ns).map((object) => object.metadata?.name ?? '');
      expect(cached.sort()).toEqual([...names].sort());
    } finally {
      await informer.stop();
    }
  }, 180_000);
});
