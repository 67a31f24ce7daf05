/** The Ready contract and API edges the node shell relies on. */
import { describe, expect, it } from 'vitest';
import { isRaftError } from '../errors.js';
import type { Message, Ready } from '../types.js';
import { encodeConfiguration, isVoter } from '../types.js';
import { RaftCore } from './raft-core.js';
import { commandData, MemoryLogStore, seededRandom, TestCluster, testCoreConfig } from './testing.js';

function electedCluster(ids: string[]): TestCluster {
  const cluster = new TestCluster();
  cluster.addVoters(ids);
  cluster.node(ids[0] ?? '').core.campaign();
  cluster.stabilize();
  return cluster;
}

function types(messages: readonly Message[]): string[] {
  return messages.map((message) => message.type);
}

/** Take one Ready from a core, persist it into its store, and advance. */
function readyOf(cluster: TestCluster, id: string): Ready {
  const node = cluster.node(id);
  const ready = node.core.ready();
  node.store.persist({ hardState: ready.hardState, entries: ready.entries });
  node.core.advance(ready);
  return ready;
}

describe('Ready contract', () => {
  it('a leader sends appends before persisting; a follower acks only after', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.node('1').core.propose('command', commandData('x'));
    const leaderReady = readyOf(cluster, '1');
    expect(types(leaderReady.messagesBeforePersist)).toEqual(['appendEntries', 'appendEntries']);
    expect(leaderReady.messages).toEqual([]);
    expect(leaderReady.entries).toHaveLength(1);
    expect(leaderReady.committedEntries).toEqual([]);
    const append = leaderReady.messagesBeforePersist[0];
    if (append === undefined) throw new Error('no append');
    cluster.node(append.to).core.step(append);
    const followerReady = readyOf(cluster, append.to);
    expect(followerReady.entries).toHaveLength(1);
    expect(types(followerReady.messages)).toEqual(['appendEntriesResponse']);
    expect(followerReady.messagesBeforePersist).toEqual([]);
  });

  it('votes go out after the hard state that records them; heartbeat answers go out at once', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.node('2').core.step({
      type: 'requestVote',
      from: '3',
      to: '2',
      term: 9,
      preVote: false,
      leadershipTransfer: true,
      lastLogIndex: 9,
      lastLogTerm: 9,
    });
    const voteReady = readyOf(cluster, '2');
    expect(voteReady.hardState).toMatchObject({ term: 9, vote: '3' });
    expect(types(voteReady.messages)).toEqual(['requestVoteResponse']);
    cluster.node('2').core.step({ type: 'heartbeat', from: '3', to: '2', term: 9, commit: 0, context: 4 });
    const heartbeatReady = readyOf(cluster, '2');
    expect(types(heartbeatReady.messagesBeforePersist)).toEqual(['heartbeatResponse']);
  });

  it('hands out only durable committed entries, each once, after the applied index given at start', () => {
    const store = new MemoryLogStore();
    const configuration = encodeConfiguration({ servers: [{ id: '1', address: 'a', suffrage: 'voter' }] });
    store.persist({
      hardState: { term: 2, vote: '1', commit: 3 },
      entries: [
        { index: 1, term: 1, type: 'configuration', data: configuration },
        { index: 2, term: 2, type: 'noop', data: new Uint8Array(0) },
        { index: 3, term: 2, type: 'command', data: commandData('a') },
      ],
    });
    const core = new RaftCore({
      id: '1',
      config: testCoreConfig(),
      log: store,
      hardState: store.hardState(),
      snapshot: null,
      appliedIndex: 2,
      random: seededRandom(1),
    });
    const first = core.ready();
    expect(first.committedEntries.map((entry) => entry.index)).toEqual([3]);
    core.advance(first);
    expect(core.hasReady()).toBe(false);
    core.campaign();
    const index = core.propose('command', commandData('b')).index;
    const second = core.ready();
    expect(second.committedEntries).toEqual([]);
    store.persist({ hardState: second.hardState, entries: second.entries });
    core.advance(second);
    const third = core.ready();
    expect(third.committedEntries.map((entry) => entry.index)).toEqual([index - 1, index]);
    core.advance(third);
    expect(core.status()).toMatchObject({ commitIndex: index, appliedIndex: index });
  });

  it('requires advance() between two ready() calls', () => {
    const cluster = electedCluster(['1']);
    cluster.node('1').core.propose('command', commandData('x'));
    cluster.node('1').core.ready();
    expect(cluster.node('1').core.hasReady()).toBe(false);
    expect(() => cluster.node('1').core.ready()).toThrow(/advance/);
  });
});

describe('API edges', () => {
  it('refuses proposals beyond the uncommitted limit', () => {
    const cluster = new TestCluster({ config: { uncommittedEntriesMax: 3 } });
    cluster.addVoters(['1', '2', '3']);
    cluster.node('1').core.campaign();
    cluster.stabilize();
    cluster.isolate('1');
    const propose = (): unknown => cluster.node('1').core.propose('command', commandData('x'));
    for (let i = 0; i < 3; i += 1) propose();
    expect(() => propose()).toThrow(expect.objectContaining({ code: 'too-large' }));
  });

  it('drops pending reads when leadership is lost', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.isolate('1');
    cluster.node('1').core.readIndex(5);
    cluster.stabilize();
    cluster.tick('1', cluster.config.electionTicks);
    cluster.heal();
    cluster.runUntil(() => cluster.leader() !== undefined);
    cluster.tickAll(3);
    cluster.stabilize();
    expect(cluster.node('1').readStates).toEqual([]);
  });

  it('promotes an existing non-voter only once it has caught up', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.addEmptyNode('4');
    cluster.node('1').core.proposeConfigurationChange({ type: 'addNonvoter', id: '4', address: 'addr-4' });
    cluster.isolate('4');
    cluster.stabilize();
    for (let i = 0; i < 10; i += 1) cluster.node('1').core.propose('command', commandData(`v${i}`));
    cluster.stabilize();
    cluster.node('1').core.proposeConfigurationChange({ type: 'addVoter', id: '4', address: 'addr-4' });
    cluster.stabilize();
    expect(isVoter(cluster.node('1').core.status().configuration, '4')).toBe(false);
    cluster.heal();
    cluster.runUntil(() => isVoter(cluster.node('1').core.status().configuration, '4'));
    expect(cluster.node('4').applied.length).toBeGreaterThanOrEqual(10 - cluster.config.promotionLagMax);
  });

  it('a demoted voter stops counting towards quorum and never campaigns', () => {
    const cluster = electedCluster(['1', '2', '3']);
    cluster.node('1').core.proposeConfigurationChange({ type: 'demoteVoter', id: '3' });
    cluster.stabilize();
    expect(isVoter(cluster.node('3').core.status().configuration, '3')).toBe(false);
    cluster.isolate('1');
    cluster.tick('3', 5 * cluster.config.electionTicks);
    cluster.stabilize();
    expect(cluster.node('3').core.status()).toMatchObject({ role: 'follower', term: 2 });
  });

  it('names the error codes of leader-only calls on a follower', () => {
    const cluster = electedCluster(['1', '2', '3']);
    const calls = [
      () => cluster.node('2').core.proposeConfigurationChange({ type: 'removeServer', id: '3' }),
      () => cluster.node('2').core.transferLeadership(null),
      () => cluster.node('2').core.readIndex(1),
    ];
    for (const call of calls) expect(() => call()).toThrow(expect.objectContaining({ code: 'not-leader' }));
    expect(isRaftError(new Error('x'))).toBe(false);
  });
});
