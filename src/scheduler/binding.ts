/**
 * What the scheduling loop writes, as pure functions of the pods and the time:
 * the binding of a placement (spec.nodeName, compare-and-swapped on the pod's
 * resourceVersion, plus PodScheduled=True), the PodScheduled=False status of a
 * pod that fits nowhere, and its FailedScheduling Event.
 */
import type { Condition, Event, Pod } from '../api/index.js';
import type { TransactOperation } from '../client/index.js';
import { assert } from './scheduler-error.js';
import type { Placement } from './snapshot.js';
import { pinnedToNode } from './volumes.js';

export const schedulerComponent = 'default-scheduler';
export const podScheduledCondition = 'PodScheduled';
export const unschedulableReason = 'Unschedulable';

function withCondition(conditions: readonly Condition[] | undefined, condition: Condition): Condition[] {
  const others = (conditions ?? []).filter((item) => item.type !== condition.type);
  return [...others, condition];
}

/**
 * Two operations per placement: the update binds (and fails the whole batch if
 * the pod changed or was bound meanwhile), the status update right after it in
 * the same entry records PodScheduled=True. After all of them, one update per
 * local volume a placement ties to its node, compare-and-swapped on the
 * volume's resourceVersion, so a volume is tied to one node only, ever.
 */
export function bindingOperations(placements: readonly Placement[], now: string): TransactOperation[] {
  const operations: TransactOperation[] = [];
  const pins = new Map<string, TransactOperation>();
  for (const placement of placements) {
    const { pod, nodeName } = placement;
    operations.push({ update: { ...pod, spec: { ...pod.spec, nodeName } } });
    const { resourceVersion: _bindingChangesIt, ...metadata } = pod.metadata ?? {};
    const condition: Condition = {
      type: podScheduledCondition,
      status: 'True',
      lastTransitionTime: now,
      lastProbeTime: now,
    };
    operations.push({
      updateStatus: {
        ...pod,
        metadata,
        spec: { ...pod.spec, nodeName },
        status: { ...pod.status, conditions: withCondition(pod.status?.conditions, condition) },
      },
    });
    for (const volume of placement.volumePins ?? []) {
      const name = volume.metadata?.name ?? '';
      assert(!pins.has(name), `volume ${name} is tied to a node by two placements of one batch`);
      pins.set(name, { update: pinnedToNode(volume, nodeName) });
    }
  }
  operations.push(...pins.values());
  return operations;
}

/** The pod with PodScheduled=False and this message, or undefined when it already says so. */
export function unschedulableStatus(pod: Pod, message: string, now: string): Pod | undefined {
  const current = pod.status?.conditions?.find((condition) => condition.type === podScheduledCondition);
  if (current?.status === 'False' && current.reason === unschedulableReason && current.message === message)
    return undefined;
  const condition: Condition = {
    type: podScheduledCondition,
    status: 'False',
    reason: unschedulableReason,
    message,
    lastTransitionTime: current?.status === 'False' ? (current.lastTransitionTime ?? now) : now,
    lastProbeTime: now,
  };
  return {
    ...pod,
    status: {
      ...pod.status,
      phase: pod.status?.phase ?? 'Pending',
      conditions: withCondition(pod.status?.conditions, condition),
    },
  };
}

/** FNV-1a of the message: one Event per pod and distinct message, so a repeat is a no-op. */
function messageHash(message: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < message.length; index += 1) {
    hash ^= message.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function failedSchedulingEvent(pod: Pod, message: string, now: string): Event {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${messageHash(message)}`, namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name, uid: pod.metadata?.uid ?? '' },
    reason: 'FailedScheduling',
    message,
    type: 'Warning',
    source: { component: schedulerComponent },
    reportingComponent: schedulerComponent,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}
