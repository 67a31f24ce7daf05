import { describe, expect, it } from 'vitest';
import { RaftCore } from '../core/raft-core.js';
import type { CoreOptions, RaftCoreApi } from '../core/api.js';
import type { Message } from '../types.js';
import { AcksBeforePersistNode } from './planted-bugs.js';
import { runSeed } from './run.js';

const seedsInSuite = 200;

describe('raft simulator', () => {
  it(`keeps every safety invariant, stays live after healing and linearizable over ${seedsInSuite} seeds`, async () => {
    const failures: string[] = [];
    let unknown = 0;
    for (let seed = 1; seed <= seedsInSuite; seed += 1) {
      const result = await runSeed(seed);
      if (result.stats.linearizability === 'unknown') unknown += 1;
      if (!result.ok)
        failures.push(
          `seed ${seed}: ${result.failure?.message ?? '?'} (replay: node dist/src/raft/sim/main.js --seed ${seed})\n${result.failure?.window ?? ''}`,
        );
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(unknown, 'seeds whose linearizability search ran out of budget').toBeLessThanOrEqual(seedsInSuite * 0.05);
  }, 120_000);

  it('replays a seed exactly: same trace, same statistics', async () => {
    for (const seed of [7, 4242]) {
      const first = await runSeed(seed);
      const second = await runSeed(seed);
      expect(second.stats).toEqual(first.stats);
      expect(second.failure).toEqual(first.failure);
    }
    expect((await runSeed(7)).stats.trace).not.toBe((await runSeed(8)).stats.trace);
  });

  it('exercises the faults and node paths it claims to: crashes, power cuts, partitions, membership, snapshots, leader changes, both kinds of store', async () => {
    const totals = {
      crashes: 0,
      crashesBeforeSync: 0,
      snapshotsInstalled: 0,
      termsWithLeader: 0,
      membership: 0,
      partition: 0,
      oneWay: 0,
      transfer: 0,
      unknownOutcomes: 0,
      writerThreadStarts: 0,
      synchronousStarts: 0,
      logTruncations: 0,
    };
    for (let seed = 1; seed <= 20; seed += 1) {
      const { stats } = await runSeed(seed);
      totals.crashes += stats.crashes;
      totals.crashesBeforeSync += stats.crashesBeforeSync;
      totals.writerThreadStarts += stats.writerThreadStarts;
      totals.synchronousStarts += stats.synchronousStarts;
      totals.logTruncations += stats.logTruncations;
      totals.snapshotsInstalled += stats.snapshotsInstalled;
      totals.termsWithLeader += stats.termsWithLeader;
      totals.membership += stats.faults['membership'] ?? 0;
      totals.partition += stats.faults['partition'] ?? 0;
      totals.oneWay += stats.faults['one-way'] ?? 0;
      totals.transfer += stats.faults['transfer'] ?? 0;
      totals.unknownOutcomes += stats.operationsUnknown;
    }
    for (const [name, total] of Object.entries(totals)) expect(total, name).toBeGreaterThan(0);
  });
});

describe('raft simulator catches a broken node', () => {
  const safetyCodes = [
    'election-safety',
    'leader-completeness',
    'state-machine-safety',
    'log-matching',
    'linearizability',
  ];

  it('fails, naming the seed, runs whose RaftNode.processReady sends acknowledgements before the write they promise is durable', async () => {
    // Planted in the production node (a subclass: AcksBeforePersistNode), which the
    // simulator's old Ready loop of its own never ran; the correct node passes the same seeds.
    const failures: { seed: number; code: string }[] = [];
    for (let seed = 1; seed <= 60 && failures.length === 0; seed += 1) {
      const result = await runSeed(seed, {
        openNode: (options) => AcksBeforePersistNode.open(options),
        crashBeforeSyncProbability: 0.3,
      });
      if (!result.ok) failures.push({ seed: result.stats.seed, code: result.failure?.code ?? '?' });
    }
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(safetyCodes).toContain(failure?.code);
    const replay = await runSeed(failure?.seed ?? 0, { crashBeforeSyncProbability: 0.3 });
    expect(replay.ok, `seed ${failure?.seed ?? '?'} with the correct node: ${replay.failure?.message ?? ''}`).toBe(
      true,
    );
  });

  it('fails runs whose voters grant votes without checking that the candidate log is up to date', async () => {
    // Injected from outside the core: every vote request claims the longest possible log.
    const careless = (options: CoreOptions): RaftCoreApi => {
      const core = new RaftCore(options);
      const step = core.step.bind(core);
      core.step = (message: Message): void => {
        step(
          message.type === 'requestVote'
            ? { ...message, lastLogIndex: Number.MAX_SAFE_INTEGER, lastLogTerm: Number.MAX_SAFE_INTEGER }
            : message,
        );
      };
      return core;
    };
    const codes: string[] = [];
    for (let seed = 1; seed <= 40 && codes.length < 3; seed += 1) {
      const result = await runSeed(seed, { createCore: careless });
      if (!result.ok) codes.push(result.failure?.code ?? '?');
    }
    expect(codes.filter((code) => safetyCodes.includes(code)).length).toBeGreaterThanOrEqual(1);
  });

  it('fails runs whose servers answer reads from their own state without a read index', async () => {
    const failed: string[] = [];
    for (let seed = 1; seed <= 40 && failed.length === 0; seed += 1) {
      const result = await runSeed(seed, { bugs: { readLocally: true } });
      if (!result.ok) failed.push(`${result.failure?.code ?? '?'}\n${result.failure?.window ?? ''}`);
    }
    expect(failed[0]).toMatch(/^linearizability\n.*get\(/s);
  });
});
