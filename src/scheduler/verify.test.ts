// The apply-time re-check: whatever the snapshot a decision was taken on, a
// node is never overcommitted and a pod never bound twice.
import { describe, expect, it } from 'vitest';
import { schedule } from './schedule.js';
import { buildSnapshot, withPlacements } from './snapshot.js';
import { makeNode, makePod } from './testing.js';
import { verifyPlacements } from './verify.js';

const nodes = [makeNode({ name: 'a', cpu: '2' }), makeNode({ name: 'b', cpu: '2', ready: false })];

describe('verifyPlacements', () => {
  it('rejects the second of two decisions taken on the same stale snapshot', () => {
    const stale = buildSnapshot({ nodes, pods: [] });
    const first = schedule(stale, [makePod({ name: 'p1', cpu: '1500m' })]);
    const second = schedule(stale, [makePod({ name: 'p2', cpu: '1500m' })]);
    expect(first.placements.map((placement) => placement.nodeName)).toEqual(['a']);
    expect(second.placements.map((placement) => placement.nodeName)).toEqual(['a']);

    const firstPlan = verifyPlacements(stale, first.placements);
    expect(firstPlan.rejected).toEqual([]);
    const current = withPlacements(stale, firstPlan.accepted);
    const secondPlan = verifyPlacements(current, second.placements);
    expect(secondPlan.accepted).toEqual([]);
    expect(secondPlan.rejected.map((entry) => entry.reason)).toEqual(['node "a": Insufficient cpu']);
  });

  it('counts placements accepted earlier in the same plan', () => {
    const snapshot = buildSnapshot({ nodes, pods: [] });
    const plan = verifyPlacements(snapshot, [
      { pod: makePod({ name: 'p1', cpu: '1' }), nodeName: 'a' },
      { pod: makePod({ name: 'p2', cpu: '1' }), nodeName: 'a' },
      { pod: makePod({ name: 'p3', cpu: '1' }), nodeName: 'a' },
    ]);
    expect(plan.accepted.map((placement) => placement.pod.metadata?.name)).toEqual(['p1', 'p2']);
    expect(plan.rejected.map((entry) => entry.reason)).toEqual(['node "a": Insufficient cpu']);
  });

  it.each([
    { name: 'an unknown node', pod: makePod({ name: 'p' }), nodeName: 'gone', reason: 'node "gone" does not exist' },
    { name: 'a node that is not ready', pod: makePod({ name: 'p' }), nodeName: 'b', reason: 'node "b" is not ready' },
    {
      name: 'a pod bound meanwhile',
      pod: makePod({ name: 'x' }),
      nodeName: 'a',
      reason: 'pod default/x is already bound to a node',
    },
    {
      name: 'a host port taken meanwhile',
      pod: makePod({ name: 'p', hostPorts: ['80'] }),
      nodeName: 'a',
      reason: 'node "a": host port already in use',
    },
    {
      name: 'an unreadable request',
      pod: makePod({ name: 'p', memory: 'big' }),
      nodeName: 'a',
      reason:
        'pod default/p is invalid: spec.containers[0].resources.requests.memory: quantity "big": must match the Kubernetes quantity syntax, like 500m, 2, 1.5Gi or 1e3',
    },
  ])('rejects $name', ({ pod, nodeName, reason }) => {
    const snapshot = buildSnapshot({ nodes, pods: [makePod({ name: 'x', nodeName: 'a', hostPorts: ['80'] })] });
    const plan = verifyPlacements(snapshot, [{ pod, nodeName }]);
    expect(plan.accepted).toEqual([]);
    expect(plan.rejected.map((entry) => entry.reason)).toEqual([reason]);
  });

  it('leaves the snapshot it was given unchanged', () => {
    const snapshot = buildSnapshot({ nodes, pods: [] });
    const next = withPlacements(
      snapshot,
      verifyPlacements(snapshot, [{ pod: makePod({ name: 'p', cpu: '1' }), nodeName: 'a' }]).accepted,
    );
    expect(snapshot.nodes[0]?.requested.cpuMilli).toBe(0);
    expect(snapshot.boundPodKeys.has('default/p')).toBe(false);
    expect(next.nodes[0]?.requested.cpuMilli).toBe(1000);
    expect(next.nodes[1]).toBe(snapshot.nodes[1]);
  });
});
