/**
 * The pod status the worker reports, computed from the per-container decisions:
 * phase, conditions, IPs and one status per container. Pure.
 */
import type { Condition, Container } from '../../api/index.js';
import type { ContainerInfo, SandboxInfo } from '../runtime/runtime.js';
import type { PodStatus, PodSyncInput } from './pod-sync-types.js';

/** What the sync decided about one container of the spec. */
export interface ContainerView {
  readonly spec: Container;
  readonly restartCount: number;
  readonly latest?: ContainerInfo;
  readonly previous?: ContainerInfo;
  readonly waiting?: { readonly reason: string; readonly message: string };
  readonly running?: boolean;
  readonly started?: boolean;
  readonly ready?: boolean;
  /** Ended with exit code 0 and will not run again. */
  readonly succeeded: boolean;
  /** Will run (again); false once it has ended for good. */
  readonly willRestart: boolean;
}

type ContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
type TerminatedState = NonNullable<NonNullable<ContainerStatus['state']>['terminated']>;

/** Kubernetes prints timestamps to the second. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface PodStatusParts {
  readonly input: PodSyncInput;
  readonly sandbox: SandboxInfo | undefined;
  readonly init: readonly ContainerView[];
  readonly main: readonly ContainerView[];
}

export function podStatusFor(parts: PodStatusParts): PodStatus {
  const { input, sandbox } = parts;
  const previous = input.pod.status ?? {};
  const phase = phaseOf(parts);
  const initialized = parts.init.every((view) => view.succeeded);
  const containersReady = parts.main.length > 0 && parts.main.every((view) => view.ready === true);
  const podIp = sandbox?.state === 'ready' ? sandbox.ip : '';
  const conditions = [
    condition(input, 'PodScheduled', true),
    condition(input, 'Initialized', initialized),
    condition(input, 'ContainersReady', containersReady),
    condition(input, 'Ready', containersReady),
  ];
  return {
    phase,
    conditions,
    hostIp: input.hostIp,
    hostIps: input.hostIp === '' ? [] : [{ ip: input.hostIp }],
    podIp,
    podIps: podIp === '' ? [] : [{ ip: podIp }],
    startTime:
      previous.startTime !== undefined && previous.startTime !== '' ? previous.startTime : timestamp(input.nowMs),
    initContainerStatuses: parts.init.map((view) => containerStatus(input, view)),
    containerStatuses: parts.main.map((view) => containerStatus(input, view)),
    qosClass: previous.qosClass ?? '',
  };
}

function phaseOf(parts: PodStatusParts): string {
  if (parts.init.some((view) => !view.succeeded && !view.willRestart)) return 'Failed';
  if (parts.sandbox?.state !== 'ready' || !parts.init.every((view) => view.succeeded)) {
    const finished = parts.input.pod.status?.phase;
    return finished === 'Succeeded' || finished === 'Failed' ? finished : 'Pending';
  }
  if (parts.main.length > 0 && parts.main.every((view) => !view.willRestart)) {
    return parts.main.every((view) => view.succeeded) ? 'Succeeded' : 'Failed';
  }
  // A container that never ran yet keeps the pod Pending; one waiting to restart does not.
  if (parts.main.some((view) => view.running !== true && view.latest === undefined && view.willRestart))
    return 'Pending';
  return 'Running';
}

function condition(input: PodSyncInput, type: string, holds: boolean): Condition {
  const status = holds ? 'True' : 'False';
  const before = input.pod.status?.conditions?.find((existing) => existing.type === type);
  const lastTransitionTime =
    before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : timestamp(input.nowMs);
  return { type, status, lastTransitionTime };
}

function terminated(input: PodSyncInput, container: ContainerInfo): TerminatedState {
  const exitCode = container.state === 'exited' ? container.exitCode : 128;
  const reason = container.reason !== '' ? container.reason : exitCode === 0 ? 'Completed' : 'Error';
  return {
    exitCode,
    reason,
    message: container.message,
    startedAt: container.startedAtMs > 0 ? timestamp(container.startedAtMs) : '',
    finishedAt: container.finishedAtMs > 0 ? timestamp(container.finishedAtMs) : '',
    containerId: `${input.runtimeScheme}://${container.id}`,
  };
}

function containerStatus(input: PodSyncInput, view: ContainerView): ContainerStatus {
  const { latest, previous } = view;
  const status: ContainerStatus = {
    name: view.spec.name ?? '',
    image: view.spec.image ?? '',
    imageId: latest?.imageRef ?? '',
    containerId: latest === undefined ? '' : `${input.runtimeScheme}://${latest.id}`,
    restartCount: view.restartCount,
    ready: view.ready === true,
    started: view.started === true,
  };
  if (view.running === true && latest !== undefined) {
    status.state = { running: { startedAt: timestamp(latest.startedAtMs) } };
    if (previous !== undefined) status.lastState = { terminated: terminated(input, previous) };
  } else if (view.waiting !== undefined) {
    status.state = { waiting: { reason: view.waiting.reason, message: view.waiting.message } };
    if (latest !== undefined) status.lastState = { terminated: terminated(input, latest) };
  } else if (latest !== undefined) {
    status.state = { terminated: terminated(input, latest) };
    if (previous !== undefined) status.lastState = { terminated: terminated(input, previous) };
  }
  return status;
}
