// End to end on real containers: three `orca master` processes and one worker
// process on the cri runtime against a private containerd (cluster-test/env).
// A Deployment of two busybox replicas becomes Running with pod IPs from the
// worker's CNI range, and `orca scale` takes it to three. Skips, saying why,
// on machines that cannot run containers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../src/api/index.js';
import type { OrcaClient } from '../../src/client/index.js';
import { isActive, isReady } from '../../src/controllers/workloads/pod-state.js';
import { containerSupport, startTestRuntime, type TestRuntime } from '../env/index.js';
import { MasterProcesses, orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { WorkerProcesses } from './worker-processes.js';

const support = containerSupport();
if (!support.ok) console.warn(`containerd.test: skipped, this machine cannot run containers: ${support.reason}`);

const busybox = '127.0.0.1:5000/busybox:latest';
const run = promisify(execFile);

describe.skipIf(!support.ok)('a Deployment on containerd', () => {
  let env: TestRuntime;
  let masters: MasterProcesses;
  let workers: WorkerProcesses;
  let client: OrcaClient;

  beforeAll(async () => {
    env = await startTestRuntime();
    masters = await MasterProcesses.start({ size: 3 });
    client = masters.client();
    // the worker asks for the private containerd's CNI range, so pod IPs and the Node's pod CIDR agree
    workers = new WorkerProcesses({
      servers: () => masters.masters.map((master) => master.address),
      client,
      runtime: 'cri',
      containerdSocket: env.socket,
      // The Deployment's story needs no Services: the host's own network stays untouched (the pod network has its own suite).
      extraArgs: ['--pod-cidr', env.podCidr, '--no-pod-network'],
    });
    await workers.start('c1');
  }, 60_000);

  afterAll(async () => {
    if (client !== undefined) {
      // containers and sandboxes go before containerd does: delete the Deployment and wait for its pods to be removed
      await client.delete({ kind: 'Deployment', namespace: 'default', name: 'hello' }).catch(() => undefined);
      await waitFor(
        'the pods removed by the worker',
        20_000,
        async () => ((await client.list('Pod', { namespace: 'default' })).items.length === 0 ? true : undefined),
        200,
      ).catch(() => undefined);
    }
    await workers?.stop();
    await masters?.stop();
    await env?.stop();
  }, 60_000);

  async function runningPods(count: number): Promise<Pod[]> {
    return waitFor(
      `${count} hello pods Running and Ready`,
      30_000,
      async () => {
        const pods = (await client.list('Pod', { namespace: 'default', labelSelector: 'app=hello' })).items.filter(
          isActive,
        );
        return pods.length === count && pods.every(isReady) ? pods : undefined;
      },
      200,
    );
  }

  it('runs two busybox replicas, then three after orca scale', async () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'hello' } },
        template: {
          metadata: { labels: { app: 'hello' } },
          spec: {
            terminationGracePeriodSeconds: 2,
            containers: [
              {
                name: 'hello',
                image: busybox,
                command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
              },
            ],
          },
        },
      },
    };
    await client.create(deployment);
    const two = await runningPods(2);
    const node = await client.get({ kind: 'Node', name: 'c1' });
    expect(node.spec?.podCidr).toBe(env.podCidr);
    const prefix = env.podCidr.split('.').slice(0, 3).join('.');
    for (const pod of two) expect(pod.status?.podIp?.startsWith(`${prefix}.`), pod.status?.podIp).toBe(true);
    const servers = masters
      .alive()
      .map((master) => master.address)
      .join(',');
    await run(
      process.execPath,
      [orcaScript(), '--server', servers, 'scale', 'deployment', 'hello', '--replicas', '3'],
      { timeout: 20_000 },
    );
    const three = await runningPods(3);
    expect(new Set(three.map((pod) => pod.status?.podIp)).size).toBe(3);
  }, 60_000);
});
