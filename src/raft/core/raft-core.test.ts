import { describe, expect, it } from 'vitest';
import { isRaftError } from '../errors.js';
import { commandData, TestCluster } from './testing.js';

function electedCluster(ids: string[], seed = 1): TestCluster {
  const cluster = new TestCluster({ seed });
  cluster.addVoters(ids);
  cluster.node(ids[0] ?? '').core.campaign();
  cluster.stabilize();
  return cluster;
}

describe('RaftCore elections', () => {
  it('elects the node that campaigns, and every node learns the leader', () => {
    const cluster = electedCluster(['1', '2', '3']);
    expect(cluster.node('1').core.status().role).toBe('leader');
    for (const id of ['2', '3']) expect(cluster.node(id).core.status().leaderId).toBe('1');
  });

  it('elects a leader from election timeouts alone', () => {
    const cluster = new TestCluster({ seed: 7 });
    cluster.addVoters(['1', '2', '3']);
    cluster.runUntil(() => cluster.leader() !== undefined);
    const terms = [...cluster.nodes.values()].map((node) => node.core.status().term);
    expect(new Set(terms).size).toBe(1);
  });

  it('a single voter elects itself and commits on its own', () => {
    const cluster = electedCluster(['1']);
    const receipt = cluster.node('1').core.propose('command', commandData('x'));
    cluster.stabilize();
    expect(cluster.node('1').core.status().commitIndex).toBe(receipt.index);
    expect(cluster.node('1').applied).toEqual(['x']);
  });

  it('re-elects after the leader is lost', () => {
    const cluster = electedCluster(['1', '2', '3'], 3);
    cluster.crash('1');
    cluster.runUntil(() => cluster.leader() !== undefined && cluster.leader()?.id !== '1');
    const leader = cluster.leader();
    expect(leader?.core.status().term).toBeGreaterThan(2);
  });
});

describe('RaftCore replication', () => {
  it('replicates and applies proposals on every node, in order, once', () => {
    const cluster = electedCluster(['1', '2', '3']);
    for (const text of ['a', 'b', 'c']) cluster.node('1').core.propose('command', commandData(text));
    cluster.stabilize();
    for (const node of cluster.nodes.values()) expect(node.applied).toEqual(['a', 'b', 'c']);
  });

  it('refuses proposals on a follower with a hint to the leader', () => {
    const cluster = electedCluster(['1', '2', '3']);
    try {
      cluster.node('2').core.propose('command', commandData('x'));
      expect.unreachable('a follower accepted a proposal');
    } catch (error: unknown) {
      expect(isRaftError(error, 'not-leader')).toBe(true);
      if (isRaftError(error)) expect(error.leader).toEqual({ id: '1', address: 'addr-1' });
    }
  });
});
