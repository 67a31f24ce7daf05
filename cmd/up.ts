/**
 * `orca up [--masters 1|3|5] [--data-dir .orca]`: a local cluster in the
 * foreground. One master runs in this process; three or five run as `orca master`
 * child processes (the first bootstraps, the others join it). Each listens on
 * loopback only, on a port picked once and kept in the data folder so a restart
 * finds the same cluster. Once a leader answers, the client config is written
 * and the servers are printed; Ctrl-C or SIGTERM stops everything. A worker
 * runs in this process too (cmd/up-worker.ts picks its runtime and says which).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { configPath, writeClientConfig } from '../src/cli/client-config.js';
import { CliError } from '../src/cli/errors.js';
import { OrcaClient } from '../src/client/index.js';
import { createLogger } from '../src/log/index.js';
import { startMaster, type Master } from '../src/master/index.js';
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

/** Resolves once some master names a leader and every master is a member, polling Members. */
async function untilReady(servers: string[], count: number, timeoutMs: number, stop: AbortSignal): Promise<void> {
  const client = new OrcaClient({ servers, callTimeoutMs: 1000, connectTimeoutMs: 500, operationDeadlineMs: 2000 });
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

function startChild(options: UpOptions, index: number, ports: number[]): ChildProcess {
  const name = `m${index + 1}`;
  const dataDir = join(options.dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  const log = openSync(join(dataDir, 'master.log'), 'a');
  const role = index === 0 ? ['--bootstrap'] : ['--join', `${host}:${ports[0] ?? 0}`];
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

function announce(options: UpOptions, servers: string[], config: string, worker: UpWorker | undefined): void {
  const lines = [
    `orca: ${servers.length === 1 ? 'one master' : `${servers.length} masters`} ready on ${servers.join(', ')} (data in ${options.dataDir})`,
    ...(worker === undefined ? [] : [`orca: ${worker.description}`, ...worker.network.map((line) => `orca: ${line}`)]),
    `orca: wrote the client config to ${config}`,
    'orca: try `orca cluster members`, `orca apply -f FILE`, `orca get pods`; Ctrl-C stops the cluster',
  ];
  options.write(lines.join('\n') + '\n');
}

async function untilStopped(signal: AbortSignal, failed?: Promise<string>): Promise<string | undefined> {
  const stopped = new Promise<undefined>((done) =>
    signal.aborted ? done(undefined) : signal.addEventListener('abort', () => done(undefined), { once: true }),
  );
  return Promise.race([stopped, ...(failed === undefined ? [] : [failed])]);
}

async function upInProcess(options: UpOptions, port: number): Promise<void> {
  const dataDir = join(options.dataDir, 'm1');
  const master: Master = await startMaster({
    name: 'm1',
    dataDir,
    listen: `${host}:${port}`,
    bootstrap: true,
    logger: createLogger('master', { name: 'm1' }),
  });
  try {
    await untilReady([master.address], 1, options.readyTimeoutMs ?? 30_000, options.stop);
    const config = configPath(options.env, homedir());
    writeClientConfig(config, { servers: [master.address] });
    const worker = await startUpWorker({
      runtime: options.worker ?? 'auto',
      servers: [master.address],
      dataDir: options.dataDir,
      write: options.write,
    });
    try {
      announce(options, [master.address], config, worker);
      await untilStopped(options.stop);
    } finally {
      await worker?.stop();
    }
  } finally {
    await master.close();
  }
}

async function upChildren(options: UpOptions, ports: number[]): Promise<void> {
  const children: ChildProcess[] = [];
  const servers = ports.map((port) => `${host}:${port}`);
  // a child that dies on its own ends the cluster with its name in the message
  let reportExit: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((report) => (reportExit = report));
  let worker: UpWorker | undefined;
  try {
    for (let index = 0; index < ports.length; index += 1) {
      const child = startChild(options, index, ports);
      child.once('exit', (code, signal) =>
        reportExit(
          `master m${index + 1} exited (${signal ?? `code ${code ?? 0}`}); see ${join(options.dataDir, `m${index + 1}`, 'master.log')}`,
        ),
      );
      children.push(child);
      // the first must be up before the others ask it to let them join
      if (index === 0) await untilReady([servers[0] ?? ''], 1, options.readyTimeoutMs ?? 30_000, options.stop);
    }
    await Promise.race([
      untilReady(servers, ports.length, options.readyTimeoutMs ?? 60_000, options.stop),
      failed.then((reason) => {
        throw new CliError('failed', reason);
      }),
    ]);
    const config = configPath(options.env, homedir());
    writeClientConfig(config, { servers });
    worker = await startUpWorker({
      runtime: options.worker ?? 'auto',
      servers,
      dataDir: options.dataDir,
      write: options.write,
    });
    announce(options, servers, config, worker);
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
  const resolved = { ...options, dataDir };
  if (options.masters === 1) await upInProcess(resolved, ports[0] ?? 0);
  else await upChildren(resolved, ports);
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
