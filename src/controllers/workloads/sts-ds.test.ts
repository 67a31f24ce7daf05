import { describe, expect, it } from 'vitest';
import type { DaemonSet, Node, Pod, StatefulSet } from '../../api/index.js';
import { nodeIsEligible, reconcileDaemonSet, targetNode } from './daemon-set.js';
import { reconcileStatefulSet, revisionLabel, updateRevision } from './stateful-set.js';
import { SimulatedWorld } from './simulated-world.js';

function statefulSet(
  replicas: number,
  image: string,
  extra: Partial<NonNullable<StatefulSet['spec']>> = {},
): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      podManagementPolicy: 'OrderedReady',
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...extra,
    },
  };
}

function step(world: SimulatedWorld, _unused: number): number {
  const set = world.view().get('StatefulSet', 'default', 'db') as StatefulSet;
  const pods = world.view().list('Pod', 'default');
  return world.apply(reconcileStatefulSet(set, pods, world.view()).actions);
}

function ready(world: SimulatedWorld, name: string): void {
  const pod = world.view().get('Pod', 'default', name) as Pod;
  world.put({ ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, 'updateStatus');
}

describe('StatefulSet', () => {
  it('OrderedReady: creates db-i only once db-0…db-(i-1) are ready, with a claim and a local volume each', () => {
    const world = new SimulatedWorld();
    world.put(statefulSet(3, 'v1'));
    step(world, 0);
    step(world, 0);
    expect(
      world
        .view()
        .list('Pod', 'default')
        .map((pod) => pod.metadata?.name),
    ).toEqual(['db-0']);
    ready(world, 'db-0');
    step(world, 0);
    expect(
      world
        .view()
        .list('Pod', 'default')
        .map((pod) => pod.metadata?.name)
        .sort(),
    ).toEqual(['db-0', 'db-1']);
    ready(world, 'db-1');
    step(world, 0);
    ready(world, 'db-2');
    step(world, 0);
    const pod = world.view().get('Pod', 'default', 'db-2');
    expect(pod?.spec).toMatchObject({ hostname: 'db-2', subdomain: 'db' });
    expect(pod?.spec?.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-2' } }]);
    expect(world.view().get('PersistentVolumeClaim', 'default', 'data-db-2')?.spec?.volumeName).toBe(
      'default-data-db-2',
    );
    expect(world.view().get('PersistentVolume', '', 'default-data-db-2')?.spec?.local?.path).toBe(
      '/var/lib/orca/volumes/default/data-db-2',
    );
    // each pair is made bound to each other, and says so as `get pvc` / `get pv` show it
    expect(world.view().get('PersistentVolumeClaim', 'default', 'data-db-2')?.status).toMatchObject({
      phase: 'Bound',
      capacity: { storage: '1Gi' },
    });
    expect(world.view().get('PersistentVolume', '', 'default-data-db-2')?.status?.phase).toBe('Bound');
    expect(world.view().get('StatefulSet', 'default', 'db')?.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
  });

  it('scales down from the highest ordinal and keeps the claims', () => {
    const world = new SimulatedWorld();
    world.put(statefulSet(3, 'v1', { podManagementPolicy: 'Parallel' }));
    step(world, 0);
    for (const name of ['db-0', 'db-1', 'db-2']) ready(world, name);
    const stored = world.view().get('StatefulSet', 'default', 'db');
    world.put({ ...statefulSet(1, 'v1', { podManagementPolicy: 'Parallel' }), metadata: stored?.metadata }, 'update');
    step(world, 0);
    expect(
      world
        .view()
        .list('Pod', 'default')
        .map((pod) => pod.metadata?.name),
    ).toEqual(['db-0']);
    expect(world.view().list('PersistentVolumeClaim', 'default')).toHaveLength(3);
  });

  it('rolling update replaces pods in reverse ordinal order above the partition', () => {
    const world = new SimulatedWorld();
    world.put(statefulSet(3, 'v1', { podManagementPolicy: 'Parallel' }));
    step(world, 0);
    for (const name of ['db-0', 'db-1', 'db-2']) ready(world, name);
    const stored = world.view().get('StatefulSet', 'default', 'db');
    world.put(
      {
        ...statefulSet(3, 'v2', {
          podManagementPolicy: 'Parallel',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        }),
        metadata: stored?.metadata,
      },
      'update',
    );
    const order: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const before = new Set(
        world
          .view()
          .list('Pod', 'default')
          .map((pod) => pod.metadata?.name),
      );
      step(world, 0);
      for (const name of ['db-0', 'db-1', 'db-2'])
        if (!world.view().get('Pod', 'default', name) && before.has(name)) order.push(name);
      for (const pod of world.view().list('Pod', 'default'))
        if ((pod.status?.phase ?? '') === '') ready(world, pod.metadata?.name ?? '');
    }
    expect(order).toEqual(['db-2', 'db-1']);
    const revision = updateRevision(world.view().get('StatefulSet', 'default', 'db') as StatefulSet);
    expect(world.view().get('Pod', 'default', 'db-0')?.metadata?.labels?.[revisionLabel]).not.toBe(revision);
    expect(world.view().get('Pod', 'default', 'db-2')?.metadata?.labels?.[revisionLabel]).toBe(revision);
  });
});

function node(name: string, extra: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { disk: 'ssd' } }, ...extra };
}

const daemon: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'a', image: 'agent' }] },
    },
  },
};

describe('DaemonSet', () => {
  it.each([
    { why: 'plain node', node: node('n1'), eligible: true },
    {
      why: 'label does not match',
      node: { ...node('n1'), metadata: { name: 'n1', labels: { disk: 'hdd' } } },
      eligible: false,
    },
    {
      why: 'untolerated NoSchedule taint',
      node: node('n1', { spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }] } }),
      eligible: false,
    },
    {
      why: 'not-ready NoExecute taint (daemons tolerate it)',
      node: node('n1', { spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] } }),
      eligible: true,
    },
    { why: 'cordoned (daemons tolerate it)', node: node('n1', { spec: { unschedulable: true } }), eligible: true },
  ])('eligibility: $why', ({ node: candidate, eligible }) => {
    expect(nodeIsEligible(daemon.spec?.template?.spec, candidate)).toBe(eligible);
  });

  it('one pod per eligible node pinned by node affinity; follows nodes that join and leave', () => {
    const first = reconcileDaemonSet(daemon, [node('n1'), node('n2')], [], 0, Math.random);
    const created = first.actions
      .filter((a) => a.type === 'create')
      .map((a) => (a.type === 'create' ? (a.object as Pod) : undefined)) as Pod[];
    expect(created.map(targetNode).sort()).toEqual(['n1', 'n2']);
    expect(created.every((pod) => (pod.spec?.nodeName ?? '') === '')).toBe(true);
    const owned = created.map((pod) => ({ ...pod, metadata: { ...pod.metadata, uid: pod.metadata?.name } }));
    const later = reconcileDaemonSet(daemon, [node('n1'), node('n3')], owned, 0, Math.random);
    expect(
      later.actions
        .filter((a) => a.type === 'create')
        .map((a) => (a.type === 'create' ? targetNode(a.object as Pod) : '')),
    ).toEqual(['n3']);
    expect(later.actions.filter((a) => a.type === 'delete').map((a) => (a.type === 'delete' ? a.name : ''))).toEqual([
      owned.find((pod) => targetNode(pod) === 'n2')?.metadata?.name,
    ]);
  });
});
