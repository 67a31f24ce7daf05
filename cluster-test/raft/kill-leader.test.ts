/**
 * Three raft-ts replicas as OS processes over gRPC on loopback with SQLite and
 * fsync. The leader is SIGKILLed in the middle of a stream of acknowledged writes:
 * every acknowledged write must be on the survivors, and a new leader must commit
 * within 2 s with the default timeouts (the contract; measured figures
 * come from `make bench`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaCluster, waitFor } from './replica-cluster.js';

const writers = 4;

describe('raft-ts replicas as processes', () => {
  let cluster: ReplicaCluster;

  beforeAll(async () => {
    cluster = await ReplicaCluster.start({ size: 3 });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('loses no acknowledged write when the leader is killed, and elects a new leader within 2 s', async () => {
    const leader = await cluster.waitForLeader();
    const acknowledged = new Map<string, string>();
    let stop = false;
    let killedAtMs = 0;
    let firstWriteAfterKillMs = 0;
    let sequence = 0;

    const writer = async (writerId: number): Promise<void> => {
      while (!stop) {
        sequence += 1;
        const key = `w${writerId}-${sequence}`;
        const value = `value-${sequence}`;
        const startedMs = Date.now();
        try {
          await cluster.connection.put(key, value, 2000);
          acknowledged.set(key, value);
          // Only a write begun after the kill proves the new leader commits.
          if (killedAtMs > 0 && startedMs >= killedAtMs && firstWriteAfterKillMs === 0)
            firstWriteAfterKillMs = Date.now();
        } catch {
          // Not acknowledged: the outcome is unknown and nothing is promised about it.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    };
    const running = Array.from({ length: writers }, (_, i) => writer(i));

    await waitFor('200 acknowledged writes before the kill', 20_000, async () =>
      acknowledged.size >= 200 ? true : undefined,
    );
    killedAtMs = Date.now();
    await cluster.signal(leader.id, 'SIGKILL');
    await waitFor('writes acknowledged after the kill', 10_000, async () =>
      firstWriteAfterKillMs > 0 ? true : undefined,
    );
    const beforeStop = acknowledged.size;
    await waitFor('more writes under the new leader', 10_000, async () =>
      acknowledged.size >= beforeStop + 100 ? true : undefined,
    );
    stop = true;
    await Promise.all(running);

    const failoverMs = firstWriteAfterKillMs - killedAtMs;
    process.stdout.write(
      JSON.stringify({ test: 'kill-leader', acknowledged: acknowledged.size, failover_ms: failoverMs }) + '\n',
    );
    expect(failoverMs).toBeLessThan(2000);

    const survivors = await cluster.waitForConvergence();
    expect(survivors).toHaveLength(2);
    const newLeader = await cluster.waitForLeader();
    expect(newLeader.id).not.toBe(leader.id);
    const missing: string[] = [];
    for (const [key, value] of acknowledged) {
      if ((await cluster.connection.retrying(() => cluster.connection.get(key))) !== value) missing.push(key);
    }
    expect(missing).toEqual([]);
    expect(Number(survivors[0]?.keys)).toBeGreaterThanOrEqual(acknowledged.size);
  }, 60_000);

  it('restarts the killed replica from disk and catches it up', async () => {
    const killed = cluster.replicas.find((replica) => replica.process === null);
    expect(killed).toBeDefined();
    await cluster.restart(killed!.id);
    await cluster.connection.retrying(() => cluster.connection.put('after-restart', 'yes'));
    const statuses = await cluster.waitForConvergence();
    expect(statuses).toHaveLength(3);
  }, 30_000);

  it('survives a restart of every replica with everything in place', async () => {
    const before = (await cluster.waitForConvergence())[0]!;
    for (const replica of cluster.replicas) await cluster.signal(replica.id, 'SIGTERM');
    for (const replica of cluster.replicas) await cluster.restart(replica.id);
    await cluster.waitForLeader();
    const after = await cluster.waitForConvergence();
    expect(after[0]!.stateDigest).toBe(before.stateDigest);
    expect(await cluster.connection.retrying(() => cluster.connection.get('after-restart'))).toBe('yes');
  }, 60_000);
});
