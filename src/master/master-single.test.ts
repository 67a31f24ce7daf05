/** One master over real gRPC and SQLite: the object API's behaviour and its error codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Object__Output } from '../gen/orca/v1/Object.js';
import type { ObjectList__Output } from '../gen/orca/v1/ObjectList.js';
import type { DeleteResponse__Output } from '../gen/orca/v1/DeleteResponse.js';
import type { WatchEvent__Output } from '../gen/orca/v1/WatchEvent.js';
import { call, failure, TestMasters, waitFor, type Clients } from './test-support.js';
import type { Master } from './master.js';

let masters: TestMasters;
let master: Master;
let api: Clients;

beforeAll(async () => {
  masters = new TestMasters();
  master = await masters.start('solo', { bootstrap: true, bookmarkIntervalMs: 50 });
  await waitFor('the master to lead', 5000, () => (master.node.state === 'leader' ? true : undefined));
  api = masters.clientsOf(master);
});

afterAll(async () => {
  await masters.close();
});

function configMap(
  name: string,
  data: Record<string, string>,
  extra: { resourceVersion?: string; labels?: Record<string, string>; finalizers?: string[] } = {},
) {
  return { configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data } };
}

function create(object: object): Promise<Object__Output> {
  return call(api.objects.Create.bind(api.objects), { object });
}

function metadataOf(object: Object__Output | null) {
  const inner = object?.configMap ?? object?.secret ?? object?.pod;
  if (inner === undefined || inner === null || inner.metadata === null) throw new Error('no object');
  return inner.metadata;
}

describe('a single master', () => {
  it('creates an object, deciding uid, creationTimestamp, namespace and resourceVersion', async () => {
    const created = await create(configMap('settings', { color: 'blue' }));
    const metadata = metadataOf(created);
    expect(metadata.namespace).toBe('default');
    expect(metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(metadata.creationTimestamp)).not.toBeNaN();
    expect(Number(metadata.resourceVersion)).toBeGreaterThan(0);
    expect(metadata.generation).toBe(1);
    const read = await call<object, Object__Output>(api.objects.Get.bind(api.objects), {
      kind: 'ConfigMap',
      namespace: 'default',
      name: 'settings',
    });
    expect(read.configMap?.data).toEqual({ color: 'blue' });
  });

  it('generates a name from generateName', async () => {
    const created = await create({
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'job-' }, data: {} },
    });
    expect(metadataOf(created).name).toMatch(/^job-[a-z0-9]{5}$/);
  });

  it('answers ALREADY_EXISTS, NOT_FOUND and ABORTED for a stale resourceVersion', async () => {
    const first = await create(configMap('cas', { n: '1' }));
    expect((await failure(create(configMap('cas', { n: '1' })))).code).toBe(status.ALREADY_EXISTS);
    expect(
      (
        await failure(
          call(api.objects.Get.bind(api.objects), { kind: 'ConfigMap', namespace: 'default', name: 'missing' }),
        )
      ).code,
    ).toBe(status.NOT_FOUND);
    const version = metadataOf(first).resourceVersion;
    const updated = await call<object, Object__Output>(api.objects.Update.bind(api.objects), {
      object: configMap('cas', { n: '2' }, { resourceVersion: version }),
    });
    expect(metadataOf(updated).generation).toBe(2);
    const stale = await failure(
      call(api.objects.Update.bind(api.objects), {
        object: configMap('cas', { n: '3' }, { resourceVersion: version }),
      }),
    );
    expect(stale.code).toBe(status.ABORTED);
  });

  it('refuses an invalid object with INVALID_ARGUMENT naming the field path, and an oversize one with RESOURCE_EXHAUSTED', async () => {
    const pod = {
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app' }] } },
    };
    const invalid = await failure(create(pod));
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.details).toContain('spec.containers[0].image');
    const big = await failure(create(configMap('big', { blob: 'x'.repeat(1_700_000) })));
    expect(big.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('deletes at once, or marks for deletion while finalizers remain, honouring a uid precondition', async () => {
    await create(configMap('plain', {}));
    const deleted = await call<object, DeleteResponse__Output>(api.objects.Delete.bind(api.objects), {
      kind: 'ConfigMap',
      namespace: 'default',
      name: 'plain',
    });
    expect(deleted.deleted).toBe(true);
    await create(configMap('held', {}, { finalizers: ['example.com/hold'] }));
    const wrongUid = await failure(
      call(api.objects.Delete.bind(api.objects), {
        kind: 'ConfigMap',
        namespace: 'default',
        name: 'held',
        uid: 'not-it',
      }),
    );
    expect(wrongUid.code).toBe(status.ABORTED);
    const marked = await call<object, DeleteResponse__Output>(api.objects.Delete.bind(api.objects), {
      kind: 'ConfigMap',
      namespace: 'default',
      name: 'held',
    });
    expect(marked.deleted).toBe(false);
    expect(metadataOf(marked.object).deletionTimestamp).not.toBe('');
  });

  it('lists with label and field selectors and pages with limit/continue at one revision', async () => {
    for (const [index, tier] of ['web', 'web', 'db'].entries())
      await create(configMap(`tiered-${index}`, {}, { labels: { tier } }));
    const list = (request: object) => call<object, ObjectList__Output>(api.objects.List.bind(api.objects), request);
    const web = await list({ kind: 'ConfigMap', namespace: 'default', labelSelector: 'tier=web' });
    expect(web.items.map((item) => item.configMap?.metadata?.name)).toEqual(['tiered-0', 'tiered-1']);
    const byName = await list({ kind: 'ConfigMap', fieldSelector: 'metadata.name=tiered-2' });
    expect(byName.items).toHaveLength(1);
    const first = await list({ kind: 'ConfigMap', labelSelector: 'tier', limit: 2 });
    expect(first.metadata?.continue).not.toBe('');
    const second = await list({
      kind: 'ConfigMap',
      labelSelector: 'tier',
      limit: 2,
      continue: first.metadata?.continue,
    });
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect([...first.items, ...second.items].map((item) => item.configMap?.metadata?.name)).toEqual([
      'tiered-0',
      'tiered-1',
      'tiered-2',
    ]);
    const bad = await failure(list({ kind: 'ConfigMap', labelSelector: 'tier in (' }));
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
  });

  it('applies a transaction all-or-nothing', async () => {
    const existing = await create(configMap('txn-a', {}));
    const version = metadataOf(existing).resourceVersion;
    const response = await call<object, { results: { object: Object__Output | null }[]; resourceVersion: string }>(
      api.objects.Transact.bind(api.objects),
      {
        operations: [
          { check: { key: { kind: 'ConfigMap', namespace: 'default', name: 'txn-a' }, resourceVersion: version } },
          { create: configMap('txn-b', {}) },
        ],
      },
    );
    expect(response.results).toHaveLength(2);
    expect(response.results[1]?.object?.configMap?.metadata?.name).toBe('txn-b');
    const failed = await failure(
      call(api.objects.Transact.bind(api.objects), {
        operations: [
          { create: configMap('txn-c', {}) },
          { check: { key: { kind: 'ConfigMap', namespace: 'default', name: 'txn-a' }, resourceVersion: '1' } },
        ],
      }),
    );
    expect(failed.code).toBe(status.ABORTED);
    expect(
      (
        await failure(
          call(api.objects.Get.bind(api.objects), { kind: 'ConfigMap', namespace: 'default', name: 'txn-c' }),
        )
      ).code,
    ).toBe(status.NOT_FOUND);
  });

  it('keeps Secret values out of both database files and returns them opened', async () => {
    const plaintext = 'correct-horse-battery-staple';
    const value = Buffer.from(plaintext).toString('base64');
    await create({
      secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-password' }, data: { password: value } },
    });
    const read = await call<object, Object__Output>(api.objects.Get.bind(api.objects), {
      kind: 'Secret',
      namespace: 'default',
      name: 'db-password',
    });
    expect(read.secret?.data).toEqual({ password: value });
    const directory = masters.directories.get('solo') ?? '';
    for (const file of ['raft.db', 'raft.db-wal', 'state.db', 'state.db-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(directory, file));
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from(plaintext)), file).toBe(false);
      expect(bytes.includes(Buffer.from(value)), file).toBe(false);
    }
  });

  it('watches from now (ADDED per current object) and from a revision, with bookmarks; INVALID_ARGUMENT for a malformed revision', async () => {
    await create(configMap('watched-1', {}, { labels: { watch: 'yes' } }));
    const stream = api.objects.Watch({
      kind: 'ConfigMap',
      namespace: 'default',
      labelSelector: 'watch=yes',
      allowBookmarks: true,
    });
    const events: WatchEvent__Output[] = [];
    stream.on('data', (event: WatchEvent__Output) => events.push(event));
    stream.on('error', () => undefined);
    await waitFor('the initial ADDED', 3000, () => (events.some((event) => event.type === 'ADDED') ? true : undefined));
    const second = await create(configMap('watched-2', {}, { labels: { watch: 'yes' } }));
    await waitFor('the second ADDED and a bookmark', 3000, () => {
      const added = events
        .filter((event) => event.type === 'ADDED')
        .map((event) => event.object?.configMap?.metadata?.name);
      const bookmark = events.find(
        (event) =>
          event.type === 'BOOKMARK' && Number(event.resourceVersion) >= Number(metadataOf(second).resourceVersion),
      );
      return added.includes('watched-2') && bookmark !== undefined ? true : undefined;
    });
    stream.cancel();
    const future = api.objects.Watch({ kind: 'ConfigMap', resourceVersion: 'not-a-number' });
    const error = await new Promise<{ code: number }>((resolve) => future.on('error', resolve));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
  });
});
