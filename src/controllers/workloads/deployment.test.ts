import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../api/index.js';
import { reconcileDeployment, ownedSets, revisionAnnotation } from './deployment.js';
import { isReady } from './pod-state.js';
import { reconcileReplicaSet } from './replica-set.js';
import { surgeBounds } from './rollout-math.js';
import { SimulatedWorld } from './simulated-world.js';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('surgeBounds (Kubernetes rounding)', () => {
  it.each([
    {
      surge: { strVal: '25%' },
      unavailable: { strVal: '25%' },
      replicas: 10,
      expected: { maxSurge: 3, maxUnavailable: 2 },
    },
    {
      surge: { strVal: '25%' },
      unavailable: { strVal: '25%' },
      replicas: 1,
      expected: { maxSurge: 1, maxUnavailable: 0 },
    },
    { surge: { intVal: 0 }, unavailable: { intVal: 0 }, replicas: 3, expected: { maxSurge: 0, maxUnavailable: 1 } },
    { surge: { intVal: 2 }, unavailable: { strVal: '50%' }, replicas: 5, expected: { maxSurge: 2, maxUnavailable: 2 } },
    {
      surge: { strVal: '0%' },
      unavailable: { strVal: '100%' },
      replicas: 4,
      expected: { maxSurge: 0, maxUnavailable: 4 },
    },
  ])('$surge / $unavailable of $replicas', ({ surge, unavailable, replicas, expected }) => {
    expect(surgeBounds(surge, unavailable, replicas)).toEqual(expected);
  });
});

function deployment(replicas: number, image: string, strategy: Deployment['spec'] = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      revisionHistoryLimit: 2,
      progressDeadlineSeconds: 60,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: { strVal: '25%' }, maxUnavailable: { strVal: '25%' } },
      },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      ...strategy,
    },
  };
}

interface Observation {
  total: number;
  ready: number;
}

/** Runs the Deployment and ReplicaSet cores and a kubelet that readies pods, until nothing changes. */
function settle(
  world: SimulatedWorld,
  now: number,
  random: () => number,
  kubelet: (pod: Pod) => boolean = () => true,
): void {
  for (let round = 0; round < 500; round += 1) {
    let changed = 0;
    const current = world.view().get('Deployment', 'default', 'web');
    if (current !== undefined)
      changed += world.apply(reconcileDeployment(current, ownedSets(world.view(), current), now).actions);
    for (const set of world.view().list('ReplicaSet', 'default')) {
      const fresh = world.view().get('ReplicaSet', 'default', set.metadata?.name ?? '');
      if (fresh !== undefined)
        changed += world.apply(reconcileReplicaSet(fresh, world.view().list('Pod', 'default'), now, random).actions);
    }
    // one pod at a time turns ready, so every intermediate state is visited
    const pending = world
      .view()
      .list('Pod', 'default')
      .find((pod) => (pod.status?.phase ?? '') === '' && kubelet(pod));
    if (pending !== undefined) {
      world.put(
        {
          ...pending,
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(now).toISOString() }],
          },
        },
        'updateStatus',
      );
      changed += 1;
    }
    if (changed === 0) return;
  }
  throw new Error('did not settle');
}

function observe(world: SimulatedWorld): Observation {
  const pods = world.view().list('Pod', 'default');
  return { total: pods.length, ready: pods.filter(isReady).length };
}

describe('Deployment rolling update (cores together, every write observed)', () => {
  it.each([
    { replicas: 4, maxSurge: { intVal: 1 }, maxUnavailable: { intVal: 1 } },
    { replicas: 10, maxSurge: { strVal: '25%' }, maxUnavailable: { strVal: '25%' } },
    { replicas: 5, maxSurge: { intVal: 0 }, maxUnavailable: { intVal: 2 } },
    { replicas: 3, maxSurge: { intVal: 3 }, maxUnavailable: { intVal: 0 } },
    { replicas: 1, maxSurge: { intVal: 1 }, maxUnavailable: { intVal: 0 } },
  ])(
    '$replicas replicas, surge $maxSurge, unavailable $maxUnavailable: bounds hold at every write',
    ({ replicas, maxSurge, maxUnavailable }) => {
      const observations: Observation[] = [];
      let watching = false;
      const world = new SimulatedWorld((w) => watching && observations.push(observe(w)));
      const random = seeded(replicas);
      const strategy = { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } };
      world.put(deployment(replicas, 'v1', strategy));
      settle(world, 1_000, random);
      expect(observe(world)).toEqual({ total: replicas, ready: replicas });

      watching = true;
      const stored = world.view().get('Deployment', 'default', 'web');
      world.put({ ...deployment(replicas, 'v2', strategy), metadata: stored?.metadata }, 'update');
      settle(world, 2_000, random);
      const bounds = surgeBounds(maxSurge, maxUnavailable, replicas);
      expect(Math.max(...observations.map((o) => o.total))).toBeLessThanOrEqual(replicas + bounds.maxSurge);
      expect(Math.min(...observations.map((o) => o.ready))).toBeGreaterThanOrEqual(replicas - bounds.maxUnavailable);
      const pods = world.view().list('Pod', 'default');
      expect(pods).toHaveLength(replicas);
      expect(pods.every((pod) => pod.spec?.containers?.[0]?.image === 'v2')).toBe(true);
      const final = world.view().get('Deployment', 'default', 'web');
      expect(final?.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
      expect(final?.status?.conditions?.find((condition) => condition.type === 'Progressing')?.reason).toBe(
        'NewReplicaSetAvailable',
      );
    },
  );

  it('Recreate removes every old pod before any new one exists', () => {
    const observations: { old: number; fresh: number }[] = [];
    const world = new SimulatedWorld((w) => {
      const pods = w.view().list('Pod', 'default');
      observations.push({
        old: pods.filter((pod) => pod.spec?.containers?.[0]?.image === 'v1').length,
        fresh: pods.filter((pod) => pod.spec?.containers?.[0]?.image === 'v2').length,
      });
    });
    const recreate = { strategy: { type: 'Recreate' } };
    world.put(deployment(3, 'v1', recreate));
    settle(world, 0, seeded(1));
    const stored = world.view().get('Deployment', 'default', 'web');
    world.put({ ...deployment(3, 'v2', recreate), metadata: stored?.metadata }, 'update');
    settle(world, 0, seeded(2));
    expect(observations.some((o) => o.old > 0 && o.fresh > 0)).toBe(false);
    expect(observations.at(-1)).toEqual({ old: 0, fresh: 3 });
  });

  it('keeps revisionHistoryLimit old ReplicaSets and rolls back to a kept one by template', () => {
    const world = new SimulatedWorld();
    const random = seeded(3);
    world.put(deployment(2, 'v1'));
    settle(world, 0, random);
    for (const image of ['v2', 'v3', 'v4']) {
      const stored = world.view().get('Deployment', 'default', 'web');
      world.put({ ...deployment(2, image), metadata: stored?.metadata }, 'update');
      settle(world, 0, random);
    }
    const sets = world.view().list('ReplicaSet', 'default');
    // the newest plus two kept: revision 1 was trimmed
    expect(sets.map((set) => set.metadata?.annotations?.[revisionAnnotation]).sort()).toEqual(['2', '3', '4']);
    const v2 = sets.find((set) => set.metadata?.annotations?.[revisionAnnotation] === '2') as ReplicaSet;
    const template = structuredClone(v2.spec?.template ?? {});
    delete template.metadata?.labels?.['pod-template-hash'];
    const stored = world.view().get('Deployment', 'default', 'web');
    world.put({ ...deployment(2, 'v2'), metadata: stored?.metadata, spec: { ...stored?.spec, template } }, 'update');
    settle(world, 0, random);
    const after = world.view().list('ReplicaSet', 'default');
    expect(after).toHaveLength(3);
    expect(
      after.find((set) => set.metadata?.uid === v2.metadata?.uid)?.metadata?.annotations?.[revisionAnnotation],
    ).toBe('5');
    expect(
      world
        .view()
        .list('Pod', 'default')
        .every((pod) => pod.spec?.containers?.[0]?.image === 'v2'),
    ).toBe(true);
  });

  it('reports ProgressDeadlineExceeded once the rollout stalls past the deadline, from the stored condition alone', () => {
    const world = new SimulatedWorld();
    const random = seeded(4);
    world.put(deployment(2, 'v1'));
    settle(world, 0, random);
    const stored = world.view().get('Deployment', 'default', 'web');
    world.put({ ...deployment(2, 'broken'), metadata: stored?.metadata }, 'update');
    const never = (pod: Pod): boolean => pod.spec?.containers?.[0]?.image !== 'broken';
    settle(world, 10_000, random, never);
    const progressing = (): string | undefined =>
      world
        .view()
        .get('Deployment', 'default', 'web')
        ?.status?.conditions?.find((c) => c.type === 'Progressing')?.reason;
    expect(progressing()).toBe('ReplicaSetUpdated');
    settle(world, 69_000, random, never);
    expect(progressing()).toBe('ReplicaSetUpdated');
    settle(world, 71_000, random, never);
    expect(progressing()).toBe('ProgressDeadlineExceeded');
  });

  it('paused: a new template does not roll, a plain scale still applies', () => {
    const world = new SimulatedWorld();
    const random = seeded(5);
    world.put(deployment(2, 'v1'));
    settle(world, 0, random);
    const stored = world.view().get('Deployment', 'default', 'web');
    world.put({ ...deployment(3, 'v1', { paused: true }), metadata: stored?.metadata }, 'update');
    settle(world, 0, random);
    expect(world.view().list('Pod', 'default')).toHaveLength(3);
    const paused = world.view().get('Deployment', 'default', 'web');
    world.put({ ...deployment(3, 'v2', { paused: true }), metadata: paused?.metadata }, 'update');
    settle(world, 0, random);
    expect(world.view().list('ReplicaSet', 'default')).toHaveLength(1);
    expect(
      world
        .view()
        .get('Deployment', 'default', 'web')
        ?.status?.conditions?.find((c) => c.type === 'Progressing')?.reason,
    ).toBe('DeploymentPaused');
  });
});
