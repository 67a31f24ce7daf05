/**
 * The client SDK and the CLI verbs against three in-process masters over real
 * gRPC on loopback: failover when the master the client talks to goes away,
 * watch resume across that failover, informer sync, apply/get/delete.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectOfKind } from '../../src/api/index.js';
import { Informer, isClientError, OrcaClient, type WatchEvent } from '../../src/client/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { runOrca, type CliRun } from './cli-runner.js';

type ConfigMap = ObjectOfKind<'ConfigMap'>;

function configMap(name: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

const fast = {
  callTimeoutMs: 3000,
  connectTimeoutMs: 500,
  operationDeadlineMs: 10_000,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
};

describe('client and CLI against three masters', () => {
  const masters = new TestMasters();
  let servers: string[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'orca-cli-'));

  beforeAll(async () => {
    servers = (await masters.startThree()).map((master) => master.address);
    await waitFor('three voters', 10_000, async () => {
      const client = new OrcaClient({ ...fast, servers });
      try {
        const { members } = await client.members();
        return members.length === 3 && members.every((member) => member.suffrage === 'Voter') ? true : undefined;
      } finally {
        client.close();
      }
    });
  });

  afterAll(async () => {
    await masters.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const orca = (args: string[]): Promise<CliRun> => runOrca({ servers: () => servers, clientOptions: fast }, args);

  it('applies a manifest, shows it as YAML, re-applies it unchanged, and deletes it', async () => {
    const file = join(folder, 'app.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n',
      ].join('---\n'),
    );
    expect((await orca(['apply', '-f', file])).output).toBe(
      'configmap/settings created\ndeployment.apps/web created\n',
    );
    expect((await orca(['apply', '-f', file])).output).toBe(
      'configmap/settings unchanged\ndeployment.apps/web unchanged\n',
    );
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: green\n');
    expect((await orca(['apply', '-f', file])).output).toBe('configmap/settings configured\n');

    const yaml = (await orca(['get', 'cm', 'settings', '-o', 'yaml'])).output;
    expect(yaml).toMatch(/^apiVersion: v1\nkind: ConfigMap\n/);
    expect(yaml).toContain('color: green');
    const table = (await orca(['get', 'deploy'])).output;
    expect(table).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\nweb +0\/2 /);

    expect((await orca(['delete', 'configmap', 'settings'])).output).toBe('configmap "settings" deleted\n');
    const missing = await orca(['get', 'configmap', 'settings']);
    expect(missing.failure).toMatch(/^error: .*settings.*not found/i);
    expect((await orca(['get', 'configmaps'])).errors).toBe('No resources found in default namespace.\n');
  });

  it('reports a validation error with its field path in one line', async () => {
    const file = join(folder, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n');
    const result = await orca(['apply', '-f', file]);
    expect(result.failure).toMatch(/^error: .*spec\.containers\[0\]\.image/);
    expect(result.failure).not.toContain('\n');
  });

  it("fails a stale compare-and-swap with conflict, and fills an informer's cache with handlers called", async () => {
    const client = new OrcaClient({ ...fast, servers });
    const informer = new Informer(client, 'ConfigMap', { namespace: 'default' });
    const seen: string[] = [];
    informer.addHandlers({
      onAdd: (object) => seen.push(`add ${object.metadata?.name ?? ''}`),
      onUpdate: (_previous, current) =>
        seen.push(`update ${current.metadata?.name ?? ''} ${current.data?.['v'] ?? ''}`),
      onDelete: (object) => seen.push(`delete ${object.metadata?.name ?? ''}`),
    });
    try {
      const created = await client.create(configMap('cas', { v: '1' }));
      const updated = await client.update({ ...created, data: { v: '2' } });
      const stale = await client.update({ ...created, data: { v: '3' } }).catch((error: unknown) => error);
      expect(isClientError(stale, 'conflict')).toBe(true);

      informer.start();
      await informer.waitForSync();
      expect(informer.get('cas', 'default')?.data).toEqual({ v: '2' });
      await client.update({ ...updated, data: { v: '4' } });
      await client.delete({ kind: 'ConfigMap', name: 'cas' });
      await waitFor('the informer to see the delete', 5000, () => (seen.includes('delete cas') ? true : undefined));
      expect(seen).toEqual(['add cas', 'update cas 4', 'delete cas']);
      expect(informer.get('cas', 'default')).toBeUndefined();
    } finally {
      await informer.stop();
      client.close();
    }
  });

  it('fails over when its master goes away, and a watch resumes there without losing or repeating an event', async () => {
    const client = new OrcaClient({ ...fast, servers });
    const first = await client.create(configMap('before', { n: '1' }));
    const watch = client.watch('ConfigMap', { namespace: 'default', resourceVersion: first.metadata?.resourceVersion });
    const events: WatchEvent<ConfigMap>[] = [];
    const consuming = (async () => {
      for await (const event of watch) events.push(event);
    })();
    try {
      await client.create(configMap('one', { n: '1' }));
      await waitFor('the first event', 5000, () => (events.length === 1 ? true : undefined));

      const victim = [...masters.masters.values()].find((master) => master.address === client.currentServer);
      expect(victim).toBeDefined();
      await masters.stop(victim?.name ?? '');

      // the next write goes through another master, and the watch follows
      await client.create(configMap('two', { n: '2' }));
      await client.create(configMap('three', { n: '3' }));
      expect(client.currentServer).not.toBe(victim?.address);
      await waitFor('events after the failover', 10_000, () => (events.length >= 3 ? true : undefined));
      expect(events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`)).toEqual([
        'ADDED one',
        'ADDED two',
        'ADDED three',
      ]);
      expect((await client.get({ kind: 'ConfigMap', name: 'two' })).data).toEqual({ n: '2' });
    } finally {
      watch.close();
      await consuming;
      client.close();
    }
  });
});
