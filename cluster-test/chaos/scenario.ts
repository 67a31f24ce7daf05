/**
 * One chaos scenario end to end: start the masters, watch every one, run the
 * workload, inject the scenario's fault over and over for the duration (each
 * cycle waits until a write succeeds again), heal, let the cluster settle, then
 * judge the record. The record is written to a JSON file whatever the verdict.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../src/raft/sim/random.js';
import { waitFor } from '../raft/replica-cluster.js';
import { ChaosMasters } from './chaos-masters.js';
import { awaitConvergence, finalState } from './convergence.js';
import * as faults from './faults.js';
import { HistoryRecorder, pairOperations, writeRunRecord, type RunRecord } from './history.js';
import { MasterWatches } from './master-watches.js';
import { judgeAvailability, judgeLinearizability, judgeWatches, lostAcknowledgedWrites } from './verdicts.js';
import { defaultWorkloadOptions, pause, Workload, type WorkloadOptions } from './workload.js';

export interface Scenario {
  readonly name: string;
  readonly fault: faults.Fault;
  /** A new fault cycle starts at most this often. */
  readonly periodMs: number;
  /** Needs partitions (network namespaces). */
  readonly network: boolean;
}

export const scenarios: readonly Scenario[] = [
  { name: 'kill-leader', fault: faults.killLeader, periodMs: 5_000, network: false },
  { name: 'kill-random', fault: faults.killRandom, periodMs: 5_000, network: false },
  { name: 'pause-leader', fault: faults.pauseLeader, periodMs: 6_000, network: false },
  { name: 'isolate-leader', fault: faults.isolateLeader, periodMs: 7_000, network: true },
  { name: 'split', fault: faults.splitMinority, periodMs: 7_000, network: true },
  { name: 'one-way-loss', fault: faults.oneWayLoss, periodMs: 7_000, network: true },
  { name: 'flapping', fault: faults.flapping, periodMs: 7_000, network: true },
  { name: 'rolling-restart', fault: faults.rollingRestart, periodMs: 2_000, network: false },
  { name: 'replace-member', fault: faults.replaceMember, periodMs: 2_000, network: false },
];

export interface ScenarioOptions {
  readonly seed: number;
  readonly durationMs: number;
  /** At most this many fault cycles (the short test version). */
  readonly cyclesMax?: number;
  /** Overrides the scenario's period between fault cycles. */
  readonly periodMs?: number;
  readonly size: number;
  readonly hosting: 'netns' | 'loopback';
  /** TLS, authentication and RBAC on (masters join by token). */
  readonly secure?: boolean;
  /** Records and failure windows go here. */
  readonly outputDir: string;
  readonly workload?: Partial<WorkloadOptions>;
  /** How long the masters get to converge after healing. */
  readonly convergenceBoundMs?: number;
}

/** The scenario's JSON summary line. */
export interface ScenarioSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly hosting: string;
  readonly passed: boolean;
  readonly faults: number;
  readonly ok: number;
  readonly failed: number;
  readonly indeterminate: number;
  readonly linearizable: boolean;
  readonly linearizability: string;
  readonly lost_acked_writes: number;
  readonly watches_agree: boolean;
  readonly watch_events: number;
  readonly converged: boolean;
  readonly convergence_ms: number;
  readonly failover_ms_p50: number | null;
  readonly failover_ms_p99: number | null;
  readonly failover_ms_max: number | null;
  readonly max_unavailable_ms: number;
  readonly history: string;
  readonly problems: string[];
}

const recoveryBoundMs = 30_000;

/** Resolves once some write that completed after `since` succeeded; false when none did within the bound. */
async function writeSucceededAfter(
  recorder: HistoryRecorder,
  since: number,
  boundMs = recoveryBoundMs,
): Promise<boolean> {
  try {
    await waitFor('a successful write', boundMs, async () => (recorder.lastWriteOkAt >= since ? true : undefined), 50);
    return true;
  } catch {
    return false;
  }
}

async function healEverything(cluster: ChaosMasters): Promise<void> {
  await cluster.heal();
  for (const master of cluster.masters()) {
    if (master.paused) await cluster.resume(master.name);
    if (!master.running) await cluster.restart(master.name);
  }
}

async function watchesCaughtUp(
  cluster: ChaosMasters,
  watches: MasterWatches,
  final: RunRecord['final'],
): Promise<void> {
  const target = (final ?? []).reduce(
    (max, object) => (BigInt(object.version) > max ? BigInt(object.version) : max),
    0n,
  );
  await waitFor(
    'every watch to reach the final state',
    15_000,
    async () => {
      const running = cluster
        .masters()
        .filter((master) => master.running)
        .map((master) => master.name);
      const versions = running.map((name) => watches.lastVersion(name));
      return versions.every((version) => version >= target && version === versions[0]) ? true : undefined;
    },
    100,
  ).catch(() => undefined);
}

function countResults(record: RunRecord): { ok: number; failed: number; indeterminate: number } {
  const counts = { ok: 0, failed: 0, indeterminate: 0 };
  for (const operation of pairOperations(record.events)) {
    const kind = operation.result?.kind ?? 'indeterminate';
    if (kind === 'ok') counts.ok += 1;
    else if (kind === 'indeterminate') counts.indeterminate += 1;
    else counts.failed += 1;
  }
  return counts;
}

export async function runScenario(scenario: Scenario, options: ScenarioOptions): Promise<ScenarioSummary> {
  const random = new Random(options.seed);
  const recorder = new HistoryRecorder();
  const failureDir = join(options.outputDir, `${scenario.name}-${options.seed}`);
  mkdirSync(failureDir, { recursive: true });
  let cluster: ChaosMasters;
  try {
    cluster = await ChaosMasters.start({
      size: options.size,
      hosting: options.hosting,
      ...(options.secure === true ? { secure: true } : {}),
    });
  } catch (error: unknown) {
    const problem = `the cluster did not start: ${error instanceof Error ? error.message : String(error)}`;
    return judge({
      scenario,
      options,
      recorder,
      watches: null,
      final: null,
      convergence: { converged: false, ms: 0 },
      problems: [problem],
      failureDir,
    });
  }
  const workloadOptions = { ...defaultWorkloadOptions, ...options.workload };
  const watches = new MasterWatches(cluster, workloadOptions.namespace, workloadOptions.prefix);
  const workload = new Workload(cluster, recorder, random.fork(), workloadOptions);
  const problems: string[] = [];
  let final: RunRecord['final'] = null;
  let convergence = { converged: false, ms: 0, detail: 'not reached' };
  try {
    for (const master of cluster.masters()) await watches.watch(master.name);
    workload.start();
    if (!(await writeSucceededAfter(recorder, 0))) problems.push('no write succeeded before the first fault');
    const context: faults.FaultContext = {
      cluster,
      recorder,
      random: random.fork(),
      onJoin: (name) => watches.watch(name),
      nextMasterNumber: options.size + 1,
    };
    const deadline = recorder.now() + options.durationMs;
    let cycles = 0;
    while (recorder.now() < deadline && cycles < (options.cyclesMax ?? Infinity)) {
      const cycleStart = recorder.now();
      await scenario.fault(context);
      cycles += 1;
      if (!(await writeSucceededAfter(recorder, recorder.now())))
        problems.push(`no successful write within ${recoveryBoundMs} ms of fault cycle ${cycles}`);
      await pause(
        Math.max(0, Math.min(deadline, cycleStart + (options.periodMs ?? scenario.periodMs)) - recorder.now()),
      );
    }
    await healEverything(cluster);
    if (!(await writeSucceededAfter(recorder, recorder.now()))) problems.push('no successful write after healing');
    await workload.stop();
    convergence = await awaitConvergence(cluster, workloadOptions.namespace, options.convergenceBoundMs ?? 30_000);
    if (!convergence.converged) problems.push(`masters did not converge: ${convergence.detail}`);
    final = await finalState(cluster, workloadOptions.namespace, workloadOptions.prefix);
    await watchesCaughtUp(cluster, watches, final);
  } catch (error: unknown) {
    problems.push(`scenario aborted: ${error instanceof Error ? error.message : String(error)}`);
    await workload.stop();
  } finally {
    await watches.close();
    if (problems.length > 0) problems.push(`master output (tail): ${cluster.outputs().slice(-3_000)}`);
    await cluster.stop();
  }
  return judge({ scenario, options, recorder, watches, final, convergence, problems, failureDir });
}

interface JudgeInput {
  readonly scenario: Scenario;
  readonly options: ScenarioOptions;
  readonly recorder: HistoryRecorder;
  readonly watches: MasterWatches | null;
  readonly final: RunRecord['final'];
  readonly convergence: { converged: boolean; ms: number };
  readonly problems: string[];
  readonly failureDir: string;
}

function judge(input: JudgeInput): ScenarioSummary {
  const { scenario, options, recorder, watches, final, convergence, problems, failureDir } = input;
  const logs = watches?.logs ?? [];
  const record: RunRecord = {
    scenario: scenario.name,
    seed: options.seed,
    events: recorder.events,
    watches: logs,
    final,
  };
  const historyPath = join(failureDir, 'history.json');
  writeRunRecord(historyPath, record);
  const linearizability = judgeLinearizability(record, failureDir);
  const lost = final === null ? [] : lostAcknowledgedWrites(record.events, final);
  const survivors = new Set(
    logs
      .map((log) => log.master)
      .filter(
        (master) =>
          !record.events.some(
            (event) =>
              event.type === 'fault' && event.name === 'replace-member' && event.detail.startsWith(`${master} ->`),
          ),
      ),
  );
  const watchVerdict = judgeWatches(record, survivors);
  const availability = judgeAvailability(record.events, recorder.now());
  const unrecovered = availability.failoverMs.filter((value) => value === null).length;
  const allProblems = [
    ...problems,
    ...linearizability.failures,
    ...lost.slice(0, 10),
    ...watchVerdict.problems.slice(0, 10),
    ...(final === null ? ['no final state was read'] : []),
    ...(unrecovered > 0 ? [`${unrecovered} faults never followed by a successful write`] : []),
  ];
  const counts = countResults(record);
  const linearizable = linearizability.verdict === 'linearizable';
  return {
    scenario: scenario.name,
    seed: options.seed,
    hosting: options.hosting,
    passed:
      allProblems.length === 0 &&
      linearizable &&
      lost.length === 0 &&
      watchVerdict.problems.length === 0 &&
      convergence.converged,
    faults: record.events.filter((event) => event.type === 'fault' && event.phase === 'start').length,
    ...counts,
    linearizable,
    linearizability: linearizability.verdict,
    lost_acked_writes: lost.length,
    watches_agree: watchVerdict.problems.length === 0,
    watch_events: watchVerdict.events,
    converged: convergence.converged,
    convergence_ms: convergence.ms,
    failover_ms_p50: round(availability.failoverMsP50),
    failover_ms_p99: round(availability.failoverMsP99),
    failover_ms_max: round(availability.failoverMsMax),
    max_unavailable_ms: availability.maxUnavailableMs,
    history: historyPath,
    problems: allProblems,
  };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
