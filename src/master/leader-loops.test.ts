import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Pod, Service } from '../api/index.js';
import { isClientError, OrcaClient } from '../client/index.js';
import { createHollowNode, LeaseRenewer, simplePod } from './hollow-nodes.js';
import { TestMasters, waitFor } from './test-support.js';

const nodeNames = ['n1', 'n2', 'n3'];

function scheduledCondition(pod: Pod): { status?: string; reason?: string; message?: string } | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
}

async function gone(client: OrcaClient, ref: Parameters<OrcaClient['get']>[0]): Promise<true | undefined> {
  try {
    await client.get(ref);
    return undefined;
  } catch (error: unknown) {
    if (isClientError(error, 'not-found')) return true;
    throw error;
  }
}

describe('the leader loops on one master with hollow nodes', () => {
  const masters = new TestMasters();
  let client: OrcaClient;
  let renewer: LeaseRenewer;

  beforeAll(async () => {
    const master = await masters.start('m1', {
      bootstrap: true,
      leaderLoops: { nodeGraceSeconds: 1, evictionSeconds: 0.5 },
    });
    await masters.leader(15_000);
    client = new OrcaClient({ servers: [master.address] });
    for (const name of nodeNames) await createHollowNode(client, name, { cpu: '2', memory: '4Gi' });
    renewer = new LeaseRenewer(client, nodeNames, 200);
    await renewer.start();
  });
  afterAll(async () => {
    renewer?.stop();
    client?.close();
    await masters.close();
  });

  it('binds pending pods once each and spreads them over the nodes', async () => {
    for (let index = 0; index < 9; index += 1)
      await client.create(simplePod(`web-${index}`, { labels: { app: 'web' } }));
    const bound = await waitFor('all nine pods bound', 10_000, async () => {
      const pods = (await client.listAll('Pod', { labelSelector: 'app=web' })).items;
      return pods.every((pod) => (pod.spec?.nodeName ?? '') !== '') ? pods : undefined;
    });
    const perNode = new Map<string, number>();
    for (const pod of bound) {
      perNode.set(pod.spec?.nodeName ?? '', (perNode.get(pod.spec?.nodeName ?? '') ?? 0) + 1);
      expect(scheduledCondition(pod)?.status).toBe('True');
    }
    expect([...perNode.keys()].sort()).toEqual(nodeNames);
    for (const count of perNode.values()) expect(count).toBeGreaterThanOrEqual(2);
  });

  it('tells why a pod fits nowhere, on the pod and in one Event', async () => {
    await client.create(simplePod('huge', { cpu: '64' }));
    const pod = await waitFor('the Unschedulable condition', 10_000, async () => {
      const found = await client.get({ kind: 'Pod', name: 'huge' });
      return scheduledCondition(found)?.reason === 'Unschedulable' ? found : undefined;
    });
    expect(scheduledCondition(pod)?.status).toBe('False');
    expect(scheduledCondition(pod)?.message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    const events = await waitFor('the FailedScheduling event', 5000, async () => {
      const items = (await client.listAll('Event')).items.filter((event) => event.involvedObject?.name === 'huge');
      return items.length > 0 ? items : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toBe('FailedScheduling');
    expect(events[0]?.message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    await client.delete({ kind: 'Pod', name: 'huge' });
  });

  it('taints a node whose lease stops, evicts its pods, and lifts the taint when the lease comes back', async () => {
    const victims = (await client.listAll('Pod', { labelSelector: 'app=web' })).items.filter(
      (pod) => pod.spec?.nodeName === 'n3',
    );
    expect(victims.length).toBeGreaterThan(0);
    renewer.pause('n3');
    const tainted = await waitFor('n3 tainted unreachable', 10_000, async () => {
      const node = await client.get({ kind: 'Node', name: 'n3' });
      return node.spec?.taints?.some(
        (taint) => taint.key === 'node.kubernetes.io/unreachable' && taint.effect === 'NoExecute',
      ) === true
        ? node
        : undefined;
    });
    expect(tainted.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('Unknown');
    await waitFor('the pods on n3 evicted', 10_000, async () => {
      const left = (await client.listAll('Pod')).items.filter((pod) => pod.spec?.nodeName === 'n3');
      return left.length === 0 ? true : undefined;
    });
    renewer.resume('n3');
    const recovered = await waitFor('the taint lifted', 10_000, async () => {
      const node = await client.get({ kind: 'Node', name: 'n3' });
      return (node.spec?.taints ?? []).length === 0 ? node : undefined;
    });
    expect(recovered.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
  });

  it('collects dependents: background, foreground and orphan', async () => {
    const owner = (name: string): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} });
    const dependent = (name: string, of: ConfigMap): ConfigMap => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: of.metadata?.name ?? '',
            uid: of.metadata?.uid ?? '',
            controller: true,
          },
        ],
      },
      data: {},
    });
    const background = await client.create(owner('bg'));
    await client.create(dependent('bg-child', background));
    await client.delete({ kind: 'ConfigMap', name: 'bg' });
    await waitFor('the background dependent deleted', 10_000, () =>
      gone(client, { kind: 'ConfigMap', name: 'bg-child' }),
    );

    const foreground = await client.create(owner('fg'));
    await client.create(dependent('fg-child', foreground));
    const marked = await client.delete({ kind: 'ConfigMap', name: 'fg' }, { propagationPolicy: 'Foreground' });
    expect(marked.deleted).toBe(false);
    await waitFor('the foreground owner gone after its dependent', 10_000, () =>
      gone(client, { kind: 'ConfigMap', name: 'fg' }),
    );
    expect(await gone(client, { kind: 'ConfigMap', name: 'fg-child' })).toBe(true);

    const orphaning = await client.create(owner('or'));
    await client.create(dependent('or-child', orphaning));
    await client.delete({ kind: 'ConfigMap', name: 'or' }, { propagationPolicy: 'Orphan' });
    await waitFor('the orphan owner gone', 10_000, () => gone(client, { kind: 'ConfigMap', name: 'or' }));
    const child = await client.get({ kind: 'ConfigMap', name: 'or-child' });
    expect(child.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('empties a deleted namespace and then removes it', async () => {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c1', namespace: 'doomed' },
      data: {},
    });
    // Unbound (it fits nowhere): a bound pod would wait for a worker to finish its graceful deletion, and hollow nodes have none.
    await client.create(simplePod('p1', { namespace: 'doomed', cpu: '500' }));
    const marked = await client.delete({ kind: 'Namespace', name: 'doomed' });
    expect(marked.deleted).toBe(false);
    await waitFor('the namespace gone', 10_000, () => gone(client, { kind: 'Namespace', name: 'doomed' }));
    expect((await client.listAll('ConfigMap', { namespace: 'doomed' })).items).toEqual([]);
    expect((await client.listAll('Pod', { namespace: 'doomed' })).items).toEqual([]);
  });

  it('keeps Endpoints in step with the readiness of the selected pods', async () => {
    const service: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: { intVal: 8080 } }] },
    };
    await client.create(service);
    await client.create(simplePod('api-0', { labels: { app: 'api' } }));
    const bound = await waitFor('api-0 bound', 10_000, async () => {
      const pod = await client.get({ kind: 'Pod', name: 'api-0' });
      return (pod.spec?.nodeName ?? '') !== '' ? pod : undefined;
    });
    const running = await client.updateStatus({
      ...bound,
      status: {
        ...bound.status,
        phase: 'Running',
        podIp: '10.1.0.7',
        conditions: [...(bound.status?.conditions ?? []), { type: 'Ready', status: 'False' }],
      },
    });
    const notReady = await waitFor('a not-ready address', 10_000, async () => {
      const endpoints = await client.get({ kind: 'Endpoints', name: 'api' }).catch(() => undefined);
      return endpoints?.subsets?.[0]?.notReadyAddresses?.length === 1 ? endpoints : undefined;
    });
    expect(notReady.subsets?.[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const conditions = (running.status?.conditions ?? []).map((condition) =>
      condition.type === 'Ready' ? { ...condition, status: 'True' } : condition,
    );
    await client.updateStatus({ ...running, status: { ...running.status, conditions } });
    const ready = await waitFor('a ready address', 10_000, async () => {
      const endpoints = await client.get({ kind: 'Endpoints', name: 'api' });
      return endpoints.subsets?.[0]?.addresses?.length === 1 ? endpoints : undefined;
    });
    expect(ready.subsets?.[0]?.addresses?.[0]?.ip).toBe('10.1.0.7');
    expect(ready.subsets?.[0]?.notReadyAddresses ?? []).toEqual([]);
    await client.delete({ kind: 'Service', name: 'api' });
    await waitFor('the Endpoints removed with the Service', 10_000, () =>
      gone(client, { kind: 'Endpoints', name: 'api' }),
    );
  });
});
