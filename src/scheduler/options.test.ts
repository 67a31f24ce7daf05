// Options and inputs are checked at the entry point with messages that name the field.
import { describe, expect, it } from 'vitest';
import { validateSchedulerOptions } from './options.js';
import { schedule } from './schedule.js';
import { buildSnapshot } from './snapshot.js';
import { SchedulerHarness, makeNode, makePod } from './testing.js';

describe('scheduler options', () => {
  it.each([
    [{ weights: { spread: -1 } }, 'weights.spread: must be a number in [0, 100], got -1'],
    [{ weights: { leastAllocated: Number.NaN } }, 'weights.leastAllocated: must be a number in [0, 100], got NaN'],
    [{ pendingPodsMax: 1.5 }, 'pendingPodsMax: must be an integer in [1, 100000], got 1.5'],
    [{ podShapesMax: 0 }, 'podShapesMax: must be an integer in [1, 100000], got 0'],
  ])('refuses %j', (input, message) => {
    expect(() => validateSchedulerOptions(input)).toThrow(message);
  });

  it('fills in Kubernetes default weights', () => {
    expect(validateSchedulerOptions({ weights: { spread: 5 } }).weights).toEqual({
      leastAllocated: 1,
      spread: 5,
      nodeAffinity: 2,
      taintToleration: 3,
    });
  });

  it('a weight of zero turns a score off', () => {
    const nodes = [
      { name: 'big', cpu: '64', memory: '256Gi' },
      { name: 'small', cpu: '4', memory: '16Gi' },
    ];
    const harness = new SchedulerHarness({ nodes });
    harness.schedule(
      [
        { name: 'r1', owner: 'web' },
        { name: 'r2', owner: 'web' },
      ],
      { weights: { spread: 0 } },
    );
    expect(harness.podsOn('big')).toEqual(['r1', 'r2']);
  });

  it('decides the same with a shape cache of one entry as with a large one', () => {
    const nodes = [
      makeNode({ name: 'a', labels: { disk: 'ssd' } }),
      makeNode({ name: 'b', taints: ['t:NoSchedule'] }),
      makeNode({ name: 'c' }),
    ];
    const pods = Array.from({ length: 30 }, (_, index) =>
      makePod({
        name: `p${index}`,
        cpu: '100m',
        ...(index % 3 === 0 ? { nodeSelector: { disk: 'ssd' } } : {}),
        ...(index % 3 === 1 ? { tolerations: [{ key: 't', operator: 'Exists' }] } : {}),
      }),
    );
    const snapshot = buildSnapshot({ nodes, pods: [] });
    expect(schedule(snapshot, pods, { podShapesMax: 1 })).toEqual(schedule(snapshot, pods));
  });
});

describe('snapshot input', () => {
  it('refuses two nodes of one name', () => {
    expect(() => buildSnapshot({ nodes: [makeNode({ name: 'a' }), makeNode({ name: 'a' })], pods: [] })).toThrow(
      'nodes: duplicate node name "a"',
    );
  });

  it('counts pods bound to unknown nodes as bound but on no node', () => {
    const snapshot = buildSnapshot({
      nodes: [makeNode({ name: 'a' })],
      pods: [makePod({ name: 'x', nodeName: 'gone' })],
    });
    expect(snapshot.boundPodKeys.has('default/x')).toBe(true);
    expect(snapshot.pods).toEqual([]);
  });

  it('a node without allocatable pods takes no pods, as in Kubernetes', () => {
    const node = makeNode({ name: 'a' });
    const bare = { ...node, status: { ...node.status, allocatable: { cpu: '4', memory: '8Gi' } } };
    const result = schedule(buildSnapshot({ nodes: [bare], pods: [] }), [makePod({ name: 'p' })]);
    expect(result.unschedulable.map((entry) => entry.message)).toEqual(['0/1 nodes are available: 1 Too many pods.']);
  });
});
