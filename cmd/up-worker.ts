/**
 * The worker `orca up` runs in its own process beside the master(s): the `cri`
 * runtime on the system containerd when its socket answers, else on a private
 * containerd started through cluster-test/env/setup.sh when this machine can
 * run containers, else the `process` runtime. It says which, and why.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { containerSupport, startTestRuntime, type TestRuntime } from '../cluster-test/env/index.js';
import { CliError } from '../src/cli/errors.js';
import { OrcaClient } from '../src/client/index.js';
import { createLogger } from '../src/log/index.js';
import { NodeNetwork, nodeNetworkDefaults } from '../src/network/index.js';
import {
  cniDefaults,
  CriRuntime,
  defaultHostIp,
  obtainNodeIdentity,
  ProcessRuntime,
  SimRuntime,
  startNodeCertificateRenewal,
  Worker,
  workerAddresses,
  workerDefaults,
  type NodeIdentity,
  type Runtime,
} from '../src/worker/index.js';

export type UpWorkerRuntime = 'auto' | 'cri' | 'process' | 'sim' | 'none';

export interface UpWorkerOptions {
  readonly runtime: UpWorkerRuntime;
  readonly servers: readonly string[];
  readonly dataDir: string;
  readonly write: (text: string) => void;
  /** The system containerd's socket, tried first. */
  readonly systemSocket?: string;
  /** Where the ingress proxy listens (default 127.0.0.1:80 and :443; 'off' for none). */
  readonly ingressHttp?: string | null;
  readonly ingressHttps?: string | null;
  /**
   * A worker join token for masters with security: the worker joins with it
   * (its identity kept in DATA/worker/tls), or loads the identity saved
   * there; absent: plaintext, for masters started without security.
   */
  readonly token?: string;
  /** The masters run with security: the worker joins with `token`, or loads the identity it saved on an earlier start. */
  readonly secure?: boolean;
}

export interface UpWorker {
  /** One line for the user: which runtime runs the pods, and why. */
  readonly description: string;
  /** Lines for the user: where cluster DNS and the ingress answer, or why they do not. */
  readonly network: readonly string[];
  stop(): Promise<void>;
}

function networkSummary(network: NodeNetwork): string[] {
  const lines: string[] = [];
  lines.push(
    network.clusterDnsIp === ''
      ? 'cluster DNS: off (it needs root and the cri runtime)'
      : `cluster DNS: pods resolve names at ${network.clusterDnsIp} (the kube-dns Service)`,
  );
  const ingress = network.ingressAddresses;
  lines.push(
    ingress.length === 0
      ? 'ingress: off (it could not listen; see the log)'
      : `ingress: ${ingress.map((address) => `${address.endsWith(':443') ? 'https' : 'http'}://${address}/`).join(' and ')} (curl -H 'Host: NAME' …)`,
  );
  lines.push(
    network.serviceProxyRunning
      ? 'services: ClusterIPs and NodePorts programmed in nftables (table orca-proxy)'
      : 'services: the service proxy is off (it needs root, nft and the cri runtime)',
  );
  return lines;
}

interface Chosen {
  readonly runtime: Runtime;
  readonly description: string;
  readonly podCidr: string;
  readonly privateContainerd?: TestRuntime;
}

const defaultSystemSocket = '/run/containerd/containerd.sock';
const runtimeAnswerMs = 3_000;

export function isUpWorkerRuntime(value: string): value is UpWorkerRuntime {
  return ['auto', 'cri', 'process', 'sim', 'none'].includes(value);
}

/** The machine's host name when it is a valid Node name, else w1. */
export function workerName(): string {
  const name = hostname().toLowerCase();
  return /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(name) ? name : 'w1';
}

async function answers(runtime: Runtime): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), runtimeAnswerMs)));
  try {
    return await Promise.race([
      runtime.version().then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function systemContainerd(socket: string): Promise<Chosen | undefined> {
  if (!existsSync(socket)) return undefined;
  const runtime = new CriRuntime({ socketPath: socket });
  if (await answers(runtime))
    return { runtime, description: `the cri runtime on the system containerd (${socket})`, podCidr: '' };
  await runtime.close();
  return undefined;
}

/** A private containerd as the tests use, or the reason there is none. */
async function privateContainerd(options: UpWorkerOptions): Promise<Chosen | string> {
  const support = containerSupport();
  if (!support.ok) return support.reason;
  options.write('orca: starting a private containerd for the worker (cluster-test/env/setup.sh)...\n');
  try {
    const env = await startTestRuntime();
    // The pod network comes from the Node's pod CIDR, which the masters hand out: the worker rewrites this containerd's CNI config.
    const runtime = new CriRuntime({
      socketPath: env.socket,
      cni: { ...cniDefaults, confDir: join(env.dir, 'cni', 'net.d') },
    });
    return {
      runtime,
      description: `the cri runtime on a private containerd (${env.socket}, images from ${env.registry})`,
      podCidr: '',
      privateContainerd: env,
    };
  } catch (error: unknown) {
    return `the private containerd did not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function chooseRuntime(options: UpWorkerOptions, hostIp: string): Promise<Chosen> {
  if (options.runtime === 'process')
    return { runtime: new ProcessRuntime({ hostIp }), description: 'the process runtime (asked for)', podCidr: '' };
  if (options.runtime === 'sim')
    return { runtime: new SimRuntime(), description: 'the sim runtime (runs nothing)', podCidr: '' };
  const system = await systemContainerd(options.systemSocket ?? defaultSystemSocket);
  if (system !== undefined) return system;
  const owned = await privateContainerd(options);
  if (typeof owned !== 'string') return owned;
  if (options.runtime === 'cri') throw new CliError('failed', `--runtime cri: no containerd to use: ${owned}`);
  return {
    runtime: new ProcessRuntime({ hostIp }),
    description: `the process runtime (no containerd: ${owned.split('\n')[0] ?? ''})`,
    podCidr: '',
  };
}

/** The worker's identity when the masters run with security (a token given), else undefined. */
async function upIdentity(
  options: UpWorkerOptions,
  rootDir: string,
  name: string,
  logger: ReturnType<typeof createLogger>,
): Promise<NodeIdentity | undefined> {
  if (options.token === undefined && options.secure !== true) return undefined;
  const identity = await obtainNodeIdentity({
    dataDir: rootDir,
    name,
    servers: options.servers,
    ...(options.token === undefined ? {} : { token: options.token }),
    addresses: workerAddresses('127.0.0.1:0', '127.0.0.1'),
    joinTimeoutMs: 30_000,
    logger,
  });
  if (identity === undefined)
    throw new CliError('failed', `the worker has no identity in ${join(rootDir, 'tls')} and was given no join token`);
  return identity;
}

export async function startUpWorker(options: UpWorkerOptions): Promise<UpWorker | undefined> {
  if (options.runtime === 'none') return undefined;
  const hostIp = defaultHostIp();
  const rootDir = join(options.dataDir, 'worker');
  mkdirSync(rootDir, { recursive: true });
  const name = workerName();
  const logger = createLogger('worker', { name });
  const node = await upIdentity(options, rootDir, name, logger);
  const tls = node?.identity;
  const chosen = await chooseRuntime(options, hostIp);
  const client = new OrcaClient({ servers: options.servers, ...(tls === undefined ? {} : { tls }) });
  const stopRenewal =
    node === undefined
      ? () => undefined
      : startNodeCertificateRenewal({
          node,
          dataDir: rootDir,
          name,
          renew: (csr) => client.renewCertificate(csr),
          logger,
        });
  // Loopback only, like the rest of `orca up` (there is no authentication yet): curl -H 'Host: …' http://127.0.0.1/.
  // Routes, the service proxy and the cluster DNS are for pods in their own network (the cri runtime); process pods share the host's.
  const podsNetworked = chosen.runtime.name === 'cri';
  const podNetwork = new NodeNetwork({
    ...nodeNetworkDefaults,
    client,
    nodeName: name,
    hostIp,
    logger: logger.child({ component: 'network' }),
    routes: podsNetworked,
    proxy: podsNetworked,
    dns: podsNetworked,
    ingressHttp: options.ingressHttp ?? '127.0.0.1:80',
    ingressHttps: options.ingressHttps ?? '127.0.0.1:443',
  });
  const worker = new Worker({
    ...workerDefaults,
    name,
    client,
    runtime: chosen.runtime,
    rootDir,
    hostIp,
    podCidr: chosen.podCidr,
    capacity: {},
    serviceListen: '127.0.0.1:0',
    logger,
    podNetwork,
    ...(tls === undefined
      ? {}
      : { tls, issueServiceAccountToken: (request) => client.issueServiceAccountToken(request) }),
  });
  const stop = async (): Promise<void> => {
    stopRenewal();
    await worker.stop();
    await chosen.runtime.close();
    client.close();
    await chosen.privateContainerd?.stop();
  };
  try {
    await worker.start();
  } catch (error: unknown) {
    await stop();
    throw error;
  }
  return {
    description: `worker ${name} runs pods with ${chosen.description}`,
    network: networkSummary(podNetwork),
    stop,
  };
}
