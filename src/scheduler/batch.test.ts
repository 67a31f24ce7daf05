// Decisions inside one batch see the ones before them, and the message a user
// reads on a pod that fits nowhere has Kubernetes' exact form.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './snapshot.js';
import { schedule } from './schedule.js';
import { SchedulerError } from './scheduler-error.js';
import { SchedulerHarness, makeNode, makePod } from './testing.js';

const antiWeb = {
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
    ],
  },
};

describe('batch accounting', () => {
  it('two pods that each fit but not together: the second is refused', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a', cpu: '2' }] });
    const result = harness.schedule([
      { name: 'p1', cpu: '1500m' },
      { name: 'p2', cpu: '1500m' },
    ]);
    expect(result.placements.map((placement) => placement.pod.metadata?.name)).toEqual(['p1']);
    expect(harness.messageOf('p2')).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('the pod count fills up within a batch', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a', pods: 2 }] });
    harness.schedule([{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }]);
    expect(harness.podsOn('a')).toEqual(['p1', 'p2']);
    expect(harness.messageOf('p3')).toBe('0/1 nodes are available: 1 Too many pods.');
  });

  it('a host port taken earlier in the batch is not free', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b' }] });
    harness.schedule([
      { name: 'p1', hostPorts: ['80'] },
      { name: 'p2', hostPorts: ['80'] },
      { name: 'p3', hostPorts: ['80'] },
    ]);
    expect([harness.nodeOf('p1'), harness.nodeOf('p2')].sort()).toEqual(['a', 'b']);
    expect(harness.messageOf('p3')).toBe(
      "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.",
    );
  });

  it('anti-affinity counts replicas placed earlier in the batch', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b' }] });
    const replicas = ['w1', 'w2', 'w3'].map((name) => ({ name, labels: { app: 'web' }, affinity: antiWeb }));
    harness.schedule(replicas);
    expect([harness.nodeOf('w1'), harness.nodeOf('w2')].sort()).toEqual(['a', 'b']);
    expect(harness.messageOf('w3')).toBe("0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
  });

  it('an anti-affinity pod placed earlier in the batch refuses later pods it matches', () => {
    // Without the refusal both web pods would prefer the larger node b.
    const harness = new SchedulerHarness({
      nodes: [{ name: 'a' }, { name: 'b', cpu: '8', labels: { role: 'loner' } }],
    });
    harness.schedule([
      { name: 'loner', affinity: antiWeb, nodeSelector: { role: 'loner' } },
      { name: 'w1', labels: { app: 'web' } },
      { name: 'w2', labels: { app: 'web' } },
    ]);
    expect(harness.nodeOf('loner')).toBe('b');
    expect(harness.nodeOf('w1')).toBe('a');
    expect(harness.nodeOf('w2')).toBe('a');
  });

  it('affinity follows a pod placed earlier in the batch', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b', cpu: '8' }] });
    harness.schedule([
      { name: 'db', labels: { app: 'db' }, cpu: '3' },
      {
        name: 'app',
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      },
    ]);
    expect(harness.nodeOf('db')).toBe('b');
    expect(harness.nodeOf('app')).toBe('b');
  });

  it('the same pod twice in a batch is placed once', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }] });
    const result = harness.schedule([{ name: 'p' }, { name: 'p' }]);
    expect(result.placements).toHaveLength(1);
    expect(result.unschedulable.map((entry) => entry.message)).toEqual(['pod default/p is already bound to a node']);
  });

  it('refuses a batch above pendingPodsMax', () => {
    const snapshot = buildSnapshot({ nodes: [makeNode({ name: 'a' })], pods: [] });
    const pods = [makePod({ name: 'p1' }), makePod({ name: 'p2' })];
    expect(() => schedule(snapshot, pods, { pendingPodsMax: 1 })).toThrow(SchedulerError);
    expect(() => schedule(snapshot, pods, { pendingPodsMax: 0 })).toThrow(
      'pendingPodsMax: must be an integer in [1, 100000], got 0',
    );
  });
});

describe('unschedulable message', () => {
  it('counts reasons per node, most frequent first', () => {
    const harness = new SchedulerHarness({
      nodes: [
        { name: 'a', memory: '1Gi' },
        { name: 'b', memory: '1Gi' },
        { name: 'c', memory: '64Gi', taints: ['key=value:NoSchedule'] },
      ],
    });
    harness.schedule([{ name: 'p', memory: '2Gi' }]);
    expect(harness.messageOf('p')).toBe(
      '0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {key: value}.',
    );
  });

  it('orders equal counts by reason text and lists every kind of refusal', () => {
    const harness = new SchedulerHarness({
      nodes: [
        { name: 'a', ready: false },
        { name: 'b', unschedulable: true },
        { name: 'c', cpu: '1' },
        { name: 'd', cpu: '1' },
        { name: 'e', labels: { other: 'x' }, taints: ['gpu:NoSchedule'] },
      ],
    });
    harness.schedule([{ name: 'p', cpu: '2' }]);
    expect(harness.messageOf('p')).toBe(
      '0/5 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint {gpu: }, 1 node(s) were not ready, 1 node(s) were unschedulable.',
    );
  });

  it('says so when there are no nodes', () => {
    const harness = new SchedulerHarness({ nodes: [] });
    harness.schedule([{ name: 'p' }]);
    expect(harness.messageOf('p')).toBe('no nodes available to schedule pods');
  });

  it('names the field of an unreadable request instead of throwing', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }] });
    harness.schedule([{ name: 'p', cpu: 'lots' }]);
    expect(harness.messageOf('p')).toMatch(
      /^pod default\/p is invalid: spec\.containers\[0\]\.resources\.requests\.cpu: quantity "lots"/,
    );
  });

  it('returns the reasons as data too', () => {
    const snapshot = buildSnapshot({ nodes: [makeNode({ name: 'a', cpu: '1', memory: '1Gi' })], pods: [] });
    const result = schedule(snapshot, [makePod({ name: 'p', cpu: '2', memory: '2Gi' })]);
    expect(result.unschedulable[0]?.reasons).toEqual([
      { reason: 'Insufficient cpu', nodeCount: 1 },
      { reason: 'Insufficient memory', nodeCount: 1 },
    ]);
  });
});
