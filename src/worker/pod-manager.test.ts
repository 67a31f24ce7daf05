// The pod manager's status reporting: one write per pod at a time, newest
// next, so a slow write (one retried across a master failover) can never land
// after a newer one and leave a stale phase in the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { PodManager } from './pod-manager.js';
import type { PodStatus } from './pod-sync/pod-sync-types.js';
import { SimRuntime } from './runtime/sim/sim-runtime.js';

interface Write {
  readonly phase: string;
  readonly settle: (outcome?: Error) => void;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web', resourceVersion: '3' },
  spec: { nodeName: 'w1', containers: [{ name: 'app', image: 'web:1' }] },
  status: { phase: 'Pending' },
};

describe('PodManager status reports', () => {
  let manager: PodManager | undefined;
  let root: string | undefined;
  afterEach(async () => {
    await manager?.close();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  /** Observations of the runtime that found the pod's container running. */
  let runningSeen = 0;

  function start(reportStatus: (pod: Pod, status: PodStatus) => Promise<void>): PodManager {
    root = mkdtempSync(join(tmpdir(), 'pod-manager-'));
    runningSeen = 0;
    const runtime = new SimRuntime();
    const listContainers = runtime.listContainers.bind(runtime);
    runtime.listContainers = async () => {
      const containers = await listContainers();
      if (containers.some((container) => container.state === 'running')) runningSeen += 1;
      return containers;
    };
    const none = (): Promise<undefined> => Promise.resolve(undefined);
    manager = new PodManager({
      runtime,
      rootDir: root,
      hostIp: '127.0.0.1',
      logger: pino({ level: 'silent' }),
      relistPeriodMs: 50,
      podsMax: 10,
      sources: { configMap: none, secret: none, claim: none, volume: none },
      reportStatus,
      recordEvent: () => undefined,
    });
    manager.start();
    manager.markSynced();
    return manager;
  }

  it('sends one write at a time and the newest status after a slow one, so the API ends on Running', async () => {
    const writes: Write[] = [];
    const applied: string[] = [];
    start(
      (_pod, status) =>
        new Promise<void>((resolve, reject) => {
          const phase = status.phase ?? '';
          writes.push({
            phase,
            settle: (outcome) => {
              if (outcome === undefined) {
                applied.push(phase);
                resolve();
              } else reject(outcome);
            },
          });
        }),
    );
    manager?.setPod(pod);
    // the first report (Pending, containers creating) hangs, as a write to a master that just died
    const first = await until('the first write', () => writes[0]);
    expect(first.phase).toBe('Pending');
    // meanwhile the container runs and the manager observes it a few times: nothing else is sent while the first write is in flight
    await until('the running container observed three times', () => (runningSeen >= 3 ? true : undefined));
    expect(writes).toHaveLength(1);
    first.settle();
    const second = await until('the next write', () => writes[1]);
    expect(second.phase).toBe('Running');
    second.settle();
    expect(applied).toEqual(['Pending', 'Running']);
  });

  it('after a failed write with nothing newer queued, reports the same status again', async () => {
    const phases: string[] = [];
    let failures = 1;
    start((_pod, status) => {
      const phase = status.phase ?? '';
      phases.push(phase);
      if (phase === 'Running' && failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('unavailable'));
      }
      return Promise.resolve();
    });
    manager?.setPod(pod);
    await until('Running written twice', () =>
      phases.filter((phase) => phase === 'Running').length >= 2 ? true : undefined,
    );
    expect(failures).toBe(0);
  });

  it('does not act on a runtime listing taken before its last actions ended (no second sandbox for one pod)', async () => {
    root = mkdtempSync(join(tmpdir(), 'pod-manager-'));
    const runtime = new SimRuntime();
    let sandboxesRun = 0;
    const runSandbox = runtime.runSandbox.bind(runtime);
    runtime.runSandbox = async (spec) => {
      sandboxesRun += 1;
      // the sandbox appears a while into the call, which returns a while later (network set-up), as a real one does
      await new Promise((resolve) => setTimeout(resolve, 20));
      const created = await runSandbox(spec);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return created;
    };
    // every listing is as the runtime was when it began, and arrives a little later: a slow runtime
    const listSandboxes = runtime.listSandboxes.bind(runtime);
    runtime.listSandboxes = async () => {
      const listed = await listSandboxes();
      await new Promise((resolve) => setTimeout(resolve, 60));
      return listed;
    };
    const phases: string[] = [];
    const none = (): Promise<undefined> => Promise.resolve(undefined);
    manager = new PodManager({
      runtime,
      rootDir: root,
      hostIp: '127.0.0.1',
      logger: pino({ level: 'silent' }),
      relistPeriodMs: 5,
      podsMax: 10,
      sources: { configMap: none, secret: none, claim: none, volume: none },
      reportStatus: (_pod, status) => {
        phases.push(status.phase ?? '');
        return Promise.resolve();
      },
      recordEvent: () => undefined,
    });
    manager.start();
    manager.markSynced();
    manager.setPod(pod);
    await until('the pod Running', () => (phases.includes('Running') ? true : undefined));
    expect(sandboxesRun).toBe(1);
  });
});
