/**
 * What a pod asks for and what a node offers, as plain numbers (millicores,
 * bytes, pod slots) so that the per-node checks in the hot loop are float
 * compares, not bigint math. Quantities are exact integers well below 2^53.
 */
import { milliValue, parseQuantity, unitValue, type Container, type Node, type Pod } from '../api/index.js';
import { SchedulerError } from './scheduler-error.js';

export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export interface PodRequests {
  /** What the pod reserves on its node (pods is always 1). */
  readonly requested: Resources;
  /**
   * The same with Kubernetes' stand-ins for an unset request (100m CPU,
   * 200Mi memory per container), used only for scoring so that pods without
   * requests still spread instead of piling onto one node.
   */
  readonly nonZero: Resources;
}

export const zeroResources: Resources = Object.freeze({ cpuMilli: 0, memoryBytes: 0, pods: 0 });
const nonZeroCpuMilli = 100;
const nonZeroMemoryBytes = 200 * 1024 * 1024;

type Unit = 'milli' | 'unit';

/** A quantity as a number in the given unit; throws SchedulerError naming the field. */
function quantityNumber(text: string, unit: Unit, path: string): number {
  let quantity;
  try {
    quantity = parseQuantity(text);
  } catch (error: unknown) {
    throw new SchedulerError('invalid-argument', `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const value = Number(unit === 'milli' ? milliValue(quantity) : unitValue(quantity));
  if (!Number.isSafeInteger(value) || value < 0) throw new SchedulerError('invalid-argument', `${path}: "${text}" must be a non-negative quantity below 2^53`);
  return value;
}

interface ContainerRequest {
  cpuMilli: number;
  memoryBytes: number;
  nonZeroCpuMilli: number;
  nonZeroMemoryBytes: number;
}

function containerRequest(container: Container, path: string): ContainerRequest {
  const requests = container.resources?.requests ?? {};
  const cpu = requests['cpu'];
  const memory = requests['memory'];
  const cpuMilli = cpu === undefined ? 0 : quantityNumber(cpu, 'milli', `${path}.resources.requests.cpu`);
  const memoryBytes = memory === undefined ? 0 : quantityNumber(memory, 'unit', `${path}.resources.requests.memory`);
  return {
    cpuMilli,
    memoryBytes,
    nonZeroCpuMilli: cpu === undefined ? nonZeroCpuMilli : cpuMilli,
    nonZeroMemoryBytes: memory === undefined ? nonZeroMemoryBytes : memoryBytes,
  };
}

/**
 * Kubernetes' effective request: init containers run one at a time before the
 * app containers, so the pod needs max(largest init container, sum of containers)
 * of each resource.
 */
export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  if (spec === undefined) return computePodRequests(pod);
  const known = requestsBySpec.get(spec);
  if (known !== undefined) return known;
  const computed = computePodRequests(pod);
  requestsBySpec.set(spec, computed);
  return computed;
}

/**
 * Requests per pod spec object, computed once: the loop rebuilds its snapshot
 * from the informer's (never mutated) pods every turn, and parsing every
 * quantity of every placed pod again each time was a tenth of its CPU.
 */
const requestsBySpec = new WeakMap<object, PodRequests>();

function computePodRequests(pod: Pod): PodRequests {
  const sum: ContainerRequest = { cpuMilli: 0, memoryBytes: 0, nonZeroCpuMilli: 0, nonZeroMemoryBytes: 0 };
  (pod.spec?.containers ?? []).forEach((container, index) => {
    const request = containerRequest(container, `spec.containers[${index}]`);
    sum.cpuMilli += request.cpuMilli;
    sum.memoryBytes += request.memoryBytes;
    sum.nonZeroCpuMilli += request.nonZeroCpuMilli;
    sum.nonZeroMemoryBytes += request.nonZeroMemoryBytes;
  });
  (pod.spec?.initContainers ?? []).forEach((container, index) => {
    const request = containerRequest(container, `spec.initContainers[${index}]`);
    sum.cpuMilli = Math.max(sum.cpuMilli, request.cpuMilli);
    sum.memoryBytes = Math.max(sum.memoryBytes, request.memoryBytes);
    sum.nonZeroCpuMilli = Math.max(sum.nonZeroCpuMilli, request.nonZeroCpuMilli);
    sum.nonZeroMemoryBytes = Math.max(sum.nonZeroMemoryBytes, request.nonZeroMemoryBytes);
  });
  return {
    requested: { cpuMilli: sum.cpuMilli, memoryBytes: sum.memoryBytes, pods: 1 },
    nonZero: { cpuMilli: sum.nonZeroCpuMilli, memoryBytes: sum.nonZeroMemoryBytes, pods: 1 },
  };
}

/**
 * What the node offers pods. An unset or unreadable entry counts as zero, as in
 * Kubernetes: such a node takes only pods that request none of it.
 */
export function nodeAllocatable(node: Node): Resources {
  const allocatable = node.status?.allocatable ?? {};
  return {
    cpuMilli: lenientQuantity(allocatable['cpu'], 'milli'),
    memoryBytes: lenientQuantity(allocatable['memory'], 'unit'),
    pods: lenientQuantity(allocatable['pods'], 'unit'),
  };
}

function lenientQuantity(text: string | undefined, unit: Unit): number {
  if (text === undefined) return 0;
  try {
    return quantityNumber(text, unit, '');
  } catch (error: unknown) {
    if (error instanceof SchedulerError) return 0;
    throw error;
  }
}

export function addResources(left: Resources, right: Resources): Resources {
  return { cpuMilli: left.cpuMilli + right.cpuMilli, memoryBytes: left.memoryBytes + right.memoryBytes, pods: left.pods + right.pods };
}
