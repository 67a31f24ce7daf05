// Workloads on a real cluster: three `orca master` and three `orca worker
// --runtime sim` processes on loopback. A Deployment spreads over the workers
// and survives a worker's death; rolling updates hold their bounds at every
// moment a watch observes, also across a SIGKILL of the leading master;
// rollout undo, StatefulSet order and storage, a DaemonSet following workers
// that join and leave, and a Job that exhausts its backoffLimit.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonSet, Job, Pod, StatefulSet } from '../../src/api/index.js';
import { isClientError } from '../../src/client/index.js';
import type { OrcaClient } from '../../src/client/index.js';
import { isActive, isReady } from '../../src/controllers/workloads/pod-state.js';
import { simExitCodeEnv } from '../../src/worker/runtime/sim/sim-runtime.js';
import { MasterProcesses, orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { PodRecorder } from './pod-recorder.js';
import { deploymentManifest, imageOf, podsPerNode, rolledOut, setImage } from './workload-fixtures.js';
import { WorkerProcesses } from './worker-processes.js';

const nodeGraceSeconds = 12;
const evictionSeconds = 2;
const rolloutMs = 25_000;

let masters: MasterProcesses;
let workers: WorkerProcesses;
let client: OrcaClient;

const run = promisify(execFile);

/** The `orca` CLI as a user runs it, against every live master. */
async function orca(...args: string[]): Promise<string> {
  const servers = masters
    .alive()
    .map((master) => master.address)
    .join(',');
  const { stdout } = await run(process.execPath, [orcaScript(), '--server', servers, ...args], { timeout: 20_000 });
  return stdout;
}

async function podsOf(app: string): Promise<Pod[]> {
  return (await client.list('Pod', { namespace: 'default', labelSelector: `app=${app}` })).items;
}

beforeAll(async () => {
  masters = await MasterProcesses.start({
    size: 3,
    extraArgs: ['--node-grace-seconds', String(nodeGraceSeconds), '--eviction-seconds', String(evictionSeconds)],
  });
  client = masters.client();
  workers = new WorkerProcesses({
    servers: () => masters.masters.map((master) => master.address),
    client,
    ...(process.env['ORCA_DEBUG_WORKERS'] === undefined ? {} : { logLevel: 'debug' }),
  });
  await Promise.all(['w1', 'w2', 'w3'].map((name) => workers.start(name)));
}, 60_000);

afterAll(async () => {
  if (process.env['ORCA_DEBUG_WORKERS'] !== undefined) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env['ORCA_DEBUG_WORKERS'], `${workers?.outputs() ?? ''}\n${masters?.outputs() ?? ''}`);
  }
  await workers?.stop();
  await masters?.stop();
});

describe('a Deployment on three workers', () => {
  it('spreads 30 replicas over every worker, all Running and Ready', async () => {
    await client.create(
      deploymentManifest({ name: 'spread', replicas: 30, image: 'web:1', maxSurge: 3, maxUnavailable: 0 }),
    );
    const pods = await rolledOut(client, 'spread', 'web:1', rolloutMs);
    const perNode = podsPerNode(pods);
    expect([...perNode.keys()].sort()).toEqual(['w1', 'w2', 'w3']);
    for (const count of perNode.values()) expect(count).toBeLessThanOrEqual(15);
    expect(pods.every((pod) => pod.status?.phase === 'Running')).toBe(true);
  }, 40_000);

  it('replaces the pods of a SIGKILLed worker on the others within the node grace and eviction time', async () => {
    const before = (await podsOf('spread')).filter(isActive);
    const lost = before.filter((pod) => pod.spec?.nodeName === 'w3').length;
    expect(lost).toBeGreaterThan(0);
    const killedAt = Date.now();
    await workers.kill('w3');
    // the last Lease renewal (every 2 s) is up to that old when the worker dies; the rest of the 10 s is for rescheduling and starting the replacements
    const boundMs = (nodeGraceSeconds + evictionSeconds + 10) * 1000;
    const replaced = await waitFor(
      '30 ready pods off w3',
      boundMs,
      async () => {
        const active = (await podsOf('spread')).filter(isActive);
        const off = active.filter((pod) => pod.spec?.nodeName !== 'w3' && isReady(pod));
        return off.length === 30 && active.length === 30 ? active : undefined;
      },
      250,
    );
    expect(Date.now() - killedAt).toBeLessThan(boundMs);
    expect(new Set(replaced.map((pod) => pod.spec?.nodeName))).toEqual(new Set(['w1', 'w2']));
    const node = await client.get({ kind: 'Node', name: 'w3' });
    expect(node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('Unknown');
    await workers.restart('w3');
    await client.delete({ kind: 'Deployment', namespace: 'default', name: 'spread' });
  }, 45_000);
});

describe('rolling updates', () => {
  const shape = { name: 'roll', replicas: 8, maxSurge: 2, maxUnavailable: 1 };
  const bounds = { activeMax: shape.replicas + shape.maxSurge, readyMin: shape.replicas - shape.maxUnavailable };

  it('never has fewer than replicas - maxUnavailable ready nor more than replicas + maxSurge pods at any observed moment', async () => {
    await client.create(deploymentManifest({ ...shape, image: 'web:1' }));
    await rolledOut(client, 'roll', 'web:1', rolloutMs);
    const recorder = await PodRecorder.start(client, 'default', 'app=roll');
    await setImage(client, 'roll', 'web:2');
    await rolledOut(client, 'roll', 'web:2', rolloutMs);
    await recorder.stop();
    expect(recorder.failure).toBeUndefined();
    expect(recorder.events).toBeGreaterThan(shape.replicas * 2);
    expect(recorder.violations(bounds), `moments (revision active/ready event):\n${recorder.transcript()}`).toEqual([]);
  }, 40_000);

  it('orca rollout undo returns to the previous template', async () => {
    const output = await orca('rollout', 'undo', 'deployment', 'roll');
    expect(output).toMatch(/roll/);
    const pods = await rolledOut(client, 'roll', 'web:1', rolloutMs);
    expect(pods.map(imageOf)).toEqual(Array<string>(shape.replicas).fill('web:1'));
  }, 40_000);

  it('completes under a new leader after a SIGKILL of the leader mid-rollout, bounds held, no pod created twice', async () => {
    const recorder = await PodRecorder.start(client, 'default', 'app=roll');
    await setImage(client, 'roll', 'web:3');
    await waitFor(
      'the rollout under way',
      10_000,
      async () => ((await podsOf('roll')).some((pod) => imageOf(pod) === 'web:3') ? true : undefined),
      50,
    );
    const leader = await masters.waitForLeader();
    await masters.signal(leader.name, 'SIGKILL');
    const next = await masters.waitForLeader();
    expect(next.name).not.toBe(leader.name);
    await rolledOut(client, 'roll', 'web:3', rolloutMs);
    await recorder.stop();
    expect(recorder.failure).toBeUndefined();
    expect(recorder.violations(bounds), `moments (revision active/ready event):\n${recorder.transcript()}`).toEqual([]);
    expect(recorder.ownersAbove(bounds.activeMax)).toEqual([]);
    expect(recorder.duplicateNames()).toEqual([]);
    await masters.restart(leader.name);
  }, 45_000);
});

describe('a StatefulSet', () => {
  const set: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'db', image: 'db:1' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
  const claimOf = (pod: Pod): string | undefined =>
    pod.spec?.volumes?.find((volume) => volume.name === 'data')?.persistentVolumeClaim?.claimName;

  it('starts db-0, db-1, db-2 in order, each after the one before is Ready, each with its own claim', async () => {
    const recorder = await PodRecorder.start(client, 'default', 'app=db');
    await client.create(set);
    const pods = await waitFor(
      'db-0..2 Running and Ready',
      rolloutMs,
      async () => {
        const all = (await podsOf('db')).filter(isActive);
        return all.length === 3 && all.every(isReady) ? all : undefined;
      },
      200,
    );
    await recorder.stop();
    expect(pods.map((pod) => pod.metadata?.name).sort()).toEqual(['db-0', 'db-1', 'db-2']);
    // each ADDED comes only once every lower ordinal is Ready at that moment
    const added = recorder.moments.filter((moment) => moment.event.startsWith('ADDED db-'));
    expect(added.map((moment) => moment.event.split(' ')[1])).toEqual(['db-0', 'db-1', 'db-2']);
    added.forEach((moment, ordinal) => expect(moment.ready, moment.event).toBe(ordinal));
    for (const pod of pods) expect(claimOf(pod)).toBe(`data-${pod.metadata?.name ?? ''}`);
  }, 40_000);

  it('brings a deleted pod back with the same name and the same claim, on the node that holds its volume', async () => {
    const before = await client.get({ kind: 'Pod', namespace: 'default', name: 'db-1' });
    const claim = await client.get({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-db-1' });
    await client.delete({ kind: 'Pod', namespace: 'default', name: 'db-1' });
    const after = await waitFor(
      'a new db-1 Running and Ready',
      rolloutMs,
      async () => {
        const pod = await client.get({ kind: 'Pod', namespace: 'default', name: 'db-1' }).catch((error: unknown) => {
          if (isClientError(error, 'not-found')) return undefined;
          throw error;
        });
        return pod !== undefined && pod.metadata?.uid !== before.metadata?.uid && isReady(pod) ? pod : undefined;
      },
      200,
    );
    expect(claimOf(after)).toBe('data-db-1');
    const claimAfter = await client.get({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-db-1' });
    expect(claimAfter.metadata?.uid).toBe(claim.metadata?.uid);
    expect(claimAfter.status?.phase).toBe('Bound');
    // its local volume is tied to the node of the first db-1, and the new db-1 went back there
    const volume = await client.get({ kind: 'PersistentVolume', name: claimAfter.spec?.volumeName ?? '' });
    expect(volume.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values).toEqual([
      before.spec?.nodeName,
    ]);
    expect(after.spec?.nodeName).toBe(before.spec?.nodeName);
  }, 40_000);
});

describe('a DaemonSet', () => {
  const daemons = async (): Promise<string[]> =>
    (await podsOf('agent'))
      .filter((pod) => isActive(pod) && isReady(pod))
      .map((pod) => pod.spec?.nodeName ?? '')
      .sort();

  it('runs one pod on every worker, follows a worker that joins and one that leaves', async () => {
    const set: DaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'agent', image: 'agent:1' }] },
        },
      },
    };
    await client.create(set);
    await waitFor(
      'an agent on w1, w2, w3',
      rolloutMs,
      async () => ((await daemons()).join() === 'w1,w2,w3' ? true : undefined),
      200,
    );
    await workers.start('w4');
    await waitFor(
      'an agent on w4 too',
      rolloutMs,
      async () => ((await daemons()).join() === 'w1,w2,w3,w4' ? true : undefined),
      200,
    );
    // a worker leaves as an operator removes it: stopped, then its Node deleted
    await workers.signal('w4', 'SIGTERM');
    await client.delete({ kind: 'Node', name: 'w4' });
    await waitFor(
      'agents on w1, w2, w3 only',
      rolloutMs,
      async () => {
        const onW4 = (await podsOf('agent')).filter((pod) => pod.spec?.nodeName === 'w4' && isActive(pod));
        return onW4.length === 0 && (await daemons()).join() === 'w1,w2,w3' ? true : undefined;
      },
      200,
    );
  }, 45_000);
});

describe('a Job', () => {
  it('whose pods fail stops after backoffLimit retries and reports BackoffLimitExceeded', async () => {
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'doomed', namespace: 'default' },
      spec: {
        backoffLimit: 1,
        template: {
          metadata: { labels: { app: 'doomed' } },
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'task', image: 'task:1', env: [{ name: simExitCodeEnv, value: '1' }] }],
          },
        },
      },
    };
    await client.create(job);
    const failed = await waitFor(
      'the Job Failed',
      rolloutMs,
      async () => {
        const current = await client.get({ kind: 'Job', namespace: 'default', name: 'doomed' });
        return current.status?.conditions?.some(
          (condition) => condition.type === 'Failed' && condition.status === 'True',
        )
          ? current
          : undefined;
      },
      200,
    );
    expect(failed.status?.conditions?.find((condition) => condition.type === 'Failed')?.reason).toBe(
      'BackoffLimitExceeded',
    );
    expect(failed.status?.failed).toBe(2);
    const pods = await podsOf('doomed');
    expect(pods.filter((pod) => pod.status?.phase === 'Failed')).toHaveLength(2);
    expect(pods.filter(isActive)).toHaveLength(0);
  }, 40_000);
});
