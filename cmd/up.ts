/**
 * `orca up [--masters 1|3|5] [--data-dir .orca]`: a local cluster in the
 * foreground. One master runs in this process; three or five run as `orca master`
 * child processes (the first bootstraps, the others join it). Each listens on
 * loopback only, on a port picked once and kept in the data folder so a restart
 * finds the same cluster. Once a leader answers, the client config is written
 * and the servers are printed; Ctrl-C or SIGTERM stops everything. A worker
 * runs in this process too (cmd/up-worker.ts picks its runtime and says which).
 * Security is on with zero configuration: the first master makes the cluster
 * CA, `orca up` writes an admin client config (kubeconfig-shaped) and hands
 * its other masters and its worker join tokens of its own, so every
 * connection is TLS and every request authenticated, authorized and audited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatJoinToken, generateTokenPair } from '../src/api/index.js';
import { configPath } from '../src/cli/client-config.js';
import { CliError } from '../src/cli/errors.js';
import { newTokenRecord, tokenSecret } from '../src/cli/token-verbs.js';
import {
  adminClientConfig,
  caHashOf,
  clientTlsMaterial,
  OrcaClient,
  parseClientConfig,
  TlsIdentity,
  writeClientConfig,
  writeKubeconfig,
} from '../src/client/index.js';
import { createLogger } from '../src/log/index.js';
import { startMaster, type Master } from '../src/master/index.js';
import { kubeApi } from '../src/kube/index.js';
import { defaultKubeconfigPath } from '../src/cli/kubeconfig-verb.js';
import { isUpWorkerRuntime, startUpWorker, type UpWorker, type UpWorkerRuntime } from './up-worker.js';

export interface UpOptions {
  readonly masters: number;
  readonly dataDir: string;
  readonly write: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** This script, for the child processes of a multi-master cluster. */
  readonly scriptPath: string;
  /** Ends the cluster; the CLI aborts it on SIGINT/SIGTERM. */
  readonly stop: AbortSignal;
  /** How long the cluster may take to elect a leader with every master in. */
  readonly readyTimeoutMs?: number;
  /** The worker's runtime (default auto: containerd when it can, else process); none: no worker. */
  readonly worker?: UpWorkerRuntime;
}

const host = '127.0.0.1';
const childStopGraceMs = 10_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The ports of m1..mN: read from `ports.json` when this folder already holds the cluster, else picked and saved. */
async function clusterPorts(dataDir: string, count: number): Promise<number[]> {
  const file = join(dataDir, 'ports.json');
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(saved) && saved.length === count && saved.every((port) => Number.isInteger(port)))
      return saved as number[];
    if (Array.isArray(saved))
      throw new CliError(
        'usage',
        `${dataDir} holds a cluster of ${saved.length} masters; use --masters ${saved.length} or another --data-dir`,
      );
  } catch (error: unknown) {
    if (error instanceof CliError) throw error;
  }
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(ports) + '\n');
  return ports;
}

/** The HTTP ports (the Kubernetes REST API, probes, metrics) of m1..mN, kept like the gRPC ports in `http-ports.json`. */
async function clusterHttpPorts(dataDir: string, count: number, taken: readonly number[]): Promise<number[]> {
  const file = join(dataDir, 'http-ports.json');
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (Array.isArray(saved) && saved.length === count && saved.every((port) => Number.isInteger(port)))
      return saved as number[];
  } catch {
    // none yet: pick them
  }
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port) && !taken.includes(port)) ports.push(port);
  }
  writeFileSync(file, JSON.stringify(ports) + '\n');
  return ports;
}

/** The kubeconfig `orca up` writes for kubectl: the admin identity, the first master's REST API. */
function writeUpKubeconfig(
  options: UpOptions,
  httpPort: number,
  admin: { caPem: string; certificatePem?: string; keyPem?: string },
): string {
  const path = defaultKubeconfigPath(options.env, homedir());
  writeKubeconfig(path, {
    server: `https://${host}:${httpPort}`,
    name: 'orca',
    caPem: admin.caPem,
    ...(admin.certificatePem === undefined || admin.keyPem === undefined
      ? {}
      : { certificatePem: admin.certificatePem, keyPem: admin.keyPem }),
  });
  return path;
}

/** Resolves once some master names a leader and every master is a member, polling Members. */
async function untilReady(
  servers: string[],
  count: number,
  timeoutMs: number,
  stop: AbortSignal,
  tls?: TlsIdentity,
): Promise<void> {
  const client = new OrcaClient({
    servers,
    callTimeoutMs: 1000,
    connectTimeoutMs: 500,
    operationDeadlineMs: 2000,
    ...(tls === undefined ? {} : { tls }),
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!stop.aborted) {
      try {
        const members = await client.members();
        if (members.leader !== '' && members.members.length >= count) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline)
        throw new CliError(
          'unavailable',
          `the cluster did not elect a leader with all ${count} masters within ${timeoutMs} ms`,
        );
      await new Promise((wake) => setTimeout(wake, 100));
    }
  } finally {
    client.close();
  }
}

/**
 * A join token of `role` made as the admin, valid for an hour: what `orca up`
 * hands its own masters and worker (`orca token create` does the same).
 */
async function upToken(servers: string[], admin: TlsIdentity, role: 'worker' | 'master'): Promise<string> {
  const client = new OrcaClient({ servers, tls: admin, operationDeadlineMs: 20_000 });
  try {
    const record = newTokenRecord(generateTokenPair(), { role, ttl: '1h', description: 'orca up' }, Date.now());
    // kube-system appears once the leader's cluster defaults ran: retry until it is there.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.create(tokenSecret(record));
        break;
      } catch (error: unknown) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return formatJoinToken(caHashOf(admin.current.caPem), record.id, record.secret);
  } finally {
    client.close();
  }
}

/** A worker token, unless the worker already holds its identity from an earlier start. */
async function workerToken(options: UpOptions, servers: string[], admin: TlsIdentity): Promise<string | undefined> {
  if (existsSync(join(options.dataDir, 'worker', 'tls', 'node.crt'))) return undefined;
  return upToken(servers, admin, 'worker');
}

/** The admin identity the bootstrapping child wrote into its own client config. */
function childAdmin(options: UpOptions): TlsIdentity {
  const path = join(options.dataDir, 'm1', 'client-config');
  const material = clientTlsMaterial(parseClientConfig(readFileSync(path, 'utf8'), path));
  if (material === undefined) throw new CliError('failed', `${path} holds no admin identity`);
  return new TlsIdentity(material);
}

function startChild(
  options: UpOptions,
  index: number,
  ports: number[],
  httpPorts: number[],
  token?: string,
): ChildProcess {
  const name = `m${index + 1}`;
  const dataDir = join(options.dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(join(dataDir, 'master.log'), 'a');
  const role =
    index === 0
      ? ['--bootstrap']
      : ['--join', `${host}:${ports[0] ?? 0}`, ...(token === undefined ? [] : ['--token', token])];
  const args = [
    ...process.execArgv,
    options.scriptPath,
    'master',
    '--name',
    name,
    '--data-dir',
    dataDir,
    '--listen',
    `${host}:${ports[index] ?? 0}`,
    '--http',
    `${host}:${httpPorts[index] ?? 0}`,
    ...role,
  ];
  // the children's own client config goes into their folder: `orca up` writes the user's once all are in
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', log, log],
    env: { ...options.env, ORCA_CONFIG: join(dataDir, 'client-config'), ORCA_LOG_FORMAT: 'json' },
  });
  closeSync(log);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), childStopGraceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}

function announce(
  options: UpOptions,
  servers: string[],
  config: string,
  worker: UpWorker | undefined,
  rest: { url: string; kubeconfig: string },
): void {
  const lines = [
    `orca: ${servers.length === 1 ? 'one master' : `${servers.length} masters`} ready on ${servers.join(', ')} (data in ${options.dataDir})`,
    ...(worker === undefined ? [] : [`orca: ${worker.description}`, ...worker.network.map((line) => `orca: ${line}`)]),
    `orca: TLS on every connection; wrote the client config (admin, group system:masters) to ${config}`,
    `orca: the Kubernetes REST API is on ${rest.url} (every master serves it); kubectl: export KUBECONFIG=${rest.kubeconfig}`,
    `orca: RBAC and audit are on (audit log: ${join(options.dataDir, 'm1', 'audit.log')}); \`orca token create\` makes join tokens, \`orca auth can-i\` checks access`,
    'orca: try `orca cluster members`, `orca apply -f FILE`, `orca get pods`; Ctrl-C stops the cluster',
  ];
  options.write(lines.join('\n') + '\n');
}

/** The first master writes its admin config right after it starts: wait for it (bounded). */
async function untilAdmin(options: UpOptions): Promise<TlsIdentity> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    try {
      return childAdmin(options);
    } catch (error: unknown) {
      if (Date.now() > deadline || options.stop.aborted)
        throw new CliError(
          'failed',
          `the first master wrote no admin config (${error instanceof Error ? error.message : String(error)}); see ${join(options.dataDir, 'm1', 'master.log')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function untilStopped(signal: AbortSignal, failed?: Promise<string>): Promise<string | undefined> {
  const stopped = new Promise<undefined>((done) =>
    signal.aborted ? done(undefined) : signal.addEventListener('abort', () => done(undefined), { once: true }),
  );
  return Promise.race([stopped, ...(failed === undefined ? [] : [failed])]);
}

async function upInProcess(options: UpOptions, port: number, httpPort: number): Promise<void> {
  const dataDir = join(options.dataDir, 'm1');
  const master: Master = await startMaster({
    name: 'm1',
    dataDir,
    listen: `${host}:${port}`,
    http: `${host}:${httpPort}`,
    httpExtensions: [kubeApi()],
    bootstrap: true,
    security: {},
    logger: createLogger('master', { name: 'm1' }),
  });
  try {
    if (master.security === undefined) throw new CliError('failed', 'the master started without security');
    const adminMaterial = await master.security.issueClientIdentity('admin', ['system:masters']);
    const admin = new TlsIdentity(adminMaterial);
    await untilReady([master.address], 1, options.readyTimeoutMs ?? 30_000, options.stop, admin);
    const config = configPath(options.env, homedir());
    writeClientConfig(config, adminClientConfig({ servers: [master.address], ...adminMaterial }));
    const kubeconfig = writeUpKubeconfig(options, httpPort, adminMaterial);
    const token = await workerToken(options, [master.address], admin);
    const worker = await startUpWorker({
      runtime: options.worker ?? 'auto',
      servers: [master.address],
      dataDir: options.dataDir,
      write: options.write,
      secure: true,
      ...(token === undefined ? {} : { token }),
    });
    try {
      announce(options, [master.address], config, worker, { url: `https://${host}:${httpPort}`, kubeconfig });
      await untilStopped(options.stop);
    } finally {
      await worker?.stop();
    }
  } finally {
    await master.close();
  }
}

async function upChildren(options: UpOptions, ports: number[], httpPorts: number[]): Promise<void> {
  const children: ChildProcess[] = [];
  const servers = ports.map((port) => `${host}:${port}`);
  // a child that dies on its own ends the cluster with its name in the message
  let reportExit: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((report) => (reportExit = report));
  let worker: UpWorker | undefined;
  let admin: TlsIdentity | undefined;
  let masterToken: string | undefined;
  try {
    for (let index = 0; index < ports.length; index += 1) {
      const child = startChild(options, index, ports, httpPorts, masterToken);
      child.once('exit', (code, signal) =>
        reportExit(
          `master m${index + 1} exited (${signal ?? `code ${code ?? 0}`}); see ${join(options.dataDir, `m${index + 1}`, 'master.log')}`,
        ),
      );
      children.push(child);
      // the first must be up before the others ask it to let them join
      if (index === 0) {
        admin = await untilAdmin(options);
        await untilReady([servers[0] ?? ''], 1, options.readyTimeoutMs ?? 30_000, options.stop, admin);
        masterToken = await upToken([servers[0] ?? ''], admin, 'master');
      }
    }
    if (admin === undefined) throw new CliError('failed', 'no admin identity from the first master');
    await Promise.race([
      untilReady(servers, ports.length, options.readyTimeoutMs ?? 60_000, options.stop, admin),
      failed.then((reason) => {
        throw new CliError('failed', reason);
      }),
    ]);
    const config = configPath(options.env, homedir());
    const { certificatePem = '', keyPem = '', caPem } = admin.current;
    writeClientConfig(config, adminClientConfig({ servers, caPem, certificatePem, keyPem }));
    const kubeconfig = writeUpKubeconfig(options, httpPorts[0] ?? 0, { caPem, certificatePem, keyPem });
    const token = await workerToken(options, servers, admin);
    worker = await startUpWorker({
      runtime: options.worker ?? 'auto',
      servers,
      dataDir: options.dataDir,
      write: options.write,
      secure: true,
      ...(token === undefined ? {} : { token }),
    });
    announce(options, servers, config, worker, { url: `https://${host}:${httpPorts[0] ?? 0}`, kubeconfig });
    const reason = await untilStopped(options.stop, failed);
    if (reason !== undefined) throw new CliError('failed', reason);
  } finally {
    await worker?.stop();
    await Promise.all(children.map(stopChild));
  }
}

export async function runUp(options: UpOptions): Promise<void> {
  if (![1, 3, 5].includes(options.masters))
    throw new CliError('usage', `--masters: must be 1, 3 or 5, got ${options.masters}`);
  if (options.worker !== undefined && !isUpWorkerRuntime(options.worker))
    throw new CliError('usage', `--runtime: must be auto, cri, process, sim or none, got "${String(options.worker)}"`);
  const dataDir = resolve(options.dataDir);
  const ports = await clusterPorts(dataDir, options.masters);
  const httpPorts = await clusterHttpPorts(dataDir, options.masters, ports);
  const resolved = { ...options, dataDir };
  if (options.masters === 1) await upInProcess(resolved, ports[0] ?? 0, httpPorts[0] ?? 0);
  else await upChildren(resolved, ports, httpPorts);
  options.write('orca: stopped\n');
}

/** The `up` action for commander: flags in, SIGINT/SIGTERM end it. */
export function upAction(scriptPath: string) {
  return async (...args: unknown[]): Promise<void> => {
    const flags = (args[0] ?? {}) as { masters?: string; dataDir?: string; runtime?: string };
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const worker = (flags.runtime ?? 'auto') as UpWorkerRuntime;
      await runUp({
        masters: Number(flags.masters ?? '1'),
        dataDir: flags.dataDir ?? '.orca',
        write: (text) => process.stdout.write(text),
        env: process.env,
        scriptPath,
        stop: stop.signal,
        worker,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
