/**
 * The faults, each one cycle: pick a target (seeded), record the start, break
 * something, hold it, repair it, record the end. Holding a fault for a while is
 * the point of the fault, not a wait for a condition.
 */
import type { Random } from '../../src/raft/sim/random.js';
import { waitFor } from '../raft/replica-cluster.js';
import type { ChaosMasters } from './chaos-masters.js';
import type { HistoryRecorder } from './history.js';
import { pause } from './workload.js';

export interface FaultContext {
  readonly cluster: ChaosMasters;
  readonly recorder: HistoryRecorder;
  readonly random: Random;
  /** Called when a new master joined (to watch it). */
  readonly onJoin: (name: string) => Promise<void>;
  /** Names for new masters. */
  nextMasterNumber: number;
}

export type Fault = (context: FaultContext) => Promise<void>;

async function currentLeader(context: FaultContext): Promise<string> {
  return waitFor('a leader to attack', 20_000, () => context.cluster.leader(), 50);
}

function others(context: FaultContext, name: string): string[] {
  return context.cluster
    .masters()
    .map((master) => master.name)
    .filter((candidate) => candidate !== name);
}

async function holdFor(context: FaultContext, lowMs: number, highMs: number): Promise<void> {
  await pause(context.random.between(lowMs, highMs));
}

async function killAndRestart(context: FaultContext, name: string, label: string): Promise<void> {
  const { cluster, recorder } = context;
  recorder.fault('start', label, name);
  await cluster.kill(name);
  await holdFor(context, 200, 1_500);
  await cluster.restart(name);
  recorder.fault('end', label, name);
}

export const killLeader: Fault = async (context) =>
  killAndRestart(context, await currentLeader(context), 'kill-leader');

export const killRandom: Fault = async (context) =>
  killAndRestart(context, context.random.pick(context.cluster.masters().map((master) => master.name)), 'kill-random');

export const pauseLeader: Fault = async (context) => {
  const { cluster, recorder } = context;
  const leader = await currentLeader(context);
  recorder.fault('start', 'pause-leader', leader);
  await cluster.pause(leader);
  await holdFor(context, 1_000, 4_000);
  await cluster.resume(leader);
  recorder.fault('end', 'pause-leader', leader);
};

async function partitionFor(context: FaultContext, label: string, groups: string[][]): Promise<void> {
  const { cluster, recorder } = context;
  recorder.fault('start', label, JSON.stringify(groups));
  await cluster.partition(groups);
  await holdFor(context, 2_000, 5_000);
  await cluster.heal();
  recorder.fault('end', label, JSON.stringify(groups));
}

export const isolateLeader: Fault = async (context) => {
  const leader = await currentLeader(context);
  await partitionFor(context, 'isolate-leader', [[leader], others(context, leader)]);
};

/** A random minority (possibly holding the leader) cut off from the majority. */
export const splitMinority: Fault = async (context) => {
  const names = context.cluster.masters().map((master) => master.name);
  const shuffled = [...names];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = context.random.below(index + 1);
    [shuffled[index], shuffled[other]] = [shuffled[other] as string, shuffled[index] as string];
  }
  const minoritySize = Math.max(1, Math.floor((names.length - 1) / 2));
  await partitionFor(context, 'split', [shuffled.slice(0, minoritySize), shuffled.slice(minoritySize)]);
};

/** A follower stops hearing the leader, while the leader still hears it. */
export const oneWayLoss: Fault = async (context) => {
  const { cluster, recorder } = context;
  const leader = await currentLeader(context);
  const follower = context.random.pick(others(context, leader));
  recorder.fault('start', 'one-way-loss', `${follower} drops from ${leader}`);
  await cluster.dropOneWay(leader, follower);
  await holdFor(context, 2_000, 5_000);
  await cluster.heal();
  recorder.fault('end', 'one-way-loss', `${follower} drops from ${leader}`);
};

/** A master cut off and reconnected several times in quick succession. */
export const flapping: Fault = async (context) => {
  const { cluster, recorder } = context;
  const names = cluster.masters().map((master) => master.name);
  const target = context.random.pick(names);
  recorder.fault('start', 'flapping', target);
  for (let flap = 0; flap < 6; flap += 1) {
    await cluster.partition([[target], others(context, target)]);
    await holdFor(context, 200, 800);
    await cluster.heal();
    await holdFor(context, 200, 800);
  }
  recorder.fault('end', 'flapping', target);
};

/** Every master in turn stops cleanly and starts again, waiting until it has caught up. */
export const rollingRestart: Fault = async (context) => {
  const { cluster, recorder } = context;
  for (const master of cluster.masters()) {
    recorder.fault('start', 'rolling-restart', master.name);
    await cluster.terminate(master.name);
    await cluster.restart(master.name);
    await waitFor(
      `${master.name} to catch up`,
      30_000,
      async () => {
        const leader = await cluster.leader();
        if (leader === undefined) return undefined;
        const [mine, leaders] = await Promise.all([cluster.probe(master.name), cluster.probe(leader)]);
        return mine !== undefined && leaders !== undefined && mine.appliedIndex >= leaders.commitIndex
          ? true
          : undefined;
      },
      100,
    );
    recorder.fault('end', 'rolling-restart', master.name);
  }
};

/** One master removed from the cluster and a brand-new one joined in its place, under load. */
export const replaceMember: Fault = async (context) => {
  const { cluster, recorder } = context;
  const target = context.random.pick(cluster.masters().map((master) => master.name));
  const newcomer = `m${context.nextMasterNumber}`;
  context.nextMasterNumber += 1;
  recorder.fault('start', 'replace-member', `${target} -> ${newcomer}`);
  await cluster.remove(target);
  await cluster.join(newcomer);
  recorder.fault('end', 'replace-member', `${target} -> ${newcomer}`);
  await context.onJoin(newcomer);
};
