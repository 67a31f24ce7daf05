import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotMeta } from '../raft/types.js';
import type { SnapshotSink, SnapshotSource } from '../raft/interfaces.js';
import { isStateError } from './state-error.js';
import { StateMachine } from './state-machine.js';
import { commandEntry, configMap, keyFor, pod } from './test-support.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orca-state-snapshot-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

class MemorySink implements SnapshotSink {
  readonly id = 'memory';
  readonly chunks: Uint8Array[] = [];

  write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk);
    return Promise.resolve();
  }

  close(): Promise<SnapshotMeta> {
    return Promise.resolve(metaAt(0, 0));
  }

  cancel(): Promise<void> {
    return Promise.resolve();
  }
}

function metaAt(index: number, size: number): SnapshotMeta {
  return { id: 'memory', index, term: 1, configuration: { servers: [] }, configurationIndex: 0, size };
}

function sourceOf(chunks: readonly Uint8Array[], index: number): SnapshotSource {
  return {
    meta: metaAt(
      index,
      chunks.reduce((total, chunk) => total + chunk.byteLength, 0),
    ),
    chunks: async function* () {
      yield* chunks;
    },
  };
}

function seed(state: StateMachine): void {
  state.applyBatch([
    commandEntry(1, [
      { op: 'create', object: configMap('a', { x: '1' }, { labels: { app: 'web' } }) },
      { op: 'create', object: pod('p', { nodeName: 'n1' }) },
    ]),
    commandEntry(2, [{ op: 'update', object: configMap('a', { x: '2' }) }]),
    commandEntry(3, [{ op: 'delete', key: keyFor('Pod', 'p') }]),
    commandEntry(4, [{ op: 'create', object: configMap('b', {}) }]),
  ]);
}

describe('snapshot and restore', () => {
  it('restoring into a fresh state machine gives the same objects, applied index and change history', async () => {
    const source = new StateMachine({ directory: join(directory, 'source'), snapshotChunkBytes: 1024 });
    seed(source);
    const captured = source.list({ kind: 'ConfigMap' }).items;
    const snapshot = source.snapshot();
    // Writes after the capture are not in the snapshot.
    source.apply(commandEntry(5, [{ op: 'create', object: configMap('late', {}) }]));
    const sink = new MemorySink();
    await snapshot.persist(sink);
    snapshot.release();
    expect(sink.chunks.length).toBeGreaterThan(1);
    expect(sink.chunks.every((chunk) => chunk.byteLength <= 1024)).toBe(true);
    expect(readdirSync(join(directory, 'source')).filter((file) => file.endsWith('.tmp'))).toEqual([]);

    const target = new StateMachine({ directory: join(directory, 'target') });
    target.apply(commandEntry(1, [{ op: 'create', object: configMap('stale', {}) }]));
    await target.restore(sourceOf(sink.chunks, 4));
    expect(target.appliedIndex()).toBe(4);
    expect(target.get('ConfigMap', 'default', 'stale')).toBeUndefined();
    expect(target.get('ConfigMap', 'default', 'late')).toBeUndefined();
    expect(target.list({ kind: 'ConfigMap' }).items).toEqual(captured);
    const history = [];
    const watch = target.watch({ fromRevision: 0 });
    for (let n = 0; n < 5; n += 1) history.push((await watch.next()).value);
    watch.close();
    expect(history.map((event) => `${event?.type} ${event?.name}`)).toEqual([
      'ADDED a',
      'ADDED p',
      'MODIFIED a',
      'DELETED p',
      'ADDED b',
    ]);

    // The restored replica carries on from the snapshot and survives a restart.
    target.apply(commandEntry(5, [{ op: 'create', object: configMap('late', {}) }]));
    target.close();
    const reopened = new StateMachine({ directory: join(directory, 'target') });
    expect(reopened.list({ kind: 'ConfigMap' }).items).toEqual(source.list({ kind: 'ConfigMap' }).items);
    reopened.close();
    source.close();
  });

  it('records the snapshot index as applied when the snapshot was cut after entries the FSM never saw', async () => {
    const source = new StateMachine({ directory: join(directory, 'source') });
    seed(source);
    const snapshot = source.snapshot();
    const sink = new MemorySink();
    await snapshot.persist(sink);
    snapshot.release();
    source.close();
    const target = new StateMachine({ directory: join(directory, 'target') });
    await target.restore(sourceOf(sink.chunks, 9));
    expect(target.appliedIndex()).toBe(9);
    target.close();
  });

  it('ends every watch with expired on restore', async () => {
    const state = new StateMachine({ directory: join(directory, 'one') });
    seed(state);
    const snapshot = state.snapshot();
    const sink = new MemorySink();
    await snapshot.persist(sink);
    snapshot.release();
    const watch = state.watch({ fromRevision: 4 });
    const pending = watch.next();
    await state.restore(sourceOf(sink.chunks, 4));
    let caught: unknown;
    try {
      await pending;
    } catch (error: unknown) {
      caught = error;
    }
    expect(isStateError(caught, 'expired')).toBe(true);
    state.close();
  });

  it('refuses data that is not a state database and keeps the current state', async () => {
    const state = new StateMachine({ directory: join(directory, 'one') });
    seed(state);
    let caught: unknown;
    try {
      await state.restore(sourceOf([new TextEncoder().encode('certainly not sqlite'.repeat(100))], 10));
    } catch (error: unknown) {
      caught = error;
    }
    expect(isStateError(caught, 'bad-snapshot')).toBe(true);
    expect(state.appliedIndex()).toBe(4);
    expect(state.get('ConfigMap', 'default', 'a')).toBeDefined();
    expect(readdirSync(join(directory, 'one')).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    state.close();
  });
});
