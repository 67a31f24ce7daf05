/**
 * Orca masters as real OS processes on loopback: `orca master` from dist/, each
 * with its own data directory, started by bootstrap (the first) and join (the
 * rest), as a user would. SIGKILL, SIGTERM, restart from disk, join and remove;
 * every wait is on a condition with a deadline, never a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrcaClient, type ClusterMembers, type TlsIdentity } from '../../src/client/index.js';
import { adminIdentityFrom, createJoinToken } from '../security/cluster-identity.js';
import { freePort, waitFor } from '../raft/replica-cluster.js';

export interface MasterProcess {
  readonly name: string;
  readonly address: string;
  readonly httpAddress: string;
  readonly dataDir: string;
  process: ChildProcess | null;
  /** Everything the process wrote to stderr and stdout, for a failing test's message. */
  output: string;
}

export interface MasterProcessesOptions {
  readonly size: number;
  /** Log level for the masters (ORCA_LOG_LEVEL). */
  readonly logLevel?: string;
  /** Extra environment for every master, e.g. raft timing for a test. */
  readonly env?: Readonly<Record<string, string>>;
  /** Start from this snapshot file (`--restore FILE --bootstrap` on the first master). */
  readonly restoreFile?: string;
  /** With restoreFile: the old cluster's secret.key, copied into the new data directory (Secrets stay sealed in a snapshot). */
  readonly secretKeyFile?: string;
  /** More `orca master` flags for every master, e.g. `--node-grace-seconds 15`. */
  readonly extraArgs?: readonly string[];
  /** TLS, authentication and RBAC on, masters joining by token (default: plaintext, --insecure). */
  readonly secure?: boolean;
}

const outputBytesMax = 64 * 1024;
const startTimeoutMs = 30_000;

/** The built `orca` entry point. */
export function orcaScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'cmd', 'orca.js'), join(here, '..', '..', 'dist', 'cmd', 'orca.js')];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error('dist/cmd/orca.js not found: run `make build` first');
  return found;
}

export class MasterProcesses {
  readonly masters: MasterProcess[] = [];
  readonly root: string;
  private readonly clients = new Map<string, OrcaClient>();
  /** With security: the admin identity the bootstrap wrote, and the token masters join with. */
  private admin: TlsIdentity | undefined;
  private masterToken = '';

  private constructor(private readonly options: MasterProcessesOptions) {
    this.root = mkdtempSync(join(tmpdir(), 'orca-masters-'));
  }

  /** Bootstrap the first master, then join the others one at a time. */
  static async start(options: MasterProcessesOptions): Promise<MasterProcesses> {
    const cluster = new MasterProcesses(options);
    try {
      const first = await cluster.add('m1');
      if (options.secretKeyFile !== undefined) copyFileSync(options.secretKeyFile, join(first.dataDir, 'secret.key'));
      await cluster.launch(
        first,
        options.restoreFile === undefined ? ['--bootstrap'] : ['--bootstrap', '--restore', options.restoreFile],
      );
      await cluster.waitForLeader();
      if (cluster.admin !== undefined) cluster.masterToken = await cluster.joinToken('master');
      for (let index = 2; index <= options.size; index += 1) await cluster.join(`m${index}`);
      return cluster;
    } catch (error: unknown) {
      await cluster.stop();
      throw error;
    }
  }

  /** A new master that joins through the current members and is a voter when this resolves. */
  async join(name: string): Promise<MasterProcess> {
    const via = this.alive()[0];
    if (via === undefined) throw new Error('no live master to join through');
    const master = await this.add(name);
    await this.launch(master, [
      '--join',
      via.address,
      ...(this.masterToken === '' ? [] : ['--token', this.masterToken]),
    ]);
    await waitFor(
      `${name} to be a voter`,
      startTimeoutMs,
      async () => {
        const members = await this.members();
        return members.members.some((member) => member.name === name && member.suffrage === 'Voter') ? true : undefined;
      },
      100,
    );
    return master;
  }

  master(name: string): MasterProcess {
    const master = this.masters.find((candidate) => candidate.name === name);
    if (master === undefined) throw new Error(`no master ${name}`);
    return master;
  }

  alive(): MasterProcess[] {
    return this.masters.filter((master) => master.process !== null);
  }

  /** A client of every live master (it fails over between them). */
  client(): OrcaClient {
    return this.clientOf(this.alive().map((master) => master.address));
  }

  /** A join token of `role` (a secure cluster only). */
  async joinToken(role: 'worker' | 'master'): Promise<string> {
    if (this.admin === undefined) throw new Error('join tokens need a secure cluster');
    const admin = this.admin;
    return waitFor('a join token', startTimeoutMs, () =>
      createJoinToken(this.client(), admin, role).catch(() => undefined),
    );
  }

  /** The admin identity of a secure cluster. */
  get adminIdentity(): TlsIdentity | undefined {
    return this.admin;
  }

  /** A client of one master only: to show what that master answers. */
  clientFor(name: string): OrcaClient {
    return this.clientOf([this.master(name).address]);
  }

  async members(): Promise<ClusterMembers> {
    return this.client().members();
  }

  /** Wait until a leader is known and every live master names the same one. */
  async waitForLeader(timeoutMs = 15_000): Promise<MasterProcess> {
    return waitFor(
      'a leader every live master agrees on',
      timeoutMs,
      async () => {
        const views = await Promise.all(this.alive().map((master) => this.clientFor(master.name).members()));
        const leader = views[0]?.leader;
        if (leader === undefined || leader === '' || !views.every((view) => view.leader === leader)) return undefined;
        return this.masters.find((master) => master.name === leader && master.process !== null);
      },
      50,
    );
  }

  /** Send a signal; SIGKILL and SIGTERM wait until the process is gone. */
  async signal(name: string, signal: NodeJS.Signals): Promise<void> {
    const master = this.master(name);
    const child = master.process;
    if (child === null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (signal === 'SIGKILL' || signal === 'SIGTERM') {
      await exited;
      master.process = null;
    }
  }

  /** Start a stopped master again from its data directory. */
  async restart(name: string): Promise<void> {
    await this.launch(this.master(name), []);
  }

  async stop(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    await Promise.all(this.alive().map((master) => this.signal(master.name, 'SIGKILL')));
    rmSync(this.root, { recursive: true, force: true });
  }

  /** The processes' output, for a failure message. */
  outputs(): string {
    return this.masters.map((master) => `--- ${master.name}\n${master.output}`).join('\n');
  }

  private clientOf(servers: string[]): OrcaClient {
    const key = servers.join(',');
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new OrcaClient({
        servers,
        operationDeadlineMs: 10_000,
        callTimeoutMs: 5_000,
        ...(this.admin === undefined ? {} : { tls: this.admin }),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private async add(name: string): Promise<MasterProcess> {
    const dataDir = join(this.root, name);
    mkdirSync(dataDir, { recursive: true });
    const master: MasterProcess = {
      name,
      dataDir,
      process: null,
      output: '',
      address: `127.0.0.1:${await freePort()}`,
      httpAddress: `127.0.0.1:${await freePort()}`,
    };
    this.masters.push(master);
    return master;
  }

  private async launch(master: MasterProcess, extra: string[]): Promise<void> {
    const args = [
      orcaScript(),
      'master',
      '--name',
      master.name,
      '--data-dir',
      master.dataDir,
      '--listen',
      master.address,
      '--http',
      master.httpAddress,
      // Plaintext unless asked: these clusters test consensus, the CLI and the workloads.
      ...(this.options.secure === true ? [] : ['--insecure']),
      ...(this.options.extraArgs ?? []),
      ...extra,
    ];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...this.options.env,
        ORCA_LOG_LEVEL: this.options.logLevel ?? 'warn',
        ORCA_CONFIG: join(this.root, 'client-config'),
      },
    });
    master.process = child;
    const keep = (chunk: Buffer): void => {
      master.output = (master.output + chunk.toString()).slice(-outputBytesMax);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (master.process === child) master.process = null;
    });
    await waitFor(
      `master ${master.name} to answer`,
      startTimeoutMs,
      async () => {
        if (master.process !== child) throw new Error(`master ${master.name} exited during start:\n${master.output}`);
        // A secure cluster is answered only once the bootstrap wrote the admin identity (no client before it).
        if (this.options.secure === true && this.admin === undefined) {
          this.admin = adminIdentityFrom(join(this.root, 'client-config'));
          if (this.admin === undefined) throw new Error('no admin config yet');
        }
        await this.clientFor(master.name).members();
        return true;
      },
      100,
    );
  }
}
