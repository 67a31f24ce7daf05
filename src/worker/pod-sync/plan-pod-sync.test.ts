// The pod sync decision, case by case: what the worker does next and what it
// reports, for the states a pod passes through. Time is a value here.
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../api/index.js';
import type { ContainerInfo, SandboxInfo } from '../runtime/runtime.js';
import type { BackoffEntry } from './backoff.js';
import { planPodSync } from './plan-pod-sync.js';
import type { PodSyncInput, ProbeView, PullFailure } from './pod-sync-types.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const podRef = { uid: 'uid-1', name: 'web', namespace: 'default' };

function pod(
  options: { restartPolicy?: string; init?: string[]; containers?: string[]; phase?: string; grace?: number } = {},
): Pod {
  const container = (name: string): Container => ({ name, image: '127.0.0.1:5000/busybox:latest' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
    spec: {
      restartPolicy: options.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: options.grace ?? 30,
      initContainers: (options.init ?? []).map(container),
      containers: (options.containers ?? ['app']).map(container),
    },
    status: options.phase === undefined ? {} : { phase: options.phase },
  };
}

const readySandbox: SandboxInfo = {
  id: 's1',
  pod: podRef,
  attempt: 0,
  state: 'ready',
  ip: '10.244.0.5',
  createdAtMs: t0,
};

function container(name: string, state: ContainerInfo['state'], extra: Partial<ContainerInfo> = {}): ContainerInfo {
  const attempt = extra.attempt ?? 0;
  return {
    id: `${name}-${attempt}`,
    sandboxId: 's1',
    pod: podRef,
    name,
    attempt,
    state,
    image: 'busybox',
    imageRef: 'sha256:abc',
    createdAtMs: t0,
    startedAtMs: t0 + 100,
    finishedAtMs: state === 'exited' ? t0 + 1_000 : 0,
    exitCode: 0,
    reason: '',
    message: '',
    logPath: '',
    ...extra,
  };
}

interface Case {
  pod?: Pod;
  deleting?: boolean;
  sandboxes?: SandboxInfo[];
  containers?: ContainerInfo[];
  nowMs?: number;
  backoff?: [string, BackoffEntry][];
  pulls?: [string, PullFailure][];
  probes?: [string, ProbeView][];
}

function plan(given: Case) {
  const input: PodSyncInput = {
    pod: given.pod ?? pod(),
    deleting: given.deleting ?? false,
    sandboxes: given.sandboxes ?? [readySandbox],
    containers: given.containers ?? [],
    nowMs: given.nowMs ?? t0 + 2_000,
    restartBackoff: new Map(given.backoff ?? []),
    pullFailures: new Map(given.pulls ?? []),
    probes: new Map(given.probes ?? []),
    hostIp: '192.168.1.10',
    runtimeScheme: 'containerd',
  };
  return planPodSync(input);
}

function kinds(result: ReturnType<typeof plan>): string[] {
  return result.actions.map((action) => ('name' in action ? `${action.kind} ${action.name}` : action.kind));
}

function stateOf(result: ReturnType<typeof plan>, name = 'app') {
  return result.status?.containerStatuses?.find((status) => status.name === name);
}

function conditionOf(result: ReturnType<typeof plan>, type: string): string | undefined {
  return result.status?.conditions?.find((condition) => condition.type === type)?.status;
}

describe('starting a pod', () => {
  it('creates the sandbox first and reports the pod Pending with containers being created', () => {
    const result = plan({ sandboxes: [] });
    expect(result.actions).toEqual([{ kind: 'createSandbox', attempt: 0 }]);
    expect(result.status?.phase).toBe('Pending');
    expect(stateOf(result)?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(conditionOf(result, 'PodScheduled')).toBe('True');
  });

  it('runs init containers one at a time, in order, before any container', () => {
    const twoInits = pod({ init: ['first', 'second'], containers: ['app'] });
    expect(kinds(plan({ pod: twoInits }))).toEqual(['startContainer first']);
    expect(kinds(plan({ pod: twoInits, containers: [container('first', 'running')] }))).toEqual([]);
    const afterFirst = plan({ pod: twoInits, containers: [container('first', 'exited')] });
    expect(kinds(afterFirst)).toEqual(['startContainer second']);
    expect(afterFirst.status?.phase).toBe('Pending');
    expect(conditionOf(afterFirst, 'Initialized')).toBe('False');
    expect(stateOf(afterFirst)?.state?.waiting?.reason).toBe('PodInitializing');
    const initialized = plan({
      pod: twoInits,
      containers: [container('first', 'exited'), container('second', 'exited')],
    });
    expect(kinds(initialized)).toEqual(['startContainer app']);
    expect(conditionOf(initialized, 'Initialized')).toBe('True');
  });

  it('reports Running and Ready with the pod IP, host IP and container state once every container runs', () => {
    const result = plan({
      pod: pod({ containers: ['app', 'side'] }),
      containers: [container('app', 'running'), container('side', 'running')],
    });
    expect(result.actions).toEqual([]);
    expect(result.status).toMatchObject({ phase: 'Running', podIp: '10.244.0.5', hostIp: '192.168.1.10' });
    expect(conditionOf(result, 'Ready')).toBe('True');
    expect(conditionOf(result, 'ContainersReady')).toBe('True');
    expect(stateOf(result)).toMatchObject({
      ready: true,
      restartCount: 0,
      containerId: 'containerd://app-0',
      state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
    });
  });
});

describe('restarts with back-off', () => {
  it('restarts an exited container at once the first time, then waits 10 s', () => {
    const exited = container('app', 'exited', { exitCode: 1 });
    const first = plan({ containers: [exited] });
    expect(first.actions).toContainEqual({
      kind: 'startContainer',
      sandboxId: 's1',
      name: 'app',
      init: false,
      attempt: 1,
    });
    expect(first.restartBackoff.get('app')).toEqual({ delayMs: 10_000, failedAtMs: t0 + 1_000 });

    const crashedAgain = container('app', 'exited', { attempt: 1, exitCode: 1, finishedAtMs: t0 + 3_000 });
    const waiting = plan({
      containers: [exited, crashedAgain],
      backoff: [['app', first.restartBackoff.get('app') as BackoffEntry]],
      nowMs: t0 + 5_000,
    });
    expect(waiting.actions).toEqual([]);
    expect(waiting.wakeAtMs).toBe(t0 + 13_000);
    expect(waiting.status?.phase).toBe('Running');
    expect(stateOf(waiting)).toMatchObject({
      restartCount: 1,
      state: {
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web' },
      },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });

  it.each([
    { delayMs: 10_000, next: 20_000 },
    { delayMs: 160_000, next: 300_000 },
    { delayMs: 300_000, next: 300_000 },
  ])('doubles the back-off from $delayMs ms to $next ms, never beyond 5 min', ({ delayMs, next }) => {
    const exited = container('app', 'exited', { attempt: 3, exitCode: 2 });
    const result = plan({
      containers: [exited],
      backoff: [['app', { delayMs, failedAtMs: 0 }]],
      nowMs: t0 + 1_000 + delayMs,
    });
    expect(kinds(result)).toEqual(['startContainer app']);
    expect(result.restartBackoff.get('app')?.delayMs).toBe(next);
  });

  it('forgives the back-off of a container that ran 10 minutes', () => {
    const longRun = container('app', 'exited', {
      attempt: 5,
      exitCode: 1,
      startedAtMs: t0,
      finishedAtMs: t0 + 600_000,
    });
    const result = plan({
      containers: [longRun],
      backoff: [['app', { delayMs: 300_000, failedAtMs: 0 }]],
      nowMs: t0 + 600_001,
    });
    expect(kinds(result)).toEqual(['startContainer app']);
    expect(result.restartBackoff.get('app')?.delayMs).toBe(10_000);
  });

  it.each([
    { policy: 'Never', exitCode: 0, restarts: false, phase: 'Succeeded' },
    { policy: 'Never', exitCode: 1, restarts: false, phase: 'Failed' },
    { policy: 'OnFailure', exitCode: 0, restarts: false, phase: 'Succeeded' },
    { policy: 'OnFailure', exitCode: 1, restarts: true, phase: 'Running' },
    { policy: 'Always', exitCode: 0, restarts: true, phase: 'Running' },
  ])(
    'restartPolicy $policy with exit code $exitCode: restart $restarts, phase $phase',
    ({ policy, exitCode, restarts, phase }) => {
      const result = plan({
        pod: pod({ restartPolicy: policy }),
        containers: [container('app', 'exited', { exitCode })],
      });
      expect(kinds(result).includes('startContainer app')).toBe(restarts);
      expect(result.status?.phase).toBe(phase);
      if (!restarts) {
        expect(result.actions).toEqual([{ kind: 'stopSandbox', sandboxId: 's1' }]);
        expect(stateOf(result)?.state?.terminated).toMatchObject({
          exitCode,
          reason: exitCode === 0 ? 'Completed' : 'Error',
        });
      }
    },
  );

  it('fails the pod when an init container fails under restartPolicy Never', () => {
    const result = plan({
      pod: pod({ restartPolicy: 'Never', init: ['setup'] }),
      containers: [container('setup', 'exited', { exitCode: 3 })],
    });
    expect(result.status?.phase).toBe('Failed');
    expect(kinds(result)).not.toContain('startContainer app');
  });

  it('keeps the latest two exited instances of a container and removes older ones', () => {
    const instances = [0, 1, 2].map((attempt) => container('app', 'exited', { attempt, exitCode: 1 }));
    const result = plan({ containers: instances, backoff: [['app', { delayMs: 40_000, failedAtMs: 0 }]] });
    expect(result.actions).toContainEqual({ kind: 'removeContainer', containerId: 'app-0' });
    expect(stateOf(result)?.restartCount).toBe(2);
  });
});

describe('probes', () => {
  const running = container('app', 'running');
  it('kills a container whose liveness probe failed, with the pod grace period', () => {
    const probe: ProbeView = {
      started: true,
      ready: true,
      mustRestart: true,
      restartMessage: 'Liveness probe failed: exit code 1',
    };
    const result = plan({ pod: pod({ grace: 5 }), containers: [running], probes: [['app-0', probe]] });
    expect(result.actions).toEqual([
      {
        kind: 'killContainer',
        containerId: 'app-0',
        name: 'app',
        gracePeriodSeconds: 5,
        reason: 'Liveness probe failed: exit code 1',
      },
    ]);
  });

  it('clears Ready while the readiness probe fails and sets it when it passes', () => {
    const failing: ProbeView = { started: true, ready: false, mustRestart: false, restartMessage: '' };
    const notReady = plan({ containers: [running], probes: [['app-0', failing]] });
    expect(conditionOf(notReady, 'Ready')).toBe('False');
    expect(notReady.status?.phase).toBe('Running');
    const passing = plan({
      containers: [running],
      probes: [['app-0', { ...failing, ready: true }]],
      pod: { ...pod(), status: notReady.status },
    });
    expect(conditionOf(passing, 'Ready')).toBe('True');
    expect(passing.status?.conditions?.find((condition) => condition.type === 'PodScheduled')?.lastTransitionTime).toBe(
      notReady.status?.conditions?.find((condition) => condition.type === 'PodScheduled')?.lastTransitionTime,
    );
  });
});

describe('image pulls', () => {
  const failure: PullFailure = {
    cause: 'image',
    message: 'failed to pull image "nope": not found',
    backoff: { delayMs: 10_000, failedAtMs: t0 },
  };
  it('reports ImagePullBackOff with the pull error while the back-off lasts, and retries after it', () => {
    const waiting = plan({ pulls: [['app', failure]], nowMs: t0 + 5_000 });
    expect(waiting.actions).toEqual([]);
    expect(waiting.wakeAtMs).toBe(t0 + 10_000);
    expect(waiting.status?.phase).toBe('Pending');
    expect(stateOf(waiting)?.state?.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "127.0.0.1:5000/busybox:latest": failed to pull image "nope": not found',
    });
    const retry = plan({ pulls: [['app', failure]], nowMs: t0 + 10_000 });
    expect(kinds(retry)).toEqual(['startContainer app']);
    expect(stateOf(retry)?.state?.waiting?.reason).toBe('ErrImagePull');
  });

  it('reports CreateContainerConfigError with the missing object while a needed ConfigMap is absent', () => {
    const missing: PullFailure = {
      cause: 'config',
      message: 'configmap "settings" not found in namespace "default"',
      backoff: failure.backoff,
    };
    expect(stateOf(plan({ pulls: [['app', missing]], nowMs: t0 + 1_000 }))?.state?.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "settings" not found in namespace "default"',
    });
  });
});

describe('sandbox changes and deletion', () => {
  it('stops everything with the grace period once the pod is deleted, and reports nothing', () => {
    const result = plan({ deleting: true, pod: pod({ grace: 7 }), containers: [container('app', 'running')] });
    expect(result.actions).toEqual([{ kind: 'killPod', gracePeriodSeconds: 7, reason: 'the pod was deleted' }]);
    expect(result.status).toBeUndefined();
    expect(plan({ deleting: true, sandboxes: [], containers: [] }).actions).toEqual([]);
  });

  it('kills the containers of a pod whose sandbox died, then makes a new sandbox with the next attempt', () => {
    const dead: SandboxInfo = { ...readySandbox, state: 'notReady', ip: '' };
    expect(kinds(plan({ sandboxes: [dead], containers: [container('app', 'running')] }))).toEqual(['killPod']);
    const next = plan({ sandboxes: [dead], containers: [container('app', 'exited', { attempt: 2 })] });
    expect(next.actions).toEqual([{ kind: 'createSandbox', attempt: 1 }]);
    expect(stateOf(next)?.restartCount).toBe(2);
  });

  it('removes an older sandbox once a newer one exists, and continues the restart count in the new one', () => {
    const old: SandboxInfo = { ...readySandbox, id: 's0', attempt: 0, state: 'notReady' };
    const current: SandboxInfo = { ...readySandbox, id: 's1', attempt: 1 };
    const result = plan({
      sandboxes: [old, current],
      containers: [container('app', 'exited', { sandboxId: 's0', attempt: 4 })],
    });
    expect(result.actions).toEqual([
      { kind: 'removeSandbox', sandboxId: 's0' },
      { kind: 'startContainer', sandboxId: 's1', name: 'app', init: false, attempt: 5 },
    ]);
  });

  it('never recreates the sandbox of a pod that already succeeded', () => {
    const result = plan({ pod: pod({ restartPolicy: 'Never', phase: 'Succeeded' }), sandboxes: [] });
    expect(result.actions).toEqual([]);
    expect(result.status?.phase).toBe('Succeeded');
  });
});
