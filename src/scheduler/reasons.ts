/**
 * Why nodes were refused, in Kubernetes' words, and the one-line summary a user
 * sees on a pending pod: "0/3 nodes are available: 2 Insufficient memory, 1
 * node(s) had untolerated taint {key: value}." Each node adds one count for each
 * reason it failed with (a node short of both CPU and memory counts twice).
 */
import { formatTaint, type Taint } from './taints.js';

export const reason = {
  notReady: 'node(s) were not ready',
  unschedulable: 'node(s) were unschedulable',
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  hostPorts: "node(s) didn't have free ports for the requested pod ports",
  tooManyPods: 'Too many pods',
  insufficientCpu: 'Insufficient cpu',
  insufficientMemory: 'Insufficient memory',
  podAffinity: "node(s) didn't match pod affinity rules",
  podAntiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
} as const;

export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint ${formatTaint(taint)}`;
}

export interface ReasonCount {
  readonly reason: string;
  readonly nodeCount: number;
}

/** Most frequent first, then by text, so the same cluster always reads the same. */
export function sortedReasons(histogram: ReadonlyMap<string, number>): readonly ReasonCount[] {
  return [...histogram]
    .map(([text, nodeCount]) => ({ reason: text, nodeCount }))
    .sort(
      (left, right) =>
        right.nodeCount - left.nodeCount || (left.reason < right.reason ? -1 : left.reason > right.reason ? 1 : 0),
    );
}

export function unschedulableMessage(totalNodes: number, reasons: readonly ReasonCount[]): string {
  if (totalNodes === 0) return 'no nodes available to schedule pods';
  const parts = reasons.map((entry) => `${entry.nodeCount} ${entry.reason}`);
  return parts.length === 0
    ? `0/${totalNodes} nodes are available.`
    : `0/${totalNodes} nodes are available: ${parts.join(', ')}.`;
}
