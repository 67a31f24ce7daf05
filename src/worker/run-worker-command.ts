/**
 * `orca worker --name N --server ADDR[,ADDR…] [--token K10… | --insecure] [--data-dir D]
 * [--runtime cri|process|sim] [--containerd-socket PATH] [--root-dir …] [--pod-cidr …] [--host-ip …] [--listen …]`:
 * runs one worker in the foreground until SIGINT or SIGTERM.
 *
 * Security: the worker's identity lives in D/tls (node-identity.ts). The
 * first start joins with --token; later starts load the files. Without a
 * token, saved files or --insecure the worker refuses to start: there is no
 * silent fallback to plaintext.
 */
import { isAbsolute, resolve } from 'node:path';
import { OrcaClient, type TlsIdentity } from '../client/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { cniDefaults } from './runtime/cri/cni-config.js';
import { CriRuntime } from './runtime/cri/cri-runtime.js';
import { ProcessRuntime } from './runtime/process/process-runtime.js';
import type { Runtime } from './runtime/runtime.js';
import { SimRuntime } from './runtime/sim/sim-runtime.js';
import { obtainNodeIdentity, startNodeCertificateRenewal, type NodeIdentity } from './node-identity.js';
import { defaultHostIp, Worker, workerDefaults, type PodNetwork } from './worker.js';
import { errorMessage, WorkerError, WorkerErrorCode } from './worker-error.js';

export interface WorkerFlags {
  readonly name?: unknown;
  readonly server?: unknown;
  readonly runtime?: unknown;
  readonly containerdSocket?: unknown;
  readonly rootDir?: unknown;
  readonly podCidr?: unknown;
  readonly hostIp?: unknown;
  readonly listen?: unknown;
  readonly leaseRenewSeconds?: unknown;
  readonly cniConfDir?: unknown;
  /** A worker join token (`orca token create`), for the first start. */
  readonly token?: unknown;
  /** Where the worker keeps its identity (tls/); default .orca/worker-NAME. */
  readonly dataDir?: unknown;
  /** Plaintext and no identity, for a cluster whose masters run with --insecure. */
  readonly insecure?: unknown;
}

/** What the process that runs the worker hands it to build the node's pod network (src/network lives outside the worker). */
export interface WorkerNetworkContext {
  readonly name: string;
  readonly client: OrcaClient;
  readonly hostIp: string;
  readonly logger: ReturnType<typeof createLogger>;
}

const defaultContainerdSocket = '/run/containerd/containerd.sock';
const defaultRootDir = '/var/lib/orca-worker';
const defaultListen = '0.0.0.0:10250';
const joinTimeoutMs = 60_000;

function text(value: unknown, flag: string, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new WorkerError(WorkerErrorCode.config, `--${flag}: required`);
  }
  if (typeof value !== 'string' || value === '')
    throw new WorkerError(WorkerErrorCode.config, `--${flag}: must be a non-empty string`);
  return value;
}

function runtimeFor(kind: string, socket: string, podCidr: string, hostIp: string, cniConfDir: string): Runtime {
  if (kind === 'cri')
    return new CriRuntime({
      socketPath: socket,
      ...(cniConfDir === '' ? {} : { cni: { ...cniDefaults, confDir: cniConfDir } }),
    });
  if (kind === 'sim') return new SimRuntime(podCidr === '' ? {} : { podCidr });
  if (kind === 'process') return new ProcessRuntime({ hostIp });
  throw new WorkerError(WorkerErrorCode.config, `--runtime: must be cri, process or sim, got "${kind}"`);
}

function leaseRenewMs(value: unknown): number {
  if (value === undefined) return workerDefaults.leaseRenewMs;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 30)
    throw new WorkerError(WorkerErrorCode.config, '--lease-renew-seconds: a number of seconds in [0.1, 30]');
  return Math.round(seconds * 1000);
}

/** Where masters reach the worker: the host its service listens on (the node IP for a wildcard) and the node IP. */
export function workerAddresses(listen: string, hostIp: string): string[] {
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  const wildcard = host === '' || host === '0.0.0.0' || host === '::';
  return [...new Set([wildcard ? hostIp : host, hostIp])];
}

/** --data-dir as an absolute path; default .orca/worker-NAME under the current folder. */
function dataDirOf(flags: WorkerFlags, name: string): string {
  const dataDir = text(flags.dataDir, 'data-dir', `.orca/worker-${name}`);
  return isAbsolute(dataDir) ? dataDir : resolve(dataDir);
}

interface SecurityChoice {
  readonly name: string;
  readonly dataDir: string;
  readonly servers: readonly string[];
  readonly flags: WorkerFlags;
  readonly addresses: readonly string[];
  readonly logger: Logger;
}

/** The node identity, or undefined with --insecure; refuses to guess between them. */
async function chooseSecurity(choice: SecurityChoice): Promise<NodeIdentity | undefined> {
  const { flags, name } = choice;
  const insecure = flags.insecure === true;
  const token = flags.token === undefined ? undefined : text(flags.token, 'token');
  if (insecure && token !== undefined)
    throw new WorkerError(WorkerErrorCode.config, '--insecure and --token: choose one');
  if (insecure) {
    choice.logger.warn({}, 'running without security (--insecure): plaintext, no identity');
    return undefined;
  }
  const dataDir = choice.dataDir;
  const node = await obtainNodeIdentity({
    dataDir,
    name,
    servers: choice.servers,
    ...(token === undefined ? {} : { token }),
    addresses: choice.addresses,
    joinTimeoutMs,
    logger: choice.logger,
  });
  if (node === undefined)
    throw new WorkerError(
      WorkerErrorCode.config,
      `this worker has no identity in ${dataDir}/tls: join with --token (make a worker token on a master with \`orca token create\`), or pass --insecure for a cluster whose masters run without security`,
    );
  return node;
}

/** A worker started from its flags, running until stop(). */
export interface StartedWorker {
  readonly worker: Worker;
  readonly client: OrcaClient;
  /** The node's identity; undefined with --insecure. */
  readonly identity: TlsIdentity | undefined;
  stop(): Promise<void>;
}

function serversOf(flags: WorkerFlags): string[] {
  return text(flags.server, 'server')
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
}

async function runtimeVersion(runtime: Runtime): Promise<string> {
  try {
    return (await runtime.version()).runtimeVersion;
  } catch (error: unknown) {
    throw new WorkerError(
      WorkerErrorCode.runtime,
      `the ${runtime.name} runtime does not answer: ${errorMessage(error)}`,
    );
  }
}

/**
 * Everything `orca worker` does before it waits for a signal: the identity
 * (join or load), the client, the runtime, the worker and the certificate's
 * renewal. `logger` is for tests; the command logs as `worker`.
 */
export async function startWorkerFromFlags(
  flags: WorkerFlags,
  network?: (context: WorkerNetworkContext) => PodNetwork,
  logger: Logger = createLogger('worker', { name: String(flags.name ?? '') }),
): Promise<StartedWorker> {
  const name = text(flags.name, 'name');
  const servers = serversOf(flags);
  const podCidr = text(flags.podCidr, 'pod-cidr', workerDefaults.podCidr);
  const hostIp = text(flags.hostIp, 'host-ip', defaultHostIp());
  const listen = text(flags.listen, 'listen', defaultListen);
  const cniConfDir = flags.cniConfDir === undefined ? '' : text(flags.cniConfDir, 'cni-conf-dir');
  const dataDir = dataDirOf(flags, name);
  // The identity first: a refused join leaves nothing started (and nothing written).
  const node = await chooseSecurity({
    name,
    dataDir,
    servers,
    flags,
    addresses: workerAddresses(listen, hostIp),
    logger,
  });
  const tls = node?.identity;
  const client = new OrcaClient({ servers, ...(tls === undefined ? {} : { tls }) });
  const kind = text(flags.runtime, 'runtime', 'cri');
  const socket = text(flags.containerdSocket, 'containerd-socket', defaultContainerdSocket);
  const runtime = runtimeFor(kind, socket, podCidr, hostIp, cniConfDir);
  const stopRenewal =
    node === undefined
      ? () => undefined
      : startNodeCertificateRenewal({ node, dataDir, name, renew: (csr) => client.renewCertificate(csr), logger });
  const stop = async (worker?: Worker): Promise<void> => {
    stopRenewal();
    await worker?.stop();
    await runtime.close();
    client.close();
  };
  try {
    const version = await runtimeVersion(runtime);
    logger.info({ runtime: runtime.name, version }, `using the ${runtime.name} runtime`);
    const podNetwork = network?.({ name, client, hostIp, logger });
    const worker = new Worker({
      ...workerDefaults,
      name,
      client,
      runtime,
      podCidr,
      capacity: {},
      logger,
      ...(podNetwork === undefined ? {} : { podNetwork }),
      ...(tls === undefined
        ? {}
        : { tls, issueServiceAccountToken: (request) => client.issueServiceAccountToken(request) }),
      rootDir: text(flags.rootDir, 'root-dir', defaultRootDir),
      hostIp,
      serviceListen: listen,
      leaseRenewMs: leaseRenewMs(flags.leaseRenewSeconds),
    });
    await worker.start();
    return { worker, client, identity: tls, stop: () => stop(worker) };
  } catch (error: unknown) {
    await stop();
    throw error;
  }
}

export async function runWorkerCommand(
  flags: WorkerFlags,
  network?: (context: WorkerNetworkContext) => PodNetwork,
): Promise<void> {
  const logger = createLogger('worker', { name: String(flags.name ?? '') });
  const started = await startWorkerFromFlags(flags, network, logger);
  logger.info({ endpoint: started.worker.serviceEndpoint }, 'worker running');
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('worker stopping');
  await started.stop();
}
