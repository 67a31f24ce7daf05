// Every score, and how ties are broken: among nodes that all fit, which one a
// pod prefers.
import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { SchedulerHarness } from './testing.js';

describe('scores', () => {
  it('least-allocated prefers the node with the most cpu and memory left', () => {
    const harness = new SchedulerHarness({
      nodes: [{ name: 'a' }, { name: 'b' }],
      pods: [
        { name: 'x', nodeName: 'a', cpu: '3', memory: '1Gi' },
        { name: 'y', nodeName: 'b', cpu: '1', memory: '1Gi' },
      ],
    });
    harness.schedule([{ name: 'p', cpu: '100m' }]);
    expect(harness.nodeOf('p')).toBe('b');
  });

  it('pods without requests still count (100m, 200Mi) so they do not pile onto one node', () => {
    const harness = new SchedulerHarness({
      nodes: [
        { name: 'a', cpu: '1', memory: '1Gi' },
        { name: 'b', cpu: '1', memory: '1Gi' },
      ],
    });
    harness.schedule([{ name: 'p1' }, { name: 'p2' }]);
    expect([harness.nodeOf('p1'), harness.nodeOf('p2')].sort()).toEqual(['a', 'b']);
  });

  it('spreads pods of one owner over nodes even when one node is much larger', () => {
    const nodes = [
      { name: 'big', cpu: '64', memory: '256Gi' },
      { name: 'small', cpu: '4', memory: '16Gi' },
    ];
    const owned = new SchedulerHarness({ nodes });
    owned.schedule([
      { name: 'r1', owner: 'web', cpu: '100m' },
      { name: 'r2', owner: 'web', cpu: '100m' },
    ]);
    expect([owned.nodeOf('r1'), owned.nodeOf('r2')].sort()).toEqual(['big', 'small']);
    // Without an owner nothing spreads them: both go to the emptier node.
    const loose = new SchedulerHarness({ nodes });
    loose.schedule([
      { name: 'r1', cpu: '100m' },
      { name: 'r2', cpu: '100m' },
    ]);
    expect([loose.nodeOf('r1'), loose.nodeOf('r2')]).toEqual(['big', 'big']);
  });

  it('spreads pods of one owner over zones before nodes', () => {
    const harness = new SchedulerHarness({
      nodes: [
        { name: 'a1', zone: 'z1' },
        { name: 'a2', zone: 'z1' },
        { name: 'b1', zone: 'z2' },
      ],
      pods: [{ name: 'r0', owner: 'web', nodeName: 'a1' }],
    });
    harness.schedule([{ name: 'r1', owner: 'web' }]);
    expect(harness.nodeOf('r1')).toBe('b1');
  });

  it('a Deployment of 30 spreads evenly over 3 zones of 2 nodes', () => {
    const nodes = ['z1', 'z2', 'z3'].flatMap((zone) => [
      { name: `${zone}-a`, zone },
      { name: `${zone}-b`, zone },
    ]);
    const harness = new SchedulerHarness({ nodes });
    harness.schedule(Array.from({ length: 30 }, (_, index) => ({ name: `web-${index}`, owner: 'web', cpu: '100m' })));
    for (const node of nodes) expect(harness.podsOn(node.name)).toHaveLength(5);
  });

  it('preferred node affinity pulls a pod to the matching node', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b', labels: { disk: 'ssd' } }] });
    harness.schedule([
      {
        name: 'p',
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            ],
          },
        },
      },
    ]);
    expect(harness.nodeOf('p')).toBe('b');
  });

  it('a PreferNoSchedule taint pushes pods away unless tolerated', () => {
    const nodes = [{ name: 'a', taints: ['soft=yes:PreferNoSchedule'] }, { name: 'b' }];
    const plain = new SchedulerHarness({ nodes });
    plain.schedule([{ name: 'p' }]);
    expect(plain.nodeOf('p')).toBe('b');
    const tolerant = new SchedulerHarness({ nodes });
    tolerant.schedule([{ name: 'p', tolerations: [{ key: 'soft', operator: 'Exists', effect: 'PreferNoSchedule' }] }]);
    expect(tolerant.nodeOf('p')).toBe('a');
  });

  it('breaks ties by node name without a random source', () => {
    const harness = new SchedulerHarness({ nodes: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] });
    harness.schedule([{ name: 'p' }]);
    expect(harness.nodeOf('p')).toBe('a');
  });

  it('breaks ties with the injected random source: varied across seeds, fixed for one seed', () => {
    const chosen = new Set<string | undefined>();
    for (let seed = 1; seed <= 40; seed += 1) {
      const first = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
      first.schedule([{ name: 'p' }], { random: seededRandom(seed) });
      const again = new SchedulerHarness({ nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
      again.schedule([{ name: 'p' }], { random: seededRandom(seed) });
      expect(again.nodeOf('p')).toBe(first.nodeOf('p'));
      chosen.add(first.nodeOf('p'));
    }
    expect([...chosen].sort()).toEqual(['a', 'b', 'c']);
  });
});
