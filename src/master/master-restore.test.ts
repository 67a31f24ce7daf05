/** Disaster recovery: save a snapshot from a running cluster, restore it into a brand-new one. */
import { copyFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Object__Output } from '../gen/orca/v1/Object.js';
import type { ObjectList__Output } from '../gen/orca/v1/ObjectList.js';
import type { SnapshotChunk__Output } from '../gen/orca/v1/SnapshotChunk.js';
import type { Master } from './master.js';
import { call, TestMasters, waitFor } from './test-support.js';

let masters: TestMasters;

beforeAll(() => {
  masters = new TestMasters();
});

afterAll(async () => {
  await masters.close();
});

async function saveSnapshot(master: Master, file: string): Promise<void> {
  const { cluster } = masters.clientsOf(master);
  const stream = cluster.SaveSnapshot({});
  const out = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: SnapshotChunk__Output) => out.write(chunk.data));
    stream.on('error', reject);
    stream.on('end', () => out.end(resolve));
  });
}

async function configMaps(master: Master): Promise<Object__Output[]> {
  const { objects } = masters.clientsOf(master);
  return (await call<object, ObjectList__Output>(objects.List.bind(objects), { kind: 'ConfigMap' })).items;
}

describe('snapshot save and restore', () => {
  it('restores every object into a new cluster whose resourceVersions keep increasing', async () => {
    const source = await masters.start('old', { bootstrap: true });
    await waitFor('the old master to lead', 5000, () => (source.node.state === 'leader' ? true : undefined));
    const { objects } = masters.clientsOf(source);
    for (let index = 0; index < 20; index += 1) {
      const namespace = index % 2 === 0 ? 'default' : 'team-a';
      await call(objects.Create.bind(objects), {
        object: {
          configMap: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `cm-${index}`, namespace, labels: { n: String(index) } },
            data: { index: String(index) },
          },
        },
      });
    }
    await call(objects.Create.bind(objects), {
      object: {
        secret: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'token' },
          data: { token: Buffer.from('s3cret').toString('base64') },
        },
      },
    });
    const before = await configMaps(source);
    const file = join(masters.directories.get('old') ?? '', '..', 'saved.snapshot');
    await saveSnapshot(source, file);
    const savedRevision = source.state.appliedIndex();

    // Secrets stay sealed in the saved file: the new cluster needs the old cluster's key in its data directory.
    const newDirectory = join(masters.directories.get('old') ?? '', '..', 'new');
    mkdirSync(newDirectory, { recursive: true });
    copyFileSync(join(masters.directories.get('old') ?? '', 'secret.key'), join(newDirectory, 'secret.key'));
    masters.directories.set('new', newDirectory);
    const restored = await masters.start('new', { bootstrap: true, restore: file });
    await waitFor('the restored master to lead', 5000, () => (restored.node.state === 'leader' ? true : undefined));
    const after = await configMaps(restored);
    expect(after).toEqual(before);
    const { objects: restoredObjects } = masters.clientsOf(restored);
    const secret = await call<object, Object__Output>(restoredObjects.Get.bind(restoredObjects), {
      kind: 'Secret',
      namespace: 'default',
      name: 'token',
    });
    expect(Buffer.from(secret.secret?.data['token'] ?? '', 'base64').toString()).toBe('s3cret');
    const created = await call<object, Object__Output>(restoredObjects.Create.bind(restoredObjects), {
      object: { configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restore' } } },
    });
    expect(Number(created.configMap?.metadata?.resourceVersion)).toBeGreaterThan(savedRevision);
  });
});
