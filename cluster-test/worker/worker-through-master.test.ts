// A worker on a real, private containerd seen only through a master (in
// process, gRPC on loopback): the worker takes the pod CIDR the master hands
// out, `orca logs` and `orca exec` reach the pod's containers through the
// master, and deleting a pod stops it gracefully before the worker removes the
// object. Skips, saying why, on machines that cannot run containers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/index.js';
import { isClientError, OrcaClient } from '../../src/client/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { CriRuntime } from '../../src/worker/runtime/cri/cri-runtime.js';
import { Worker, workerDefaults } from '../../src/worker/worker.js';
import { containerSupport, startTestRuntime, type TestRuntime } from '../env/index.js';
import { runOrca, type CliRun } from '../masters/cli-runner.js';

const support = containerSupport();
if (!support.ok)
  console.warn(`worker-through-master.test: skipped, this machine cannot run containers: ${support.reason}`);

const busybox = '127.0.0.1:5000/busybox:latest';
const waitMs = 20_000;
const ticker =
  'echo line one; echo line two; trap "echo stopping; exit 0" TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done';

describe.skipIf(!support.ok)('pods on containerd through a master', () => {
  let env: TestRuntime;
  let masters: TestMasters;
  let client: OrcaClient;
  let servers: string[];
  let rootDir: string;
  let worker: Worker | undefined;
  let runtime: CriRuntime;

  const read = (name: string): Promise<Pod> => client.get({ kind: 'Pod', namespace: 'default', name });

  const orca = (args: string[]): Promise<CliRun> => runOrca({ servers: () => servers }, args);

  beforeAll(async () => {
    env = await startTestRuntime();
    masters = new TestMasters();
    // The cluster CIDR is the private containerd's CNI range, so the one /24 the master hands out is the one pods get IPs from.
    const master = await masters.start('solo', { bootstrap: true, clusterCidr: env.podCidr });
    await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
    servers = [master.address];
    client = new OrcaClient({ servers });
    runtime = new CriRuntime({ socketPath: env.socket });
    rootDir = mkdtempSync(join(tmpdir(), 'orca-worker-'));
    worker = new Worker({
      ...workerDefaults,
      name: 'w1',
      client,
      runtime,
      rootDir,
      hostIp: '127.0.0.1',
      capacity: {},
      serviceListen: '127.0.0.1:0',
      leaseRenewMs: 1_000,
      relistPeriodMs: 300,
      logger: pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' }),
    });
    await worker.start();
    await client.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ticker', namespace: 'default' },
      spec: {
        nodeName: 'w1',
        terminationGracePeriodSeconds: 10,
        containers: [{ name: 'app', image: busybox, command: ['sh', '-c', ticker] }],
      },
    });
    await waitFor('ticker Running', waitMs, async () =>
      (await read('ticker')).status?.phase === 'Running' ? true : undefined,
    );
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await runtime?.close();
    client?.close();
    await masters?.close();
    await env?.stop();
    if (rootDir !== undefined) rmSync(rootDir, { recursive: true, force: true });
  }, 60_000);

  it('the worker takes the pod CIDR the master handed out, and the pod gets its IP from it', async () => {
    const node = await client.get({ kind: 'Node', name: 'w1' });
    expect(node.spec?.podCidr).toBe(env.podCidr);
    const prefix = env.podCidr.split('.').slice(0, 3).join('.');
    expect((await read('ticker')).status?.podIp?.startsWith(`${prefix}.`)).toBe(true);
  });

  it("orca logs prints the container's lines through the master, and --tail keeps the last ones", async () => {
    const all = await waitFor('a few ticks', waitMs, async () => {
      const run = await orca(['logs', 'ticker']);
      return run.output.includes('tick 2\n') ? run : undefined;
    });
    expect(all.output.startsWith('line one\nline two\ntick 0\n')).toBe(true);
    const tail = await orca(['logs', 'ticker', '--tail', '1']);
    expect(tail.output).toMatch(/^tick \d+\n$/);
    expect((await orca(['logs', 'ticker', '--tail', 'x'])).failure).toMatch(/--tail: must be a whole number/);
  });

  it('logs -f follows new lines until stopped', async () => {
    const stop = new AbortController();
    let text = '';
    const following = client.logs({ name: 'ticker' }, { follow: true, tailLines: 1, signal: stop.signal }, (chunk) => {
      text += chunk.toString('utf8');
    });
    const first = await waitFor('a first line', waitMs, () => /tick (\d+)/.exec(text)?.[1]);
    await waitFor('newer lines', waitMs, () => (text.includes(`tick ${Number(first) + 3}\n`) ? true : undefined));
    stop.abort();
    await following;
  });

  it("orca exec returns the command's stdout, stderr and exit code", async () => {
    const ok = await orca(['exec', 'ticker', '--', 'sh', '-c', 'echo hello from $(hostname)']);
    expect(ok).toMatchObject({ output: 'hello from ticker\n', exitCode: 0 });
    const failing = await orca(['exec', 'ticker', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(failing).toMatchObject({
      output: 'out\n',
      errors: 'err\n',
      exitCode: 7,
      failure: 'error: command terminated with exit code 7',
    });
    const sdk = await client.exec({ name: 'ticker' }, ['cat', '/proc/1/cmdline']);
    expect(sdk.exitCode).toBe(0);
    expect(sdk.stdout.toString()).toContain('sh');
    expect((await orca(['exec', 'nope', '--', 'true'])).failure).toMatch(/pod "default\/nope" not found/);
  });

  it('a deleted pod is marked, stopped with SIGTERM well within its grace period, and then removed by the worker', async () => {
    const uid = (await read('ticker')).metadata?.uid ?? '';
    const started = Date.now();
    const result = await client.delete({ kind: 'Pod', namespace: 'default', name: 'ticker' });
    expect(result.deleted).toBe(false);
    expect((result.object as Pod | undefined)?.metadata?.deletionGracePeriodSeconds).toBe(10);
    await waitFor('the pod object to go', waitMs, async () => {
      try {
        await read('ticker');
        return undefined;
      } catch (error: unknown) {
        if (isClientError(error, 'not-found')) return true;
        throw error;
      }
    });
    // The shell traps SIGTERM and exits: far sooner than the 10 s a SIGKILL would wait for.
    expect(Date.now() - started).toBeLessThan(6_000);
    expect((await runtime.listContainers()).some((container) => container.pod.uid === uid)).toBe(false);
    expect((await runtime.listSandboxes()).some((sandbox) => sandbox.pod.uid === uid)).toBe(false);
  });
});
