/**
 * Three masters through leadership changes, membership changes, a lost leader, a
 * lost quorum and a full restart. One story, in order: each step starts from the
 * cluster the previous one left.
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Object__Output } from '../gen/orca/v1/Object.js';
import type { MembersResponse__Output } from '../gen/orca/v1/MembersResponse.js';
import { isStateError } from '../state/index.js';
import type { LeaderTaskContext } from './leader-tasks.js';
import type { Master } from './master.js';
import { call, failure, TestMasters, waitFor } from './test-support.js';

let masters: TestMasters;
const acknowledged: string[] = [];
const addresses = new Map<string, string>();

beforeAll(async () => {
  masters = new TestMasters();
  for (const master of await masters.startThree()) addresses.set(master.name, master.address);
}, 30_000);

afterAll(async () => {
  await masters.close();
});

function configMap(name: string) {
  return { configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { name } } };
}

async function create(master: Master, name: string): Promise<Object__Output> {
  const { objects } = masters.clientsOf(master);
  const created = await call<object, Object__Output>(objects.Create.bind(objects), { object: configMap(name) });
  acknowledged.push(name);
  return created;
}

function running(): Master[] {
  return [...masters.masters.values()];
}

/** Per master@term: the last log index when it became leader (its term's first entry included), and the applied index its task started at. */
const elected = new Map<string, number>();
const startedAt = new Map<string, number>();

function contexts(): Map<string, LeaderTaskContext> {
  const seen = new Map<string, LeaderTaskContext>();
  for (const master of running()) {
    master.node.leaderChanges.subscribe((change) => {
      if (change.isSelf) elected.set(`${master.name}@${change.term}`, master.node.stats().lastLogIndex);
    });
    master.leaderTasks.register({
      name: 'recorder',
      run: async (context) => {
        startedAt.set(`${master.name}@${context.term}`, master.node.stats().appliedIndex);
        seen.set(`${master.name}@${context.term}`, context);
        await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
      },
    });
  }
  return seen;
}

describe('a three-master cluster over time', () => {
  it('runs leader tasks only on the leader, stops them on losing leadership, and fences a deposed term', async () => {
    const seen = contexts();
    const first = await masters.leader();
    const firstTerm = first.node.stats().term;
    const firstContext = await waitFor('the leader task', 3000, () => seen.get(`${first.name}@${firstTerm}`));
    await first.node.leadershipTransfer();
    const second = await masters.leader(5000, [first.name]);
    await waitFor('the old task to stop', 3000, () =>
      first.leaderTasks.runningTerm === null && firstContext.signal.aborted ? true : undefined,
    );
    const secondTerm = second.node.stats().term;
    const secondContext = await waitFor('the new leader task', 3000, () => seen.get(`${second.name}@${secondTerm}`));
    expect(secondTerm).toBeGreaterThan(firstTerm);
    expect(
      running()
        .filter((master) => master.leaderTasks.runningTerm !== null)
        .map((master) => master.name),
    ).toEqual([second.name]);
    // The new leader's tasks start on a state that has applied an entry of its own term, so nothing the old leader committed is missing from it.
    expect(startedAt.get(`${second.name}@${secondTerm}`)).toBeGreaterThanOrEqual(
      elected.get(`${second.name}@${secondTerm}`) ?? Number.MAX_SAFE_INTEGER,
    );

    await expect(firstContext.transact([{ create: configMap('from-deposed') as never }])).rejects.toThrow(/over/);
    // The deposed term's write, proposed on the new leader anyway, is rejected by every replica.
    const now = new Date().toISOString();
    const decisions = second.writer.decisions();
    const operation = {
      op: 'create' as const,
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'fenced', namespace: 'default', uid: decisions.newUid(), creationTimestamp: now },
      },
    };
    const fenced = await second.writer
      .transact([operation], now, { fenceTerm: firstTerm })
      .catch((error: unknown) => error);
    expect(isStateError(fenced, 'precondition-failed') && fenced.message).toMatch(/fenced/);
    expect(second.state.get('ConfigMap', 'default', 'fenced')).toBeUndefined();

    const written = await secondContext.transact([{ create: configMap('from-leader-task').configMap as never }]);
    expect(written.objects[0]?.['metadata']).toMatchObject({ name: 'from-leader-task', namespace: 'default' });
    acknowledged.push('from-leader-task');
  });

  it('a fourth master joins and another is removed under write load', async () => {
    const leader = await masters.leader();
    let writing = true;
    let written = 0;
    const load = (async () => {
      while (writing) {
        await create(leader, `load-${written}`);
        written += 1;
      }
    })();
    const fourth = await masters.start('m4', {
      join: (running().find((master) => master !== leader) ?? leader).address,
    });
    addresses.set('m4', fourth.address);
    const removed = running().find((master) => master !== leader && master !== fourth) as Master;
    const { cluster } = masters.clientsOf(fourth);
    await call(cluster.RemoveMaster.bind(cluster), { name: removed.name }, 10_000);
    await masters.stop(removed.name);
    addresses.delete(removed.name);
    writing = false;
    await load;
    expect(written).toBeGreaterThan(0);
    const members = await call<object, MembersResponse__Output>(cluster.Members.bind(cluster), {});
    expect(members.members.map((member) => member.name).sort()).toEqual([...addresses.keys()].sort());
    expect(members.members.every((member) => member.suffrage === 'Voter')).toBe(true);
    const { objects } = masters.clientsOf(fourth);
    const last = `load-${written - 1}`;
    const read = await call<object, Object__Output>(objects.Get.bind(objects), {
      kind: 'ConfigMap',
      namespace: 'default',
      name: last,
    });
    expect(read.configMap?.metadata?.name).toBe(last);
  });

  it('after the leader stops, writes succeed again through a survivor and no acknowledged write is missing', async () => {
    const leader = await masters.leader();
    for (let index = 0; index < 10; index += 1) await create(leader, `before-failover-${index}`);
    await masters.stop(leader.name);
    const survivor = running()[0] as Master;
    const stoppedAt = Date.now();
    await waitFor('a write to succeed again', 5000, async () => {
      try {
        await create(survivor, 'after-failover');
        return true;
      } catch {
        return undefined;
      }
    });
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    const { objects } = masters.clientsOf(survivor);
    const list = await call<object, { items: Object__Output[] }>(objects.List.bind(objects), {
      kind: 'ConfigMap',
      namespace: 'default',
    });
    const names = new Set(list.items.map((item) => item.configMap?.metadata?.name));
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);
    await masters.start(leader.name, { listen: addresses.get(leader.name) ?? '' });
  });

  it('without a quorum a write fails quickly with UNAVAILABLE naming the last known leader', async () => {
    const leader = await masters.leader();
    const [lonely, other] = running().filter((master) => master !== leader) as [Master, Master];
    await masters.stop(leader.name);
    await masters.stop(other.name);
    const started = Date.now();
    const error = await failure(create(lonely, 'no-quorum'));
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(error.details).toMatch(/leader/);
    expect(Date.now() - started).toBeLessThan(4000);
    await masters.stop(lonely.name);
  });

  it('after stopping every master and starting them again, everything is there', async () => {
    for (const [name, address] of addresses) await masters.start(name, { listen: address });
    const leader = await masters.leader(8000);
    const { objects } = masters.clientsOf(leader);
    const list = await call<object, { items: Object__Output[] }>(objects.List.bind(objects), {
      kind: 'ConfigMap',
      namespace: 'default',
    });
    const names = new Set(list.items.map((item) => item.configMap?.metadata?.name));
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);
    await create(leader, 'after-restart');
  });
});
