/**
 * A cluster of raft-ts replicas as real OS processes on loopback (see replica.ts):
 * start, find the leader, SIGKILL / SIGSTOP / restart a replica, stop everything.
 * Waits are on conditions with deadlines, never fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { TestKvConnection } from './test-kv-client.js';
import type { StatusResponse__Output } from '../../src/gen/raft/v1/StatusResponse.js';

export interface ReplicaInfo {
  readonly id: string;
  readonly address: string;
  readonly dataDir: string;
  process: ChildProcess | null;
}

export interface ReplicaClusterOptions {
  readonly size: number;
  /** Overrides of the raft config (JSON-serializable), e.g. { electionTimeoutMs: 300 }. */
  readonly raftConfig?: Record<string, unknown>;
  readonly logLevel?: string;
}

/** The compiled replica entry point; tests run after `make build`. */
export function replicaScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'replica.js'), join(here, '..', '..', 'dist', 'cluster-test', 'raft', 'replica.js')];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error('dist/cluster-test/raft/replica.js not found: run `make build` first');
  return found;
}

/**
 * Below the kernel's ephemeral range (32768-60999 here): a port the kernel hands
 * out may be taken by an outgoing connection's local end while a killed process
 * is being restarted on it, and its listen then fails with EADDRINUSE.
 */
const listenPortLow = 20_000;
const listenPortHigh = 32_000;
const portTriesMax = 50;
/** Ports this process handed out already: two callers never get the same one. */
const handedOut = new Set<number>();

function tryListen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port for a test process to listen on, and to listen on again after a restart. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < portTriesMax; attempt += 1) {
    const port = listenPortLow + Math.floor(Math.random() * (listenPortHigh - listenPortLow));
    if (handedOut.has(port) || !(await tryListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${listenPortLow}-${listenPortHigh} after ${portTriesMax} tries`);
}

export async function waitFor<T>(
  describe: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${describe}${lastError === null ? '' : `: ${String(lastError)}`}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class ReplicaCluster {
  readonly replicas: ReplicaInfo[] = [];
  readonly connection: TestKvConnection;
  private readonly root: string;

  private constructor(
    private readonly options: ReplicaClusterOptions,
    ports: number[],
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'orca-raft-'));
    ports.forEach((port, position) => {
      const id = `r${position + 1}`;
      this.replicas.push({ id, address: `127.0.0.1:${port}`, dataDir: join(this.root, id), process: null });
    });
    this.connection = new TestKvConnection(this.replicas.map((replica) => replica.address));
  }

  static async start(options: ReplicaClusterOptions): Promise<ReplicaCluster> {
    const ports: number[] = [];
    for (let i = 0; i < options.size; i += 1) ports.push(await freePort());
    const cluster = new ReplicaCluster(options, ports);
    await Promise.all(cluster.replicas.map((replica) => cluster.launch(replica, true)));
    return cluster;
  }

  replica(id: string): ReplicaInfo {
    const replica = this.replicas.find((candidate) => candidate.id === id);
    if (replica === undefined) throw new Error(`no replica ${id}`);
    return replica;
  }

  alive(): ReplicaInfo[] {
    return this.replicas.filter((replica) => replica.process !== null);
  }

  /** Start (or restart) a replica process and wait until it serves. */
  async launch(replica: ReplicaInfo, bootstrap: boolean): Promise<void> {
    const peers = this.replicas.map((peer) => `${peer.id}=${peer.address}`).join(',');
    // ORCA_REPLICA_NODE_ARGS passes flags to node itself, e.g. "--cpu-prof --cpu-prof-dir=DIR" to profile.
    const nodeArgs = (process.env['ORCA_REPLICA_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
    const args = [
      ...nodeArgs,
      replicaScript(),
      '--id',
      replica.id,
      '--listen',
      replica.address,
      '--data-dir',
      replica.dataDir,
      '--peers',
      peers,
      '--raft-config',
      JSON.stringify(this.options.raftConfig ?? {}),
    ];
    if (bootstrap) args.push('--bootstrap');
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ORCA_LOG_LEVEL: this.options.logLevel ?? 'warn' },
    });
    replica.process = child;
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${replica.id}] ${chunk.toString()}`));
    child.once('exit', () => {
      if (replica.process === child) replica.process = null;
    });
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error(`replica ${replica.id} did not start within 15 s`)), 15_000);
      lines.on('line', (line) => {
        if (line.includes('"event":"ready"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`replica ${replica.id} exited with ${code} during start`));
      });
    });
  }

  async restart(id: string): Promise<void> {
    await this.launch(this.replica(id), false);
  }

  /** Send a signal; for SIGKILL/SIGTERM wait until the process is gone. */
  async signal(id: string, signal: NodeJS.Signals): Promise<void> {
    const replica = this.replica(id);
    const child = replica.process;
    if (child === null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') {
      await exited;
      replica.process = null;
    }
  }

  async statuses(): Promise<Map<string, StatusResponse__Output>> {
    const result = new Map<string, StatusResponse__Output>();
    await Promise.all(
      this.alive().map(async (replica) => {
        try {
          result.set(replica.id, await this.connection.status(replica.address, 300));
        } catch {
          // A replica that does not answer has no status.
        }
      }),
    );
    return result;
  }

  /** Wait until one live replica leads and every other live replica knows it. */
  async waitForLeader(timeoutMs = 10_000): Promise<ReplicaInfo> {
    return waitFor('a leader known to every live replica', timeoutMs, async () => {
      const statuses = await this.statuses();
      const leaders = [...statuses.values()].filter((status) => status.role === 'leader');
      if (leaders.length !== 1 || leaders[0] === undefined) return undefined;
      const leaderId = leaders[0].id;
      const agreed = [...statuses.values()].every((status) => status.leaderId === leaderId);
      return agreed && statuses.size === this.alive().length ? this.replica(leaderId) : undefined;
    });
  }

  /** Wait until every live replica has applied the same index and holds the same state. */
  async waitForConvergence(timeoutMs = 10_000): Promise<StatusResponse__Output[]> {
    return waitFor(
      'all live replicas to converge',
      timeoutMs,
      async () => {
        const statuses = [...(await this.statuses()).values()];
        if (statuses.length !== this.alive().length || statuses.length === 0) return undefined;
        const first = statuses[0]!;
        const same = statuses.every(
          (status) => status.appliedIndex === first.appliedIndex && status.stateDigest === first.stateDigest,
        );
        return same && first.appliedIndex >= first.commitIndex ? statuses : undefined;
      },
      50,
    );
  }

  async stop(): Promise<void> {
    this.connection.close();
    await Promise.all(this.alive().map((replica) => this.signal(replica.id, 'SIGKILL')));
    rmSync(this.root, { recursive: true, force: true });
  }
}
