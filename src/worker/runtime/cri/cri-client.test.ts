// The CRI client against a real, private containerd (cluster-test/env): the calls
// a worker's pod sync makes, end to end, on real containers. Skips, saying why,
// on machines that cannot run containers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerSupport, startTestRuntime, type TestRuntime } from '../../../../cluster-test/env/index.js';
import type { PodSandboxConfig } from '../../../gen/runtime/v1/PodSandboxConfig.js';
import { CriClient } from './cri-client.js';
import { CriError, CriErrorCode } from './cri-error.js';

const support = containerSupport();
if (!support.ok) console.warn(`cri-client.test: skipped, this machine cannot run containers: ${support.reason}`);

const waitTimeoutMs = 10_000;
const memoryLimitBytes = 64 * 1024 * 1024;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + waitTimeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up after ${waitTimeoutMs} ms waiting for ${what}`, { cause: lastError });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const toNumber = (address: string) => address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base ?? '') / size);
}

/** The host path of the memory cgroup of a process, read from /proc (cgroup v1). */
function memoryCgroupDir(pid: number): string {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[1]?.split(',').includes('memory'));
  if (line === undefined) throw new Error(`process ${pid} has no memory cgroup (cgroup v2?)`);
  return join('/sys/fs/cgroup/memory', line.split(':')[2] ?? '');
}

describe.skipIf(!support.ok)('CRI client on a real containerd', () => {
  let runtime: TestRuntime | undefined;
  let client: CriClient;
  let logDirectory: string;
  let sandboxConfig: PodSandboxConfig;
  let sandboxId = '';
  let httpdId = '';
  let printerId = '';
  const busybox = '127.0.0.1:5000/busybox:latest';
  const httpd = '127.0.0.1:5000/httpd:latest';

  beforeAll(async () => {
    runtime = await startTestRuntime();
    client = new CriClient({ socketPath: runtime.socket });
    logDirectory = mkdtempSync(join(tmpdir(), 'orca-cri-logs-'));
    sandboxConfig = {
      metadata: { name: 'web', uid: 'uid-web-1', namespace: 'default', attempt: 0 },
      hostname: 'web',
      logDirectory,
      labels: { app: 'web' },
      annotations: { 'orca.dev/test': 'cri-client' },
      dnsConfig: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
      linux: {},
    };
  });

  afterAll(async () => {
    // Best effort in reverse order, each step on its own, so that one failure does not leak the rest.
    const steps: Array<() => Promise<unknown>> = [];
    for (const id of [printerId, httpdId].filter((value) => value !== '')) {
      steps.push(
        () => client.stopContainer(id, 0),
        () => client.removeContainer(id),
      );
    }
    if (sandboxId !== '')
      steps.push(
        () => client.stopPodSandbox(sandboxId),
        () => client.removePodSandbox(sandboxId),
      );
    for (const step of steps) await step().catch(() => undefined);
    client?.close();
    await runtime?.stop();
    if (logDirectory !== undefined) rmSync(logDirectory, { recursive: true, force: true });
  });

  it('talks CRI v1 to containerd, which reports the runtime and the network ready', async () => {
    const version = await client.version();
    expect(version.runtimeName).toBe('containerd');
    expect(version.runtimeApiVersion).toBe('v1');
    const status = await client.status();
    const ready = Object.fromEntries(
      status.status?.conditions.map((condition) => [condition.type, condition.status]) ?? [],
    );
    expect(ready).toMatchObject({ RuntimeReady: true, NetworkReady: true });
  });

  it('pulls images from the local registry and then knows them', async () => {
    expect(await client.pullImage({ image: busybox })).toMatch(/^sha256:/);
    await client.pullImage({ image: httpd });
    const image = await client.imageStatus({ image: busybox });
    expect(image?.repoTags).toContain(busybox);
    expect((await client.listImages()).map((listed) => listed.repoTags).flat()).toContain(httpd);
    expect(await client.imageStatus({ image: '127.0.0.1:5000/absent:latest' })).toBeNull();
  });

  it('runs a pod sandbox that gets an IP from the bridge, and lists it with its labels', async () => {
    sandboxId = await client.runPodSandbox(sandboxConfig);
    const { status } = await client.podSandboxStatus(sandboxId);
    expect(status?.state).toBe('SANDBOX_READY');
    expect(status?.annotations).toEqual({ 'orca.dev/test': 'cri-client' });
    expect(ipv4InCidr(status?.network?.ip ?? '', runtime?.podCidr ?? '')).toBe(true);
    const listed = await client.listPodSandbox({ labelSelector: { app: 'web' } });
    expect(listed.map((sandbox) => sandbox.id)).toEqual([sandboxId]);
  });

  it('serves HTTP from a container in the pod that the host reaches at the pod IP, within its memory limit', async () => {
    httpdId = await client.createContainer(
      sandboxId,
      {
        metadata: { name: 'httpd', attempt: 0 },
        image: { image: httpd },
        logPath: 'httpd/0.log',
        labels: { role: 'server' },
        linux: { resources: { memoryLimitInBytes: memoryLimitBytes, cpuShares: 512 } },
      },
      sandboxConfig,
    );
    await client.startContainer(httpdId);
    const { status } = await client.podSandboxStatus(sandboxId);
    const response = await waitFor('httpd to answer', async () => {
      const reply = await httpGet(`http://${status?.network?.ip ?? ''}:8080/`);
      return reply.status === 200 ? reply : undefined;
    });
    expect(response.body).toContain('hello from orca httpd');

    const verbose = await client.containerStatus(httpdId, { verbose: true });
    expect(verbose.status?.state).toBe('CONTAINER_RUNNING');
    const pid = (JSON.parse(verbose.info['info'] ?? '{}') as { pid?: number }).pid ?? 0;
    expect(pid).toBeGreaterThan(0);
    const limit = readFileSync(join(memoryCgroupDir(pid), 'memory.limit_in_bytes'), 'utf8').trim();
    expect(Number(limit)).toBe(memoryLimitBytes);
  });

  it('runs commands in a running container and returns their output and exit code', async () => {
    const result = await client.execSync(httpdId, ['sh', '-c', 'echo hello; echo oops >&2; exit 7'], 5);
    expect(result).toMatchObject({ exitCode: 7 });
    expect(result.stdout.toString()).toBe('hello\n');
    expect(result.stderr.toString()).toBe('oops\n');
    expect(await client.exec(httpdId, ['sh'], { tty: false, stdin: true, stdout: true, stderr: true })).toMatch(
      /^http:\/\//,
    );
  });

  it('follows a container from running to exited with its exit code, its output in a CRI log file', async () => {
    printerId = await client.createContainer(
      sandboxId,
      {
        metadata: { name: 'printer', attempt: 0 },
        image: { image: busybox },
        // Holds until told to go, so the test sees it running before it exits.
        command: [
          'sh',
          '-c',
          'echo one; echo two; echo three >&2; while [ ! -f /tmp/go ]; do sleep 0.05; done; exit 3',
        ],
        logPath: 'printer/0.log',
      },
      sandboxConfig,
    );
    await client.startContainer(printerId);
    expect((await client.containerStatus(printerId)).status?.state).toBe('CONTAINER_RUNNING');
    await client.execSync(printerId, ['touch', '/tmp/go'], 5);
    const exited = await waitFor('the printer to exit', async () => {
      const { status } = await client.containerStatus(printerId);
      return status?.state === 'CONTAINER_EXITED' ? status : undefined;
    });
    expect(exited.exitCode).toBe(3);
    expect(exited.logPath).toBe(join(logDirectory, 'printer/0.log'));
    const lines = readFileSync(exited.logPath, 'utf8').trimEnd().split('\n');
    const parsed = lines.map((line) => /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line)?.slice(1));
    // stdout and stderr are separate pipes: their relative order in the file is not fixed.
    const entries = parsed.map((fields) => [fields?.[1], fields?.[2], fields?.[3]]);
    expect(entries.filter((entry) => entry[0] === 'stdout')).toEqual([
      ['stdout', 'F', 'one'],
      ['stdout', 'F', 'two'],
    ]);
    expect(entries.filter((entry) => entry[0] === 'stderr')).toEqual([['stderr', 'F', 'three']]);
    expect(parsed.every((fields) => !Number.isNaN(Date.parse(fields?.[0] ?? '')))).toBe(true);
  });

  it('stops and removes containers and the sandbox, after which they are not found', async () => {
    await client.stopContainer(httpdId, 0);
    expect((await client.containerStatus(httpdId)).status?.state).toBe('CONTAINER_EXITED');
    for (const id of [httpdId, printerId]) await client.removeContainer(id);
    const error = await client.containerStatus(httpdId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CriError);
    expect((error as CriError).code).toBe(CriErrorCode.notFound);
    expect(await client.listContainers({ podSandboxId: sandboxId })).toEqual([]);
    httpdId = '';
    printerId = '';

    await client.stopPodSandbox(sandboxId);
    await client.removePodSandbox(sandboxId);
    const gone = await client.podSandboxStatus(sandboxId).catch((caught: unknown) => caught);
    expect((gone as CriError).code).toBe(CriErrorCode.notFound);
    expect(await client.listPodSandbox()).toEqual([]);
    sandboxId = '';
  });
});
