import { describe, expect, it } from 'vitest';
import { isRaftError } from '../errors.js';
import { isVoter } from '../types.js';
import { commandData, TestCluster } from './testing.js';
import type { ClusterOptions } from './testing.js';

function electedCluster(ids: string[], options: ClusterOptions = {}): TestCluster {
  const cluster = new TestCluster(options);
  cluster.addVoters(ids);
  cluster.node(ids[0] ?? '').core.campaign();
  cluster.stabilize();
  return cluster;
}

function propose(cluster: TestCluster, id: string, text: string): number {
  return cluster.node(id).core.propose('command', commandData(text)).index;
}

function expectCode(action: () => unknown, code: Parameters<typeof isRaftError>[1]): void {
  try {
    action();
  } catch (error: unknown) {
    expect(isRaftError(error, code), String(error)).toBe(true);
    return;
  }
  expect.unreachable(`expected RaftError ${String(code)}`);
}

describe('log repair', () => {
  it('a new leader overwrites the uncommitted entries of a deposed leader', () => {
    const cluster = electedCluster(['1', '2', '3']);
    propose(cluster, '1', 'committed');
    cluster.stabilize();
    cluster.isolate('1');
    for (const text of ['lost-1', 'lost-2', 'lost-3']) propose(cluster, '1', text);
    cluster.stabilize();
    cluster.runUntil(() => ['2', '3'].includes(cluster.leader()?.id ?? ''));
    propose(cluster, cluster.leader()?.id ?? '', 'kept');
    cluster.stabilize();
    cluster.heal();
    cluster.runUntil(() => cluster.node('1').applied.length === 2);
    for (const node of cluster.nodes.values()) expect(node.applied).toEqual(['committed', 'kept']);
    expect(cluster.node('1').core.status().role).toBe('follower');
  });

  it('commits only entries of the current term by counting (Figure 8)', () => {
    const cluster = electedCluster(['1', '2', '3', '4', '5']);
    // Leader 1 gets an entry of its term onto 2 only, then is cut off.
    cluster.partition(['1', '2'], ['3', '4', '5']);
    const old = propose(cluster, '1', 'old-term');
    cluster.stabilize();
    expect(cluster.node('2').core.status().lastIndex).toBe(old);
    // One of 3, 4, 5 wins a later term but its entries never leave it before it crashes.
    cluster.dropIf((message) => message.type === 'appendEntries');
    cluster.runUntil(() => ['3', '4', '5'].includes(cluster.leader()?.id ?? ''));
    cluster.crash(cluster.leader()?.id ?? '');
    cluster.dropIf(null);
    // 1 or 2 wins next and replicates the old entry: it commits only under an entry of the new term.
    cluster.heal();
    let sawOldCommittedAlone = false;
    cluster.dropIf(() => {
      const leader = cluster.leader()?.core.status();
      if (
        leader !== undefined &&
        leader.commitIndex >= old &&
        cluster.leader()?.store.term(leader.commitIndex) !== leader.term
      )
        sawOldCommittedAlone = true;
      return false;
    });
    cluster.runUntil(
      () => ['1', '2'].includes(cluster.leader()?.id ?? '') && (cluster.leader()?.core.status().commitIndex ?? 0) > old,
    );
    const leader = cluster.leader();
    const status = leader?.core.status();
    expect(sawOldCommittedAlone).toBe(false);
    expect(leader?.store.term(status?.commitIndex ?? 0)).toBe(status?.term);
    expect(leader?.applied).toEqual(['old-term']);
  });
});

describe('pre-vote and check-quorum', () => {
  it('a partitioned node does not inflate its term, and does not disrupt the leader when it rejoins', () => {
    const cluster = electedCluster(['1', '2', '3']);
    const term = cluster.node('1').core.status().term;
    cluster.isolate('3');
    for (let i = 0; i < 50; i += 1) {
      cluster.tickAll();
      cluster.stabilize();
    }
    expect(cluster.node('3').core.status().term).toBe(term);
    cluster.heal();
    cluster.runUntil(() => cluster.node('3').core.status().leaderId === '1');
    expect(cluster.node('1').core.status()).toMatchObject({ role: 'leader', term });
  });

  it('a leader that cannot hear from a majority steps down', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('1');
    cluster.runUntil(() => cluster.node('1').core.status().role === 'follower', 3 * cluster.config.electionTicks);
    expect(cluster.node('1').core.status().leaderId).toBeNull();
  });

  it('a follower that hears from its leader ignores vote requests', () => {
    const cluster = electedCluster(['1', '2', '3'], { config: { preVote: false } });
    cluster.isolate('3');
    cluster.tick('3', 2 * cluster.config.electionTicks);
    cluster.stabilize();
    const inflated = cluster.node('3').core.status().term;
    cluster.heal();
    cluster.tick('3', 2 * cluster.config.electionTicks);
    cluster.processAll();
    cluster.deliverAll();
    expect(cluster.node('1').core.status().role).toBe('leader');
    expect(cluster.node('1').core.status().term).toBeLessThan(inflated);
  });
});

describe('reads', () => {
  it('safe ReadIndex answers after a heartbeat round with the commit index', () => {
    const cluster = electedCluster(['1', '2', '3']);
    const index = propose(cluster, '1', 'x');
    cluster.stabilize();
    cluster.node('1').core.readIndex(42);
    cluster.processAll();
    expect(cluster.node('1').readStates).toEqual([]);
    cluster.stabilize();
    expect(cluster.node('1').readStates).toEqual([{ requestId: 42, index }]);
  });

  it('safe ReadIndex is not answered by a leader cut off from the majority', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('1');
    cluster.node('1').core.readIndex(1);
    cluster.stabilize();
    expect(cluster.node('1').readStates).toEqual([]);
  });

  it('lease ReadIndex answers at once within the lease and falls back to a round after it', () => {
    // Two ticks per heartbeat leave a tick between the lease expiring and check-quorum stepping down.
    const cluster = electedCluster(['1', '2', '3'], { config: { readMode: 'lease', heartbeatTicks: 2 } });
    cluster.tickAll();
    cluster.stabilize();
    cluster.node('1').core.readIndex(7);
    cluster.processAll();
    expect(cluster.node('1').readStates.map((read) => read.requestId)).toEqual([7]);
    cluster.isolate('1');
    cluster.tick('1', cluster.config.electionTicks - 2);
    expect(cluster.node('1').core.status().role).toBe('leader');
    cluster.node('1').core.readIndex(8);
    cluster.stabilize();
    expect(cluster.node('1').readStates.map((read) => read.requestId)).toEqual([7]);
  });

  it('reads wait for the new leader to commit an entry of its term', () => {
    const cluster = new TestCluster();
    cluster.addVoters(['1', '2', '3']);
    cluster.node('1').core.campaign();
    for (let round = 0; round < 10 && cluster.node('1').core.status().role !== 'leader'; round += 1) {
      cluster.processAll();
      cluster.deliverAll();
    }
    expect(cluster.node('1').core.status().role).toBe('leader');
    cluster.node('1').core.readIndex(9);
    expect(cluster.node('1').readStates).toEqual([]);
    cluster.stabilize();
    expect(cluster.node('1').readStates).toEqual([{ requestId: 9, index: 2 }]);
  });

  it('a follower refuses readIndex with the leader hint', () => {
    const cluster = electedCluster(['1', '2', '3']);
    expectCode(() => cluster.node('2').core.readIndex(1), 'not-leader');
  });
});

describe('membership', () => {
  it('adds a server as a non-voter and promotes it once it has caught up', () => {
    const cluster = electedCluster(['1', '2', '3']);
    for (let i = 0; i < 20; i += 1) propose(cluster, '1', `v${i}`);
    cluster.stabilize();
    cluster.addEmptyNode('4');
    cluster.node('1').core.proposeConfigurationChange({ type: 'addVoter', id: '4', address: 'addr-4' });
    cluster.runUntil(() => isVoter(cluster.node('1').core.status().configuration, '4'));
    cluster.stabilize();
    expect(cluster.node('4').applied).toHaveLength(20);
    expect(isVoter(cluster.node('4').core.status().configuration, '4')).toBe(true);
  });

  it('allows one uncommitted configuration change at a time', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('1');
    cluster.node('1').core.proposeConfigurationChange({ type: 'addNonvoter', id: '4', address: 'addr-4' });
    expectCode(
      () => cluster.node('1').core.proposeConfigurationChange({ type: 'removeServer', id: '3' }),
      'configuration-change-in-progress',
    );
  });

  it('a removed leader leads until the removal commits, then steps down and goes quiet', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.node('1').core.proposeConfigurationChange({ type: 'removeServer', id: '1' });
    cluster.stabilize();
    expect(cluster.node('1').core.status().role).toBe('follower');
    cluster.runUntil(() => cluster.leader() !== undefined);
    expect(cluster.leader()?.id).not.toBe('1');
    const newLeader = cluster.leader()?.id ?? '';
    propose(cluster, newLeader, 'after');
    cluster.stabilize();
    expect(cluster.node('2').applied).toEqual(['after']);
    expect(cluster.node('1').core.status().role).toBe('follower');
  });

  it('a truncated configuration entry reverts to the previous configuration', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('1');
    cluster.node('1').core.proposeConfigurationChange({ type: 'addNonvoter', id: '9', address: 'addr-9' });
    cluster.processAll();
    expect(cluster.node('1').core.status().configuration.servers).toHaveLength(4);
    cluster.runUntil(() => ['2', '3'].includes(cluster.leader()?.id ?? ''));
    propose(cluster, cluster.leader()?.id ?? '', 'x');
    cluster.heal();
    cluster.runUntil(() => cluster.node('1').applied.length === 1);
    expect(
      cluster
        .node('1')
        .core.status()
        .configuration.servers.map((s) => s.id),
    ).toEqual(['1', '2', '3']);
  });
});

describe('leadership transfer', () => {
  it('hands leadership to the target and refuses proposals meanwhile', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.node('1').core.transferLeadership('3');
    expectCode(() => propose(cluster, '1', 'x'), 'leadership-transfer-in-progress');
    cluster.stabilize();
    expect(cluster.node('3').core.status().role).toBe('leader');
    expect(cluster.node('1').core.status()).toMatchObject({
      role: 'follower',
      leaderId: '3',
      leadershipTransferTarget: null,
    });
  });

  it('brings a lagging target up to date before handing over', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('3');
    for (let i = 0; i < 5; i += 1) propose(cluster, '1', `v${i}`);
    cluster.stabilize();
    cluster.heal();
    cluster.node('1').core.transferLeadership('3');
    cluster.runUntil(() => cluster.node('3').core.status().role === 'leader');
    expect(cluster.node('3').applied).toHaveLength(5);
  });

  it('aborts after the transfer timeout and accepts proposals again', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('3');
    cluster.node('1').core.transferLeadership('3');
    for (let i = 0; i < cluster.config.leadershipTransferTicks; i += 1) {
      cluster.tick('1');
      cluster.stabilize();
    }
    expect(cluster.node('1').core.status()).toMatchObject({ role: 'leader', leadershipTransferTarget: null });
    expect(() => propose(cluster, '1', 'x')).not.toThrow();
  });
});

describe('snapshots and restart', () => {
  it('installs a snapshot on a follower that needs compacted entries', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('3');
    for (let i = 0; i < 10; i += 1) propose(cluster, '1', `v${i}`);
    cluster.stabilize();
    cluster.snapshotAndCompact('1');
    propose(cluster, '1', 'after');
    cluster.stabilize();
    cluster.heal();
    cluster.runUntil(() => cluster.node('3').applied.length === 11);
    expect(cluster.node('3').applied).toEqual(cluster.node('1').applied);
    expect(cluster.node('3').store.firstIndex()).toBeGreaterThan(1);
  });

  it('restarts every node from persisted state and keeps going', () => {
    const cluster = electedCluster(['1', '2', '3']);
    for (const text of ['a', 'b']) propose(cluster, '1', text);
    cluster.stabilize();
    const term = cluster.node('1').core.status().term;
    for (const id of ['1', '2', '3']) cluster.crash(id);
    for (const id of ['1', '2', '3']) cluster.restart(id);
    expect(cluster.node('2').core.status()).toMatchObject({ role: 'follower', term, commitIndex: 4 });
    cluster.runUntil(() => cluster.leader() !== undefined);
    propose(cluster, cluster.leader()?.id ?? '', 'c');
    cluster.stabilize();
    for (const node of cluster.nodes.values()) expect(node.applied).toEqual(['a', 'b', 'c']);
  });

  it('a fresh node with no configuration stays a passive follower', () => {
    const cluster = new TestCluster();
    cluster.addEmptyNode('1');
    cluster.tickAll(100);
    cluster.stabilize();
    expect(cluster.node('1').core.status()).toMatchObject({ role: 'follower', term: 0 });
  });
});
