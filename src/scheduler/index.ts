// The public surface of the scheduler's pure core.
//
// Sketch of the leader task that will drive it (not written yet; it belongs
// with the client SDK):
//
//   interface SchedulerLoop {
//     /** Started when this master becomes leader; resolves once stopped. */
//     run(signal: AbortSignal): Promise<void>;
//   }
//   interface SchedulerLoopOptions {
//     client: OrcaClient;            // list+watch of Nodes and Pods (informer cache)
//     batchPodsMax: number;          // e.g. 256
//     random: RandomSource;          // seeded per leader term, for replayable decisions
//     retryBackoffMs: { initial: number; max: number };
//   }
//
// Each turn: take up to batchPodsMax pods with no nodeName (oldest first),
// `buildSnapshot` (or `withPlacements` on the last one) from the cache,
// `schedule`, then bind every placement in one Raft transaction. The state
// machine's apply step builds the snapshot of the state at that index and runs
// `verifyPlacements`, binding only what it accepts, so two leaders' or two
// turns' decisions never overcommit a node. Each unschedulable pod gets
// PodScheduled=False with reason Unschedulable and the message, plus an Event,
// and is retried with back-off or when a Node or Pod changes.
export { schedule, type ScheduleResult, type Unschedulable } from './schedule.js';
export { verifyPlacements, type RejectedPlacement, type VerifiedPlan } from './verify.js';
export {
  boundPod,
  buildSnapshot,
  hostnameLabel,
  podKey,
  withPlacements,
  zoneLabel,
  type ClusterSnapshot,
  type NodeInfo,
  type Placement,
  type PodInfo,
  type SnapshotInput,
} from './snapshot.js';
export { defaultSchedulerOptions, validateSchedulerOptions, type SchedulerOptions, type SchedulerOptionsInput, type ScoreWeights } from './options.js';
export { reason, unschedulableMessage, type ReasonCount } from './reasons.js';
export { seededRandom, type RandomSource } from './random.js';
export { SchedulerError, type SchedulerErrorCode } from './scheduler-error.js';
