/**
 * Random faults against the in-memory cluster: message loss, partitions, crashes
 * and restarts, compaction. After every step: one leader per term, and every
 * node's applied commands are a prefix of one history. Prints the seed on failure.
 */
import { describe, expect, it } from 'vitest';
import { isRaftError } from '../errors.js';
import { commandData, seededRandom, TestCluster } from './testing.js';

const seeds = Array.from({ length: 12 }, (_, n) => n + 1);
const stepsPerSeed = 300;
const ids = ['1', '2', '3', '4', '5'];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function checkInvariants(cluster: TestCluster, leaders: Map<number, string>): void {
  let longest: string[] = [];
  for (const node of cluster.nodes.values()) {
    if (node.applied.length > longest.length) longest = node.applied;
    if (node.down) continue;
    const status = node.core.status();
    if (status.role !== 'leader') continue;
    const known = leaders.get(status.term);
    expect(known === undefined || known === node.id, `two leaders in term ${status.term}`).toBe(true);
    leaders.set(status.term, node.id);
  }
  for (const node of cluster.nodes.values()) expect(longest.slice(0, node.applied.length)).toEqual(node.applied);
}

function randomStep(cluster: TestCluster, random: () => number, counter: { value: number }): void {
  const choice = random();
  if (choice < 0.5) cluster.tickAll();
  else if (choice < 0.7) {
    const leader = cluster.leader();
    counter.value += 1;
    try {
      leader?.core.propose('command', commandData(`c${counter.value}`));
    } catch (error: unknown) {
      if (!isRaftError(error)) throw error;
    }
  } else if (choice < 0.75) cluster.isolate(pick(random, ids));
  else if (choice < 0.82) cluster.heal();
  else if (choice < 0.85) {
    const id = pick(random, ids);
    if (cluster.node(id).down) cluster.restart(id);
    else if ([...cluster.nodes.values()].filter((node) => node.down).length < 2) cluster.crash(id);
  } else if (choice < 0.87) {
    const id = pick(random, ids);
    if (!cluster.node(id).down && cluster.node(id).appliedIndex > 0) cluster.snapshotAndCompact(id);
  }
  cluster.processAll();
  cluster.deliverAll();
}

describe('randomized faults', () => {
  it.each(seeds)('seed %i keeps election safety and one applied history, then recovers', (seed) => {
    const random = seededRandom(seed * 7919);
    const cluster = new TestCluster({ seed });
    cluster.addVoters(ids);
    cluster.dropIf(() => random() < 0.1);
    const leaders = new Map<number, string>();
    const counter = { value: 0 };
    try {
      for (let step = 0; step < stepsPerSeed; step += 1) {
        randomStep(cluster, random, counter);
        checkInvariants(cluster, leaders);
      }
      // Liveness: with faults gone, a leader emerges and commits a new command everywhere.
      cluster.heal();
      cluster.dropIf(null);
      for (const node of cluster.nodes.values()) if (node.down) cluster.restart(node.id);
      cluster.runUntil(() => cluster.leader() !== undefined, 500);
      cluster.leader()?.core.propose('command', commandData('final'));
      cluster.runUntil(() => [...cluster.nodes.values()].every((node) => node.applied.at(-1) === 'final'), 500);
      checkInvariants(cluster, leaders);
    } catch (error: unknown) {
      console.error(`randomized core test failed; replay with seed ${seed}`);
      throw error;
    }
  });
});
