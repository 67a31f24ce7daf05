// Volume binding: claims must exist, a volume tied to a node holds its pods
// there, and a local volume with no node yet is tied, in the binding's own
// transaction, to the node its first pod goes to.
import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/index.js';
import { bindingOperations } from './binding.js';
import { schedule } from './schedule.js';
import { buildSnapshot } from './snapshot.js';
import { makeNode, makePod, type NodeSpecInput, type PodSpecInput } from './testing.js';
import { verifyPlacements } from './verify.js';
import { pinnedToNode } from './volumes.js';

function claim(name: string, volumeName?: string): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { ...(volumeName === undefined ? {} : { volumeName }) },
  };
}

function localVolume(name: string, node?: string): PersistentVolume {
  const volume: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, resourceVersion: '7' },
    spec: { local: { path: `/volumes/${name}` } },
  };
  return node === undefined ? volume : pinnedToNode(volume, node);
}

interface World {
  readonly nodes: readonly NodeSpecInput[];
  readonly existing?: readonly PodSpecInput[];
  readonly claims: readonly PersistentVolumeClaim[];
  readonly volumes: readonly PersistentVolume[];
}

function plan(world: World, pods: readonly PodSpecInput[]) {
  const snapshot = buildSnapshot({
    nodes: world.nodes.map(makeNode),
    pods: (world.existing ?? []).map(makePod),
    claims: world.claims,
    volumes: world.volumes,
  });
  const result = schedule(snapshot, pods.map(makePod));
  return { result, verified: verifyPlacements(snapshot, result.placements), snapshot };
}

const twoNodes: readonly NodeSpecInput[] = [
  { name: 'a', cpu: '4' },
  { name: 'b', cpu: '4' },
];

describe('volume binding', () => {
  it('refuses a pod whose claim does not exist, naming the claim', () => {
    const { result } = plan({ nodes: twoNodes, claims: [], volumes: [] }, [{ name: 'db-0', claims: ['data-db-0'] }]);
    expect(result.unschedulable.map((entry) => entry.message)).toEqual(['persistentvolumeclaim "data-db-0" not found']);
  });

  it('refuses a pod whose claim names a volume that does not exist', () => {
    const { result } = plan({ nodes: twoNodes, claims: [claim('data', 'gone')], volumes: [] }, [
      { name: 'p', claims: ['data'] },
    ]);
    expect(result.unschedulable[0]?.message).toMatch(/persistentvolume "gone", which does not exist/);
  });

  it('places a pod whose claim names no volume anywhere, pinning nothing', () => {
    const { verified } = plan({ nodes: twoNodes, claims: [claim('scratch')], volumes: [] }, [
      { name: 'p', claims: ['scratch'] },
    ]);
    expect(verified.accepted).toHaveLength(1);
    expect(verified.accepted[0]?.volumePins).toBeUndefined();
  });

  it('holds a pod to the node its volume is tied to, even when another node is emptier', () => {
    const world: World = {
      nodes: twoNodes,
      existing: [{ name: 'busy', cpu: '3', nodeName: 'b' }],
      claims: [claim('data-db-1', 'v1')],
      volumes: [localVolume('v1', 'b')],
    };
    const { verified } = plan(world, [{ name: 'db-1', cpu: '500m', claims: ['data-db-1'] }]);
    expect(verified.accepted.map((placement) => [placement.nodeName, placement.volumePins])).toEqual([
      ['b', undefined],
    ]);
  });

  it('says "volume node affinity conflict" for the nodes its volume excludes when its own node is full', () => {
    const world: World = {
      nodes: twoNodes,
      existing: [{ name: 'busy', cpu: '4', nodeName: 'b' }],
      claims: [claim('data-db-1', 'v1')],
      volumes: [localVolume('v1', 'b')],
    };
    const { result } = plan(world, [{ name: 'db-1', cpu: '500m', claims: ['data-db-1'] }]);
    expect(result.unschedulable.map((entry) => entry.message)).toEqual([
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had volume node affinity conflict.',
    ]);
  });

  it("ties an unpinned local volume to the first pod's node in the binding transaction, once, compare-and-swapped", () => {
    const world: World = { nodes: twoNodes, claims: [claim('shared', 'v1')], volumes: [localVolume('v1')] };
    const { verified } = plan(world, [
      { name: 'first', claims: ['shared'] },
      { name: 'second', claims: ['shared'] },
    ]);
    const [first, second] = verified.accepted;
    expect(second?.nodeName).toBe(first?.nodeName);
    expect(first?.volumePins?.map((volume) => volume.metadata?.name)).toEqual(['v1']);
    expect(second?.volumePins).toBeUndefined();
    const operations = bindingOperations(verified.accepted, '2026-01-01T00:00:00Z');
    const pins = operations.filter(
      (operation) => 'update' in operation && operation.update.kind === 'PersistentVolume',
    );
    expect(pins).toEqual([{ update: pinnedToNode(localVolume('v1'), first?.nodeName ?? '') }]);
    // the update carries the volume's resourceVersion: a concurrent pin elsewhere fails the whole batch
    expect(pins[0] !== undefined && 'update' in pins[0] ? pins[0].update.metadata?.resourceVersion : undefined).toBe(
      '7',
    );
    // the pod ops stay two per placement, first, so the loop can read the bound pods at 2i+1
    expect(
      operations
        .slice(0, 4)
        .map((operation) =>
          'update' in operation
            ? `update ${operation.update.kind}`
            : 'updateStatus' in operation
              ? `status ${operation.updateStatus.kind}`
              : '?',
        ),
    ).toEqual(['update Pod', 'status Pod', 'update Pod', 'status Pod']);
  });

  it('verification refuses a placement whose volume was tied to another node since the decision', () => {
    const before = buildSnapshot({
      nodes: twoNodes.map(makeNode),
      pods: [],
      claims: [claim('data', 'v1')],
      volumes: [localVolume('v1')],
    });
    const decided = schedule(before, [makePod({ name: 'p', claims: ['data'] })]).placements;
    const elsewhere = decided[0]?.nodeName === 'a' ? 'b' : 'a';
    const now = buildSnapshot({
      nodes: twoNodes.map(makeNode),
      pods: [],
      claims: [claim('data', 'v1')],
      volumes: [localVolume('v1', elsewhere)],
    });
    const verified = verifyPlacements(now, decided);
    expect(verified.accepted).toEqual([]);
    expect(verified.rejected[0]?.reason).toMatch(/tied to another node/);
  });

  it("a pod placed again (StatefulSet pod deleted and recreated) goes back to its volume's node", () => {
    const world: World = {
      nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      claims: [claim('data-db-0', 'v0')],
      volumes: [localVolume('v0')],
    };
    const first = plan(world, [{ name: 'db-0', claims: ['data-db-0'] }]).verified.accepted[0];
    const pinned = first?.volumePins?.[0];
    expect(pinned).toBeDefined();
    const again = plan({ ...world, volumes: [pinnedToNode(pinned as PersistentVolume, first?.nodeName ?? '')] }, [
      { name: 'db-0', claims: ['data-db-0'] },
    ]);
    expect(again.verified.accepted.map((placement) => placement.nodeName)).toEqual([first?.nodeName]);
    const pod: Pod | undefined = again.verified.accepted[0]?.pod;
    expect(pod?.spec?.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('data-db-0');
  });
});
