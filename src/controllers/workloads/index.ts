/**
 * The workload controllers, ready to run as leader tasks: each is the generic
 * runtime around one pure reconcile. The master runs every entry's `run` with
 * its in-process client and the leadership signal.
 */
import type { ObjectClient } from '../../client/index.js';
import { runController, type ControllerDefinition } from '../runtime/run-controller.js';
import { cronJobController } from './cron-job.js';
import { daemonSetController } from './daemon-set.js';
import { deploymentController } from './deployment.js';
import { jobController, jobDefaults, type JobOptions } from './job.js';
import { replicaSetController } from './replica-set.js';
import { statefulSetController, statefulSetDefaults, type StatefulSetOptions } from './stateful-set.js';

export interface WorkloadControllerOptions {
  /** Milliseconds since the epoch (tests inject a fake clock). */
  readonly now?: () => number;
  /** Uniform in [0, 1) (pod name suffixes). */
  readonly random?: () => number;
  readonly resyncMs?: number;
  readonly job?: JobOptions;
  readonly statefulSet?: StatefulSetOptions;
  readonly onError?: (controller: string, key: string, error: unknown) => void;
}

export interface WorkloadController {
  readonly name: string;
  run(client: ObjectClient, signal: AbortSignal): Promise<void>;
}

export function workloadDefinitions(options: WorkloadControllerOptions = {}): ControllerDefinition[] {
  return [
    replicaSetController,
    deploymentController,
    statefulSetController(options.statefulSet ?? statefulSetDefaults),
    daemonSetController,
    jobController(options.job ?? jobDefaults),
    cronJobController,
  ];
}

export function workloadControllers(options: WorkloadControllerOptions = {}): WorkloadController[] {
  return workloadDefinitions(options).map((definition) => ({
    name: definition.name,
    run: (client, signal) =>
      runController({
        client,
        signal,
        definition,
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(options.resyncMs === undefined ? {} : { resyncMs: options.resyncMs }),
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      }),
  }));
}

export {
  cronJobController,
  daemonSetController,
  deploymentController,
  jobController,
  replicaSetController,
  statefulSetController,
};
