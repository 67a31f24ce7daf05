// The public surface of the scheduler. The leader's scheduling loop (not here
// yet) builds a snapshot from its cache, calls `schedule`, and binds the
// placements in one Raft transaction whose apply step runs `verifyPlacements`
// against the state at that index.
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
