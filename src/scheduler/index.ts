// The public surface of the scheduler: the pure core (filter, score, verify)
// and the loop the leader runs (loop.ts): pending pods in batches, one
// compare-and-swap transaction per batch, Unschedulable conditions and Events.
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
export {
  defaultSchedulerOptions,
  validateSchedulerOptions,
  type SchedulerOptions,
  type SchedulerOptionsInput,
  type ScoreWeights,
} from './options.js';
export { reason, unschedulableMessage, type ReasonCount } from './reasons.js';
export { seededRandom, type RandomSource } from './random.js';
export { SchedulerError, type SchedulerErrorCode } from './scheduler-error.js';
export {
  SchedulerLoop,
  isPending,
  runSchedulerLoop,
  schedulerLoopDefaults,
  type SchedulerLoopOptions,
} from './loop.js';
export { bindingOperations, failedSchedulingEvent, unschedulableStatus } from './binding.js';
