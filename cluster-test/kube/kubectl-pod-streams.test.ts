// The real kubectl against a real master and a worker with the process
// runtime (in this process, gRPC on loopback): `kubectl exec` with and
// without stdin and a terminal, its exit code, `kubectl cp` both ways,
// `kubectl attach` and `kubectl port-forward` (over WebSocket and over SPDY),
// all through the master's HTTP port, where podStreamUpgrade takes the
// upgrade and relays to the worker. Also the other ways in to the same
// sessions: a WebSocket port-forward without SPDY (`?ports=`), and
// PodService.Stream over gRPC.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import type { PodStreamFrame__Output } from '../../src/gen/orca/v1/PodStreamFrame.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { servicesWire } from '../../src/master/wire.js';
import { closePodStreams } from '../../src/kube/pod-stream.js';
import { ProcessRuntime } from '../../src/worker/runtime/process/process-runtime.js';
import { Worker, workerDefaults } from '../../src/worker/worker.js';
import {
  echoThrough,
  forwarding,
  freePort,
  Kubectl,
  kubectlExtension,
  kubectlFound,
  kubectlWaitMs,
  listening,
  servedBackends,
  spdyOnly,
  stopped,
} from './kubectl-harness.js';

let masters: TestMasters;
let client: OrcaClient;
let runtime: ProcessRuntime;
let worker: Worker;
let folder: string;
let kubectl: Kubectl;
let echoPort: number;
let httpAddress: string;
let grpcAddress: string;

const pod = (name: string, command: string[]): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'k1', terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'none', command }] },
});

async function running(name: string): Promise<void> {
  await waitFor(`pod ${name} to run`, kubectlWaitMs, async () => {
    const found = await client.get({ kind: 'Pod', namespace: 'default', name });
    return found.status?.phase === 'Running' ? true : undefined;
  });
}

beforeAll(async () => {
  if (!kubectlFound) return;
  folder = mkdtempSync(join(tmpdir(), 'orca-kubectl-'));
  masters = new TestMasters();
  const master = await masters.start('solo', {
    bootstrap: true,
    http: '127.0.0.1:0',
    httpExtensions: [kubectlExtension],
  });
  await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
  httpAddress = master.httpAddress ?? '';
  grpcAddress = master.address;
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
  kubectl = new Kubectl(folder, httpAddress);
  echoPort = await freePort();
  const echo = `require('net').createServer((s) => s.pipe(s)).listen(${echoPort}, '127.0.0.1')`;
  await client.create(pod('web', ['sh', '-c', 'while true; do echo tick; sleep 0.2; done']));
  await client.create(pod('echo', [process.execPath, '-e', echo]));
  await running('web');
  await running('echo');
  await waitFor('the echo pod to listen', kubectlWaitMs, () => listening(echoPort));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await runtime?.close();
  client?.close();
  await masters?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!kubectlFound)('kubectl exec, cp and attach', () => {
  it('kubectl exec runs a command and prints its output', async () => {
    const run = await kubectl.run(['exec', 'web', '--', 'echo', 'hi']);
    expect(run).toMatchObject({ code: 0, stdout: 'hi\n' });
  });

  it("kubectl exec exits with the command's exit code and keeps stderr apart", async () => {
    const run = await kubectl.run(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('out\n');
    expect(run.stderr).toContain('err\n');
    expect(run.stderr).toContain('command terminated with exit code 3');
  });

  it('kubectl exec -i feeds stdin to the command until its end', async () => {
    const run = await kubectl.run(['exec', '-i', 'web', '--', 'cat'], 'data\nmore data\n');
    expect(run).toMatchObject({ code: 0, stdout: 'data\nmore data\n' });
  });

  it('kubectl exec -it gives the command a terminal when kubectl has one', async () => {
    const run = await kubectl.runOnTerminal(['exec', '-it', 'web', '--', 'sh', '-c', 'tty; exit 5']);
    expect(run.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(run.code).toBe(5);
  });

  it('kubectl exec says which pod or container is not there', async () => {
    const missing = await kubectl.run(['exec', 'nowhere', '--', 'true']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('pods "nowhere" not found');
    const container = await kubectl.run(['exec', 'web', '-c', 'nope', '--', 'true']);
    expect(container.code).not.toBe(0);
    expect(container.stderr).toContain('container nope is not valid for pod web');
  });

  it('kubectl cp copies a file into the pod and back (tar over stdin and stdout)', async () => {
    const local = join(folder, 'in.bin');
    const remoteDir = join(folder, 'pod-side');
    mkdirSync(remoteDir);
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7) % 256));
    writeFileSync(local, bytes);
    const upload = await kubectl.run(['cp', local, `default/web:${join(remoteDir, 'copy.bin')}`]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(readFileSync(join(remoteDir, 'copy.bin')).equals(bytes)).toBe(true);
    const back = join(folder, 'back.bin');
    const download = await kubectl.run(['cp', `default/web:${join(remoteDir, 'copy.bin')}`, back]);
    expect(download.code, download.stderr).toBe(0);
    expect(readFileSync(back).equals(bytes)).toBe(true);
  });

  it("kubectl attach follows the container's output", async () => {
    const attached = await kubectl.until(['attach', 'web', '-c', 'app'], /tick\n/);
    await stopped(attached.child);
    expect(attached.output()).toContain('tick');
  });

  it('closePodStreams ends the sessions (a stopping master), and the command with them', async () => {
    const session = await kubectl.until(['exec', 'web', '--', 'sh', '-c', 'echo ready; sleep 600'], /ready/);
    const ended = new Promise<number | null>((resolve) => session.child.once('close', (code) => resolve(code)));
    for (const backend of servedBackends) closePodStreams(backend);
    expect(await ended).not.toBe(0);
    await waitFor('the exec to be killed', kubectlWaitMs, async () => {
      const run = await kubectl.run(['exec', 'web', '--', 'sh', '-c', 'ps -eo args | grep -c "[s]leep 600" || true']);
      return run.stdout.trim() === '0' ? true : undefined;
    });
  });

  it('kubectl exec over SPDY (its fallback, and older kubectls) runs, feeds stdin and exits with the code', async () => {
    expect(await kubectl.run(['exec', 'web', '--', 'echo', 'hi'], '', spdyOnly)).toMatchObject({
      code: 0,
      stdout: 'hi\n',
    });
    expect(await kubectl.run(['exec', '-i', 'web', '--', 'cat'], 'in\n', spdyOnly)).toMatchObject({
      code: 0,
      stdout: 'in\n',
    });
    expect((await kubectl.run(['exec', 'web', '--', 'sh', '-c', 'exit 7'], '', spdyOnly)).code).toBe(7);
  });
});

describe.skipIf(!kubectlFound)('kubectl port-forward', () => {
  for (const [transport, env] of [
    ['SPDY tunnelled in a WebSocket', {}],
    ['plain SPDY', spdyOnly],
  ] as const) {
    it(`carries connections to the pod's port both ways (${transport})`, async () => {
      const forward = await kubectl.until(['port-forward', 'pod/echo', `:${echoPort}`], forwarding, env);
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
    const forward = await kubectl.until(['port-forward', 'pod/echo', `:${closed}`], forwarding);
    const localPort = Number(forwarding.exec(forward.output())?.[1]);
    const socket = connect(localPort, '127.0.0.1');
    socket.on('error', () => undefined);
    await waitFor('kubectl to report the refusal', kubectlWaitMs, () =>
      /connection refused/.test(forward.output()) ? true : undefined,
    );
    socket.destroy();
    await stopped(forward.child);
    expect(forward.output()).toContain(`error forwarding port ${closed} to pod default/echo`);
  });
});

describe.skipIf(!kubectlFound)('the same sessions, other ways in', () => {
  it('forwards a port over a WebSocket without SPDY: channel 0 data, 1 errors, each opened by the port number', async () => {
    const url = `ws://${httpAddress}/api/v1/namespaces/default/pods/echo/portforward?ports=${echoPort}`;
    const ws = new WebSocket(url, ['v4.channel.k8s.io']);
    const messages: Buffer[] = [];
    const echoed = new Promise<string>((resolve, reject) => {
      let text = '';
      ws.on('message', (data: Buffer) => {
        messages.push(data);
        if (data[0] === 0 && messages.filter((message) => message[0] === 0).length > 1) {
          text += data.subarray(1).toString();
          if (text === 'over a websocket') resolve(text);
        }
      });
      ws.once('error', reject);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('over a websocket')]));
    expect(await echoed).toBe('over a websocket');
    const port = Buffer.alloc(2);
    port.writeUInt16LE(echoPort);
    expect(messages.slice(0, 2)).toEqual([
      Buffer.concat([Buffer.from([0]), port]),
      Buffer.concat([Buffer.from([1]), port]),
    ]);
    ws.close();
  });

  it('runs an exec through PodService.Stream on the master (gRPC), stdin to its end and the exit code last', async () => {
    const pods = new (servicesWire().PodService)(grpcAddress, credentials.createInsecure());
    try {
      const call = pods.Stream(new Metadata());
      const frames: PodStreamFrame__Output[] = [];
      const done = new Promise<void>((resolve, reject) => {
        call.on('data', (frame: PodStreamFrame__Output) => frames.push(frame));
        call.once('end', () => resolve());
        call.once('error', reject);
      });
      call.write({
        open: {
          namespace: 'default',
          pod: 'web',
          kind: 'POD_STREAM_KIND_EXEC',
          command: ['sh', '-c', 'cat; exit 6'],
          stdin: true,
          stdout: true,
          stderr: true,
        },
      });
      call.write({ data: { channel: 'POD_STREAM_CHANNEL_STDIN', data: Buffer.from('through grpc') } });
      call.write({ close: { channel: 'POD_STREAM_CHANNEL_STDIN' } });
      await done;
      expect(frames[0]?.frame).toBe('started');
      const stdout = frames
        .filter((frame) => frame.data?.channel === 'POD_STREAM_CHANNEL_STDOUT')
        .map((frame) => frame.data?.data.toString())
        .join('');
      expect(stdout).toBe('through grpc');
      expect(frames.at(-1)?.exit).toMatchObject({ exitCode: 6, error: '' });
    } finally {
      pods.close();
    }
  });
});
