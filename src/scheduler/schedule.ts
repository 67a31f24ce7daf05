/**
 * The scheduler's pure core: a read-only snapshot and a batch of pending pods
 * in, placements and the reasons for every pod that fits nowhere out. No clock,
 * no I/O, no Math.random: the same input gives the same output. Pods are
 * decided in the order given, each one seeing the placements before it.
 */
import type { Pod } from '../api/index.js';
import { BatchState } from './batch-state.js';
import { podHostPorts, type HostPort } from './host-ports.js';
import { selectNode } from './node-scores.js';
import { validateSchedulerOptions, type SchedulerOptions, type SchedulerOptionsInput } from './options.js';
import { affinityFailure, affinityState, type AffinityState } from './affinity-index.js';
import { requiredAffinityTerms, requiredAntiAffinityTerms, type AffinityTerm } from './pod-affinity.js';
import { ShapeCache, type PodShape } from './pod-shape.js';
import { reason, sortedReasons, unschedulableMessage, type ReasonCount } from './reasons.js';
import { podRequests, type PodRequests } from './resources.js';
import { SchedulerError } from './scheduler-error.js';
import { podKey, spreadKeyOf, type ClusterSnapshot, type Placement } from './snapshot.js';
import { podVolumeNeeds, takePins, volumeAffinityConflict, volumesFit, type VolumeNeeds } from './volumes.js';

export interface Unschedulable {
  readonly pod: Pod;
  /** "0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {key: value}." */
  readonly message: string;
  readonly reasons: readonly ReasonCount[];
}

export interface ScheduleResult {
  readonly placements: readonly Placement[];
  readonly unschedulable: readonly Unschedulable[];
}

interface PendingPod {
  readonly pod: Pod;
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: PodRequests;
  readonly hostPorts: readonly HostPort[];
  readonly spreadKey: string | undefined;
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
  readonly volumes: VolumeNeeds;
}

interface CallContext {
  readonly snapshot: ClusterSnapshot;
  readonly options: SchedulerOptions;
  readonly state: BatchState;
  readonly shapes: ShapeCache;
  /** Reused buffer of the nodes that pass every filter for the current pod. */
  readonly feasible: Int32Array;
  /** Local volumes this call has tied to a node: volume name → node name. */
  readonly pins: Map<string, string>;
}

const hostPortsFailure = [reason.hostPorts] as const;
const volumeFailure = [volumeAffinityConflict] as const;
const affinityFailures = {
  affinity: [reason.podAffinity],
  'anti-affinity': [reason.podAntiAffinity],
  'existing-anti-affinity': [reason.existingAntiAffinity],
} as const;

function preparePending(pod: Pod, snapshot: ClusterSnapshot): PendingPod {
  return {
    pod,
    key: podKey(pod),
    namespace: pod.metadata?.namespace ?? 'default',
    labels: pod.metadata?.labels ?? {},
    requests: podRequests(pod),
    hostPorts: podHostPorts(pod),
    spreadKey: spreadKeyOf(pod),
    affinityTerms: requiredAffinityTerms(pod),
    antiAffinityTerms: requiredAntiAffinityTerms(pod),
    volumes: podVolumeNeeds(pod, snapshot.volumes),
  };
}

function refusal(pod: Pod, message: string): Unschedulable {
  return { pod, message, reasons: [] };
}

function podAffinityState(context: CallContext, pending: PendingPod): AffinityState | undefined {
  const { state } = context;
  const ownTerms = pending.affinityTerms.length > 0 || pending.antiAffinityTerms.length > 0;
  if (!ownTerms && !state.anyAntiAffinity()) return undefined;
  return affinityState(pending, state.affinityIndex());
}

/** The filters that depend on what is already on the node, in Kubernetes' order. */
function dynamicFailure(
  context: CallContext,
  pending: PendingPod,
  affinity: AffinityState | undefined,
  index: number,
): readonly string[] | undefined {
  const { state } = context;
  if (
    pending.volumes.kind === 'constrained' &&
    !volumesFit(pending.volumes, context.snapshot.nodes[index]?.facts ?? { name: '', labels: {} }, context.pins)
  )
    return volumeFailure;
  if (state.hostPortsConflict(index, pending.hostPorts)) return hostPortsFailure;
  const resources = state.resourceFailures(index, pending.requests.requested);
  if (resources !== undefined) return resources;
  if (affinity === undefined) return undefined;
  const failure = affinityFailure(affinity, index);
  return failure === undefined ? undefined : affinityFailures[failure];
}

function describeFailure(
  context: CallContext,
  pending: PendingPod,
  shape: PodShape,
  dynamicReasons: ReadonlyMap<string, number>,
): Unschedulable {
  const histogram = new Map(shape.staticReasons);
  for (const [text, count] of dynamicReasons) histogram.set(text, (histogram.get(text) ?? 0) + count);
  const reasons = sortedReasons(histogram);
  return { pod: pending.pod, message: unschedulableMessage(context.snapshot.nodes.length, reasons), reasons };
}

function decide(context: CallContext, pending: PendingPod): Placement | Unschedulable {
  const shape = context.shapes.shapeOf(pending.pod);
  const affinity = podAffinityState(context, pending);
  const dynamicReasons = new Map<string, number>();
  let count = 0;
  for (const index of shape.feasible) {
    const failures = dynamicFailure(context, pending, affinity, index);
    if (failures === undefined) {
      context.feasible[count] = index;
      count += 1;
    } else {
      for (const text of failures) dynamicReasons.set(text, (dynamicReasons.get(text) ?? 0) + 1);
    }
  }
  if (count === 0) return describeFailure(context, pending, shape, dynamicReasons);
  const scoring = {
    state: context.state,
    shape,
    nonZeroRequest: pending.requests.nonZero,
    spreadKey: pending.spreadKey,
    weights: context.options.weights,
    random: context.options.random,
  };
  const index = selectNode(scoring, context.feasible, count);
  context.state.place(pending.pod, index, pending.requests);
  const node = context.snapshot.nodes[index];
  if (node === undefined)
    throw new Error(`scheduler invariant violated: chose node index ${index} of ${context.snapshot.nodes.length}`);
  // Ties each still-unpinned volume to this node; a later pod of the call sharing the claim follows it here.
  const volumePins = takePins(pending.volumes, node.name, context.pins);
  return volumePins.length === 0
    ? { pod: pending.pod, nodeName: node.name }
    : { pod: pending.pod, nodeName: node.name, volumePins };
}

function decideOne(context: CallContext, pod: Pod): Placement | Unschedulable {
  const assigned = pod.spec?.nodeName ?? '';
  if (assigned !== '' || context.state.isBound(podKey(pod)))
    return refusal(pod, `pod ${podKey(pod)} is already bound to a node`);
  let pending: PendingPod;
  try {
    pending = preparePending(pod, context.snapshot);
  } catch (error: unknown) {
    if (error instanceof SchedulerError) return refusal(pod, `pod ${podKey(pod)} is invalid: ${error.message}`);
    throw error;
  }
  if (pending.volumes.kind === 'refused') return refusal(pod, pending.volumes.message);
  return decide(context, pending);
}

export function schedule(
  snapshot: ClusterSnapshot,
  pending: readonly Pod[],
  input?: SchedulerOptionsInput,
): ScheduleResult {
  const options = validateSchedulerOptions(input);
  if (pending.length > options.pendingPodsMax)
    throw new SchedulerError(
      'resource-exhausted',
      `pending: at most ${options.pendingPodsMax} pods per call (pendingPodsMax), got ${pending.length}`,
    );
  const context: CallContext = {
    snapshot,
    options,
    state: new BatchState(snapshot),
    shapes: new ShapeCache(snapshot, options.podShapesMax),
    feasible: new Int32Array(snapshot.nodes.length),
    pins: new Map(),
  };
  const placements: Placement[] = [];
  const unschedulable: Unschedulable[] = [];
  for (const pod of pending) {
    const outcome = decideOne(context, pod);
    if ('nodeName' in outcome) placements.push(outcome);
    else unschedulable.push(outcome);
  }
  return { placements, unschedulable };
}
