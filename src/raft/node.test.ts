/**
 * RaftNode in process: real timers, the in-memory transport and stores, the
 * key-value FSM. These tests prove the node's promises (apply, reads, membership,
 * transfer, snapshots, restart) on top of the core's algorithm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RaftNode } from './node.js';
import { isRaftError } from './errors.js';
import { MemoryRaftStore, MemorySnapshotStore } from './storage/index.js';
import { MemoryNetwork, MemoryTransport } from './transport/index.js';
import { encodeKvCommand, KvFsm, type KvResult } from './testing/kv-fsm.js';
import type { RaftConfig } from './config.js';
import type { Configuration } from './types.js';
import { recoverCluster } from './recovery.js';
import { RaftCore } from './core/raft-core.js';
import type { CoreOptions, RaftCoreApi } from './core/api.js';
import type { Ready } from './types.js';

const fastConfig: Partial<RaftConfig> = {
  tickMs: 5,
  heartbeatIntervalMs: 15,
  electionTimeoutMs: 60,
  leadershipTransferTimeoutMs: 300,
};

interface Member {
  id: string;
  address: string;
  node: RaftNode;
  fsm: KvFsm;
  store: MemoryRaftStore;
  snapshots: MemorySnapshotStore;
}

class TestCluster {
  readonly network = new MemoryNetwork();
  readonly members = new Map<string, Member>();

  async add(
    id: string,
    options: {
      config?: Partial<RaftConfig>;
      store?: MemoryRaftStore;
      snapshots?: MemorySnapshotStore;
      peers?: { id: string; address: string }[];
    } = {},
  ): Promise<Member> {
    const address = `mem://${id}`;
    const store = options.store ?? new MemoryRaftStore();
    const snapshots = options.snapshots ?? new MemorySnapshotStore();
    const fsm = new KvFsm();
    const transport = new MemoryTransport({ network: this.network, localAddress: address });
    const node = await RaftNode.open({
      id,
      address,
      store,
      snapshots,
      transport,
      fsm,
      config: { ...fastConfig, ...options.config },
      peers: options.peers ?? [],
    });
    const member = { id, address, node, fsm, store, snapshots };
    this.members.set(id, member);
    return member;
  }

  async bootstrap(ids: string[], config: Partial<RaftConfig> = {}): Promise<void> {
    const configuration: Configuration = {
      servers: ids.map((id) => ({ id, address: `mem://${id}`, suffrage: 'voter' })),
    };
    for (const id of ids) {
      const member = await this.add(id, { config });
      member.node.bootstrapCluster(configuration);
    }
    for (const id of ids) await this.get(id).node.start();
  }

  get(id: string): Member {
    const member = this.members.get(id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  }

  async leader(timeoutMs = 3000, excluding: string[] = []): Promise<Member> {
    return waitFor(`a leader`, timeoutMs, () => {
      const leaders = [...this.members.values()].filter((m) => !excluding.includes(m.id) && m.node.state === 'leader');
      return leaders.length === 1 ? leaders[0] : undefined;
    });
  }

  async stop(id: string): Promise<void> {
    const member = this.get(id);
    await member.node.shutdown();
    this.members.delete(id);
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.members.values()].map((m) => m.node.shutdown()));
    this.members.clear();
  }
}

async function waitFor<T>(describe: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${describe}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function put(key: string, value: string): Uint8Array {
  return encodeKvCommand({ op: 'put', key, value });
}

async function converged(cluster: TestCluster, key: string, value: string): Promise<void> {
  await waitFor(`every member to see ${key}=${value}`, 3000, () =>
    [...cluster.members.values()].every((m) => m.fsm.get(key) === value) ? true : undefined,
  );
}

describe('RaftNode', () => {
  let cluster: TestCluster;
  afterEach(async () => {
    await cluster.shutdown();
  });

  it('elects a leader, applies commands and hands back the FSM result', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    const first = (await leader.node.apply(put('x', '1'))) as KvResult;
    expect(first).toEqual({ ok: true, previous: null });
    const second = (await leader.node.apply(
      encodeKvCommand({ op: 'cas', key: 'x', expected: '0', value: '2' }),
    )) as KvResult;
    expect(second).toEqual({ ok: false, previous: '1' });
    await converged(cluster, 'x', '1');
  });

  it('lets a follower wait until it has applied an index the leader confirmed, and times out otherwise', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    await leader.node.apply(put('w', '1'));
    const index = await leader.node.readIndex();
    const follower = [...cluster.members.values()].find((m) => m !== leader)!;
    await follower.node.waitForApplied(index, { timeoutMs: 2000 });
    expect(follower.node.appliedIndex).toBeGreaterThanOrEqual(index);
    expect(follower.fsm.get('w')).toBe('1');
    const error = await follower.node.waitForApplied(index + 1000, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(isRaftError(error, 'timeout')).toBe(true);
  });

  it('refuses writes on a follower, naming the leader and its address', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    await leader.node.barrier();
    const follower = [...cluster.members.values()].find((m) => m !== leader)!;
    await waitFor('the follower to know the leader', 2000, () =>
      follower.node.leader?.id === leader.id ? true : undefined,
    );
    const error = await follower.node.apply(put('y', '1')).catch((e: unknown) => e);
    expect(isRaftError(error, 'not-leader')).toBe(true);
    expect(isRaftError(error) && error.leader).toEqual({ id: leader.id, address: leader.address });
  });

  it('answers linearizable reads after the applied index reaches the read index', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    await leader.node.apply(put('k', 'v'));
    const index = await leader.node.readIndex();
    expect(leader.node.appliedIndex).toBeGreaterThanOrEqual(index);
    expect(leader.fsm.get('k')).toBe('v');
    await leader.node.verifyLeader();
  });

  it('shares one fsync among the proposals of one event-loop turn (group commit)', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    await leader.node.barrier();
    const before = leader.node.stats().fsyncCount;
    await Promise.all(Array.from({ length: 200 }, (_, i) => leader.node.apply(put(`g${i}`, 'v'))));
    const fsyncs = leader.node.stats().fsyncCount - before;
    expect(fsyncs).toBeLessThan(20);
  });

  it('elects a new leader when the leader is cut off, and the old one cannot commit', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const old = await cluster.leader();
    await old.node.apply(put('before', '1'));
    cluster.network.disconnect(old.address);
    const stranded = old.node.apply(put('stranded', '1'), { timeoutMs: 400 }).catch((e: unknown) => e);
    const next = await cluster.leader(3000, [old.id]);
    expect(next.id).not.toBe(old.id);
    await next.node.apply(put('after', '1'));
    const outcome = await stranded;
    expect(isRaftError(outcome)).toBe(true);
    cluster.network.connect(old.address);
    await converged(cluster, 'after', '1');
    expect(old.fsm.get('stranded')).toBeNull();
  });

  it('adds a voter that catches up first, removes a follower, and a removed leader steps down', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    let leader = await cluster.leader();
    for (let i = 0; i < 50; i += 1) await leader.node.apply(put(`m${i}`, 'v'));
    const peers = [...cluster.members.values()].map((m) => ({ id: m.id, address: m.address }));
    const joiner = await cluster.add('d', { peers });
    await joiner.node.start();
    await leader.node.addVoter('d', joiner.address);
    expect(leader.node.configuration.servers.find((s) => s.id === 'd')?.suffrage).toBe('voter');
    await converged(cluster, 'm49', 'v');

    const follower = [...cluster.members.values()].find((m) => m.id !== leader.id && m.id !== 'd')!;
    await leader.node.removeServer(follower.id);
    await cluster.stop(follower.id);
    expect(leader.node.configuration.servers.map((s) => s.id)).not.toContain(follower.id);

    await leader.node.removeServer(leader.id);
    await waitFor('the removed leader to step down', 3000, () => (leader.node.state !== 'leader' ? true : undefined));
    const removed = leader.id;
    await cluster.stop(removed);
    leader = await cluster.leader();
    await leader.node.apply(put('after-removal', 'yes'));
    await converged(cluster, 'after-removal', 'yes');
    expect(cluster.members.size).toBe(2);
  });

  it('transfers leadership and refuses proposals while the transfer runs', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    await leader.node.barrier();
    const target = [...cluster.members.values()].find((m) => m !== leader)!;
    const transfer = leader.node.leadershipTransfer(target.id);
    const refused = await leader.node.apply(put('during', '1')).catch((e: unknown) => e);
    expect(isRaftError(refused, 'leadership-transfer-in-progress') || isRaftError(refused, 'not-leader')).toBe(true);
    await transfer;
    const next = await cluster.leader();
    expect(next.id).toBe(target.id);
  });

  it('installs a snapshot on a server that joins after the log was compacted', async () => {
    cluster = new TestCluster();
    const config = { snapshotThreshold: 30, trailingLogs: 5 };
    await cluster.bootstrap(['a', 'b', 'c'], config);
    const leader = await cluster.leader();
    for (let i = 0; i < 100; i += 1) await leader.node.apply(put(`s${i}`, `v${i}`));
    await waitFor('a snapshot and compaction on the leader', 3000, () =>
      leader.store.firstIndex() > 1 ? true : undefined,
    );
    const peers = [...cluster.members.values()].map((m) => ({ id: m.id, address: m.address }));
    const joiner = await cluster.add('d', { config, peers });
    await joiner.node.start();
    await leader.node.addVoter('d', joiner.address);
    await converged(cluster, 's99', 'v99');
    expect(joiner.fsm.entries()).toEqual(leader.fsm.entries());
    expect(joiner.node.stats().lastSnapshotIndex).toBeGreaterThan(0);
  });

  it('restarts a server from its stores and catches it up', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c'], { snapshotThreshold: 20, trailingLogs: 5 });
    const leader = await cluster.leader();
    for (let i = 0; i < 40; i += 1) await leader.node.apply(put(`r${i}`, 'v'));
    const follower = [...cluster.members.values()].find((m) => m !== leader)!;
    await converged(cluster, 'r39', 'v');
    await cluster.stop(follower.id);
    await leader.node.apply(put('while-down', '1'));
    const again = await cluster.add(follower.id, {
      store: follower.store,
      snapshots: follower.snapshots,
      config: { snapshotThreshold: 20, trailingLogs: 5 },
    });
    await again.node.start();
    await converged(cluster, 'while-down', '1');
    expect(again.fsm.entries()).toEqual(leader.fsm.entries());
  });

  it('reports leader changes as a stream', async () => {
    cluster = new TestCluster();
    const member = await cluster.add('a');
    const seen: { leader: string | null; isSelf: boolean }[] = [];
    member.node.leaderChanges.subscribe((change) =>
      seen.push({ leader: change.leader?.id ?? null, isSelf: change.isSelf }),
    );
    member.node.bootstrapCluster({ servers: [{ id: 'a', address: member.address, suffrage: 'voter' }] });
    await member.node.start();
    await waitFor('a leader change event', 2000, () => (seen.length > 0 ? true : undefined));
    expect(seen[0]).toEqual({ leader: 'a', isSelf: true });
  });

  it('recovers a cluster that lost its quorum for good, from one survivor, keeping its data', async () => {
    cluster = new TestCluster();
    await cluster.bootstrap(['a', 'b', 'c']);
    const leader = await cluster.leader();
    for (let i = 0; i < 20; i += 1) await leader.node.apply(put(`q${i}`, 'v'));
    await converged(cluster, 'q19', 'v');
    const survivor = [...cluster.members.values()].find((m) => m !== leader)!;
    for (const id of [...cluster.members.keys()]) await cluster.stop(id);
    recoverCluster(survivor.store, survivor.id, {
      servers: [{ id: survivor.id, address: survivor.address, suffrage: 'voter' }],
    });
    const recovered = await cluster.add(survivor.id, { store: survivor.store, snapshots: survivor.snapshots });
    await recovered.node.start();
    await cluster.leader();
    await recovered.node.apply(put('after-recovery', 'yes'));
    expect(recovered.fsm.get('q19')).toBe('v');
    expect(recovered.node.configuration.servers.map((s) => s.id)).toEqual([survivor.id]);
  });

  it('rejects with shutdown a read that holds its read index and waits for the applied index to reach it', async () => {
    cluster = new TestCluster();
    // A core that confirms reads at an index this node has not applied yet (as a leader
    // with a backlog of committed entries does): the read waits for apply.
    const ahead = (options: CoreOptions): RaftCoreApi => {
      const core = new RaftCore(options);
      const ready = core.ready.bind(core);
      core.ready = (): Ready => {
        const next = ready();
        return { ...next, readStates: next.readStates.map((state) => ({ ...state, index: state.index + 1000 })) };
      };
      return core;
    };
    const network = cluster.network;
    const store = new MemoryRaftStore();
    const node = await RaftNode.open({
      id: 'solo',
      address: 'mem://solo',
      store,
      snapshots: new MemorySnapshotStore(),
      fsm: new KvFsm(),
      config: fastConfig,
      transport: new MemoryTransport({ network, localAddress: 'mem://solo' }),
      createCore: ahead,
    });
    node.bootstrapCluster({ servers: [{ id: 'solo', address: 'mem://solo', suffrage: 'voter' }] });
    await node.start();
    await waitFor('the single server to lead', 3000, () => (node.state === 'leader' ? true : undefined));
    await node.barrier();
    const read = node.readIndex({ timeoutMs: 10_000 }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    // Confirmed (its read state delivered), the read now waits for the applied index (a private list: the API shows only pendingReads).
    const awaitingApply = (): number =>
      (node as unknown as { readsAwaitingApply: unknown[] }).readsAwaitingApply.length;
    await waitFor('the read to wait for apply', 2000, () => (awaitingApply() === 1 ? true : undefined));
    expect(node.stats().pendingReads).toBe(1);
    await node.shutdown();
    const outcome = await Promise.race([
      read,
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 1000)),
    ]);
    expect(isRaftError(outcome, 'shutdown'), String(outcome)).toBe(true);
  });
});
