// A worker on a real, private containerd against a real master (in process,
// over gRPC on loopback): pods created through the API run as containers, with
// their status, restarts, probes, config, limits, deletion and adoption.
// Skips, saying why, on machines that cannot run containers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ClientReadableStream } from '@grpc/grpc-js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { CriClient } from '../../src/worker/runtime/cri/cri-client.js';
import { CriRuntime } from '../../src/worker/runtime/cri/cri-runtime.js';
import { Worker, workerDefaults, workerEndpointAnnotation } from '../../src/worker/worker.js';
import { loadProtoPackage } from '../../src/gen/loader.js';
import type { ProtoGrpcType as WorkerProto } from '../../src/gen/worker.js';
import type { LogChunk__Output } from '../../src/gen/orca/v1/LogChunk.js';
import type { ExecOutput__Output } from '../../src/gen/orca/v1/ExecOutput.js';
import { containerSupport, startTestRuntime, type TestRuntime } from '../env/index.js';

const support = containerSupport();
if (!support.ok) console.warn(`worker-cri.test: skipped, this machine cannot run containers: ${support.reason}`);

const busybox = '127.0.0.1:5000/busybox:latest';
const httpd = '127.0.0.1:5000/httpd:latest';
const waitMs = 15_000;

function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 1_000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

function collect<T>(stream: ClientReadableStream<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    stream.on('data', (item: T) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => resolve(items));
  });
}

function memoryCgroupLimit(pid: number): number {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[1]?.split(',').includes('memory'));
  return Number(
    readFileSync(join('/sys/fs/cgroup/memory', line?.split(':')[2] ?? '', 'memory.limit_in_bytes'), 'utf8').trim(),
  );
}

describe.skipIf(!support.ok)('a worker on containerd', () => {
  let env: TestRuntime;
  let masters: TestMasters;
  let client: OrcaClient;
  let rootDir: string;
  let worker: Worker | undefined;
  let runtime: CriRuntime;
  let cri: CriClient;

  const startWorker = async (): Promise<Worker> => {
    const started = new Worker({
      ...workerDefaults,
      name: 'w1',
      client,
      runtime,
      rootDir,
      hostIp: '127.0.0.1',
      podCidr: env.podCidr,
      capacity: {},
      serviceListen: '127.0.0.1:0',
      leaseRenewMs: 1_000,
      relistPeriodMs: 300,
      logger: pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' }),
    });
    await started.start();
    return started;
  };

  const pod = (name: string, spec: NonNullable<Pod['spec']>): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'w1', terminationGracePeriodSeconds: 2, ...spec },
  });
  const read = (name: string): Promise<Pod> => client.get({ kind: 'Pod', namespace: 'default', name });
  const until = <T>(what: string, probe: (pod: Pod) => T | undefined, name: string): Promise<T> =>
    waitFor(what, waitMs, async () => probe(await read(name)));
  const containerOf = (current: Pod, name = 'app') =>
    current.status?.containerStatuses?.find((status) => status.name === name);
  const idOf = (current: Pod, name = 'app') =>
    (containerOf(current, name)?.containerId ?? '').replace('containerd://', '');

  beforeAll(async () => {
    env = await startTestRuntime();
    masters = new TestMasters();
    const master = await masters.start('solo', { bootstrap: true });
    await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
    client = new OrcaClient({ servers: [master.address] });
    runtime = new CriRuntime({ socketPath: env.socket });
    cri = new CriClient({ socketPath: env.socket });
    rootDir = mkdtempSync(join(tmpdir(), 'orca-worker-'));
    worker = await startWorker();
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await runtime?.close();
    cri?.close();
    client?.close();
    await masters?.close();
    await env?.stop();
    if (rootDir !== undefined) rmSync(rootDir, { recursive: true, force: true });
  }, 60_000);

  it('registers its Node and renews its Lease', async () => {
    const node = await client.get({ kind: 'Node', name: 'w1' });
    expect(node.spec?.podCidr).toBe(env.podCidr);
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^containerd:\/\//);
    const lease = await client.get({ kind: 'Lease', namespace: 'kube-node-lease', name: 'w1' });
    expect(lease.spec?.holderIdentity).toBe('w1');
  });

  it('runs a pod to Running with an IP the host reaches, config as env and files, and its memory limit in the cgroup', async () => {
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
      data: { color: 'blue', 'app.conf': 'size=3\n' },
    });
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'default' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    await client.create(
      pod('web', {
        volumes: [
          { name: 'config', configMap: { name: 'settings' } },
          { name: 'secret', secret: { secretName: 'creds' } },
          { name: 'scratch', emptyDir: {} },
        ],
        containers: [
          {
            name: 'app',
            image: httpd,
            env: [
              { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            envFrom: [{ secretRef: { name: 'creds' }, prefix: 'DB_' }],
            volumeMounts: [
              { name: 'config', mountPath: '/etc/app' },
              { name: 'secret', mountPath: '/etc/creds' },
              { name: 'scratch', mountPath: '/scratch' },
            ],
            resources: { limits: { memory: '64Mi', cpu: '500m' } },
          },
        ],
      }),
    );
    const running = await until(
      'web to run',
      (current) => (current.status?.phase === 'Running' && current.status.podIp ? current : undefined),
      'web',
    );
    expect(running.status?.podIp).toMatch(/^10\.245\./);
    expect(
      await waitFor(
        'httpd to answer',
        waitMs,
        async () => (await httpGet(`http://${running.status?.podIp ?? ''}:8080/`).catch(() => 0)) === 200 || undefined,
      ),
    ).toBe(true);
    const id = idOf(running);
    const env1 = (
      await runtime.exec(
        id,
        ['sh', '-c', 'echo $COLOR $POD $DB_password; cat /etc/app/app.conf /etc/creds/password'],
        5,
      )
    ).stdout.toString();
    expect(env1).toBe('blue web s3cret\nsize=3\ns3cret');
    const verbose = await cri.containerStatus(id, { verbose: true });
    const pid = (JSON.parse(verbose.info['info'] ?? '{}') as { pid?: number }).pid ?? 0;
    expect(memoryCgroupLimit(pid)).toBe(64 * 1024 * 1024);
    const conditions = Object.fromEntries(
      (running.status?.conditions ?? []).map((condition) => [condition.type, condition.status]),
    );
    expect(conditions).toMatchObject({
      PodScheduled: 'True',
      Initialized: 'True',
      ContainersReady: 'True',
      Ready: 'True',
    });
  });

  it('keeps the container log in a CRI log file', async () => {
    await client.create(
      pod('printer', {
        containers: [
          { name: 'app', image: busybox, command: ['sh', '-c', 'echo hello from printer; exec sleep 3600'] },
        ],
      }),
    );
    const running = await until(
      'printer to run',
      (current) => (current.status?.phase === 'Running' ? current : undefined),
      'printer',
    );
    const logPath = worker?.podManager.containersOf(running.metadata?.uid ?? '', 'app')[0]?.logPath ?? '';
    await waitFor('the log line', waitMs, () =>
      readFileSync(logPath, 'utf8').includes('stdout F hello from printer') ? true : undefined,
    );
  });

  it('serves logs and exec over its WorkerService at the address published on its Node', async () => {
    const node = await client.get({ kind: 'Node', name: 'w1' });
    const address = node.metadata?.annotations?.[workerEndpointAnnotation] ?? '';
    expect(address).toBe(worker?.serviceEndpoint);
    const proto = loadProtoPackage('orca/v1/worker.proto') as unknown as WorkerProto;
    const service = new proto.orca.v1.WorkerService(address, credentials.createInsecure());
    try {
      const logs = await collect<LogChunk__Output>(
        service.Logs({ namespace: 'default', pod: 'printer', tailLines: 1 }),
      );
      expect(Buffer.concat(logs.map((chunk) => chunk.data)).toString()).toBe('hello from printer\n');
      const output = await collect<ExecOutput__Output>(
        service.Exec({ namespace: 'default', pod: 'printer', command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }),
      );
      expect(Buffer.concat(output.map((part) => part.stdout)).toString()).toBe('out\n');
      expect(Buffer.concat(output.map((part) => part.stderr)).toString()).toBe('err\n');
      expect(output.at(-1)).toMatchObject({ exited: true, exitCode: 3 });
      const missing = await collect(service.Logs({ namespace: 'default', pod: 'absent' })).catch(
        (error: unknown) => error,
      );
      expect(missing).toMatchObject({ code: status.NOT_FOUND, details: 'pod "absent" is not on this worker' });
    } finally {
      service.close();
    }
  });

  it('restarts a container whose process was killed, and counts it', async () => {
    await client.create(
      pod('crasher', {
        containers: [
          { name: 'app', image: busybox, command: ['sh', '-c', 'trap "exit 1" TERM; while true; do sleep 0.2; done'] },
        ],
      }),
    );
    const running = await until(
      'crasher to run',
      (current) => (containerOf(current)?.state?.running ? current : undefined),
      'crasher',
    );
    await runtime.exec(idOf(running), ['kill', '1'], 5);
    const restarted = await until(
      'a restart',
      (current) =>
        (containerOf(current)?.restartCount ?? 0) >= 1 && containerOf(current)?.state?.running ? current : undefined,
      'crasher',
    );
    const listed = (await runtime.listContainers()).filter((c) => c.pod.name === 'crasher');
    expect(containerOf(restarted)?.lastState?.terminated, JSON.stringify(listed)).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    expect(idOf(restarted)).not.toBe(idOf(running));
  });

  it('restarts on a failing liveness probe, and follows a readiness probe with the Ready condition', async () => {
    const probe = (file: string) => ({ exec: { command: ['cat', file] }, periodSeconds: 1, failureThreshold: 1 });
    await client.create(
      pod('probed', {
        containers: [
          {
            name: 'app',
            image: busybox,
            command: ['sh', '-c', 'touch /tmp/alive; exec sleep 3600'],
            livenessProbe: probe('/tmp/alive'),
            readinessProbe: { ...probe('/tmp/ready'), failureThreshold: 1 },
          },
        ],
      }),
    );
    const notReady = await until(
      'probed to run unready',
      (current) =>
        containerOf(current)?.state?.running &&
        current.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False'
          ? current
          : undefined,
      'probed',
    );
    await runtime.exec(idOf(notReady), ['touch', '/tmp/ready'], 5);
    await until(
      'Ready',
      (current) => (current.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? true : undefined),
      'probed',
    );
    await runtime.exec(idOf(notReady), ['rm', '/tmp/ready'], 5);
    await until(
      'not Ready again',
      (current) => (current.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False' ? true : undefined),
      'probed',
    );
    await runtime.exec(idOf(notReady), ['rm', '/tmp/alive'], 5);
    await until(
      'a liveness restart',
      (current) => ((containerOf(current)?.restartCount ?? 0) >= 1 ? true : undefined),
      'probed',
    );
  });

  it('reports ImagePullBackOff with a clear message for an image that does not exist', async () => {
    await client.create(pod('nope', { containers: [{ name: 'app', image: '127.0.0.1:5000/does-not-exist:1.0' }] }));
    const waiting = await until(
      'ImagePullBackOff',
      (current) => {
        const state = containerOf(current)?.state?.waiting;
        return state?.reason === 'ImagePullBackOff' ? state : undefined;
      },
      'nope',
    );
    expect(waiting.message).toContain('127.0.0.1:5000/does-not-exist:1.0');
    expect((await read('web')).status?.phase).toBe('Running');
  });

  it('adopts its containers after a restart of the worker: the same containers, no duplicates', async () => {
    const running = async () =>
      (await runtime.listContainers())
        .filter((container) => container.state === 'running')
        .map((container) => container.id)
        .sort();
    const sandboxes = async () =>
      (await runtime.listSandboxes()).map((sandbox) => `${sandbox.id} ${sandbox.state}`).sort();
    const before = await running();
    const sandboxesBefore = await sandboxes();
    await worker?.stop();
    worker = await startWorker();
    // Several relist rounds after the restart, then the same set.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await running()).toEqual(before);
    expect(await sandboxes()).toEqual(sandboxesBefore);
  });

  it('stops the containers within the grace period and removes the sandbox when the pod is deleted', async () => {
    const web = await read('web');
    const uid = web.metadata?.uid ?? '';
    const started = Date.now();
    await client.delete({ kind: 'Pod', namespace: 'default', name: 'web' });
    await waitFor('the sandbox to go', waitMs, async () =>
      (await runtime.listSandboxes()).some((sandbox) => sandbox.pod.uid === uid) ? undefined : true,
    );
    expect(Date.now() - started).toBeLessThan(2_000 + 3_000);
    expect((await runtime.listContainers()).some((container) => container.pod.uid === uid)).toBe(false);
  });
});
