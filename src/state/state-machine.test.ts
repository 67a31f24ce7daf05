import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import { StateMachine, type CommandResult } from './state-machine.js';
import { encodeCommand } from './commands.js';
import { commandEntry, configMap, fixedNow, keyFor, pod, rawEntry } from './test-support.js';

let directory: string;
let state: StateMachine;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orca-state-'));
  state = new StateMachine({ directory });
});

afterEach(() => {
  state.close();
  rmSync(directory, { recursive: true, force: true });
});

function metadata(object: JsonObject | undefined): JsonObject {
  return (object?.['metadata'] ?? {}) as JsonObject;
}

function expectApplied(result: CommandResult): Extract<CommandResult, { outcome: 'applied' }> {
  if (result.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result;
}

describe('create', () => {
  it('stores the object with resourceVersion = the entry index and generation 1', () => {
    expectApplied(state.apply(commandEntry(5, [{ op: 'create', object: configMap('a', { x: '1' }) }])));
    const stored = state.get('ConfigMap', 'default', 'a');
    expect(metadata(stored)['resourceVersion']).toBe('5');
    expect(metadata(stored)['generation']).toBe(1);
    expect(metadata(stored)['uid']).toBe('uid-a');
    expect(state.appliedIndex()).toBe(5);
  });

  it('rejects a second create of the same key with already-exists', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('a', {}) }]));
    const result = state.apply(commandEntry(2, [{ op: 'create', object: configMap('a', {}) }]));
    expect(result).toMatchObject({ outcome: 'rejected', operationIndex: 0, code: 'already-exists' });
    expect(state.appliedIndex()).toBe(2);
  });

  it('keeps namespaces apart and stores cluster-scoped objects under namespace ""', () => {
    state.apply(
      commandEntry(1, [
        { op: 'create', object: configMap('a', {}, { namespace: 'one' }) },
        { op: 'create', object: configMap('a', {}, { namespace: 'two' }) },
        {
          op: 'create',
          object: { kind: 'Node', metadata: { name: 'n1', uid: 'u', creationTimestamp: '2025-01-01T00:00:00Z' } },
        },
      ]),
    );
    expect(state.get('ConfigMap', 'one', 'a')).toBeDefined();
    expect(state.get('ConfigMap', 'two', 'a')).toBeDefined();
    expect(state.get('Node', '', 'n1')).toBeDefined();
  });
});

describe('update', () => {
  it('replaces spec, keeps status, bumps generation only when spec changes', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: pod('p', { image: 'a' }, { phase: 'Pending' }) }]));
    state.apply(commandEntry(2, [{ op: 'updateStatus', object: pod('p', {}, { phase: 'Running' }) }]));
    expectApplied(
      state.apply(commandEntry(3, [{ op: 'update', object: pod('p', { image: 'b' }, { phase: 'Ignored' }) }])),
    );
    let stored = state.get('Pod', 'default', 'p');
    expect(stored?.['spec']).toEqual({ image: 'b' });
    expect(stored?.['status']).toEqual({ phase: 'Running' });
    expect(metadata(stored)['generation']).toBe(2);
    expect(metadata(stored)['resourceVersion']).toBe('3');

    const labelled = pod('p', { image: 'b' });
    (labelled['metadata'] as JsonObject)['labels'] = { app: 'web' };
    state.apply(commandEntry(4, [{ op: 'update', object: labelled }]));
    stored = state.get('Pod', 'default', 'p');
    expect(metadata(stored)['generation']).toBe(2);
    expect(metadata(stored)['labels']).toEqual({ app: 'web' });
  });

  it('counts data changes as generation changes for kinds without spec', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', { x: '1' }) }]));
    state.apply(commandEntry(2, [{ op: 'update', object: configMap('c', { x: '2' }) }]));
    expect(metadata(state.get('ConfigMap', 'default', 'c'))['generation']).toBe(2);
  });

  it('compare-and-swap: a stale expectedResourceVersion is a conflict and changes nothing', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', { x: '1' }) }]));
    state.apply(commandEntry(2, [{ op: 'update', object: configMap('c', { x: '2' }), expectedResourceVersion: '1' }]));
    const stale = state.apply(
      commandEntry(3, [{ op: 'update', object: configMap('c', { x: '3' }), expectedResourceVersion: '1' }]),
    );
    expect(stale).toMatchObject({ outcome: 'rejected', code: 'conflict', operationIndex: 0 });
    expect(state.get('ConfigMap', 'default', 'c')?.['data']).toEqual({ x: '2' });
  });

  it('answers not-found for a missing object', () => {
    expect(state.apply(commandEntry(1, [{ op: 'update', object: configMap('none', {}) }]))).toMatchObject({
      outcome: 'rejected',
      code: 'not-found',
    });
  });

  it('keeps uid and creationTimestamp from the stored object', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', {}) }]));
    const changed = configMap('c', { y: '1' });
    delete (changed['metadata'] as JsonObject)['uid'];
    (changed['metadata'] as JsonObject)['creationTimestamp'] = '1999-01-01T00:00:00Z';
    state.apply(commandEntry(2, [{ op: 'update', object: changed }]));
    const stored = metadata(state.get('ConfigMap', 'default', 'c'));
    expect(stored['uid']).toBe('uid-c');
    expect(stored['creationTimestamp']).toBe('2025-01-02T03:04:05Z');
  });
});

describe('updateStatus', () => {
  it('takes only status from the given object', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: pod('p', { image: 'a' }) }]));
    const result = expectApplied(
      state.apply(
        commandEntry(2, [
          {
            op: 'updateStatus',
            object: pod('p', { image: 'changed' }, { phase: 'Running' }),
            expectedResourceVersion: '1',
          },
        ]),
      ),
    );
    const stored = state.get('Pod', 'default', 'p');
    expect(stored?.['spec']).toEqual({ image: 'a' });
    expect(stored?.['status']).toEqual({ phase: 'Running' });
    expect(metadata(stored)['generation']).toBe(1);
    expect(result.results[0]?.object).toEqual(stored);
  });
});

describe('delete', () => {
  it('removes an object without finalizers', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', {}) }]));
    const result = expectApplied(state.apply(commandEntry(2, [{ op: 'delete', key: keyFor('ConfigMap', 'c') }])));
    expect(result.results[0]?.deleted).toBe(true);
    expect(state.get('ConfigMap', 'default', 'c')).toBeUndefined();
  });

  it('with finalizers: marks deletionTimestamp from the command, keeps the object; removing the last finalizer deletes it', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', {}, { finalizers: ['a', 'b'] }) }]));
    state.apply(commandEntry(2, [{ op: 'delete', key: keyFor('ConfigMap', 'c') }], '2025-05-05T05:05:05Z'));
    let stored = state.get('ConfigMap', 'default', 'c');
    expect(metadata(stored)['deletionTimestamp']).toBe('2025-05-05T05:05:05Z');
    expect(metadata(stored)['resourceVersion']).toBe('2');

    state.apply(commandEntry(3, [{ op: 'update', object: configMap('c', {}, { finalizers: ['b'] }) }]));
    stored = state.get('ConfigMap', 'default', 'c');
    expect(metadata(stored)['deletionTimestamp']).toBe('2025-05-05T05:05:05Z');
    expect(metadata(stored)['finalizers']).toEqual(['b']);

    const last = expectApplied(
      state.apply(commandEntry(4, [{ op: 'update', object: configMap('c', {}, { finalizers: [] }) }])),
    );
    expect(last.results[0]?.deleted).toBe(true);
    expect(state.get('ConfigMap', 'default', 'c')).toBeUndefined();
  });

  it('checks uid and resourceVersion preconditions', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', {}) }]));
    expect(
      state.apply(commandEntry(2, [{ op: 'delete', key: keyFor('ConfigMap', 'c'), expectedUid: 'other' }])),
    ).toMatchObject({ outcome: 'rejected', code: 'precondition-failed' });
    expect(
      state.apply(commandEntry(3, [{ op: 'delete', key: keyFor('ConfigMap', 'c'), expectedResourceVersion: '2' }])),
    ).toMatchObject({ outcome: 'rejected', code: 'conflict' });
    expect(
      state.apply(
        commandEntry(4, [
          { op: 'delete', key: keyFor('ConfigMap', 'c'), expectedUid: 'uid-c', expectedResourceVersion: '1' },
        ]),
      ),
    ).toMatchObject({ outcome: 'applied' });
  });
});

describe('transactions', () => {
  it('apply all-or-nothing: a failing operation rolls back the ones before it and names itself', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('existing', {}) }]));
    const result = state.apply(
      commandEntry(2, [
        { op: 'create', object: configMap('new', {}) },
        { op: 'update', object: configMap('existing', { x: '1' }) },
        { op: 'check', key: keyFor('ConfigMap', 'existing'), resourceVersion: '1' },
      ]),
    );
    expect(result).toMatchObject({ outcome: 'rejected', operationIndex: 2, code: 'conflict' });
    expect(state.get('ConfigMap', 'default', 'new')).toBeUndefined();
    expect(state.get('ConfigMap', 'default', 'existing')?.['data']).toEqual({});
  });

  it('check asserts existence at a resourceVersion, or absence', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: configMap('c', {}) }]));
    expect(
      state.apply(
        commandEntry(2, [
          { op: 'check', key: keyFor('ConfigMap', 'c'), resourceVersion: '1' },
          { op: 'check', key: keyFor('ConfigMap', 'gone'), resourceVersion: null },
        ]),
      ),
    ).toMatchObject({ outcome: 'applied' });
    expect(
      state.apply(commandEntry(3, [{ op: 'check', key: keyFor('ConfigMap', 'c'), resourceVersion: null }])),
    ).toMatchObject({ outcome: 'rejected', code: 'conflict' });
  });

  it('operations see the effects of earlier operations in the same command', () => {
    const result = expectApplied(
      state.apply(
        commandEntry(7, [
          { op: 'create', object: configMap('c', { x: '1' }) },
          { op: 'update', object: configMap('c', { x: '2' }), expectedResourceVersion: '7' },
        ]),
      ),
    );
    expect(result.results.map((operation) => operation.op)).toEqual(['create', 'update']);
    expect(metadata(state.get('ConfigMap', 'default', 'c'))['generation']).toBe(2);
  });
});

describe('malformed commands', () => {
  it('yield an invalid result, move the applied index and never throw', () => {
    const garbage = [
      new Uint8Array([0xff, 0xfe]),
      new TextEncoder().encode('{"version":1'),
      new TextEncoder().encode('{"version":2,"type":"transaction","now":"2025-01-01T00:00:00Z","operations":[]}'),
      new TextEncoder().encode('{"version":1,"type":"transaction","now":"yesterday","operations":[{"op":"check"}]}'),
      new TextEncoder().encode(
        '{"version":1,"type":"transaction","now":"2025-01-01T00:00:00Z","operations":[{"op":"create","object":{"kind":"X","metadata":{"name":"a"}}}]}',
      ),
      new TextEncoder().encode('[]'),
    ];
    garbage.forEach((data, position) => {
      expect(state.apply(rawEntry(position + 1, data))).toMatchObject({
        outcome: 'rejected',
        code: 'invalid',
        operationIndex: null,
      });
    });
    expect(state.appliedIndex()).toBe(garbage.length);
  });
});

describe('restart', () => {
  it('re-applying entries at or below the durable applied index has no effect and says already applied', () => {
    const entries = [
      commandEntry(1, [{ op: 'create', object: configMap('c', { n: '1' }) }]),
      commandEntry(2, [{ op: 'update', object: configMap('c', { n: '2' }) }]),
    ];
    state.applyBatch(entries);
    state.close();
    state = new StateMachine({ directory });
    expect(state.appliedIndex()).toBe(2);
    const again = state.applyBatch([
      ...entries,
      commandEntry(3, [{ op: 'update', object: configMap('c', { n: '3' }) }]),
    ]);
    expect(again.map((result) => result.outcome)).toEqual(['already-applied', 'already-applied', 'applied']);
    const stored = state.get('ConfigMap', 'default', 'c');
    expect(stored?.['data']).toEqual({ n: '3' });
    expect(metadata(stored)['generation']).toBe(3);
  });

  it('records non-command entries as applied', () => {
    expect(state.apply({ index: 1, term: 1, type: 'noop', data: new Uint8Array() })).toEqual({
      outcome: 'no-command',
      revision: 1,
    });
    expect(state.appliedIndex()).toBe(1);
  });
});

describe('fencing', () => {
  function fenced(index: number, term: number, fenceTerm: number, name: string): ReturnType<typeof commandEntry> {
    const data = encodeCommand({
      version: 1,
      type: 'transaction',
      now: fixedNow,
      fenceTerm,
      operations: [{ op: 'create', object: configMap(name, {}) }],
    });
    return { index, term, type: 'command', data };
  }

  it('applies a transaction whose fenceTerm is the term it committed in', () => {
    expectApplied(state.apply(fenced(1, 3, 3, 'kept')));
    expect(state.get('ConfigMap', 'default', 'kept')).toBeDefined();
  });

  it('rejects the whole transaction of a deposed leader (fenceTerm differs from the entry term)', () => {
    const result = state.apply(fenced(1, 4, 3, 'stale'));
    expect(result).toMatchObject({ outcome: 'rejected', code: 'precondition-failed', operationIndex: null });
    expect(result.outcome === 'rejected' && result.message).toMatch(/fenced/);
    expect(state.get('ConfigMap', 'default', 'stale')).toBeUndefined();
    expect(state.appliedIndex()).toBe(1);
  });

  it('refuses a malformed fenceTerm', () => {
    const data = new TextEncoder().encode(
      JSON.stringify({
        version: 1,
        type: 'transaction',
        now: fixedNow,
        fenceTerm: -1,
        operations: [{ op: 'create', object: configMap('x', {}) }],
      }),
    );
    expect(state.apply({ index: 1, term: 1, type: 'command', data })).toMatchObject({
      outcome: 'rejected',
      code: 'invalid',
    });
  });
});
