import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from './commands.js';
import type { JsonObject } from './json.js';
import type { CommandResult } from './state-machine.js';
import { fixedNow, keyFor, pod, ScratchState } from './test-support.js';

function node(name: string, cpu: string, pods = '110'): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, creationTimestamp: fixedNow },
    spec: {},
    status: { allocatable: { cpu, memory: '4Gi', pods } },
  };
}

function pending(name: string, cpu: string): JsonObject {
  return pod(name, { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu } } }] });
}

function bound(object: JsonObject, nodeName: string): JsonObject {
  return { ...object, spec: { ...(object['spec'] as JsonObject), nodeName } };
}

describe('the plan re-check when a binding applies', () => {
  const scratch = new ScratchState('orca-usage-');
  beforeEach(() => scratch.open());
  afterEach(() => scratch.close());
  const apply = (operations: Operation[]): CommandResult => scratch.apply(operations);
  it('refuses a plan that would overcommit a node, though each plan fitted the snapshot it was made on', () => {
    apply([
      { op: 'create', object: node('n1', '1') },
      { op: 'create', object: pending('a', '600m') },
      { op: 'create', object: pending('b', '600m') },
    ]);
    // Two schedulers (a deposed leader's and the new one's) each saw n1 empty and placed one pod there.
    expect(apply([{ op: 'update', object: bound(pending('a', '600m'), 'n1') }]).outcome).toBe('applied');
    const second = apply([
      { op: 'create', object: pending('c', '100m') },
      { op: 'update', object: bound(pending('b', '600m'), 'n1') },
    ]);
    expect(second.outcome).toBe('rejected');
    expect(second.outcome === 'rejected' && [second.code, second.operationIndex, second.message]).toEqual([
      'conflict',
      1,
      'binding pod default/b to node n1 would overcommit it: cpu (1200m of 1000m) would be requested: schedule it again on the current state',
    ]);
    // Nothing of that transaction applied, and the node still holds only a.
    expect(scratch.state.get('Pod', 'default', 'c')).toBeUndefined();
    expect((scratch.state.get('Pod', 'default', 'b')?.['spec'] as JsonObject)['nodeName']).toBeUndefined();
  });

  it('frees what a pod held when it finishes or goes, and counts pod slots', () => {
    apply([
      { op: 'create', object: node('n1', '1', '2') },
      ...['a', 'b', 'c'].map((name): Operation => ({ op: 'create', object: pending(name, '100m') })),
    ]);
    expect(
      apply([
        { op: 'update', object: bound(pending('a', '100m'), 'n1') },
        { op: 'update', object: bound(pending('b', '100m'), 'n1') },
      ]).outcome,
    ).toBe('applied');
    const full = apply([{ op: 'update', object: bound(pending('c', '100m'), 'n1') }]);
    expect(full.outcome === 'rejected' && full.message).toMatch(/pods \(3 of 2\)/);
    // a finishes: its slot is free again.
    apply([{ op: 'updateStatus', object: { ...bound(pending('a', '100m'), 'n1'), status: { phase: 'Succeeded' } } }]);
    expect(apply([{ op: 'update', object: bound(pending('c', '100m'), 'n1') }]).outcome).toBe('applied');
    // b goes: the node holds c alone.
    apply([{ op: 'delete', key: keyFor('Pod', 'b') }]);
    apply([{ op: 'create', object: pending('d', '900m') }]);
    expect(apply([{ op: 'update', object: bound(pending('d', '900m'), 'n1') }]).outcome).toBe('applied');
  });

  it('rebuilds what nodes hold for a database from before the table existed', () => {
    apply([
      { op: 'create', object: node('n1', '1') },
      { op: 'create', object: pending('a', '600m') },
      { op: 'create', object: pending('b', '600m') },
    ]);
    apply([{ op: 'update', object: bound(pending('a', '600m'), 'n1') }]);
    scratch.state.close();
    const database = new Database(join(scratch.directory, 'state.db'));
    database.exec('DROP TABLE node_usage');
    database.close();
    scratch.reopen();
    expect(apply([{ op: 'update', object: bound(pending('b', '600m'), 'n1') }]).outcome).toBe('rejected');
  });
});
