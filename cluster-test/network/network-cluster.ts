/**
 * A whole cluster with its pod network, as real processes in network
 * namespaces on one bridge: three masters (ChaosMasters), workers each with
 * its own containerd in its own namespace (`orca worker --runtime cri` with
 * the pod network: routes, service proxy, cluster DNS, ingress), and plain
 * client namespaces standing for machines outside the cluster. Everything it
 * made is removed by stop(), also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { ChaosMasters } from '../chaos/chaos-masters.js';
import { run, type Host, type HostNetwork } from '../chaos/network.js';
import { startTestRuntime, type TestRuntime } from '../env/index.js';
import { orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { nodeIsReady } from '../workloads/worker-processes.js';

export interface NetworkWorker {
  readonly name: string;
  readonly host: Host;
  readonly runtime: TestRuntime;
  readonly rootDir: string;
  process: ChildProcess | null;
  output: string;
}

const outputBytesMax = 128 * 1024;
const readyTimeoutMs = 60_000;

export class NetworkCluster {
  readonly workers = new Map<string, NetworkWorker>();
  readonly clients = new Map<string, Host>();
  readonly client: OrcaClient;

  private constructor(
    readonly masters: ChaosMasters,
    readonly network: HostNetwork,
  ) {
    this.client = new OrcaClient({
      servers: masters.masters().map((master) => master.address),
      operationDeadlineMs: 20_000,
    });
  }

  static async start(options: { workers: readonly string[]; clients: readonly string[] }): Promise<NetworkCluster> {
    const masters = await ChaosMasters.start({ size: 3, hosting: 'netns' });
    const network = masters.hostNetwork;
    if (network === null) {
      await masters.stop();
      throw new Error('the network cluster needs network namespaces (root)');
    }
    const cluster = new NetworkCluster(masters, network);
    try {
      for (const name of options.clients) cluster.clients.set(name, network.addHost(name));
      for (const name of options.workers) await cluster.addWorker(name);
      return cluster;
    } catch (error: unknown) {
      const outputs = cluster.outputs();
      await cluster.stop();
      throw new Error(
        `network cluster start failed: ${error instanceof Error ? error.message : String(error)}\n${outputs}`,
      );
    }
  }

  private async addWorker(name: string): Promise<void> {
    const host = this.network.addHost(name);
    const rootDir = join(this.masters.root, `worker-${name}`);
    mkdirSync(rootDir, { recursive: true });
    // The initial CIDR is only the test environment's; the worker rewrites the CNI config from the one the masters hand out.
    const runtime = await startTestRuntime({
      netns: host.namespace,
      bridge: `cni-${name}`,
      podCidr: '10.245.250.0/24',
      dir: join(rootDir, 'containerd'),
    });
    const worker: NetworkWorker = { name, host, runtime, rootDir, process: null, output: '' };
    this.workers.set(name, worker);
    this.launch(worker);
    await waitFor(
      `worker ${name} Ready with a pod CIDR`,
      readyTimeoutMs,
      async () => {
        if (worker.process === null) throw new Error(`worker ${name} exited:\n${worker.output}`);
        const node = await this.client.get({ kind: 'Node', name }).catch(() => undefined);
        return node !== undefined && nodeIsReady(node) && (node.spec?.podCidr ?? '') !== '' ? true : undefined;
      },
      200,
    );
  }

  private launch(worker: NetworkWorker): void {
    const servers = this.masters
      .masters()
      .map((master) => master.address)
      .join(',');
    const args = [
      `--net=/run/netns/${worker.host.namespace}`,
      process.execPath,
      orcaScript(),
      'worker',
      '--name',
      worker.name,
      '--server',
      servers,
      '--runtime',
      'cri',
      '--containerd-socket',
      worker.runtime.socket,
      '--cni-conf-dir',
      join(worker.runtime.dir, 'cni', 'net.d'),
      '--host-ip',
      worker.host.ip,
      '--listen',
      `${worker.host.ip}:10250`,
      '--root-dir',
      join(worker.rootDir, 'root'),
      // Names outside the cluster are never asked of a real resolver from a test.
      '--dns-upstreams',
      'none',
      '--lease-renew-seconds',
      '1',
      // The masters here run plaintext (ChaosMasters without secure).
      '--insecure',
    ];
    const child = spawn('nsenter', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, ORCA_LOG_LEVEL: 'info', ORCA_LOG_FORMAT: 'json' },
    });
    worker.process = child;
    const keep = (chunk: Buffer): void => {
      worker.output = (worker.output + chunk.toString()).slice(-outputBytesMax);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => {
      if (worker.process === child) worker.process = null;
      keep(Buffer.from(`\n[exited: ${signal ?? `code ${String(code)}`}]\n`));
    });
  }

  worker(name: string): NetworkWorker {
    const worker = this.workers.get(name);
    if (worker === undefined) throw new Error(`no worker ${name}`);
    return worker;
  }

  /** A command in a client namespace (busybox, curl), bounded in time; answers stdout, or throws with stderr. */
  inClient(name: string, command: readonly string[], timeoutSeconds = 5): string {
    const host = this.clients.get(name);
    if (host === undefined) throw new Error(`no client ${name}`);
    return run('ip', ['netns', 'exec', host.namespace, 'timeout', String(timeoutSeconds), ...command]);
  }

  /** A command inside a pod's first container, through the API (masters → worker → CRI exec). */
  async inPod(
    pod: { namespace?: string; name: string },
    command: readonly string[],
    timeoutSeconds = 10,
  ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const result = await this.client.exec({ namespace: pod.namespace ?? 'default', name: pod.name }, command, {
      timeoutSeconds,
    });
    return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  }

  async runningPods(labelSelector: string, count: number, timeoutMs = 90_000): Promise<Pod[]> {
    return waitFor(
      `${count} Ready pods (${labelSelector})`,
      timeoutMs,
      async () => {
        const pods = (await this.client.listAll('Pod', { labelSelector })).items.filter(
          (pod) =>
            (pod.metadata?.deletionTimestamp ?? '') === '' &&
            (pod.status?.conditions ?? []).some(
              (condition) => condition.type === 'Ready' && condition.status === 'True',
            ),
        );
        return pods.length === count ? pods : undefined;
      },
      250,
    );
  }

  outputs(): string {
    const workers = [...this.workers.values()].map(
      (worker) => `--- worker ${worker.name}\n${worker.output.slice(-8_000)}`,
    );
    return [this.masters.outputs(), ...workers].join('\n');
  }

  async stop(): Promise<void> {
    this.client.close();
    for (const worker of this.workers.values()) {
      const child = worker.process;
      if (child !== null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    }
    for (const worker of [...this.workers.values()].reverse()) await worker.runtime.stop().catch(() => undefined);
    await this.masters.stop();
  }
}
