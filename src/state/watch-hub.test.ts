import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from './change-event.js';
import { isStateError } from './state-error.js';
import { StateMachine } from './state-machine.js';
import { commandEntry, configMap, keyFor, pod } from './test-support.js';
import type { Watch } from './watch-hub.js';

let directory: string;
let state: StateMachine;
let index: number;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orca-state-watch-'));
  state = new StateMachine({
    directory,
    watchLimits: { bufferEventsMax: 50, replayPageEventsMax: 4, watchersMax: 10 },
  });
  index = 0;
});

afterEach(() => {
  state.close();
  rmSync(directory, { recursive: true, force: true });
});

function createConfigMap(name: string): void {
  state.apply(commandEntry(++index, [{ op: 'create', object: configMap(name, {}) }]));
}

const waitMs = 5_000;

/** The next `count` events, failing (not hanging) when they do not come within waitMs. */
async function take(watch: Watch, count: number): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events within ${waitMs} ms`)), waitMs);
  });
  try {
    while (events.length < count) {
      const next = await Promise.race([watch.next(), timeout]);
      if (next.done === true) break;
      events.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  return undefined;
}

describe('watch', () => {
  it('hands a batching sender every ready event at once, in order, replay pages and live alike', async () => {
    for (let n = 0; n < 10; n += 1) createConfigMap(`ready-${n}`);
    const watch = state.watch({ kind: 'ConfigMap', fromRevision: 2 });
    const first = await watch.next();
    // The replay reads pages of 4: takeReady keeps reading them without waiting.
    const ready = watch.takeReady(100);
    expect([first.value as ChangeEvent, ...ready].map((event) => event.revision)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(watch.takeReady(100)).toEqual([]);
    createConfigMap('live-0');
    createConfigMap('live-1');
    createConfigMap('live-2');
    const live = await watch.next();
    expect([live.value as ChangeEvent, ...watch.takeReady(1)].map((event) => event.name)).toEqual(['live-0', 'live-1']);
    expect(watch.takeReady(5).map((event) => event.name)).toEqual(['live-2']);
    watch.close();
  });

  it('replays from the change log, then hands over to live events with no gap and no duplicate', async () => {
    for (let n = 0; n < 10; n += 1) createConfigMap(`before-${n}`);
    const watch = state.watch({ kind: 'ConfigMap', fromRevision: 3 });
    // Writes between watch() and the first read, and while the replay is half done.
    createConfigMap('between-0');
    const first = await take(watch, 5);
    createConfigMap('between-1');
    const rest = await take(watch, 4);
    // Now live: a pending read is answered by the next apply.
    const pending = watch.next();
    state.apply(
      commandEntry(++index, [
        { op: 'update', object: configMap('before-0', { x: '1' }) },
        { op: 'delete', key: keyFor('ConfigMap', 'before-1') },
      ]),
    );
    const live = [(await pending).value as ChangeEvent, ...(await take(watch, 1))];
    watch.close();

    const revisions = [...first, ...rest, ...live].map((event) => `${event.revision}.${event.sequence}`);
    expect(revisions).toEqual(['4.0', '5.0', '6.0', '7.0', '8.0', '9.0', '10.0', '11.0', '12.0', '13.0', '13.1']);
    expect(live.map((event) => event.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(live[1]?.previous).not.toBeNull();
    expect(await watch.next()).toEqual({ done: true, value: undefined });
  });

  it('delivers only the asked-for kind, namespace and filter', async () => {
    state.apply(
      commandEntry(++index, [
        { op: 'create', object: pod('p', { nodeName: 'n1' }) },
        { op: 'create', object: configMap('a', {}, { namespace: 'one' }) },
        { op: 'create', object: configMap('b', {}, { namespace: 'two' }) },
        { op: 'create', object: configMap('c', {}, { namespace: 'two' }) },
      ]),
    );
    const watch = state.watch({
      kind: 'ConfigMap',
      namespace: 'two',
      fromRevision: 0,
      filter: (event) => event.name !== 'c',
    });
    const pending = take(watch, 2);
    state.apply(
      commandEntry(++index, [
        { op: 'create', object: configMap('d', {}, { namespace: 'two' }) },
        { op: 'create', object: configMap('e', {}, { namespace: 'one' }) },
      ]),
    );
    expect((await pending).map((event) => event.name)).toEqual(['b', 'd']);
    watch.close();
  });

  it('works as an async iterable with for-await', async () => {
    createConfigMap('a');
    createConfigMap('b');
    const seen: string[] = [];
    for await (const event of state.watch({ fromRevision: 0 })) {
      seen.push(event.name);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['a', 'b']);
    expect(state.watchHub.watcherCount).toBe(0);
  });

  it('refuses a revision older than the kept window with expired', () => {
    state.close();
    state = new StateMachine({ directory: join(directory, 'small'), changeLogCountMax: 2 });
    for (let n = 0; n < 5; n += 1) createConfigMap(`cm-${n}`);
    let caught: unknown;
    try {
      state.watch({ fromRevision: 1 });
    } catch (error: unknown) {
      caught = error;
    }
    expect(isStateError(caught, 'expired')).toBe(true);
  });

  it('ends a replaying watch with expired when the log is pruned beneath it', async () => {
    state.close();
    state = new StateMachine({
      directory: join(directory, 'small'),
      changeLogCountMax: 3,
      watchLimits: { bufferEventsMax: 10, replayPageEventsMax: 1, watchersMax: 10 },
    });
    for (let n = 0; n < 3; n += 1) createConfigMap(`cm-${n}`);
    const watch = state.watch({ fromRevision: 0 });
    expect((await take(watch, 1)).map((event) => event.name)).toEqual(['cm-0']);
    for (let n = 3; n < 8; n += 1) createConfigMap(`cm-${n}`);
    // The buffered page may still be delivered; the gap is not.
    const error = await failureOf(take(watch, 10));
    expect(isStateError(error, 'expired')).toBe(true);
  });

  it('ends a slow consumer with expired instead of buffering without bound', async () => {
    const watch = state.watch({ fromRevision: 0 });
    const pending = watch.next();
    await Promise.resolve();
    createConfigMap('first');
    expect((await pending).value).toMatchObject({ name: 'first' });
    for (let n = 0; n < 51; n += 1) createConfigMap(`flood-${n}`);
    const error = await failureOf(watch.next());
    expect(isStateError(error, 'expired')).toBe(true);
    expect(state.watchHub.watcherCount).toBe(0);
    expect(await watch.next()).toEqual({ done: true, value: undefined });
  });

  it('reports the current revision for bookmarks and ends watches on close', async () => {
    createConfigMap('a');
    expect(state.watchHub.currentRevision()).toBe(1);
    const watch = state.watch({ fromRevision: 1 });
    const pending = watch.next();
    state.close();
    expect(isStateError(await failureOf(pending), 'closed')).toBe(true);
    state = new StateMachine({ directory });
  });
});
