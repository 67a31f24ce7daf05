/**
 * A 3-member etcd cluster on loopback (Debian's etcd-server 3.4), started by the
 * benchmarks so that Orca is measured side by side with etcd in the same run,
 * with etcd's own defaults (heartbeat 100 ms, election 1000 ms) and fsync on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { freePort, waitFor } from '../raft/replica-cluster.js';

interface EtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  process: ChildProcess | null;
  memberId: string;
}

type Unary = (
  request: object,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Record<string, unknown>) => void,
) => void;

interface EtcdClient extends grpc.Client {
  Put: Unary;
  Range: Unary;
  Status: Unary;
}

/** True when the etcd binary is installed (cluster-test/env/setup.sh installs it as root). */
export function etcdAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
}

function loadEtcdServices(): { KV: grpc.ServiceClientConstructor; Maintenance: grpc.ServiceClientConstructor } {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'etcd', 'rpc.proto'),
    join(here, '..', '..', '..', 'cluster-test', 'bench', 'etcd', 'rpc.proto'),
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (path === undefined) throw new Error('cluster-test/bench/etcd/rpc.proto not found');
  const definition = grpc.loadPackageDefinition(loadSync(path, { keepCase: true, longs: String, defaults: true }));
  const pb = definition['etcdserverpb'] as grpc.GrpcObject;
  return {
    KV: pb['KV'] as grpc.ServiceClientConstructor,
    Maintenance: pb['Maintenance'] as grpc.ServiceClientConstructor,
  };
}

function call(
  method: Unary,
  client: grpc.Client,
  request: object,
  deadlineMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    method.call(client, request, { deadline: Date.now() + deadlineMs }, (error, response) =>
      error === null ? resolve(response ?? {}) : reject(error),
    );
  });
}

export class EtcdCluster {
  private readonly members: EtcdMember[] = [];
  private readonly root = mkdtempSync(join(tmpdir(), 'orca-etcd-'));
  private readonly kvClients = new Map<string, EtcdClient>();
  private readonly maintenanceClients = new Map<string, EtcdClient>();
  private readonly services = loadEtcdServices();
  private preferred = 0;

  static async start(size = 3): Promise<EtcdCluster> {
    const cluster = new EtcdCluster();
    for (let i = 1; i <= size; i += 1) {
      cluster.members.push({
        name: `e${i}`,
        clientUrl: `http://127.0.0.1:${await freePort()}`,
        peerUrl: `http://127.0.0.1:${await freePort()}`,
        dataDir: join(cluster.root, `e${i}`),
        process: null,
        memberId: '',
      });
    }
    for (const member of cluster.members) cluster.launch(member, 'new');
    await cluster.waitForLeader();
    return cluster;
  }

  private launch(member: EtcdMember, state: 'new' | 'existing'): void {
    const initialCluster = this.members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    member.process = spawn(
      'etcd',
      [
        '--name',
        member.name,
        '--data-dir',
        member.dataDir,
        '--listen-client-urls',
        member.clientUrl,
        '--advertise-client-urls',
        member.clientUrl,
        '--listen-peer-urls',
        member.peerUrl,
        '--initial-advertise-peer-urls',
        member.peerUrl,
        '--initial-cluster',
        initialCluster,
        '--initial-cluster-state',
        state,
        '--initial-cluster-token',
        'orca-bench',
        '--log-level',
        'error',
        '--logger',
        'zap',
      ],
      { stdio: 'ignore' },
    );
    const child = member.process;
    child.once('exit', () => {
      if (member.process === child) member.process = null;
    });
  }

  private client(kind: 'KV' | 'Maintenance', member: EtcdMember): EtcdClient {
    const cache = kind === 'KV' ? this.kvClients : this.maintenanceClients;
    let client = cache.get(member.name);
    if (client === undefined) {
      const address = member.clientUrl.replace('http://', '');
      client = new this.services[kind](address, grpc.credentials.createInsecure(), {
        'grpc.initial_reconnect_backoff_ms': 50,
        'grpc.max_reconnect_backoff_ms': 200,
      }) as unknown as EtcdClient;
      cache.set(member.name, client);
    }
    return client;
  }

  /** The member currently leading, learned from Maintenance.Status. */
  async waitForLeader(timeoutMs = 20_000): Promise<EtcdMember> {
    return waitFor(
      'an etcd leader',
      timeoutMs,
      async () => {
        for (const member of this.members.filter((m) => m.process !== null)) {
          try {
            const client = this.client('Maintenance', member);
            const status = await call(client.Status, client, {}, 500);
            const header = status['header'] as { member_id: string };
            member.memberId = header.member_id;
            const leader = String(status['leader']);
            if (leader === '0') continue;
            const leading = this.members.find((m) => m.memberId === leader && m.process !== null);
            if (leading !== undefined) return leading;
          } catch {
            // Not answering yet.
          }
        }
        return undefined;
      },
      50,
    );
  }

  /** One Put through any live member (etcd forwards to its leader internally). */
  async put(key: string, value: Buffer, deadlineMs = 5000): Promise<void> {
    const alive = this.members.filter((m) => m.process !== null);
    const member = alive[this.preferred % alive.length];
    if (member === undefined) throw new Error('no etcd member alive');
    const client = this.client('KV', member);
    try {
      await call(client.Put, client, { key: Buffer.from(key), value }, deadlineMs);
    } catch (error: unknown) {
      this.preferred += 1;
      throw error;
    }
  }

  async get(key: string, deadlineMs = 5000): Promise<void> {
    const alive = this.members.filter((m) => m.process !== null);
    const member = alive[this.preferred % alive.length];
    if (member === undefined) throw new Error('no etcd member alive');
    const client = this.client('KV', member);
    await call(client.Range, client, { key: Buffer.from(key) }, deadlineMs);
  }

  /** Talk to the leader directly, like Orca's benchmark client does. */
  async preferLeader(): Promise<void> {
    const leader = await this.waitForLeader();
    const alive = this.members.filter((m) => m.process !== null);
    this.preferred = alive.indexOf(leader);
  }

  /** SIGKILL the current leader; `signalling` is called right before the signal is sent. */
  async killLeader(signalling?: () => void): Promise<EtcdMember> {
    const leader = await this.waitForLeader();
    const child = leader.process;
    if (child !== null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalling?.();
      child.kill('SIGKILL');
      await exited;
      leader.process = null;
    }
    this.kvClients.get(leader.name)?.close();
    this.kvClients.delete(leader.name);
    this.maintenanceClients.get(leader.name)?.close();
    this.maintenanceClients.delete(leader.name);
    return leader;
  }

  async restart(member: EtcdMember): Promise<void> {
    this.launch(member, 'existing');
    await waitFor(
      `etcd ${member.name} back`,
      20_000,
      async () => {
        const client = this.client('Maintenance', member);
        await call(client.Status, client, {}, 300);
        return true;
      },
      50,
    );
  }

  async stop(): Promise<void> {
    for (const client of [...this.kvClients.values(), ...this.maintenanceClients.values()]) client.close();
    await Promise.all(
      this.members.map(async (member) => {
        const child = member.process;
        if (child === null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(this.root, { recursive: true, force: true });
  }
}
