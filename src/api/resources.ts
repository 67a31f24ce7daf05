/**
 * What a pod asks for and what a node offers, as plain numbers (millicores,
 * bytes, pod slots) so that per-node checks are float compares, not bigint
 * math; quantities are exact integers well below 2^53. One definition for the
 * scheduler's decision and the state machine's re-check of a binding.
 */
import { ApiError } from './errors.js';
import type { Container, Node, Pod } from './model.js';
import { milliValue, parseQuantity, unitValue } from './quantity.js';

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

/** A quantity as a number in the given unit; throws ApiError naming the field. */
function quantityNumber(text: string, unit: Unit, path: string): number {
  let quantity;
  try {
    quantity = parseQuantity(text);
  } catch (error: unknown) {
    throw new ApiError('invalid-quantity', `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const value = Number(unit === 'milli' ? milliValue(quantity) : unitValue(quantity));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ApiError('invalid-quantity', `${path}: "${text}" must be a non-negative quantity below 2^53`);
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
 * of each resource. Throws ApiError for a request that is not a quantity.
 */
export function podResourceRequests(pod: Pod): PodRequests {
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
    if (error instanceof ApiError) return 0;
    throw error;
  }
}

export function addResources(left: Resources, right: Resources): Resources {
  return {
    cpuMilli: left.cpuMilli + right.cpuMilli,
    memoryBytes: left.memoryBytes + right.memoryBytes,
    pods: left.pods + right.pods,
  };
}
