/**
 * Orca masters as OS processes for chaos: as root each in its own network
 * namespace with its own IP on a private bridge (launched with `setsid nsenter
 * --net=...`, so that partitions are real packet drops), otherwise on loopback
 * ports (no partitions). Started by bootstrap and join as a user would; killed,
 * paused, restarted, removed and replaced on demand. Every wait is on a condition.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrcaClient, type ClusterMembers, type TlsIdentity } from '../../src/client/index.js';
import { adminIdentityFrom, createJoinToken } from '../security/cluster-identity.js';
import { orcaScript } from '../masters/master-processes.js';
import { freePort, waitFor } from '../raft/replica-cluster.js';
import { ChaosError } from './chaos-error.js';
import type { ChaosCluster, ChaosMaster } from './chaos-cluster.js';
import { HostNetwork } from './network.js';

interface MasterState extends ChaosMaster {
  running: boolean;
  paused: boolean;
  process: ChildProcess | null;
  output: string;
  readonly dataDir: string;
}

export interface ChaosMastersOptions {
  readonly size: number;
  readonly hosting: 'netns' | 'loopback';
  /** Extra environment for every master. */
  readonly env?: Readonly<Record<string, string>>;
  readonly logLevel?: string;
  /** TLS, authentication and RBAC on; joins by token (default: plaintext, --insecure). */
  readonly secure?: boolean;
}

const outputBytesMax = 64 * 1024;
const startTimeoutMs = 30_000;
const listenPort = 7000;
/** A probe of one master must not hang on a paused or partitioned one. */
const probeTimeoutMs = 1_000;

export class ChaosMasters implements ChaosCluster {
  readonly root: string;
  readonly hosting: 'netns' | 'loopback';
  readonly networkFaults: boolean;
  generation = 0;
  private readonly list: MasterState[] = [];
  private readonly clients = new Map<string, OrcaClient>();
  private readonly network: HostNetwork | null;
  private readonly exitCleanup = (): void => this.killAllNow();
  /** With security: the admin identity the bootstrap wrote, and the token masters join with. */
  private tls: TlsIdentity | undefined;
  private masterToken = '';

  private constructor(private readonly options: ChaosMastersOptions) {
    this.root = mkdtempSync(join(tmpdir(), 'orca-chaos-'));
    this.hosting = options.hosting;
    this.networkFaults = options.hosting === 'netns';
    this.network = options.hosting === 'netns' ? new HostNetwork() : null;
    process.once('exit', this.exitCleanup);
  }

  static async start(options: ChaosMastersOptions): Promise<ChaosMasters> {
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > 7)
      throw new ChaosError('invalid-option', 'size: 1 to 7 masters');
    const cluster = new ChaosMasters(options);
    try {
      const first = await cluster.add('m1');
      await cluster.launch(first, ['--bootstrap']);
      await waitFor(
        'the first master to lead',
        startTimeoutMs,
        async () => ((await cluster.leader()) === 'm1' ? true : undefined),
        50,
      );
      if (options.secure === true) cluster.masterToken = await cluster.createJoinToken('master');
      for (let index = 2; index <= options.size; index += 1) await cluster.join(`m${index}`);
      return cluster;
    } catch (error: unknown) {
      const outputs = cluster.outputs();
      await cluster.stop();
      throw new ChaosError(
        'timeout',
        `cluster start failed: ${error instanceof Error ? error.message : String(error)}\n${outputs}`,
      );
    }
  }

  /** The client option that connects as the cluster's admin (nothing for a plaintext cluster). */
  tlsOption(): { tls?: TlsIdentity } {
    return this.tls === undefined ? {} : { tls: this.tls };
  }

  /** A join token of `role`, written as the admin. */
  async createJoinToken(role: 'worker' | 'master'): Promise<string> {
    const admin = this.tls;
    if (admin === undefined) throw new ChaosError('invalid-option', 'join tokens need a secure cluster');
    const client = new OrcaClient({
      tls: admin,
      servers: this.list.map((m) => m.address),
      operationDeadlineMs: 20_000,
    });
    try {
      await waitFor('kube-system', startTimeoutMs, () =>
        client.get({ kind: 'Namespace', name: 'kube-system' }).then(
          () => true,
          () => undefined,
        ),
      );
      return await createJoinToken(client, admin, role);
    } finally {
      client.close();
    }
  }

  masters(): ChaosMaster[] {
    return [...this.list];
  }

  /** The bridge the masters' namespaces hang on (netns hosting only): other test hosts, such as workers, join it. */
  get hostNetwork(): HostNetwork | null {
    return this.network;
  }

  async leader(timeoutMs = probeTimeoutMs): Promise<string | undefined> {
    const views = await Promise.all(
      this.list
        .filter((master) => master.running && !master.paused)
        .map((master) => this.probe(master.name, timeoutMs)),
    );
    let best: ClusterMembers | undefined;
    for (const view of views)
      if (view !== undefined && view.leader !== '' && (best === undefined || view.term > best.term)) best = view;
    return best === undefined ? undefined : this.list.find((master) => master.name === best.leader)?.name;
  }

  /** One master's view of the members, or undefined when it does not answer in time. */
  async probe(name: string, timeoutMs = probeTimeoutMs): Promise<ClusterMembers | undefined> {
    const client = new OrcaClient({
      ...this.tlsOption(),
      servers: [this.master(name).address],
      attemptsMax: 1,
      callTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
      operationDeadlineMs: timeoutMs,
    });
    try {
      return await client.members();
    } catch {
      return undefined;
    } finally {
      client.close();
    }
  }

  async kill(name: string): Promise<void> {
    await this.stopProcess(name, 'SIGKILL');
  }

  async terminate(name: string): Promise<void> {
    await this.stopProcess(name, 'SIGTERM');
  }

  async restart(name: string): Promise<void> {
    const master = this.master(name);
    if (master.running) return;
    await this.launch(master, []);
  }

  async pause(name: string): Promise<void> {
    const master = this.master(name);
    if (!master.running || master.paused) return;
    master.process?.kill('SIGSTOP');
    master.paused = true;
  }

  async resume(name: string): Promise<void> {
    const master = this.master(name);
    if (!master.paused) return;
    master.process?.kill('SIGCONT');
    master.paused = false;
  }

  async partition(groups: readonly (readonly string[])[]): Promise<void> {
    const network = this.requireNetwork('partition');
    for (const [index, group] of groups.entries()) {
      for (const other of groups.slice(index + 1)) {
        for (const a of group)
          for (const b of other) {
            network.drop(a, b);
            network.drop(b, a);
          }
      }
    }
  }

  async dropOneWay(from: string, to: string): Promise<void> {
    this.requireNetwork('one-way loss').drop(from, to);
  }

  async heal(): Promise<void> {
    this.network?.healAll();
  }

  async remove(name: string): Promise<void> {
    const others = this.list.filter((master) => master.name !== name && master.running).map((master) => master.address);
    const client = new OrcaClient({ ...this.tlsOption(), servers: others, operationDeadlineMs: 20_000 });
    try {
      await client.removeMaster(name);
      await waitFor(
        `${name} to leave the members`,
        startTimeoutMs,
        async () => {
          const members = await client.members();
          return members.members.some((member) => member.name === name) ? undefined : true;
        },
        100,
      );
    } finally {
      client.close();
    }
    await this.kill(name);
    this.list.splice(this.list.indexOf(this.master(name)), 1);
    this.network?.removeHost(name);
    this.generation += 1;
  }

  async join(name: string): Promise<void> {
    const via = this.list.find((master) => master.running && !master.paused);
    if (via === undefined) throw new ChaosError('invalid-option', 'no live master to join through');
    const master = await this.add(name);
    await this.launch(master, ['--join', via.address]);
    await waitFor(
      `${name} to be a voter`,
      startTimeoutMs,
      async () => {
        const view = await this.probe(via.name);
        return view?.members.some((member) => member.name === name && member.suffrage === 'Voter') === true
          ? true
          : undefined;
      },
      100,
    );
    this.generation += 1;
  }

  clientFor(name: string): OrcaClient {
    const address = this.master(name).address;
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new OrcaClient({
        ...this.tlsOption(),
        servers: [address],
        attemptsMax: 1,
        operationDeadlineMs: 5_000,
        callTimeoutMs: 5_000,
        watchReconnectsMax: 100_000,
        backoffMaxMs: 500,
      });
      this.clients.set(address, client);
    }
    return client;
  }

  outputs(): string {
    return this.list.map((master) => `--- ${master.name}\n${master.output}`).join('\n');
  }

  async stop(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    for (const master of this.list) if (master.paused) master.process?.kill('SIGCONT');
    await Promise.all(
      this.list.filter((master) => master.running).map((master) => this.stopProcess(master.name, 'SIGKILL')),
    );
    this.network?.destroy();
    process.off('exit', this.exitCleanup);
    rmSync(this.root, { recursive: true, force: true });
  }

  private killAllNow(): void {
    for (const master of this.list) master.process?.kill('SIGKILL');
    this.network?.destroy();
  }

  private master(name: string): MasterState {
    const master = this.list.find((candidate) => candidate.name === name);
    if (master === undefined) throw new ChaosError('invalid-option', `no master ${name}`);
    return master;
  }

  private requireNetwork(what: string): HostNetwork {
    if (this.network === null) throw new ChaosError('unsupported', `${what} needs network namespaces (run as root)`);
    return this.network;
  }

  private async stopProcess(name: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const master = this.master(name);
    const child = master.process;
    if (child === null || !master.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (master.paused) child.kill('SIGCONT');
    await exited;
  }

  private async add(name: string): Promise<MasterState> {
    const dataDir = join(this.root, name);
    mkdirSync(dataDir, { recursive: true });
    const address =
      this.network === null ? `127.0.0.1:${await freePort()}` : `${this.network.addHost(name).ip}:${listenPort}`;
    const master: MasterState = { name, address, dataDir, running: false, paused: false, process: null, output: '' };
    this.list.push(master);
    return master;
  }

  /** Plaintext unless asked for security; a secure master joining gets the master token. */
  private securityArgs(extra: readonly string[]): string[] {
    if (this.options.secure !== true) return ['--insecure'];
    return extra.includes('--join') && this.masterToken !== '' ? ['--token', this.masterToken] : [];
  }

  private command(master: MasterState, extra: readonly string[]): [string, string[]] {
    const args = [
      orcaScript(),
      'master',
      '--name',
      master.name,
      '--data-dir',
      master.dataDir,
      '--listen',
      master.address,
      ...this.securityArgs(extra),
      ...extra,
    ];
    if (this.network === null) return [process.execPath, args];
    return ['nsenter', [`--net=/run/netns/${this.network.host(master.name).namespace}`, process.execPath, ...args]];
  }

  private async launch(master: MasterState, extra: readonly string[]): Promise<void> {
    const [command, args] = this.command(master, extra);
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own session (setsid), as ENVIRONMENT.md advises for processes in a namespace
      detached: this.network !== null,
      env: {
        ...process.env,
        ...this.options.env,
        ORCA_LOG_LEVEL: this.options.logLevel ?? 'warn',
        ORCA_CONFIG: join(this.root, 'client-config'),
      },
    });
    master.process = child;
    master.running = true;
    master.paused = false;
    const keep = (chunk: Buffer): void => {
      master.output = (master.output + chunk.toString()).slice(-outputBytesMax);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (master.process !== child) return;
      master.process = null;
      master.running = false;
      master.paused = false;
      keep(Buffer.from(`\n[exited: ${signal ?? `code ${String(code)}`}]\n`));
    });
    await waitFor(
      `master ${master.name} to answer`,
      startTimeoutMs,
      async () => {
        if (master.process !== child)
          throw new ChaosError('command-failed', `master ${master.name} exited during start:\n${master.output}`);
        // A secure cluster is answered only once the bootstrap wrote the admin identity.
        if (this.options.secure === true && this.tls === undefined) {
          this.tls = adminIdentityFrom(join(this.root, 'client-config'));
          if (this.tls === undefined) return undefined;
        }
        return (await this.probe(master.name)) === undefined ? undefined : true;
      },
      100,
    );
  }
}
