/**
 * Orca workers as real OS processes on loopback (`orca worker`'s code from dist/), each
 * with its own root directory and logs/exec port, against the masters a test
 * started. Stop (SIGTERM), kill (SIGKILL) and restart a worker; every wait is on
 * a condition with a deadline, never a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node } from '../../src/api/index.js';
import type { ObjectClient } from '../../src/client/index.js';
import { orcaScript } from '../masters/master-processes.js';
import { freePort, waitFor } from '../raft/replica-cluster.js';

export type WorkerRuntimeKind = 'sim' | 'process' | 'cri';

export interface WorkerProcess {
  readonly name: string;
  readonly rootDir: string;
  readonly listen: string;
  process: ChildProcess | null;
  /** The tail of what the process wrote to stderr and stdout, for a failing test's message. */
  output: string;
}

export interface WorkerProcessesOptions {
  /** The masters' addresses (`--server`), read at each start so a restarted worker sees the current members. */
  readonly servers: () => readonly string[];
  /** Used to wait until a started worker's Node is Ready. */
  readonly client: ObjectClient;
  readonly runtime?: WorkerRuntimeKind;
  /** With runtime cri: the containerd socket. */
  readonly containerdSocket?: string;
  /** Log level for the workers (ORCA_LOG_LEVEL). */
  readonly logLevel?: string;
  /** More `orca worker` flags for every worker. */
  readonly extraArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Join a secure cluster with this worker join token (the identity kept in the worker's root); default plaintext. */
  readonly token?: string;
}

const outputBytesMax = 64 * 1024;
const readyTimeoutMs = 20_000;
const workersMax = 64;

export class WorkerError extends Error {
  constructor(
    readonly code: 'limit' | 'unknown-worker' | 'exited',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

/** True when the Node reports Ready=True. */
export function nodeIsReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

export class WorkerProcesses {
  readonly workers: WorkerProcess[] = [];
  readonly root: string;

  constructor(private readonly options: WorkerProcessesOptions) {
    this.root = mkdtempSync(join(tmpdir(), 'orca-workers-'));
  }

  /** Start a new worker named `name` and wait until its Node is Ready. */
  async start(name: string): Promise<WorkerProcess> {
    if (this.workers.length >= workersMax) throw new WorkerError('limit', `at most ${workersMax} workers`);
    const rootDir = join(this.root, name);
    mkdirSync(rootDir, { recursive: true });
    const worker: WorkerProcess = { name, rootDir, listen: `127.0.0.1:${await freePort()}`, process: null, output: '' };
    this.workers.push(worker);
    await this.launch(worker);
    return worker;
  }

  worker(name: string): WorkerProcess {
    const worker = this.workers.find((candidate) => candidate.name === name);
    if (worker === undefined) throw new WorkerError('unknown-worker', `no worker ${name}`);
    return worker;
  }

  alive(): WorkerProcess[] {
    return this.workers.filter((worker) => worker.process !== null);
  }

  /** Send a signal; SIGKILL and SIGTERM wait until the process is gone. */
  async signal(name: string, signal: NodeJS.Signals): Promise<void> {
    const worker = this.worker(name);
    const child = worker.process;
    if (child === null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') {
      await exited;
      worker.process = null;
    }
  }

  kill(name: string): Promise<void> {
    return this.signal(name, 'SIGKILL');
  }

  /** Start a stopped worker again from its root directory; waits until its Node is Ready. */
  async restart(name: string): Promise<void> {
    const worker = this.worker(name);
    if (worker.process !== null) return;
    await this.launch(worker);
  }

  async stop(): Promise<void> {
    await Promise.all(this.alive().map((worker) => this.signal(worker.name, 'SIGKILL')));
    rmSync(this.root, { recursive: true, force: true });
  }

  outputs(): string {
    return this.workers.map((worker) => `--- ${worker.name}\n${worker.output}`).join('\n');
  }

  private arguments(worker: WorkerProcess): string[] {
    const runtime = this.options.runtime ?? 'sim';
    return [
      orcaScript(),
      'worker',
      '--name',
      worker.name,
      '--server',
      this.options.servers().join(','),
      '--runtime',
      runtime,
      '--root-dir',
      worker.rootDir,
      '--host-ip',
      '127.0.0.1',
      '--listen',
      worker.listen,
      // Most suites' masters run plaintext (--insecure); a secure cluster's workers join by token.
      ...(this.options.token === undefined
        ? ['--insecure']
        : ['--token', this.options.token, '--data-dir', join(worker.rootDir, 'identity')]),
      ...(this.options.containerdSocket === undefined ? [] : ['--containerd-socket', this.options.containerdSocket]),
      ...(this.options.extraArgs ?? []),
    ];
  }

  private async launch(worker: WorkerProcess): Promise<void> {
    const launchedAt = Date.now();
    const child = spawn(process.execPath, this.arguments(worker), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.options.env, ORCA_LOG_LEVEL: this.options.logLevel ?? 'warn' },
    });
    worker.process = child;
    const keep = (chunk: Buffer): void => {
      worker.output = (worker.output + chunk.toString()).slice(-outputBytesMax);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (worker.process === child) worker.process = null;
    });
    await waitFor(
      `worker ${worker.name}'s Node to be Ready`,
      readyTimeoutMs,
      async () => {
        if (worker.process !== child)
          throw new WorkerError('exited', `worker ${worker.name} exited during start:\n${worker.output}`);
        const node = await this.options.client.get({ kind: 'Node', name: worker.name }).catch(() => undefined);
        const renewed = node !== undefined && nodeIsReady(node) && heartbeatAfter(node, launchedAt);
        return renewed ? true : undefined;
      },
      100,
    );
  }
}

/** The Ready condition was written by this run of the worker (a restarted worker's old Node may still say Ready). */
function heartbeatAfter(node: Node, sinceMs: number): boolean {
  const ready = (node.status?.conditions ?? []).find((condition) => condition.type === 'Ready');
  const at = Date.parse(ready?.lastHeartbeatTime ?? '');
  // clocks agree (one machine); a second of slack for the timestamp's precision
  return Number.isNaN(at) || at >= sinceMs - 1_000;
}
