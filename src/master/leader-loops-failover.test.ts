import { afterAll, describe, expect, it } from 'vitest';
import { OrcaClient } from '../client/index.js';
import { createHollowNode, LeaseRenewer, simplePod } from './hollow-nodes.js';
import { TestMasters, waitFor } from './test-support.js';

describe('the leader loops across a change of leader', () => {
  const masters = new TestMasters();
  let client: OrcaClient | undefined;
  let renewer: LeaseRenewer | undefined;
  afterAll(async () => {
    renewer?.stop();
    client?.close();
    await masters.close();
  });

  it('the new leader binds the rest, and no pod is ever bound twice', async () => {
    await masters.startThree({ leaderLoops: {} });
    const first = await masters.leader(15_000);
    client = new OrcaClient({ servers: [...masters.masters.values()].map((master) => master.address) });
    const nodes = ['h1', 'h2', 'h3'];
    for (const name of nodes) await createHollowNode(client, name, { cpu: '64', memory: '64Gi' });
    renewer = new LeaseRenewer(client, nodes, 200);
    await renewer.start();

    // Every binding any watcher sees: a pod's node, once set, never changes.
    const boundTo = new Map<string, string>();
    const rebinds: string[] = [];
    const watch = client.watch('Pod', { resourceVersion: '' });
    const watching = (async () => {
      for await (const event of watch) {
        const uid = event.object.metadata?.uid ?? '';
        const nodeName = event.object.spec?.nodeName ?? '';
        if (nodeName === '') continue;
        const previous = boundTo.get(uid);
        if (previous !== undefined && previous !== nodeName)
          rebinds.push(`${event.object.metadata?.name ?? ''}: ${previous} → ${nodeName}`);
        boundTo.set(uid, nodeName);
      }
    })();

    const total = 60;
    for (let index = 0; index < total / 2; index += 1) await client.create(simplePod(`batch-${index}`));
    await waitFor('some pods bound by the first leader', 10_000, () => (boundTo.size > 0 ? true : undefined));
    await masters.stop(first.name);
    for (let index = total / 2; index < total; index += 1) await client.create(simplePod(`batch-${index}`));
    const second = await masters.leader(15_000, [first.name]);
    expect(second.name).not.toBe(first.name);
    await waitFor('every pod bound under the new leader', 20_000, async () => {
      const pods = (await client?.listAll('Pod'))?.items ?? [];
      return pods.length === total && pods.every((pod) => (pod.spec?.nodeName ?? '') !== '') ? true : undefined;
    });
    await waitFor('the watch to see every binding', 10_000, () => (boundTo.size === total ? true : undefined));
    watch.close();
    await watching;
    expect(rebinds).toEqual([]);
  }, 60_000);
});
