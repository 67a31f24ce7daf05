/**
 * Three Orca masters as separate OS processes on loopback, driven through the
 * client SDK exactly as a user's program would: the contract for the
 * replicated state, the API and failover. Default Raft timeouts throughout.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, OrcaObject, Secret } from '../../src/api/index.js';
import { isClientError, type OrcaClient } from '../../src/client/index.js';
import { waitFor } from '../raft/replica-cluster.js';
import { MasterProcesses } from './master-processes.js';

function configMap(name: string, data: Record<string, string> = { value: name }, namespace = 'default'): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function metaOf(object: OrcaObject): NonNullable<OrcaObject['metadata']> {
  if (object.metadata === undefined) throw new Error(`an object without metadata: ${JSON.stringify(object)}`);
  return object.metadata;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error: unknown) {
    if (isClientError(error)) return error.code;
    throw error;
  }
}

/** Every file of a master's data directory (databases and their WAL files). */
function dataFiles(dataDir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    if (statSync(path).isDirectory()) found.push(...dataFiles(path));
    else found.push(path);
  }
  return found;
}

describe('three masters as processes', () => {
  let cluster: MasterProcesses;

  beforeAll(async () => {
    cluster = await MasterProcesses.start({ size: 3 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  const followers = async (): Promise<string[]> => {
    const leader = await cluster.waitForLeader();
    return cluster
      .alive()
      .filter((master) => master.name !== leader.name)
      .map((master) => master.name);
  };

  it('a write through a follower is readable through every master', async () => {
    const [follower] = await followers();
    const created = await cluster.clientFor(follower!).create(configMap('through-follower'));
    expect(Number(metaOf(created).resourceVersion)).toBeGreaterThan(0);
    for (const master of cluster.alive()) {
      const read = await cluster.clientFor(master.name).get({ kind: 'ConfigMap', name: 'through-follower' });
      expect(read.data).toEqual({ value: 'through-follower' });
      expect(metaOf(read).uid).toBe(metaOf(created).uid);
    }
  });

  it('a compare-and-swap with a stale resourceVersion fails with ABORTED (conflict)', async () => {
    const client = cluster.client();
    const first = await client.create(configMap('cas'));
    const second = await client.update({ ...first, data: { value: 'second' } });
    expect(metaOf(second).resourceVersion).not.toBe(metaOf(first).resourceVersion);
    expect(await codeOf(client.update({ ...first, data: { value: 'stale' } }))).toBe('conflict');
    const [follower] = await followers();
    expect(await codeOf(cluster.clientFor(follower!).update({ ...first, data: { value: 'stale' } }))).toBe('conflict');
    expect((await client.get({ kind: 'ConfigMap', name: 'cas' })).data).toEqual({ value: 'second' });
  });

  it('watches opened on different masters yield the same events in the same order', async () => {
    const start = await cluster.client().list('ConfigMap', { namespace: 'watched' });
    const streams = cluster
      .alive()
      .map((master) =>
        cluster
          .clientFor(master.name)
          .watch('ConfigMap', { namespace: 'watched', resourceVersion: start.resourceVersion }),
      );
    const writes = 30;
    const collected = streams.map(async (stream) => {
      const seen: string[] = [];
      for await (const event of stream) {
        seen.push(`${event.type} ${metaOf(event.object).name} ${event.resourceVersion}`);
        if (seen.length === writes + 5) break;
      }
      return seen;
    });
    const client = cluster.client();
    for (let index = 0; index < writes; index += 1)
      await client.create(configMap(`w${index}`, { value: String(index) }, 'watched'));
    for (let index = 0; index < 5; index += 1)
      await client.delete({ kind: 'ConfigMap', namespace: 'watched', name: `w${index}` });
    const results = await Promise.all(collected);
    for (const stream of streams) stream.close();
    expect(results[0]).toHaveLength(writes + 5);
    for (const result of results) expect(result).toEqual(results[0]);
    const revisions = results[0]!.map((line) => Number(line.split(' ')[2]));
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
  });

  it('a paginated list reads one revision while writes go on', async () => {
    const client = cluster.client();
    for (let index = 0; index < 40; index += 1)
      await client.create(configMap(`page-${String(index).padStart(2, '0')}`, { value: 'before' }, 'paged'));
    const first = await client.list('ConfigMap', { namespace: 'paged', limit: 7 });
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        await client.create(configMap(`late-${written}`, { value: 'during' }, 'paged'));
        written += 1;
      }
    })();
    const items = [...first.items];
    let token = first.continue;
    while (token !== '') {
      const page = await cluster
        .clientFor(cluster.alive()[written % cluster.alive().length]!.name)
        .list('ConfigMap', { namespace: 'paged', limit: 7, continue: token });
      expect(page.resourceVersion).toBe(first.resourceVersion);
      items.push(...page.items);
      token = page.continue;
    }
    stop = true;
    await writer;
    expect(written).toBeGreaterThan(0);
    expect(items.map((item) => metaOf(item).name)).toEqual(
      Array.from({ length: 40 }, (_, index) => `page-${String(index).padStart(2, '0')}`),
    );
  });

  it('a validation error names the field path, and an oversize object is refused', async () => {
    const client = cluster.client();
    const pod: OrcaObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'no-image', namespace: 'default' },
      spec: { containers: [{ name: 'main' }] },
    } as unknown as OrcaObject;
    const invalid = await client.create(pod).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isClientError(invalid) && invalid.code).toBe('invalid');
    expect(String((invalid as Error).message)).toContain('spec.containers[0].image');
    const huge = configMap('huge', { blob: 'x'.repeat(1_600_000) });
    expect(await codeOf(client.create(huge))).toBe('too-large');
    expect(await codeOf(client.get({ kind: 'ConfigMap', name: 'huge' }))).toBe('not-found');
  });

  it("keeps a Secret's value out of every database file", async () => {
    const marker = 'orca-plaintext-marker-7f3a9c';
    const secret: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-password', namespace: 'default' },
      stringData: { password: marker },
    } as Secret;
    await cluster.client().create(secret);
    const read = await cluster.client().get({ kind: 'Secret', name: 'db-password' });
    expect(Buffer.from(read.data?.['password'] ?? '', 'base64').toString()).toBe(marker);
    // Every master has applied it before the files are searched.
    for (const master of cluster.alive())
      await cluster.clientFor(master.name).get({ kind: 'Secret', name: 'db-password' });
    const needles = [Buffer.from(marker), Buffer.from(Buffer.from(marker).toString('base64'))];
    for (const master of cluster.alive()) {
      for (const file of dataFiles(master.dataDir)) {
        const bytes = readFileSync(file);
        for (const needle of needles) expect(bytes.includes(needle), `${file} holds the secret`).toBe(false);
      }
    }
  });

  it('after SIGKILL of the leader, writes succeed again within 2 s and no acknowledged write is missing', async () => {
    const leader = await cluster.waitForLeader();
    const client = cluster.client();
    const acknowledged: string[] = [];
    let stop = false;
    let killedAtMs = 0;
    let firstAfterKillMs = 0;
    const writer = async (id: number): Promise<void> => {
      for (let sequence = 0; !stop; sequence += 1) {
        const name = `ack-${id}-${sequence}`;
        const startedMs = Date.now();
        try {
          await client.create(configMap(name, { value: 'x' }, 'acked'));
          acknowledged.push(name);
          if (killedAtMs > 0 && startedMs > killedAtMs && firstAfterKillMs === 0) firstAfterKillMs = Date.now();
        } catch (error: unknown) {
          if (!isClientError(error)) throw error;
        }
      }
    };
    const writers = [0, 1, 2, 3].map((id) => writer(id));
    await waitFor('writes to flow', 10_000, async () => (acknowledged.length >= 50 ? true : undefined));
    killedAtMs = Date.now();
    await cluster.signal(leader.name, 'SIGKILL');
    await waitFor('a write after the kill', 10_000, async () => (firstAfterKillMs > 0 ? true : undefined));
    stop = true;
    await Promise.all(writers);
    const failoverMs = firstAfterKillMs - killedAtMs;
    expect(failoverMs, `failover took ${failoverMs} ms`).toBeLessThan(2000);
    const stored = new Set(
      (await client.listAll('ConfigMap', { namespace: 'acked' })).items.map((item) => metaOf(item).name),
    );
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    await cluster.restart(leader.name);
    await cluster.waitForLeader();
  }, 60_000);

  it('after stopping all three and starting them again, everything is there', async () => {
    const client = cluster.client();
    const before = await client.listAll('ConfigMap');
    for (const master of cluster.alive()) await cluster.signal(master.name, 'SIGTERM');
    for (const master of cluster.masters) await cluster.restart(master.name);
    await cluster.waitForLeader();
    const after = await cluster.client().listAll('ConfigMap');
    const summary = (list: typeof before): string[] =>
      list.items.map((item) => `${metaOf(item).namespace}/${metaOf(item).name}@${metaOf(item).resourceVersion}`);
    expect(summary(after)).toEqual(summary(before));
  }, 90_000);
});

describe('snapshot and membership', () => {
  let cluster: MasterProcesses;
  let restored: MasterProcesses | undefined;

  beforeAll(async () => {
    cluster = await MasterProcesses.start({ size: 3 });
  }, 90_000);

  afterAll(async () => {
    await restored?.stop();
    await cluster?.stop();
  });

  it('snapshot save, then restore into a new cluster, reproduces every object', async () => {
    const client = cluster.client();
    for (let index = 0; index < 25; index += 1)
      await client.create(configMap(`snap-${index}`, { value: String(index) }));
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'snap-secret', namespace: 'default' },
      stringData: { token: 'restored-token' },
    } as Secret);
    const file = join(cluster.root, 'saved.snapshot');
    const chunks: Buffer[] = [];
    await client.saveSnapshot((chunk) => {
      chunks.push(chunk);
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.concat(chunks));
    const original = await client.listAll('ConfigMap');

    // Secrets stay sealed in a snapshot: the new cluster gets the old cluster's key, as an operator would copy it.
    restored = await MasterProcesses.start({
      size: 1,
      restoreFile: file,
      secretKeyFile: join(cluster.master('m1').dataDir, 'secret.key'),
    });
    const copy = await restored.client().listAll('ConfigMap');
    const shape = (item: ConfigMap): string =>
      `${metaOf(item).namespace}/${metaOf(item).name} ${metaOf(item).uid} ${JSON.stringify(item.data)}`;
    expect(copy.items.map(shape)).toEqual(original.items.map(shape));
    const secret = await restored.client().get({ kind: 'Secret', name: 'snap-secret' });
    expect(Buffer.from(secret.data?.['token'] ?? '', 'base64').toString()).toBe('restored-token');
    // The new cluster's revisions continue above the restored ones.
    const next = await restored.client().create(configMap('after-restore'));
    expect(Number(metaOf(next).resourceVersion)).toBeGreaterThan(Number(copy.resourceVersion));
  }, 90_000);

  it('a fourth master joins and another is removed under write load', async () => {
    const client: OrcaClient = cluster.client();
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let sequence = 0; !stop; sequence += 1) {
        try {
          await client.create(configMap(`member-${sequence}`, { value: 'x' }, 'membership'));
          acknowledged.push(`member-${sequence}`);
        } catch (error: unknown) {
          if (!isClientError(error)) throw error;
        }
      }
    })();
    await cluster.join('m4');
    const leader = await cluster.waitForLeader();
    const leaving = cluster.alive().find((master) => master.name !== leader.name && master.name !== 'm4')!;
    await client.removeMaster(leaving.name);
    await waitFor(`${leaving.name} to leave the member list`, 10_000, async () => {
      const members = await cluster.clientFor(leader.name).members();
      return members.members.some((member) => member.name === leaving.name) ? undefined : members;
    });
    await cluster.signal(leaving.name, 'SIGTERM');
    stop = true;
    await writer;
    const members = await cluster.client().members();
    expect(members.members.map((member) => member.name).sort()).toEqual(
      ['m1', 'm2', 'm3', 'm4'].filter((name) => name !== leaving.name),
    );
    expect(members.members.every((member) => member.suffrage === 'Voter')).toBe(true);
    const stored = new Set(
      (await cluster.clientFor('m4').listAll('ConfigMap', { namespace: 'membership' })).items.map(
        (item) => metaOf(item).name,
      ),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
  }, 90_000);
});
