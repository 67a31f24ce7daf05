/**
 * `orca scale`, `orca cordon|uncordon` and `orca drain` against one in-process
 * master running its scheduler, with hollow nodes (Node + Lease, no worker).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { createHollowNode, LeaseRenewer, simplePod } from '../../src/master/hollow-nodes.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { runOrca } from '../masters/cli-runner.js';

describe('orca scale, cordon, uncordon and drain', () => {
  const masters = new TestMasters();
  let servers: string[] = [];
  let client: OrcaClient;
  let renewer: LeaseRenewer;

  beforeAll(async () => {
    const master = await masters.start('m1', { bootstrap: true, leaderLoops: {} });
    await masters.leader(15_000);
    servers = [master.address];
    client = new OrcaClient({ servers });
    for (const name of ['w1', 'w2']) await createHollowNode(client, name);
    renewer = new LeaseRenewer(client, ['w1', 'w2'], 300);
    await renewer.start();
  });

  afterAll(async () => {
    renewer.stop();
    client.close();
    await masters.close();
  });

  /** What a user sees: the output, and the failure line when there is one. */
  async function orca(args: string[]): Promise<{ output: string; failure?: string }> {
    const { output, failure } = await runOrca({ servers: () => servers }, args);
    return failure === undefined ? { output } : { output, failure };
  }

  it('scales a Deployment and refuses a bad count or an unscalable kind', async () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
        },
      },
    };
    await client.create(deployment);
    expect(await orca(['scale', 'deployment', 'web', '--replicas', '4'])).toEqual({
      output: 'deployment.apps/web scaled\n',
    });
    expect((await client.get({ kind: 'Deployment', name: 'web' })).spec?.replicas).toBe(4);
    expect((await orca(['scale', 'deployment', 'web', '--replicas', 'many'])).failure).toBe(
      'error: --replicas: must be a whole number from 0 to 100000, got "many"',
    );
    expect((await orca(['scale', 'configmap', 'x', '--replicas', '1'])).failure).toContain(
      'configmaps cannot be scaled',
    );
    expect((await orca(['scale', 'deployment', 'nope', '--replicas', '1'])).failure).toContain('not found');
  });

  it('cordons a node so the scheduler places nothing new there, and uncordons it', async () => {
    expect((await orca(['cordon', 'w1'])).output).toBe('node/w1 cordoned\n');
    expect((await orca(['cordon', 'w1'])).output).toBe('node/w1 already cordoned\n');
    for (let index = 0; index < 4; index += 1)
      await client.create(simplePod(`after-cordon-${index}`, { labels: { set: 'cordon' } }));
    const pods = await waitFor('the pods bound', 10_000, async () => {
      const items = (await client.listAll('Pod', { labelSelector: 'set=cordon' })).items;
      return items.every((pod) => (pod.spec?.nodeName ?? '') !== '') ? items : undefined;
    });
    expect(new Set(pods.map((pod) => pod.spec?.nodeName))).toEqual(new Set(['w2']));
    expect((await orca(['uncordon', 'w1'])).output).toBe('node/w1 uncordoned\n');
    expect((await client.get({ kind: 'Node', name: 'w1' })).spec?.unschedulable ?? false).toBe(false);
  });

  it('drains a node: cordoned, its pods evicted, DaemonSet pods left alone', async () => {
    const daemon = simplePod('daemon-w2');
    await client.create({
      ...daemon,
      metadata: {
        ...daemon.metadata,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'no-such-uid-but-ignored', controller: true },
        ],
      },
      spec: { ...daemon.spec, nodeName: 'w2' },
    });
    // No worker runs behind a hollow node to finish a graceful deletion: no grace.
    const result = await orca(['drain', 'w2', '--timeout', '20', '--grace-period', '0']);
    expect(result.failure, result.output).toBeUndefined();
    expect(result.output).toMatch(/^node\/w2 cordoned\n/);
    expect(result.output).toContain('evicting pod default/after-cordon-0\n');
    expect(result.output).toMatch(/node\/w2 drained\n$/);
    const left = (await client.listAll('Pod', { fieldSelector: 'spec.nodeName=w2' })).items.map(
      (pod) => pod.metadata?.name,
    );
    expect(left.filter((name) => name !== 'daemon-w2')).toEqual([]);
    expect((await client.get({ kind: 'Node', name: 'w2' })).spec?.unschedulable).toBe(true);
  });
});
