/** Three masters over real gRPC on loopback: any master serves any call, and they agree. */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Object__Output } from '../gen/orca/v1/Object.js';
import type { ObjectList__Output } from '../gen/orca/v1/ObjectList.js';
import type { WatchEvent__Output } from '../gen/orca/v1/WatchEvent.js';
import type { MembersResponse__Output } from '../gen/orca/v1/MembersResponse.js';
import type { Master } from './master.js';
import { call, failure, TestMasters, waitFor, type Clients } from './test-support.js';

let masters: TestMasters;
let all: Master[];
let leader: Master;
let followers: Master[];
const api = new Map<string, Clients>();

beforeAll(async () => {
  masters = new TestMasters();
  all = await masters.startThree();
  leader = await masters.leader();
  followers = all.filter((master) => master !== leader);
  for (const master of all) api.set(master.name, masters.clientsOf(master));
}, 30_000);

afterAll(async () => {
  await masters.close();
});

function clients(master: Master): Clients {
  const found = api.get(master.name);
  if (found === undefined) throw new Error(`no clients for ${master.name}`);
  return found;
}

function configMap(name: string, data: Record<string, string>, resourceVersion?: string) {
  return {
    configMap: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
      data,
    },
  };
}

function create(master: Master, object: object): Promise<Object__Output> {
  const { objects } = clients(master);
  return call<object, Object__Output>(objects.Create.bind(objects), { object });
}

function get(master: Master, name: string, consistency = 'CONSISTENCY_LINEARIZABLE'): Promise<Object__Output> {
  const { objects } = clients(master);
  return call<object, Object__Output>(objects.Get.bind(objects), {
    kind: 'ConfigMap',
    namespace: 'default',
    name,
    consistency,
  });
}

describe('three masters', () => {
  it('lists every member with the leader, roles and terms', async () => {
    const follower = followers[0] as Master;
    const { cluster } = clients(follower);
    const members = await call<object, MembersResponse__Output>(cluster.Members.bind(cluster), {});
    expect(members.members.map((member) => member.name).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(members.leader).toBe(leader.name);
    expect(members.members.filter((member) => member.role === 'Leader')).toHaveLength(1);
    expect(members.members.every((member) => member.suffrage === 'Voter')).toBe(true);
  });

  it('a write through a follower is readable, linearizably, through every master', async () => {
    const follower = followers[0] as Master;
    await create(follower, configMap('through-follower', { v: '1' }));
    for (const master of all) {
      const read = await get(master, 'through-follower');
      expect(read.configMap?.data, master.name).toEqual({ v: '1' });
    }
  });

  it('a compare-and-swap with a stale resourceVersion fails with ABORTED through a follower', async () => {
    const follower = followers[1] as Master;
    const created = await create(leader, configMap('cas', { v: '1' }));
    const version = created.configMap?.metadata?.resourceVersion ?? '';
    const { objects } = clients(follower);
    await call(objects.Update.bind(objects), { object: configMap('cas', { v: '2' }, version) });
    const stale = await failure(call(objects.Update.bind(objects), { object: configMap('cas', { v: '3' }, version) }));
    expect(stale.code).toBe(status.ABORTED);
  });

  it('a validation error through a follower carries the field path; an oversize object is refused', async () => {
    const follower = followers[0] as Master;
    const invalid = await failure(
      create(follower, {
        deployment: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: { template: { spec: { containers: [{ name: 'c' }] } } },
        },
      }),
    );
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.details).toContain('spec.template.spec.containers[0].image');
    const big = await failure(create(follower, configMap('huge', { blob: 'y'.repeat(1_600_000) })));
    expect(big.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('watches opened on different masters yield the same events in the same order', async () => {
    const start = await create(leader, configMap('watch-start', {}));
    const from = start.configMap?.metadata?.resourceVersion ?? '';
    const seen = new Map<string, string[]>();
    const streams = all.map((master) => {
      const { objects } = clients(master);
      const stream = objects.Watch({ kind: 'ConfigMap', namespace: 'default', resourceVersion: from });
      const events: string[] = [];
      seen.set(master.name, events);
      stream.on('data', (event: WatchEvent__Output) =>
        events.push(`${event.type} ${event.object?.configMap?.metadata?.name ?? ''} ${event.resourceVersion}`),
      );
      stream.on('error', () => undefined);
      return stream;
    });
    const writers = all.map(async (master, index) => {
      for (let round = 0; round < 5; round += 1) await create(master, configMap(`watched-${index}-${round}`, {}));
    });
    await Promise.all(writers);
    await waitFor('every watch to see 15 events', 5000, () =>
      [...seen.values()].every((events) => events.length >= 15) ? true : undefined,
    );
    for (const stream of streams) stream.cancel();
    const [first, ...rest] = [...seen.values()];
    for (const events of rest) expect(events).toEqual(first);
    expect(first?.every((line) => line.startsWith('ADDED watched-'))).toBe(true);
  });

  it('a paginated list is consistent under concurrent writes', async () => {
    for (let index = 0; index < 12; index += 1)
      await create(leader, configMap(`page-${String(index).padStart(2, '0')}`, {}));
    const follower = followers[1] as Master;
    const { objects } = clients(follower);
    const list = (request: object) => call<object, ObjectList__Output>(objects.List.bind(objects), request);
    const first = await list({ kind: 'ConfigMap', namespace: 'default', limit: 5 });
    const names = first.items.map((item) => item.configMap?.metadata?.name ?? '');
    // Writers race the remaining pages: new objects and a deletion must not show up in this list.
    await create(leader, configMap('page-00a', {}));
    const { objects: leaderObjects } = clients(leader);
    await call(leaderObjects.Delete.bind(leaderObjects), { kind: 'ConfigMap', namespace: 'default', name: 'page-11' });
    let token = first.metadata?.continue ?? '';
    while (token !== '') {
      const page = await list({ kind: 'ConfigMap', namespace: 'default', limit: 5, continue: token });
      expect(page.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
      names.push(...page.items.map((item) => item.configMap?.metadata?.name ?? ''));
      token = page.metadata?.continue ?? '';
    }
    expect(names).toContain('page-11');
    expect(names).not.toContain('page-00a');
    expect(new Set(names).size).toBe(names.length);
  });

  it('a stale read answers from the local replica at once', async () => {
    const follower = followers[0] as Master;
    await create(leader, configMap('stale-ok', {}));
    await waitFor('the follower to apply', 3000, () =>
      follower.state.get('ConfigMap', 'default', 'stale-ok') !== undefined ? true : undefined,
    );
    const read = await get(follower, 'stale-ok', 'CONSISTENCY_STALE');
    expect(read.configMap?.metadata?.name).toBe('stale-ok');
  });
});
