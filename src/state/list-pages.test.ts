import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from './commands.js';
import type { JsonObject } from './json.js';
import type { ListOptions } from './list-pages.js';
import { isStateError } from './state-error.js';
import { StateMachine } from './state-machine.js';
import { commandEntry, configMap, keyFor, pod } from './test-support.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orca-state-list-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function names(items: readonly JsonObject[]): string[] {
  return items.map((item) => String((item['metadata'] as JsonObject)['name']));
}

function listAll(
  state: StateMachine,
  options: ListOptions,
  between: () => void = () => undefined,
): { items: JsonObject[]; versions: string[] } {
  const items: JsonObject[] = [];
  const versions: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1000; page += 1) {
    const result = state.list(token === undefined ? options : { ...options, continue: token });
    items.push(...result.items);
    versions.push(result.resourceVersion);
    token = result.continue;
    if (token === undefined) return { items, versions };
    between();
  }
  throw new Error('list did not end within 1000 pages');
}

/** A small seeded generator (mulberry32) so a failure replays from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

describe('list', () => {
  it('filters by namespace, labels and fields', () => {
    const state = new StateMachine({ directory });
    state.apply(
      commandEntry(1, [
        { op: 'create', object: configMap('a', {}, { labels: { app: 'web' } }) },
        { op: 'create', object: configMap('b', {}, { labels: { app: 'db' } }) },
        { op: 'create', object: configMap('c', {}, { namespace: 'other', labels: { app: 'web' } }) },
        { op: 'create', object: pod('p1', { nodeName: 'n1' }, { phase: 'Running' }) },
        { op: 'create', object: pod('p2', { nodeName: 'n2' }, { phase: 'Pending' }) },
      ]),
    );
    expect(names(state.list({ kind: 'ConfigMap' }).items)).toEqual(['a', 'b', 'c']);
    expect(names(state.list({ kind: 'ConfigMap', namespace: 'default' }).items)).toEqual(['a', 'b']);
    expect(names(state.list({ kind: 'ConfigMap', labelFilter: (labels) => labels['app'] === 'web' }).items)).toEqual([
      'a',
      'c',
    ]);
    expect(names(state.list({ kind: 'Pod', fieldFilter: (fields) => fields['spec.nodeName'] === 'n2' }).items)).toEqual(
      ['p2'],
    );
    expect(
      names(state.list({ kind: 'Pod', fieldFilter: (fields) => fields['status.phase'] === 'Running' }).items),
    ).toEqual(['p1']);
    expect(state.list({ kind: 'Pod' }).resourceVersion).toBe('1');
    state.close();
  });

  it("every page reflects the first page's revision even when objects change between pages", () => {
    const state = new StateMachine({ directory });
    const initial: Operation[] = [];
    for (let n = 0; n < 10; n += 1) initial.push({ op: 'create', object: configMap(`cm-${n}`, { n: String(n) }) });
    state.apply(commandEntry(1, initial));
    const expected = state.list({ kind: 'ConfigMap' }).items;
    let index = 1;
    const writes: Operation[][] = [
      [
        { op: 'delete', key: keyFor('ConfigMap', 'cm-5') },
        { op: 'update', object: configMap('cm-6', { n: 'changed' }) },
      ],
      [
        { op: 'create', object: configMap('cm-55', {}) },
        { op: 'update', object: configMap('cm-8', { n: 'x' }) },
      ],
      [
        { op: 'create', object: configMap('cm-5', { n: 'recreated' }) },
        { op: 'delete', key: keyFor('ConfigMap', 'cm-9') },
      ],
    ];
    const { items, versions } = listAll(state, { kind: 'ConfigMap', limit: 3 }, () => {
      const operations = writes.shift();
      if (operations !== undefined) state.apply(commandEntry(++index, operations));
    });
    expect(items).toEqual(expected);
    expect(new Set(versions)).toEqual(new Set(['1']));
    expect(state.appliedIndex()).toBeGreaterThan(1);
    state.close();
  });

  it("randomized: pages under random writes equal the state at the first page's revision", () => {
    const seed = Number(process.env['ORCA_TEST_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    const random = generator(seed);
    const state = new StateMachine({ directory });
    let index = 0;
    const randomOperation = (): Operation => {
      const name = `o-${Math.floor(random() * 30)}`;
      const present = state.get('ConfigMap', 'default', name) !== undefined;
      if (!present) return { op: 'create', object: configMap(name, { v: String(random()) }) };
      return random() < 0.5
        ? { op: 'delete', key: keyFor('ConfigMap', name) }
        : { op: 'update', object: configMap(name, { v: String(random()) }) };
    };
    try {
      for (let round = 0; round < 10; round += 1) {
        for (let write = 0; write < 10; write += 1) state.apply(commandEntry(++index, [randomOperation()]));
        const expected = state.list({ kind: 'ConfigMap' }).items;
        const { items } = listAll(state, { kind: 'ConfigMap', limit: 1 + Math.floor(random() * 4) }, () => {
          state.apply(commandEntry(++index, [randomOperation()]));
        });
        expect(items).toEqual(expected);
      }
    } catch (error: unknown) {
      console.error(`list pagination failed with seed ${seed} (replay: ORCA_TEST_SEED=${seed})`);
      throw error;
    } finally {
      state.close();
    }
  });

  it("answers expired when the continue token's revision fell out of the change-log window", () => {
    const state = new StateMachine({ directory, changeLogCountMax: 5, pruneStepMax: 100 });
    for (let n = 1; n <= 4; n += 1) state.apply(commandEntry(n, [{ op: 'create', object: configMap(`cm-${n}`, {}) }]));
    const first = state.list({ kind: 'ConfigMap', limit: 2 });
    expect(first.continue).toBeDefined();
    for (let n = 5; n <= 12; n += 1)
      state.apply(commandEntry(n, [{ op: 'update', object: configMap('cm-1', { n: String(n) }) }]));
    expect(state.oldestRevision()).toBeGreaterThan(4);
    let caught: unknown;
    try {
      state.list({ kind: 'ConfigMap', limit: 2, continue: first.continue });
    } catch (error: unknown) {
      caught = error;
    }
    expect(isStateError(caught, 'expired')).toBe(true);
    state.close();
  });

  it('rejects a token from another list or a forged one as invalid', () => {
    const state = new StateMachine({ directory });
    state.apply(
      commandEntry(1, [
        { op: 'create', object: configMap('a', {}) },
        { op: 'create', object: configMap('b', {}) },
      ]),
    );
    const token = state.list({ kind: 'ConfigMap', limit: 1 }).continue;
    expect(() => state.list({ kind: 'Pod', continue: token })).toThrowError(/different list/);
    expect(() => state.list({ kind: 'ConfigMap', continue: 'not a token' })).toThrowError(/continue token/);
    state.close();
  });
});

describe('change-log window', () => {
  it('prunes whole revisions in bounded steps, deterministically, and keeps the count', () => {
    const state = new StateMachine({ directory, changeLogCountMax: 10, pruneStepMax: 3 });
    for (let n = 1; n <= 30; n += 1) state.apply(commandEntry(n, [{ op: 'create', object: configMap(`cm-${n}`, {}) }]));
    // Each entry adds one change and prunes at most three, so the log settles at its window.
    expect(state.oldestRevision()).toBe(20);
    expect(() => state.watch({ fromRevision: 20 }).close()).not.toThrow();
    expect(() => state.watch({ fromRevision: 19 })).toThrowError(/older than the oldest kept revision/);
    state.close();
  });
});
