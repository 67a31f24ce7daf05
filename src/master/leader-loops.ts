/**
 * The leader's loops: the scheduler and the controllers, each registered as a
 * leader task that sees the cluster through its own fenced leader client. They
 * start when this master becomes leader and stop before it steps down; each is
 * level-triggered, so the next leader resumes from the state alone.
 */
import type { OrcaObject } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { clusterControllers, type ClusterControllerSettings } from '../controllers/cluster/index.js';
import { workloadControllers } from '../controllers/workloads/index.js';
import type { Logger } from '../log/index.js';
import { runSchedulerLoop } from '../scheduler/index.js';
import type { LeaderTaskContext, LeaderTasks } from './leader-tasks.js';
import { MasterError } from './master-error.js';

/** One loop: runs until `signal` aborts. */
export interface LeaderLoop {
  readonly name: string;
  run(client: ObjectClient, signal: AbortSignal): Promise<void>;
}

export interface LeaderLoopsOptions {
  /** Run the scheduling loop. */
  readonly scheduler: boolean;
  /** Run the controllers (cluster and workload ones). */
  readonly controllers: boolean;
  /** A node whose Lease is not renewed for this long turns Ready=Unknown and is tainted unreachable. */
  readonly nodeGraceSeconds: number;
  /** Pods on an unreachable node that do not tolerate it longer are evicted after this long. */
  readonly evictionSeconds: number;
  /** The kube-dns Service's ClusterIP, kept in place with the other cluster defaults; the master sets it from its service CIDR. */
  readonly dnsServiceIp?: string;
  /** More objects the cluster defaults keep (a secure master's RBAC defaults and sealed CA Secret). */
  readonly extraDefaults?: () => readonly OrcaObject[];
}

export function defaultLeaderLoopsOptions(): LeaderLoopsOptions {
  return { scheduler: true, controllers: true, nodeGraceSeconds: 10, evictionSeconds: 5 };
}

const secondsMax = 86_400;

export function validateLeaderLoopsOptions(input: Partial<LeaderLoopsOptions> = {}): LeaderLoopsOptions {
  const options = { ...defaultLeaderLoopsOptions(), ...input };
  for (const field of ['nodeGraceSeconds', 'evictionSeconds'] as const) {
    const value = options[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > secondsMax) {
      throw new MasterError(
        'invalid-config',
        `master option leaderLoops.${field}: must be a number of seconds in (0, ${secondsMax}], got ${String(value)}`,
      );
    }
  }
  return options;
}

export interface LeaderLoopsDeps {
  readonly leaderTasks: LeaderTasks;
  readonly leaderClient: (context: Pick<LeaderTaskContext, 'term' | 'signal'>) => ObjectClient;
  readonly logger: Logger;
}

/** The loops these options ask for, in start order. */
export function leaderLoops(options: LeaderLoopsOptions, logger: Logger): LeaderLoop[] {
  const loops: LeaderLoop[] = [];
  if (options.scheduler) {
    loops.push({
      name: 'scheduler',
      run: (client, signal) =>
        runSchedulerLoop({
          client,
          signal,
          onError: (error) => logger.warn({ loop: 'scheduler', error: String(error) }, 'scheduling turn failed'),
        }),
    });
  }
  if (options.controllers) {
    const reportControllerError = (controller: string, key: string, error: unknown): void =>
      logger.warn({ controller, key, error: String(error) }, 'reconcile failed');
    const settings: ClusterControllerSettings = {
      nodeGraceMs: options.nodeGraceSeconds * 1000,
      evictionMs: options.evictionSeconds * 1000,
      ...(options.dnsServiceIp === undefined ? {} : { dnsServiceIp: options.dnsServiceIp }),
      ...(options.extraDefaults === undefined ? {} : { extraDefaults: options.extraDefaults }),
      onError: reportControllerError,
    };
    loops.push(...clusterControllers(settings));
    loops.push(...workloadControllers({ onError: reportControllerError }));
  }
  return loops;
}

/** Register every loop as a leader task; returns a function that unregisters them. */
export function registerLeaderLoops(deps: LeaderLoopsDeps, options: LeaderLoopsOptions): () => void {
  const removers = leaderLoops(options, deps.logger).map((loop) =>
    deps.leaderTasks.register({
      name: loop.name,
      run: (context) => loop.run(deps.leaderClient(context), context.signal),
    }),
  );
  return () => {
    for (const remove of removers) remove();
  };
}
