/**
 * `orca worker --name N --server ADDR[,ADDR…] [--runtime cri|process|sim] [--containerd-socket PATH]`
 * (and, once src/cli declares them, --root-dir, --pod-cidr, --host-ip, --listen):
 * runs one worker in the foreground until SIGINT or SIGTERM.
 */
import { OrcaClient } from '../client/index.js';
import { createLogger } from '../log/index.js';
import { cniDefaults } from './runtime/cri/cni-config.js';
import { CriRuntime } from './runtime/cri/cri-runtime.js';
import { ProcessRuntime } from './runtime/process/process-runtime.js';
import type { Runtime } from './runtime/runtime.js';
import { SimRuntime } from './runtime/sim/sim-runtime.js';
import { defaultHostIp, Worker, workerDefaults, type PodNetwork } from './worker.js';
import { WorkerError, WorkerErrorCode } from './worker-error.js';

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

export async function runWorkerCommand(
  flags: WorkerFlags,
  network?: (context: WorkerNetworkContext) => PodNetwork,
): Promise<void> {
  const name = text(flags.name, 'name');
  const servers = text(flags.server, 'server')
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
  const podCidr = text(flags.podCidr, 'pod-cidr', workerDefaults.podCidr);
  const hostIp = text(flags.hostIp, 'host-ip', defaultHostIp());
  const cniConfDir = flags.cniConfDir === undefined ? '' : text(flags.cniConfDir, 'cni-conf-dir');
  const runtime = runtimeFor(
    text(flags.runtime, 'runtime', 'cri'),
    text(flags.containerdSocket, 'containerd-socket', defaultContainerdSocket),
    podCidr,
    hostIp,
    cniConfDir,
  );
  const logger = createLogger('worker', { name });
  const client = new OrcaClient({ servers });
  const version = await runtime.version().catch((error: unknown) => {
    throw new WorkerError(
      WorkerErrorCode.runtime,
      `the ${runtime.name} runtime does not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  logger.info({ runtime: runtime.name, version: version.runtimeVersion }, `using the ${runtime.name} runtime`);
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
    rootDir: text(flags.rootDir, 'root-dir', defaultRootDir),
    hostIp,
    serviceListen: text(flags.listen, 'listen', defaultListen),
    leaseRenewMs: leaseRenewMs(flags.leaseRenewSeconds),
  });
  await worker.start();
  logger.info({ endpoint: worker.serviceEndpoint }, 'worker running');
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('worker stopping');
  await worker.stop();
  await runtime.close();
  client.close();
}
