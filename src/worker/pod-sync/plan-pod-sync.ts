/**
 * The pod sync decision, a pure function: given the pod, what the runtime runs
 * for it, the probes, the back-off book and the time, decide the next actions
 * and the status to report. The shell (pod-worker.ts) carries the actions out
 * and calls again; every decision can be re-derived from what is observed, so a
 * restarted worker picks up where it stopped.
 */
import type { Container } from '../../api/index.js';
import type { ContainerInfo, SandboxInfo } from '../runtime/runtime.js';
import {
  backoffReadyAtMs,
  backoffResetAfterRunMs,
  formatDuration,
  inBackoff,
  nextBackoff,
  type BackoffEntry,
} from './backoff.js';
import { podStatusFor, type ContainerView } from './pod-status.js';
import type { PodAction, PodSyncInput, PodSyncPlan } from './pod-sync-types.js';

export const defaultGracePeriodSeconds = 30;
/** Exited instances kept per container: the latest and the one before (`logs --previous`). */
const exitedInstancesKept = 2;

interface Plan {
  readonly input: PodSyncInput;
  readonly actions: PodAction[];
  readonly restartBackoff: Map<string, BackoffEntry>;
  wakeAtMs: number;
}

export function planPodSync(input: PodSyncInput): PodSyncPlan {
  const plan: Plan = { input, actions: [], restartBackoff: new Map(input.restartBackoff), wakeAtMs: 0 };
  if (input.deleting) {
    if (input.sandboxes.length > 0 || input.containers.length > 0) {
      plan.actions.push({ kind: 'killPod', gracePeriodSeconds: gracePeriodOf(input), reason: 'the pod was deleted' });
    }
    return { actions: plan.actions, status: undefined, restartBackoff: plan.restartBackoff, wakeAtMs: 0 };
  }
  const sandbox = currentSandbox(input.sandboxes);
  collectGarbage(plan, sandbox);
  const views = decideContainers(plan, sandbox);
  const status = podStatusFor({ input, sandbox, ...views });
  const finished = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (finished && sandbox?.state === 'ready' && !hasRunning(input.containers)) {
    plan.actions.push({ kind: 'stopSandbox', sandboxId: sandbox.id });
  }
  return { actions: plan.actions, status, restartBackoff: plan.restartBackoff, wakeAtMs: plan.wakeAtMs };
}

function gracePeriodOf(input: PodSyncInput): number {
  const fromDelete = input.pod.metadata?.deletionGracePeriodSeconds;
  const fromSpec = input.pod.spec?.terminationGracePeriodSeconds;
  return Number(fromDelete ?? fromSpec ?? defaultGracePeriodSeconds);
}

function hasRunning(containers: readonly ContainerInfo[]): boolean {
  return containers.some((container) => container.state === 'running');
}

/** The newest sandbox: highest attempt, then latest created. */
function currentSandbox(sandboxes: readonly SandboxInfo[]): SandboxInfo | undefined {
  let best: SandboxInfo | undefined;
  for (const sandbox of sandboxes) {
    if (
      best === undefined ||
      sandbox.attempt > best.attempt ||
      (sandbox.attempt === best.attempt && sandbox.createdAtMs > best.createdAtMs)
    ) {
      best = sandbox;
    }
  }
  return best;
}

/** Older sandboxes and their containers go; so do exited instances beyond the kept ones. */
function collectGarbage(plan: Plan, sandbox: SandboxInfo | undefined): void {
  for (const old of plan.input.sandboxes) {
    if (old.id === sandbox?.id) continue;
    if (old.state === 'ready') plan.actions.push({ kind: 'stopSandbox', sandboxId: old.id });
    plan.actions.push({ kind: 'removeSandbox', sandboxId: old.id });
  }
  const byName = new Map<string, ContainerInfo[]>();
  for (const container of plan.input.containers) {
    if (container.sandboxId !== sandbox?.id) continue;
    byName.set(container.name, [...(byName.get(container.name) ?? []), container]);
  }
  for (const instances of byName.values()) {
    const exited = instances
      .filter((instance) => instance.state === 'exited')
      .sort((left, right) => right.attempt - left.attempt);
    for (const extra of exited.slice(exitedInstancesKept))
      plan.actions.push({ kind: 'removeContainer', containerId: extra.id });
  }
}

/** The latest instance of `name` in the sandbox, and the one before it. */
function instancesOf(
  plan: Plan,
  sandbox: SandboxInfo,
  name: string,
): { latest?: ContainerInfo; previous?: ContainerInfo } {
  const instances = plan.input.containers
    .filter((container) => container.sandboxId === sandbox.id && container.name === name)
    .sort((left, right) => right.attempt - left.attempt || right.createdAtMs - left.createdAtMs);
  return { latest: instances[0], previous: instances[1] };
}

/** The restart count: the highest attempt seen for `name` in any sandbox of the pod. */
function restartCountOf(plan: Plan, name: string): number {
  let count = -1;
  for (const container of plan.input.containers)
    if (container.name === name) count = Math.max(count, container.attempt);
  return count;
}

function decideContainers(
  plan: Plan,
  sandbox: SandboxInfo | undefined,
): { init: ContainerView[]; main: ContainerView[] } {
  const spec = plan.input.pod.spec ?? {};
  const initSpecs = spec.initContainers ?? [];
  const mainSpecs = spec.containers ?? [];
  if (sandbox === undefined || sandbox.state !== 'ready') {
    if (!previouslyFinished(plan)) {
      if (hasRunning(plan.input.containers)) {
        plan.actions.push({
          kind: 'killPod',
          gracePeriodSeconds: gracePeriodOf(plan.input),
          reason: 'the pod sandbox changed',
        });
      } else {
        plan.actions.push({ kind: 'createSandbox', attempt: sandbox === undefined ? 0 : sandbox.attempt + 1 });
      }
    }
    const waiting = (containerSpec: Container, init: boolean): ContainerView =>
      pendingView(plan, containerSpec, init ? 'PodInitializing' : 'ContainerCreating');
    return { init: initSpecs.map((one) => waiting(one, true)), main: mainSpecs.map((one) => waiting(one, false)) };
  }
  const init: ContainerView[] = [];
  let initDone = true;
  for (const containerSpec of initSpecs) {
    const view = initDone
      ? decideInit(plan, sandbox, containerSpec)
      : pendingView(plan, containerSpec, 'PodInitializing');
    if (!view.succeeded) initDone = false;
    init.push(view);
  }
  const main = mainSpecs.map((containerSpec) =>
    initDone ? decideMain(plan, sandbox, containerSpec) : pendingView(plan, containerSpec, 'PodInitializing'),
  );
  return { init, main };
}

/** A pod reported Succeeded or Failed stays so: its sandbox is not recreated. */
function previouslyFinished(plan: Plan): boolean {
  const phase = plan.input.pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function pendingView(plan: Plan, containerSpec: Container, reason: string): ContainerView {
  const name = containerSpec.name ?? '';
  return {
    spec: containerSpec,
    restartCount: Math.max(0, restartCountOf(plan, name)),
    waiting: { reason, message: '' },
    succeeded: false,
    willRestart: true,
  };
}

function decideInit(plan: Plan, sandbox: SandboxInfo, containerSpec: Container): ContainerView {
  return decideInstance(plan, sandbox, containerSpec, true);
}

function decideMain(plan: Plan, sandbox: SandboxInfo, containerSpec: Container): ContainerView {
  return decideInstance(plan, sandbox, containerSpec, false);
}

function shouldRestart(restartPolicy: string, exitCode: number): boolean {
  if (restartPolicy === 'Never') return false;
  if (restartPolicy === 'OnFailure') return exitCode !== 0;
  return true;
}

function decideInstance(plan: Plan, sandbox: SandboxInfo, containerSpec: Container, init: boolean): ContainerView {
  const name = containerSpec.name ?? '';
  const { latest, previous } = instancesOf(plan, sandbox, name);
  const restartCount = Math.max(0, restartCountOf(plan, name));
  const base = { spec: containerSpec, restartCount, latest, previous };
  if (latest === undefined) return startFirst(plan, sandbox, containerSpec, init);
  if (latest.state === 'running') return decideRunning(plan, latest, base, init);
  // Created but never started (its start failed) or unknown: it counts as a failed run.
  const exitCode = latest.state === 'exited' ? latest.exitCode : 128;
  const podPolicy = plan.input.pod.spec?.restartPolicy ?? 'Always';
  // Init containers that fail restart unless the pod says Never; those that succeed are done.
  const policy = init ? (podPolicy === 'Never' ? 'Never' : 'OnFailure') : podPolicy;
  if (init && exitCode === 0) return { ...base, succeeded: true, willRestart: false };
  if (!shouldRestart(policy, exitCode)) return { ...base, succeeded: exitCode === 0, willRestart: false };
  return restartAfterBackoff(plan, sandbox, { ...base, init, exited: latest });
}

function startFirst(plan: Plan, sandbox: SandboxInfo, containerSpec: Container, init: boolean): ContainerView {
  const name = containerSpec.name ?? '';
  const attempt = restartCountOf(plan, name) + 1;
  const view: ContainerView = {
    spec: containerSpec,
    restartCount: Math.max(0, attempt),
    succeeded: false,
    willRestart: true,
  };
  const failure = plan.input.pullFailures.get(name);
  if (failure !== undefined) {
    const readyAtMs = backoffReadyAtMs(failure.backoff, failure.backoff.failedAtMs);
    if (plan.input.nowMs < readyAtMs) {
      wakeAt(plan, readyAtMs);
      if (failure.cause === 'config')
        return { ...view, waiting: { reason: 'CreateContainerConfigError', message: failure.message } };
      const message = `Back-off pulling image "${containerSpec.image ?? ''}": ${failure.message}`;
      return { ...view, waiting: { reason: 'ImagePullBackOff', message } };
    }
  }
  plan.actions.push({ kind: 'startContainer', sandboxId: sandbox.id, name, init, attempt });
  const retryReason = failure?.cause === 'config' ? 'CreateContainerConfigError' : 'ErrImagePull';
  const waiting =
    failure === undefined
      ? { reason: 'ContainerCreating', message: '' }
      : { reason: retryReason, message: failure.message };
  return { ...view, waiting };
}

function decideRunning(
  plan: Plan,
  latest: ContainerInfo,
  base: Omit<ContainerView, 'succeeded' | 'willRestart'>,
  init: boolean,
): ContainerView {
  const probe = plan.input.probes.get(latest.id);
  if (probe?.mustRestart === true) {
    const gracePeriodSeconds = gracePeriodOf(plan.input);
    plan.actions.push({
      kind: 'killContainer',
      containerId: latest.id,
      name: latest.name,
      gracePeriodSeconds,
      reason: probe.restartMessage,
    });
  }
  const started = probe?.started ?? true;
  const ready = !init && started && (probe?.ready ?? true) && probe?.mustRestart !== true;
  return { ...base, running: true, started, ready, succeeded: false, willRestart: true };
}

interface ExitedInstance extends Omit<ContainerView, 'succeeded' | 'willRestart'> {
  readonly init: boolean;
  readonly exited: ContainerInfo;
}

function restartAfterBackoff(plan: Plan, sandbox: SandboxInfo, instance: ExitedInstance): ContainerView {
  const { exited } = instance;
  const name = exited.name;
  let entry = plan.restartBackoff.get(name);
  const ranMs = exited.startedAtMs > 0 ? exited.finishedAtMs - exited.startedAtMs : 0;
  if (ranMs >= backoffResetAfterRunMs) entry = undefined;
  const failedAtMs = exited.finishedAtMs > 0 ? exited.finishedAtMs : exited.createdAtMs;
  const view = { ...instance, succeeded: false, willRestart: true };
  if (inBackoff(entry, failedAtMs, plan.input.nowMs)) {
    const readyAtMs = backoffReadyAtMs(entry, failedAtMs);
    wakeAt(plan, readyAtMs);
    const message = `back-off ${formatDuration(entry?.delayMs ?? 0)} restarting failed container=${name} pod=${plan.input.pod.metadata?.name ?? ''}`;
    return { ...view, waiting: { reason: 'CrashLoopBackOff', message } };
  }
  plan.restartBackoff.set(name, nextBackoff(entry, failedAtMs));
  if (exited.state !== 'exited') plan.actions.push({ kind: 'removeContainer', containerId: exited.id });
  plan.actions.push({
    kind: 'startContainer',
    sandboxId: sandbox.id,
    name,
    init: instance.init,
    attempt: restartCountOf(plan, name) + 1,
  });
  return { ...view, waiting: { reason: 'ContainerCreating', message: '' } };
}

function wakeAt(plan: Plan, atMs: number): void {
  plan.wakeAtMs = plan.wakeAtMs === 0 ? atMs : Math.min(plan.wakeAtMs, atMs);
}
