import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand } from './commands.js';
import type { JsonObject } from './json.js';
import { StateMachine } from './state-machine.js';
import { commandEntry, configMap as configMapIn, fixedNow, keyFor, pod } from './test-support.js';

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

const now = '2025-05-05T05:05:05Z';

describe('graceful deletion of pods', () => {
  it('marks a bound pod with deletionTimestamp = now + grace and keeps it until a delete with grace 0', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: pod('p', { nodeName: 'w1', containers: [] }) }]));
    const marked = state.apply(
      commandEntry(2, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 30 }], now),
    );
    expect(marked).toMatchObject({ outcome: 'applied', results: [{ deleted: false }] });
    const stored = state.get('Pod', 'default', 'p');
    expect(metadata(stored)).toMatchObject({
      deletionTimestamp: '2025-05-05T05:05:35Z',
      deletionGracePeriodSeconds: 30,
      resourceVersion: '2',
    });

    state.apply(commandEntry(3, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 0 }], now));
    expect(state.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('a second delete only shortens the grace period', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: pod('p', { nodeName: 'w1', containers: [] }) }]));
    state.apply(commandEntry(2, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 30 }], now));
    state.apply(commandEntry(3, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 60 }], now));
    expect(metadata(state.get('Pod', 'default', 'p'))).toMatchObject({
      deletionGracePeriodSeconds: 30,
      resourceVersion: '2',
    });
    state.apply(commandEntry(4, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 5 }], now));
    expect(metadata(state.get('Pod', 'default', 'p'))).toMatchObject({
      deletionTimestamp: '2025-05-05T05:05:10Z',
      deletionGracePeriodSeconds: 5,
      resourceVersion: '4',
    });
  });

  it('removes an unbound pod at once, whatever the grace period', () => {
    state.apply(commandEntry(1, [{ op: 'create', object: pod('p', { containers: [] }) }]));
    expect(
      state.apply(commandEntry(2, [{ op: 'delete', key: keyFor('Pod', 'p'), gracePeriodSeconds: 30 }], now)),
    ).toMatchObject({ results: [{ deleted: true }] });
    expect(state.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('the grace period travels in the command and is checked when decoded', () => {
    const command = {
      version: 1 as const,
      type: 'transaction' as const,
      now,
      operations: [{ op: 'delete' as const, key: keyFor('Pod', 'p'), gracePeriodSeconds: 7 }],
    };
    expect(decodeCommand(encodeCommand(command))).toMatchObject({ operations: [{ gracePeriodSeconds: 7 }] });
    const bad = {
      ...command,
      operations: [{ op: 'delete' as const, key: keyFor('Pod', 'p'), gracePeriodSeconds: -1 }],
    };
    expect(() => decodeCommand(encodeCommand(bad))).toThrow(/gracePeriodSeconds must be a whole number/);
  });
});

describe('a namespace being deleted', () => {
  const namespace = (name: string): JsonObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: `uid-${name}`, creationTimestamp: fixedNow, finalizers: ['kubernetes'] },
  });
  const configMap = (name: string, inNamespace: string): JsonObject =>
    configMapIn(name, {}, { namespace: inNamespace });

  it('refuses new objects in it (the whole transaction), while updates and deletes of what is there go on', () => {
    expect(
      state.apply(
        commandEntry(1, [
          { op: 'create', object: namespace('team') },
          { op: 'create', object: configMap('kept', 'team') },
        ]),
      ),
    ).toMatchObject({ outcome: 'applied' });
    expect(
      state.apply(commandEntry(2, [{ op: 'delete', key: { kind: 'Namespace', namespace: '', name: 'team' } }], now)),
    ).toMatchObject({ outcome: 'applied' });
    expect(metadata(state.get('Namespace', '', 'team'))['deletionTimestamp']).toBe(now);
    const refused = state.apply(
      commandEntry(
        3,
        [
          { op: 'create', object: configMap('elsewhere', 'default') },
          { op: 'create', object: configMap('late', 'team') },
        ],
        now,
      ),
    );
    expect(refused).toMatchObject({
      outcome: 'rejected',
      operationIndex: 1,
      code: 'precondition-failed',
      message: 'unable to create new content in namespace team because it is being terminated',
    });
    expect(state.get('ConfigMap', 'default', 'elsewhere')).toBeUndefined();
    expect(
      state.apply(commandEntry(4, [{ op: 'delete', key: keyFor('ConfigMap', 'kept', 'team') }], now)),
    ).toMatchObject({ outcome: 'applied' });
  });
});
