// The real kubectl against a master and a worker on a real, private
// containerd: exec (with stdin, a terminal and the exit code), cp, attach and
// port-forward reach containers through CRI Exec/Attach/PortForward and
// containerd's streaming server (SPDY from the worker). Skips, saying why, on
// machines that cannot run containers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { CriRuntime } from '../../src/worker/runtime/cri/cri-runtime.js';
import { Worker, workerDefaults } from '../../src/worker/worker.js';
import { containerSupport, startTestRuntime, type TestRuntime } from '../env/index.js';
import {
  forwarding,
  httpThrough,
  Kubectl,
  kubectlExtension,
  kubectlFound,
  kubectlWaitMs,
  spdyOnly,
  stopped,
} from './kubectl-harness.js';

const support = containerSupport();
if (!support.ok)
  console.warn(`kubectl-pod-streams-cri.test: skipped, this machine cannot run containers: ${support.reason}`);

const busybox = '127.0.0.1:5000/busybox:latest';
const httpd = '127.0.0.1:5000/httpd:latest';

describe.skipIf(!support.ok || !kubectlFound)('kubectl pod streams on containerd', () => {
  let env: TestRuntime;
  let masters: TestMasters;
  let client: OrcaClient;
  let runtime: CriRuntime;
  let worker: Worker;
  let folder: string;
  let kubectl: Kubectl;

  const pod = (name: string, container: NonNullable<Pod['spec']>['containers']): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'c1', terminationGracePeriodSeconds: 1, containers: container },
  });

  const running = (name: string): Promise<true> =>
    waitFor(`pod ${name} to run`, 60_000, async () => {
      const found = await client.get({ kind: 'Pod', namespace: 'default', name });
      return found.status?.phase === 'Running' ? true : undefined;
    });

  beforeAll(async () => {
    env = await startTestRuntime();
    folder = mkdtempSync(join(tmpdir(), 'orca-kubectl-cri-'));
    masters = new TestMasters();
    const master = await masters.start('solo', {
      bootstrap: true,
      http: '127.0.0.1:0',
      httpExtensions: [kubectlExtension],
    });
    await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
    client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 5_000 });
    runtime = new CriRuntime({ socketPath: env.socket });
    worker = new Worker({
      ...workerDefaults,
      name: 'c1',
      client,
      runtime,
      rootDir: join(folder, 'worker'),
      hostIp: '127.0.0.1',
      podCidr: env.podCidr,
      capacity: {},
      serviceListen: '127.0.0.1:0',
      leaseRenewMs: 1_000,
      relistPeriodMs: 300,
      logger: pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' }),
    });
    await worker.start();
    kubectl = new Kubectl(folder, master.httpAddress ?? '');
    await client.create(
      pod('box', [{ name: 'app', image: busybox, command: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'] }]),
    );
    await client.create(pod('web', [{ name: 'app', image: httpd }]));
    // A server on the pod's loopback only: reached through the pod's network namespace, not its IP.
    await client.create(
      pod('local', [{ name: 'app', image: httpd, command: ['httpd', '-f', '-p', '127.0.0.1:7000', '-h', '/www'] }]),
    );
    await Promise.all([running('box'), running('web'), running('local')]);
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await runtime?.close();
    client?.close();
    await masters?.close();
    await env?.stop();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('kubectl exec runs in the container, with its exit code and stderr apart', async () => {
    expect(await kubectl.run(['exec', 'box', '--', 'cat', '/etc/passwd'])).toMatchObject({ code: 0 });
    const run = await kubectl.run(['exec', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(run).toMatchObject({ code: 3, stdout: 'out\n' });
    expect(run.stderr).toContain('err');
  });

  it('kubectl exec -i carries stdin to its end, over WebSocket and over SPDY', async () => {
    for (const env of [{}, spdyOnly]) {
      const run = await kubectl.run(['exec', '-i', 'box', '--', 'sh', '-c', 'cat; echo done'], 'abc\n', env);
      expect(run).toMatchObject({ code: 0, stdout: 'abc\ndone\n' });
    }
  });

  it('kubectl exec -it gives the command a terminal', async () => {
    const run = await kubectl.runOnTerminal(['exec', '-it', 'box', '--', 'sh', '-c', 'tty; exit 4']);
    expect(run.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(run.code).toBe(4);
  });

  it('kubectl cp copies a file into the container and back', async () => {
    const local = join(folder, 'in.bin');
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, index) => (index * 13) % 256));
    writeFileSync(local, bytes);
    const upload = await kubectl.run(['cp', local, 'default/box:/tmp/copy.bin']);
    expect(upload.code, upload.stderr).toBe(0);
    const back = join(folder, 'back.bin');
    const download = await kubectl.run(['cp', 'default/box:/tmp/copy.bin', back]);
    expect(download.code, download.stderr).toBe(0);
    expect(readFileSync(back).equals(bytes)).toBe(true);
  });

  it("kubectl attach follows the container's output", async () => {
    const attached = await kubectl.until(['attach', 'box'], /tick/);
    await stopped(attached.child);
    expect(attached.output()).toContain('tick');
  });

  it("kubectl port-forward reaches the pod's ports, its loopback too, over both transports", async () => {
    for (const env of [{}, spdyOnly]) {
      const forward = await kubectl.until(['port-forward', 'pod/web', ':8080'], forwarding, env);
      const localPort = Number(forwarding.exec(forward.output())?.[1]);
      try {
        expect(await httpThrough(localPort, '/')).toMatch(/^HTTP\/1\.[01] 200/);
      } finally {
        await stopped(forward.child);
      }
    }
    // A refused connection ends kubectl port-forward: wait until the pod listens.
    await waitFor('the loopback server to listen', kubectlWaitMs, async () => {
      const run = await kubectl.run(['exec', 'local', '--', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:7000/']);
      return run.code === 0 ? true : undefined;
    });
    const forward = await kubectl.until(['port-forward', 'pod/local', ':7000'], forwarding);
    const localPort = Number(forwarding.exec(forward.output())?.[1]);
    try {
      expect(await httpThrough(localPort, '/')).toMatch(/^HTTP\/1\.[01] 200/);
    } finally {
      await stopped(forward.child);
    }
  });
});
