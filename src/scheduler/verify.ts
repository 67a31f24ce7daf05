/**
 * The scheduler's own check of a batch before it proposes it: each placement
 * against the snapshot the decision used — the node exists and is Ready (or
 * the pod tolerates that it is not), the pod is not bound already, its
 * requests fit what is left, its host ports are free and its claims' volumes
 * may live there — counting the placements accepted before it, so a batch
 * never overcommits a node by itself and a refused pod gets a clear reason.
 * That snapshot may be stale (another scheduler's bindings not yet seen): the
 * guarantee against overcommitting comes from the state machine, which checks
 * every binding against the node's allocatable and what its pods hold when the
 * entry applies (src/state/node-usage.ts), as Nomad's plan applier does. The
 * volume pins of the accepted placements are derived again here, so exactly
 * one accepted placement ties each local volume to its node.
 */
import { BatchState } from './batch-state.js';
import { podHostPorts } from './host-ports.js';
import { podRequests, type PodRequests } from './resources.js';
import { SchedulerError } from './scheduler-error.js';
import { podKey, type ClusterSnapshot, type Placement } from './snapshot.js';
import { notReadyTaint, podTolerations, toleratesTaint } from './taints.js';
import { podVolumeNeeds, takePins, volumesFit, type VolumeNeeds } from './volumes.js';

export interface RejectedPlacement {
  readonly placement: Placement;
  readonly reason: string;
}

export interface VerifiedPlan {
  readonly accepted: readonly Placement[];
  readonly rejected: readonly RejectedPlacement[];
}

/** Why the placement cannot be applied now, or undefined when it can. */
function rejection(
  state: BatchState,
  placement: Placement,
  requests: PodRequests,
  volumes: VolumeNeeds,
  pins: ReadonlyMap<string, string>,
): string | undefined {
  const { snapshot } = state;
  const index = snapshot.nodeIndexByName.get(placement.nodeName);
  const node = index === undefined ? undefined : snapshot.nodes[index];
  if (node === undefined) return `node "${placement.nodeName}" does not exist`;
  const key = podKey(placement.pod);
  if (state.isBound(key)) return `pod ${key} is already bound to a node`;
  if (!node.ready && !toleratesTaint(podTolerations(placement.pod), notReadyTaint))
    return `node "${node.name}" is not ready`;
  if (volumes.kind === 'refused') return volumes.message;
  if (!volumesFit(volumes, node.facts, pins))
    return `node "${node.name}": a volume of the pod's claims is tied to another node`;
  if (state.hostPortsConflict(node.index, podHostPorts(placement.pod)))
    return `node "${node.name}": host port already in use`;
  const short = state.resourceFailures(node.index, requests.requested);
  if (short !== undefined) return `node "${node.name}": ${short.join(', ')}`;
  return undefined;
}

export function verifyPlacements(snapshot: ClusterSnapshot, placements: readonly Placement[]): VerifiedPlan {
  const state = new BatchState(snapshot);
  const accepted: Placement[] = [];
  const rejected: RejectedPlacement[] = [];
  const pins = new Map<string, string>();
  for (const placement of placements) {
    let requests: PodRequests;
    try {
      requests = podRequests(placement.pod);
    } catch (error: unknown) {
      if (!(error instanceof SchedulerError)) throw error;
      rejected.push({ placement, reason: `pod ${podKey(placement.pod)} is invalid: ${error.message}` });
      continue;
    }
    const volumes = podVolumeNeeds(placement.pod, snapshot.volumes);
    const reason = rejection(state, placement, requests, volumes, pins);
    if (reason !== undefined) {
      rejected.push({ placement, reason });
      continue;
    }
    state.place(placement.pod, snapshot.nodeIndexByName.get(placement.nodeName) ?? -1, requests);
    // Exactly the pins no earlier accepted placement made.
    const { volumePins: _proposed, ...rest } = placement;
    const volumePins = takePins(volumes, placement.nodeName, pins);
    accepted.push(volumePins.length === 0 ? rest : { ...rest, volumePins });
  }
  return { accepted, rejected };
}
