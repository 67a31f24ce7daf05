/**
 * The plan re-check, made where it cannot be raced: when a binding (a Pod's
 * spec.nodeName going from unset to a node) applies, the state machine checks
 * that the node's allocatable still holds every pod bound to it, this one
 * included, as Nomad's plan applier re-evaluates a plan against the state as
 * it is when the plan commits. Two schedulers — a deposed leader's and a new
 * one's, or two workers of one scheduler later — can then never overcommit a
 * node, whatever snapshot each decided on: the second binding that does not
 * fit is refused with `conflict`, the whole transaction with it, and the
 * scheduler decides again on a fresher view.
 *
 * What a node holds lives in its own table (`node_usage`), kept in step with
 * every Pod write in the same transaction, so a check costs one row and the
 * Node, never a scan of the node's pods. A pod counts while it is bound and not
 * finished (phase Succeeded or Failed), the scheduler's own rule (its
 * snapshot), so the two never disagree on what fits.
 */
import { nodeAllocatable, podResourceRequests, type Node, type Pod, type Resources } from '../api/index.js';
import type { JsonObject } from './json.js';
import { keyOf } from './object-rules.js';
import { StateError } from './state-error.js';
import type { StateTables } from './state-tables.js';

const none: Resources = Object.freeze({ cpuMilli: 0, memoryBytes: 0, pods: 0 });

function nodeNameOf(pod: JsonObject): string {
  const spec = pod['spec'] as { nodeName?: unknown } | undefined;
  return typeof spec?.nodeName === 'string' ? spec.nodeName : '';
}

function counts(pod: JsonObject): boolean {
  const status = pod['status'] as { phase?: unknown } | undefined;
  return nodeNameOf(pod) !== '' && status?.phase !== 'Succeeded' && status?.phase !== 'Failed';
}

/** What the pod holds on its node: its effective requests and one pod slot (only the slot when unreadable: validation refuses such pods). */
function held(pod: JsonObject): Resources {
  try {
    return podResourceRequests(pod as unknown as Pod).requested;
  } catch {
    return { ...none, pods: 1 };
  }
}

function add(left: Resources, right: Resources, sign: 1 | -1): Resources {
  return {
    cpuMilli: left.cpuMilli + sign * right.cpuMilli,
    memoryBytes: left.memoryBytes + sign * right.memoryBytes,
    pods: left.pods + sign * right.pods,
  };
}

/** Keeps node_usage in step with a Pod write (`previous` null: created; `next` null: removed). */
export function trackPodUsage(tables: StateTables, previous: JsonObject | null, next: JsonObject | null): void {
  // A status write keeps the stored spec object as it is: nothing it holds can have changed (the common write, kept cheap).
  if (previous !== null && next !== null && previous['spec'] === next['spec'] && counts(previous) === counts(next))
    return;
  const before =
    previous !== null && counts(previous) ? { node: nodeNameOf(previous), resources: held(previous) } : undefined;
  const after = next !== null && counts(next) ? { node: nodeNameOf(next), resources: held(next) } : undefined;
  if (
    before !== undefined &&
    after !== undefined &&
    before.node === after.node &&
    sameResources(before.resources, after.resources)
  )
    return;
  if (before !== undefined) tables.putNodeUsage(before.node, add(tables.nodeUsage(before.node), before.resources, -1));
  if (after !== undefined) tables.putNodeUsage(after.node, add(tables.nodeUsage(after.node), after.resources, 1));
}

function sameResources(left: Resources, right: Resources): boolean {
  return left.cpuMilli === right.cpuMilli && left.memoryBytes === right.memoryBytes && left.pods === right.pods;
}

/** True for the write that binds a pod: spec.nodeName unset before, set after. */
export function isBinding(previous: JsonObject, next: JsonObject): boolean {
  return keyOf(next).kind === 'Pod' && nodeNameOf(previous) === '' && nodeNameOf(next) !== '';
}

function shortfalls(used: Resources, allocatable: Resources): string[] {
  const short: string[] = [];
  if (used.cpuMilli > allocatable.cpuMilli) short.push(`cpu (${used.cpuMilli}m of ${allocatable.cpuMilli}m)`);
  if (used.memoryBytes > allocatable.memoryBytes)
    short.push(`memory (${used.memoryBytes} of ${allocatable.memoryBytes} bytes)`);
  if (used.pods > allocatable.pods) short.push(`pods (${used.pods} of ${allocatable.pods})`);
  return short;
}

/**
 * Nodes' allocatable by name, with the resourceVersion it was read at: a
 * binding reads one index row to know the Node is unchanged, instead of
 * parsing the whole Node for each pod bound to it. Per StateTables (one
 * replica's database); a speed-up only, never a different answer: a Node
 * written since is read again.
 */
const allocatableCache = new WeakMap<StateTables, Map<string, { revision: number; allocatable: Resources }>>();
const allocatableCacheMax = 20_000;

function allocatableOf(tables: StateTables, nodeName: string): Resources | undefined {
  const key = { kind: 'Node', namespace: '', name: nodeName };
  const revision = tables.resourceVersion(key);
  if (revision === undefined) return undefined;
  let cache = allocatableCache.get(tables);
  if (cache === undefined) {
    cache = new Map();
    allocatableCache.set(tables, cache);
  }
  const cached = cache.get(nodeName);
  if (cached !== undefined && cached.revision === revision) return cached.allocatable;
  const node = tables.get(key);
  if (node === undefined) return undefined;
  const allocatable = nodeAllocatable(node as unknown as Node);
  if (cache.size >= allocatableCacheMax) cache.clear();
  cache.set(nodeName, { revision, allocatable });
  return allocatable;
}

/**
 * After a binding's usage is counted: refuses it when the node's pods no
 * longer fit its allocatable. A node that does not exist is not checked here
 * (Kubernetes lets a binding name any node; the pod garbage collector removes
 * pods of nodes that are gone).
 */
export function checkBindingFits(tables: StateTables, pod: JsonObject): void {
  const nodeName = nodeNameOf(pod);
  const allocatable = allocatableOf(tables, nodeName);
  if (allocatable === undefined) return;
  const short = shortfalls(tables.nodeUsage(nodeName), allocatable);
  if (short.length === 0) return;
  const key = keyOf(pod);
  throw new StateError(
    'conflict',
    `binding pod ${key.namespace}/${key.name} to node ${nodeName} would overcommit it: ${short.join(', ')} would be requested: schedule it again on the current state`,
  );
}

/** Rebuilds node_usage from the stored pods (a database from before the table existed). */
export function backfillNodeUsage(tables: StateTables, pods: Iterable<JsonObject>): void {
  for (const pod of pods) trackPodUsage(tables, null, pod);
}
