// The process runtime under a real worker and a real master (gRPC on loopback,
// SQLite in a temp dir): a pod runs as host processes to Running, is restarted
// when its process exits, its logs and an exec come back through the master,
// and deleting it stops the process within the grace period and then removes
// the pod object.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/index.js';
import { isClientError, OrcaClient } from '../../src/client/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';
import { Worker, workerDefaults } from '../../src/worker/worker.js';
import { ProcessRuntime } from '../../src/worker/runtime/process/process-runtime.js';

const waitMs = 10_000;
let masters: TestMasters;
let client: OrcaClient;
let runtime: ProcessRuntime;
let worker: Worker;
let rootDir: string;

beforeAll(async () => {
  masters = new TestMasters();
  const master = await masters.start('solo', { bootstrap: true });
  await waitFor('the master to lead', 5_000, () => (master.node.state === 'leader' ? true : undefined));
  client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 5_000 });
  rootDir = mkdtempSync(join(tmpdir(), 'orca-process-'));
  runtime = new ProcessRuntime({ hostIp: '127.0.0.1' });
  worker = new Worker({
    ...workerDefaults,
    name: 'p1',
    client,
    runtime,
    rootDir,
    hostIp: '127.0.0.1',
    capacity: {},
    serviceListen: '127.0.0.1:0',
    leaseRenewMs: 1_000,
    relistPeriodMs: 200,
    logger: pino({ level: process.env['ORCA_TEST_LOG'] ?? 'silent' }),
  });
  await worker.start();
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  await runtime?.close();
  client?.close();
  await masters?.close();
  if (rootDir !== undefined) rmSync(rootDir, { recursive: true, force: true });
});

const pod = (name: string, script: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: 'p1',
    terminationGracePeriodSeconds: 5,
    containers: [
      { name: 'app', image: 'none', command: ['sh', '-c', script], env: [{ name: 'GREETING', value: 'hello' }] },
    ],
    ...extra,
  },
});
const read = (name: string): Promise<Pod> => client.get({ kind: 'Pod', namespace: 'default', name });

async function logsOf(name: string): Promise<string> {
  let text = '';
  await client.logs({ name }, {}, (chunk) => {
    text += chunk.toString('utf8');
  });
  return text;
}

describe('the process runtime', () => {
  it('registers the Node with a pod CIDR handed out by the master', async () => {
    const node = await client.get({ kind: 'Node', name: 'p1' });
    expect(node.spec?.podCidr).toBe('10.244.0.0/24');
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^process:\/\//);
  });

  it('runs a pod to Running with the host IP; logs and exec come back through the master', async () => {
    await client.create(pod('greeter', 'echo "$GREETING from $$"; echo oops >&2; exec sleep 60'));
    const running = await waitFor('greeter Running', waitMs, async () =>
      (await read('greeter')).status?.phase === 'Running' ? await read('greeter') : undefined,
    );
    expect(running.status?.podIp).toBe('127.0.0.1');
    const logs = await waitFor('greeter logs', waitMs, async () => {
      const text = await logsOf('greeter');
      return text.includes('oops') ? text : undefined;
    });
    expect(logs).toMatch(/^hello from \d+$/m);
    const result = await client.exec({ name: 'greeter' }, ['sh', '-c', 'echo "$GREETING"; echo bad >&2; exit 3']);
    expect(result).toMatchObject({ exitCode: 3 });
    expect(result.stdout.toString()).toBe('hello\n');
    expect(result.stderr.toString()).toBe('bad\n');
  });

  it('restarts a container whose process exits, and counts the restart', async () => {
    await client.create(pod('blinker', 'echo started; sleep 0.3; exit 1'));
    const restarted = await waitFor('a restart', waitMs, async () => {
      const count = (await read('blinker')).status?.containerStatuses?.[0]?.restartCount ?? 0;
      return count >= 1 ? count : undefined;
    });
    expect(restarted).toBeGreaterThanOrEqual(1);
    const previous = await logsOf('blinker');
    expect(previous).toContain('started');
  });

  it('a deleted pod is stopped within its grace period (SIGTERM first), then the worker removes the object', async () => {
    const marker = join(rootDir, 'terminated');
    await client.create(pod('graceful', `trap 'echo bye > ${marker}; exit 0' TERM; while true; do sleep 0.1; done`));
    await waitFor('graceful Running', waitMs, async () =>
      (await read('graceful')).status?.phase === 'Running' ? true : undefined,
    );
    const started = Date.now();
    const marked = await client.delete({ kind: 'Pod', namespace: 'default', name: 'graceful' });
    expect(marked.deleted).toBe(false);
    await waitFor('the pod object to go', waitMs, async () => {
      try {
        await read('graceful');
        return undefined;
      } catch (error: unknown) {
        if (isClientError(error, 'not-found')) return true;
        throw error;
      }
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(marker, 'utf8')).toBe('bye\n');
    const left = (await runtime.listContainers()).filter((container) => container.pod.name === 'graceful');
    expect(left).toEqual([]);
  });
});
