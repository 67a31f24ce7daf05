/**
 * The real `kubectl` against a real cluster: three secure masters as
 * processes (each serving the Kubernetes REST API on its HTTPS port), a
 * worker with the process runtime joined by token, a TCP balancer in front of
 * the REST ports (kubeconfig names one server, as an HA control plane behind a
 * load balancer), and a kubeconfig with the admin identity. `kubectl(...)`
 * runs the binary and answers its exit code and output; nothing is mocked.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText } from '../../src/client/index.js';
import { MasterProcesses } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { WorkerProcesses } from '../workloads/worker-processes.js';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.js';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const kubectlTimeoutMs = 60_000;

export class KubectlCluster {
  readonly folder = mkdtempSync(join(tmpdir(), 'orca-kubectl-'));
  readonly kubeconfig = join(this.folder, 'kubeconfig');
  private constructor(
    readonly masters: MasterProcesses,
    readonly workers: WorkerProcesses,
    readonly balancer: TcpBalancer,
  ) {}

  static async start(options: { workers: number }): Promise<KubectlCluster> {
    const masters = await MasterProcesses.start({ size: 3, secure: true });
    let balancer: TcpBalancer | undefined;
    let workers: WorkerProcesses | undefined;
    try {
      balancer = await startTcpBalancer(() => masters.alive().map((master) => master.httpAddress));
      const token = await masters.joinToken('worker');
      workers = new WorkerProcesses({
        servers: () => masters.alive().map((master) => master.address),
        client: masters.client(),
        runtime: 'process',
        token,
      });
      for (let index = 1; index <= options.workers; index += 1) await workers.start(`w${index}`);
      const cluster = new KubectlCluster(masters, workers, balancer);
      const admin = masters.adminIdentity?.current;
      if (admin === undefined) throw new Error('the secure cluster has no admin identity');
      writeFileSync(
        cluster.kubeconfig,
        kubeconfigText({
          server: `https://${balancer.address}`,
          name: 'orca',
          caPem: admin.caPem,
          ...(admin.certificatePem === undefined || admin.keyPem === undefined
            ? {}
            : { certificatePem: admin.certificatePem, keyPem: admin.keyPem }),
        }),
        { mode: 0o600 },
      );
      return cluster;
    } catch (error: unknown) {
      await workers?.stop();
      await balancer?.close();
      await masters.stop();
      throw error;
    }
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, KUBECONFIG: this.kubeconfig, HOME: this.folder, ...extra };
  }

  /** Run kubectl to completion (stdin optional). */
  kubectl(
    args: readonly string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        [...args],
        { env: this.env(options.env), timeout: kubectlTimeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      else child.stdin?.end();
    });
  }

  /** Run kubectl and fail with its output unless it exits 0. */
  async ok(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<string> {
    const result = await this.kubectl(args, options);
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  /** A long-running kubectl (`get -w`, `logs -f`, `port-forward`): its output so far, and a stop. */
  background(args: readonly string[]): { child: ChildProcess; output: () => string; stop: () => void } {
    const child = spawn('kubectl', [...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output, stop: () => child.kill('SIGKILL') };
  }

  /** Wait until kubectl's output satisfies `check` (a condition, never a sleep). */
  async until(args: readonly string[], check: (stdout: string) => boolean, timeoutMs = 30_000): Promise<string> {
    let last = '';
    try {
      return await waitFor(
        `kubectl ${args.join(' ')}`,
        timeoutMs,
        async () => {
          const result = await this.kubectl(args);
          last = `${result.stdout}${result.stderr}`;
          return result.code === 0 && check(result.stdout) ? result.stdout : undefined;
        },
        250,
      );
    } catch (error: unknown) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last output:\n${last}`);
    }
  }

  /** SIGKILL the Raft leader and start it again from its data (the cluster keeps a quorum throughout). */
  async killLeader(): Promise<string> {
    const leader = await this.masters.waitForLeader();
    await this.masters.signal(leader.name, 'SIGKILL');
    await this.masters.waitForLeader();
    await this.masters.restart(leader.name);
    return leader.name;
  }

  async stop(): Promise<void> {
    await this.workers.stop();
    await this.balancer.close();
    await this.masters.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }

  outputs(): string {
    return `${this.masters.outputs()}\n${this.workers.outputs()}`;
  }
}

/** Runs kubectl once to learn its version (`undefined` when it is not installed). */
export function kubectlVersion(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('kubectl', ['version', '--client', '-o', 'json'], { timeout: 10_000 }, (error, stdout) => {
      if (error !== null) {
        resolve(undefined);
        return;
      }
      try {
        const parsed = JSON.parse(String(stdout)) as { clientVersion?: { gitVersion?: string } };
        resolve(parsed.clientVersion?.gitVersion);
      } catch {
        resolve(undefined);
      }
    });
  });
}

export interface RestAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTPS request to the REST API with the admin identity (the balancer's address). */
export function restRequest(
  cluster: KubectlCluster,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestAnswer> {
  const admin = cluster.masters.adminIdentity?.current;
  if (admin === undefined) throw new Error('no admin identity');
  const [host, port] = cluster.balancer.address.split(':');
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host,
        port: Number(port),
        method,
        path,
        ca: admin.caPem,
        ...(admin.certificatePem === undefined ? {} : { cert: admin.certificatePem }),
        ...(admin.keyPem === undefined ? {} : { key: admin.keyPem }),
        headers: {
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          ...headers,
        },
        timeout: 30_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.end(payload);
  });
}

export interface RestWatch {
  readonly events: { type: string; object: Record<string, unknown> }[];
  close(): void;
}

/** A `?watch=1` request whose JSON-lines events collect in `events` as they come. */
export function restWatch(cluster: KubectlCluster, path: string): Promise<RestWatch> {
  const admin = cluster.masters.adminIdentity?.current;
  if (admin === undefined) throw new Error('no admin identity');
  const [host, port] = cluster.balancer.address.split(':');
  return new Promise((resolve, reject) => {
    const events: RestWatch['events'] = [];
    const request = httpsRequest(
      {
        host,
        port: Number(port),
        method: 'GET',
        path,
        ca: admin.caPem,
        ...(admin.certificatePem === undefined ? {} : { cert: admin.certificatePem }),
        ...(admin.keyPem === undefined ? {} : { key: admin.keyPem }),
        headers: { Accept: 'application/json' },
      },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`watch ${path}: HTTP ${response.statusCode ?? 0}`));
          return;
        }
        let buffered = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (line.trim() !== '') events.push(JSON.parse(line) as RestWatch['events'][number]);
          }
        });
        response.on('error', () => undefined);
        resolve({ events, close: () => request.destroy() });
      },
    );
    request.on('error', (error) => reject(error));
    request.end();
  });
}
