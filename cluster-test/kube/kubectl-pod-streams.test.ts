// The real kubectl against a real master and a worker with the process
// runtime (in this process, gRPC on loopback): `kubectl exec` with and
// without stdin and a terminal, its exit code, `kubectl cp` both ways,
// `kubectl attach` and `kubectl port-forward`, all through the master's HTTP
// port, where podStreamUpgrade takes the upgrade and relays to the worker.
// The HTTP extension here answers only what kubectl asks besides the stream
// itself: legacy discovery (/api, /api/v1, /apis) and GET of the pod.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeObject, type Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { podStreamUpgrade } from '../../src/kube/pod-stream.js';
import { statusOf } from '../../src/kube/status.js';
import type { HttpBackend, HttpExtension } from '../../src/master/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { ProcessRuntime } from '../../src/worker/runtime/process/process-runtime.js';
import { Worker, workerDefaults } from '../../src/worker/worker.js';

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const waitMs = 15_000;

let masters: TestMasters;
let client: OrcaClient;
let runtime: ProcessRuntime;
let worker: Worker;
let folder: string;
let kubeconfig: string;
let echoPort: number;

const podPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(?:\/(exec|attach|portforward))?$/;

function json(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

const resource = (name: string, kind: string, verbs: string[]): Record<string, unknown> => ({
  name,
  singularName: name.includes('/') ? '' : 'pod',
  namespaced: true,
  kind,
  verbs,
  ...(name === 'pods' ? { shortNames: ['po'] } : {}),
});

/** Discovery and pod GETs from the master's core, pod streams through podStreamUpgrade. */
function testExtension(backend: HttpBackend): HttpExtension {
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/api') return json(response, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis') return json(response, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (path === '/api/v1')
      return json(response, 200, {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          resource('pods', 'Pod', ['get', 'list']),
          resource('pods/exec', 'PodExecOptions', ['create', 'get']),
          resource('pods/attach', 'PodAttachOptions', ['create', 'get']),
          resource('pods/portforward', 'PodPortForwardOptions', ['create', 'get']),
        ],
      });
    const match = podPath.exec(path);
    if (match === null || match[3] !== undefined) return json(response, 404, { kind: 'Status', code: 404 });
    const caller = await backend.authenticate(request);
    const pod = await backend.core.get({ kind: 'Pod', namespace: match[1] ?? '', name: match[2] ?? '' }, { caller });
    json(response, 200, encodeObject(pod));
  };
  return {
    handle: (request, response) => {
      void answer(request, response).catch((error: unknown) => {
        const { code, body } = statusOf(error, { resource: 'pods' });
        json(response, code, body);
      });
      return true;
    },
    upgrade: (request, socket, head) => {
      const match = podPath.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
      const subresource = match?.[3] as 'exec' | 'attach' | 'portforward' | undefined;
      if (match === null || subresource === undefined) return false;
      podStreamUpgrade(backend, request, socket, head, { namespace: match[1] ?? '', pod: match[2] ?? '', subresource });
      return true;
    },
    close: () => Promise.resolve(),
  };
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl to its end (bounded), with `input` as its stdin. */
function kubectl(args: readonly string[], input = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      env: { ...process.env, HOME: folder, KUBECONFIG: kubeconfig, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')} did not end: ${stdout} ${stderr}`));
    }, waitMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** A long-running kubectl: resolves with the child once its output matches `ready`. */
function kubectlUntil(
  args: readonly string[],
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    env: { ...process.env, HOME: folder, KUBECONFIG: kubeconfig, ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')} never printed ${String(ready)}: ${output}`));
    }, waitMs);
    const hear = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout.on('data', hear);
    child.stderr.on('data', hear);
    child.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`kubectl ${args.join(' ')} ended: ${output}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

function listening(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const pod = (name: string, command: string[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'k1', terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'none', command }] },
});

async function running(name: string): Promise<void> {
  await waitFor(`pod ${name} to run`, waitMs, async () => {
    const found = await client.get({ kind: 'Pod', namespace: 'default', name });
    return found.status?.phase === 'Running' ? true : undefined;
  });
}

beforeAll(async () => {
  if (!kubectlFound) return;
  folder = mkdtempSync(join(tmpdir(), 'orca-kubectl-'));
  masters = new TestMasters();
  const master = await masters.start('solo', { bootstrap: true, http: '127.0.0.1:0', httpExtensions: [testExtension] });
  await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
  client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 5_000 });
  runtime = new ProcessRuntime({ hostIp: '127.0.0.1' });
  worker = new Worker({
    ...workerDefaults,
    name: 'k1',
    client,
    runtime,
    rootDir: join(folder, 'worker'),
    hostIp: '127.0.0.1',
    capacity: {},
    serviceListen: '127.0.0.1:0',
    leaseRenewMs: 1_000,
    relistPeriodMs: 200,
    logger: pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' }),
  });
  await worker.start();
  kubeconfig = join(folder, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'orca', cluster: { server: `http://${master.httpAddress}` } }],
      users: [{ name: 'orca', user: {} }],
      contexts: [{ name: 'orca', context: { cluster: 'orca', user: 'orca', namespace: 'default' } }],
      'current-context': 'orca',
    }),
  );
  echoPort = await freePort();
  const echo = `require('net').createServer((s) => s.pipe(s)).listen(${echoPort}, '127.0.0.1')`;
  await client.create(pod('web', ['sh', '-c', 'while true; do echo tick; sleep 0.2; done']));
  await client.create(pod('echo', [process.execPath, '-e', echo]));
  await running('web');
  await running('echo');
  await waitFor('the echo pod to listen', waitMs, () => listening(echoPort));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await runtime?.close();
  client?.close();
  await masters?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!kubectlFound)('kubectl pod streams', () => {
  it('kubectl exec runs a command and prints its output', async () => {
    const run = await kubectl(['exec', 'web', '--', 'echo', 'hi']);
    expect(run).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it("kubectl exec exits with the command's exit code and keeps stderr apart", async () => {
    const run = await kubectl(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('out\n');
    expect(run.stderr).toContain('err\n');
    expect(run.stderr).toContain('command terminated with exit code 3');
  });

  it('kubectl exec -i feeds stdin to the command until its end', async () => {
    const run = await kubectl(['exec', '-i', 'web', '--', 'cat'], 'data\nmore data\n');
    expect(run).toMatchObject({ code: 0, stdout: 'data\nmore data\n' });
  });

  it('kubectl exec -it gives the command a terminal when kubectl has one', async () => {
    // kubectl puts its own terminal in raw mode: run it under a pseudo-terminal too.
    const inner = `kubectl --kubeconfig ${kubeconfig} exec -it web -- sh -c 'tty; exit 5'`;
    const run = await new Promise<Run>((resolve) => {
      const child = spawn('script', ['-qfec', inner, '/dev/null'], { env: { ...process.env, HOME: folder } });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.once('close', (code) => resolve({ code, stdout, stderr: '' }));
      child.stdin.end();
    });
    expect(run.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(run.code).toBe(5);
  });

  it('kubectl exec says which pod or container is not there', async () => {
    const missing = await kubectl(['exec', 'nowhere', '--', 'true']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('not found');
    const container = await kubectl(['exec', 'web', '-c', 'nope', '--', 'true']);
    expect(container.code).not.toBe(0);
    expect(container.stderr).toContain('container nope is not valid for pod web');
  });

  it('kubectl cp copies a file into the pod and back (tar over stdin and stdout)', async () => {
    const local = join(folder, 'in.bin');
    const remoteDir = join(folder, 'pod-side');
    mkdirSync(remoteDir);
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7) % 256));
    writeFileSync(local, bytes);
    const upload = await kubectl(['cp', local, `default/web:${join(remoteDir, 'copy.bin')}`]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(readFileSync(join(remoteDir, 'copy.bin')).equals(bytes)).toBe(true);
    const back = join(folder, 'back.bin');
    const download = await kubectl(['cp', `default/web:${join(remoteDir, 'copy.bin')}`, back]);
    expect(download.code, download.stderr).toBe(0);
    expect(readFileSync(back).equals(bytes)).toBe(true);
  });

  it("kubectl attach follows the container's output", async () => {
    const attached = await kubectlUntil(['attach', 'web', '-c', 'app'], /tick\n/);
    await stopped(attached.child);
    expect(attached.output()).toContain('tick');
  });
});

/** Sends `message` on a new connection to `port`, half-closes once it is echoed, and returns what came back. */
function echoThrough(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no echo of "${message}", got "${text}"`)), 5_000);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text === message) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', reject);
    socket.write(message);
  });
}

const forwarding = /Forwarding from 127\.0\.0\.1:(\d+)/;

/** kubectl before 1.30 (or with websockets off) speaks SPDY; it is kubectl's fallback too. */
const spdyOnly = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

describe.skipIf(!kubectlFound)('kubectl port-forward', () => {
  for (const [transport, env] of [
    ['SPDY tunnelled in a WebSocket', {}],
    ['plain SPDY', spdyOnly],
  ] as const) {
    it(`carries connections to the pod's port both ways (${transport})`, async () => {
      const forward = await kubectlUntil(['port-forward', 'pod/echo', `:${echoPort}`], forwarding, env);
      const localPort = Number(forwarding.exec(forward.output())?.[1]);
      try {
        expect(await echoThrough(localPort, 'first connection')).toBe('first connection');
        const big = 'x'.repeat(300_000);
        const [second, third] = await Promise.all([echoThrough(localPort, big), echoThrough(localPort, 'third')]);
        expect(second.length).toBe(big.length);
        expect(third).toBe('third');
      } finally {
        await stopped(forward.child);
      }
    });
  }

  it('says why a connection to a port nobody listens on failed', async () => {
    const closed = await freePort();
    const forward = await kubectlUntil(['port-forward', 'pod/echo', `:${closed}`], forwarding);
    const localPort = Number(forwarding.exec(forward.output())?.[1]);
    const socket = connect(localPort, '127.0.0.1');
    socket.on('error', () => undefined);
    await waitFor('kubectl to report the refusal', waitMs, () =>
      /connection refused/.test(forward.output()) ? true : undefined,
    );
    socket.destroy();
    await stopped(forward.child);
    expect(forward.output()).toContain(`error forwarding port ${closed} to pod default/echo`);
  });
});

describe.skipIf(!kubectlFound)('kubectl exec over SPDY', () => {
  it('runs, feeds stdin and exits with the code, as over a WebSocket', async () => {
    expect(await kubectl(['exec', 'web', '--', 'echo', 'hi'], '', spdyOnly)).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(await kubectl(['exec', '-i', 'web', '--', 'cat'], 'in\n', spdyOnly)).toMatchObject({
      code: 0,
      stdout: 'in\n',
    });
    expect((await kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 7'], '', spdyOnly)).code).toBe(7);
  });
});
