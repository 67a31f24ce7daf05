/**
 * The "with workers" chaos verdict: three masters and three sim workers as
 * processes on loopback, two Deployments, the leader SIGKILLed (and restarted)
 * every few seconds while one Deployment is scaled and rolled again and again.
 * After healing: every Deployment has its replicas Running on the last spec,
 * no pod name was created twice, and no ReplicaSet ever had more active pods
 * than the most replicas ever asked for plus maxSurge (a slot filled twice).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrcaClient } from '../../src/client/index.js';
import { Random } from '../../src/raft/sim/random.js';
import { MasterProcesses } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { PodRecorder } from '../workloads/pod-recorder.js';
import {
  deploymentManifest,
  rolledOut,
  setImage,
  setReplicas,
  type DeploymentShape,
} from '../workloads/workload-fixtures.js';
import { WorkerProcesses } from '../workloads/worker-processes.js';
import { pause } from './workload.js';

export const workersScenarioName = 'kill-leader-workers';

export interface WorkersScenarioOptions {
  readonly seed: number;
  readonly durationMs: number;
  /** At most this many leader kills (the short test version). */
  readonly cyclesMax?: number;
  /** A leader kill at most this often. */
  readonly periodMs?: number;
  readonly outputDir: string;
  /** How long the Deployments get to settle after healing. */
  readonly settleMs?: number;
}

export interface WorkersScenarioSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly hosting: 'loopback';
  readonly passed: boolean;
  readonly faults: number;
  /** Scale and image writes that succeeded / failed. */
  readonly ok: number;
  readonly failed: number;
  readonly failover_ms_p50: number | null;
  readonly failover_ms_max: number | null;
  readonly deployments_running: boolean;
  readonly pods_created: number;
  readonly pod_names_created_twice: number;
  readonly replica_sets_over_limit: number;
  readonly history: string;
  readonly problems: string[];
}

const rolled: DeploymentShape = { name: 'chaos-web', replicas: 6, image: 'web:0', maxSurge: 2, maxUnavailable: 1 };
const steady: DeploymentShape = {
  name: 'chaos-steady',
  replicas: 3,
  image: 'steady:1',
  maxSurge: 1,
  maxUnavailable: 0,
};
const replicasLow = 4;
const replicasHigh = 10;

interface Driver {
  ok: number;
  failed: number;
  replicas: number;
  image: string;
  replicasMax: number;
  lastOkAt: number;
}

/** Scales and rolls `rolled` about once a second until `signal` aborts; one attempt per change, counted. */
async function drive(client: OrcaClient, random: Random, driver: Driver, signal: AbortSignal): Promise<void> {
  let version = 0;
  while (!signal.aborted) {
    const scale = random.next() < 0.5;
    const replicas = replicasLow + Math.floor(random.next() * (replicasHigh - replicasLow + 1));
    const image = `web:${version + 1}`;
    try {
      if (scale) await setReplicas(client, rolled.name, replicas);
      else await setImage(client, rolled.name, image);
      driver.ok += 1;
      driver.lastOkAt = Date.now();
      if (scale) driver.replicas = replicas;
      else {
        driver.image = image;
        version += 1;
      }
    } catch {
      // the change may still have landed: the verdict reads the final spec, not this guess
      driver.failed += 1;
    }
    if (scale) driver.replicasMax = Math.max(driver.replicasMax, replicas);
    await pause(800 + Math.floor(random.next() * 600));
  }
}

async function killLeaderOnce(masters: MasterProcesses, random: Random, driver: Driver): Promise<number | null> {
  const leader = await masters.waitForLeader(20_000);
  const killedAt = Date.now();
  await masters.signal(leader.name, 'SIGKILL');
  await pause(200 + Math.floor(random.next() * 1_300));
  await masters.restart(leader.name);
  try {
    await waitFor(
      'a successful write after the kill',
      30_000,
      async () => (driver.lastOkAt > killedAt ? true : undefined),
      50,
    );
    return driver.lastOkAt - killedAt;
  } catch {
    return null;
  }
}

function percentile(values: readonly number[], fraction: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? null);
}

export async function runWorkersScenario(options: WorkersScenarioOptions): Promise<WorkersScenarioSummary> {
  const random = new Random(options.seed);
  const dir = join(options.outputDir, `${workersScenarioName}-${options.seed}`);
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  const failovers: (number | null)[] = [];
  const driver: Driver = {
    ok: 0,
    failed: 0,
    replicas: rolled.replicas,
    image: rolled.image,
    replicasMax: rolled.replicas,
    lastOkAt: 0,
  };
  let masters: MasterProcesses | undefined;
  let workers: WorkerProcesses | undefined;
  const recorders: PodRecorder[] = [];
  let running = false;
  try {
    masters = await MasterProcesses.start({
      size: 3,
      extraArgs: ['--node-grace-seconds', '15', '--eviction-seconds', '5'],
    });
    const cluster = masters;
    const client = cluster.client();
    workers = new WorkerProcesses({ servers: () => cluster.masters.map((master) => master.address), client });
    for (const name of ['w1', 'w2', 'w3']) await workers.start(name);
    for (const shape of [rolled, steady]) {
      await client.create(deploymentManifest(shape));
      await rolledOut(client, shape.name, shape.image, 30_000);
      recorders.push(await PodRecorder.start(client, 'default', `app=${shape.name}`));
    }
    const stopDriving = new AbortController();
    const driving = drive(client, random.fork(), driver, stopDriving.signal);
    const deadline = Date.now() + options.durationMs;
    while (Date.now() < deadline && failovers.length < (options.cyclesMax ?? Infinity)) {
      const cycleStart = Date.now();
      failovers.push(await killLeaderOnce(cluster, random, driver));
      await pause(Math.max(0, Math.min(deadline, cycleStart + (options.periodMs ?? 4_000)) - Date.now()));
    }
    stopDriving.abort();
    await driving;
    for (const master of cluster.masters) if (master.process === null) await cluster.restart(master.name);
    running = await settled(client, options.settleMs ?? 60_000, problems);
  } catch (error: unknown) {
    problems.push(`scenario aborted: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const recorder of recorders) await recorder.stop();
    if (problems.length > 0 && masters !== undefined)
      problems.push(`master output (tail): ${masters.outputs().slice(-3_000)}`);
    await workers?.stop();
    await masters?.stop();
  }
  return judge({ options, problems, failovers, driver, recorders, running, dir });
}

/** Every Deployment rolled out on its final spec, all pods Running and Ready. */
async function settled(client: OrcaClient, timeoutMs: number, problems: string[]): Promise<boolean> {
  try {
    for (const name of [rolled.name, steady.name]) {
      const deployment = await client.get({ kind: 'Deployment', namespace: 'default', name });
      const image = deployment.spec?.template?.spec?.containers?.[0]?.image ?? '';
      await rolledOut(client, name, image, timeoutMs);
    }
    return true;
  } catch (error: unknown) {
    problems.push(`Deployments did not settle: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

interface JudgeInput {
  readonly options: WorkersScenarioOptions;
  readonly problems: string[];
  readonly failovers: readonly (number | null)[];
  readonly driver: Driver;
  readonly recorders: readonly PodRecorder[];
  readonly running: boolean;
  readonly dir: string;
}

function judge(input: JudgeInput): WorkersScenarioSummary {
  const { options, failovers, driver, recorders, running, dir } = input;
  const duplicates = recorders.flatMap((recorder) => recorder.duplicateNames());
  // a ReplicaSet's active pods may reach the most replicas ever asked for plus maxSurge, never more
  const limits = [driver.replicasMax + rolled.maxSurge, steady.replicas + steady.maxSurge];
  const overLimit = recorders.flatMap((recorder, index) => recorder.ownersAbove(limits[index] ?? 0));
  const watchFailures = recorders.flatMap((recorder) => (recorder.failure === undefined ? [] : [recorder.failure]));
  const measured = failovers.filter((value): value is number => value !== null);
  const problems = [
    ...input.problems,
    ...watchFailures,
    ...duplicates.map((name) => `pod name created twice: ${name}`),
    ...overLimit.map((owner) => `ReplicaSet over its limit: ${owner}`),
    ...(failovers.length > measured.length
      ? [`${failovers.length - measured.length} leader kills never followed by a successful write`]
      : []),
  ];
  const history = join(dir, 'pods.json');
  writeFileSync(
    history,
    JSON.stringify({
      failovers,
      driver,
      moments: recorders.map((recorder) =>
        recorder.moments.map((moment) => ({ ...moment, perOwner: Object.fromEntries(moment.perOwner) })),
      ),
    }),
  );
  return {
    scenario: workersScenarioName,
    seed: options.seed,
    hosting: 'loopback',
    passed: problems.length === 0 && running,
    faults: failovers.length,
    ok: driver.ok,
    failed: driver.failed,
    failover_ms_p50: percentile(measured, 0.5),
    failover_ms_max: percentile(measured, 1),
    deployments_running: running,
    pods_created: recorders.reduce((sum, recorder) => sum + recorder.uidsByName.size, 0),
    pod_names_created_twice: duplicates.length,
    replica_sets_over_limit: overLimit.length,
    history,
    problems,
  };
}
