/**
 * The `cri` runtime: the worker's Runtime over a CRI v1 runtime (containerd),
 * as the kubelet drives it. Sandboxes and containers carry the worker's labels;
 * lists are filtered by them so that other users of the runtime are left alone.
 */
import type { ContainerConfig } from '../../../gen/runtime/v1/ContainerConfig.js';
import type { ContainerStatus__Output } from '../../../gen/runtime/v1/ContainerStatus.js';
import type { PodSandboxConfig } from '../../../gen/runtime/v1/PodSandboxConfig.js';
import type { PodSandbox__Output } from '../../../gen/runtime/v1/PodSandbox.js';
import { WorkerError, WorkerErrorCode } from '../../worker-error.js';
import {
  labelsFor,
  podFromLabels,
  runtimeLabels,
  type ContainerInfo,
  type ContainerRunState,
  type ContainerSpec,
  type ExecResult,
  type ImagePullPolicy,
  type AttachSessionSpec,
  type ExecSessionSpec,
  type Runtime,
  type RuntimeSession,
  type RuntimeVersion,
  type SandboxInfo,
  type SandboxSpec,
} from '../runtime.js';
import { writeCniConfig, type CniConfigOptions } from './cni-config.js';
import { CriClient, type CriClientOptions } from './cri-client.js';
import { CriError, CriErrorCode } from './cri-error.js';
import { portForwardSession, remoteCommandSession } from './cri-streaming.js';

const nanosPerMs = 1_000_000;
const cpuPeriodMicros = 100_000;
/** The kernel's smallest cpu.shares. */
const cpuSharesMin = 2;
/** exec without a timeout of its own still ends: a probe or a user command must not hang the worker. */
const execTimeoutSecondsDefault = 60;

// Network and IPC shared by the pod; a PID namespace per container, as the kubelet
// does unless shareProcessNamespace (the CRI default, POD, would make the pause
// process every container's PID 1).
const podNamespaces = { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } as const;

const runStates: Record<string, ContainerRunState> = {
  CONTAINER_CREATED: 'created',
  CONTAINER_RUNNING: 'running',
  CONTAINER_EXITED: 'exited',
};

export class CriRuntime implements Runtime {
  readonly name = 'cri' as const;
  private readonly client: CriClient;
  private readonly cni: CniConfigOptions | undefined;

  /** With `cni`, the pod network's config is written from the Node's pod CIDR (usePodCidr); without, containerd's own is used as is. */
  constructor(
    options: Partial<CriClientOptions> & Pick<CriClientOptions, 'socketPath'> & { readonly cni?: CniConfigOptions },
  ) {
    const { cni, ...clientOptions } = options;
    this.client = new CriClient(clientOptions);
    this.cni = cni;
  }

  usePodCidr(cidr: string): void {
    if (this.cni !== undefined) writeCniConfig(this.cni, cidr);
  }

  async version(): Promise<RuntimeVersion> {
    const version = await this.client.version();
    return { runtimeName: version.runtimeName, runtimeVersion: version.runtimeVersion };
  }

  async ensureImage(image: string, policy: ImagePullPolicy): Promise<string> {
    if (policy !== 'Always') {
      const present = await this.client.imageStatus({ image });
      if (present !== null) return present.id;
      if (policy === 'Never') {
        throw new WorkerError(
          WorkerErrorCode.imageNeverPull,
          `image "${image}" is not present and imagePullPolicy is Never`,
        );
      }
    }
    try {
      return await this.client.pullImage({ image });
    } catch (error: unknown) {
      if (error instanceof CriError && error.code === CriErrorCode.unavailable) throw error;
      const detail = error instanceof CriError ? error.message.replace(/^PullImage: /, '') : String(error);
      throw new WorkerError(WorkerErrorCode.imagePull, `failed to pull image "${image}": ${detail}`, { cause: error });
    }
  }

  async runSandbox(spec: SandboxSpec): Promise<SandboxInfo> {
    const id = await this.client.runPodSandbox(sandboxConfig(spec));
    const { status } = await this.client.podSandboxStatus(id);
    return {
      id,
      pod: spec.pod,
      attempt: spec.attempt,
      state: status?.state === 'SANDBOX_READY' ? 'ready' : 'notReady',
      ip: status?.network?.ip ?? '',
      createdAtMs: Math.floor((status?.createdAt ?? 0) / nanosPerMs),
    };
  }

  async stopSandbox(id: string): Promise<void> {
    await ignoreNotFound(this.client.stopPodSandbox(id));
  }

  async removeSandbox(id: string): Promise<void> {
    await ignoreNotFound(this.client.removePodSandbox(id));
  }

  async listSandboxes(): Promise<SandboxInfo[]> {
    const items = await this.client.listPodSandbox({ labelSelector: { [runtimeLabels.managed]: 'true' } });
    const sandboxes = await Promise.all(items.map((item) => this.sandboxInfo(item)));
    return sandboxes.filter((sandbox): sandbox is SandboxInfo => sandbox !== undefined);
  }

  private async sandboxInfo(item: PodSandbox__Output): Promise<SandboxInfo | undefined> {
    const pod = podFromLabels(item.labels);
    if (pod === undefined) return undefined;
    const ready = item.state === 'SANDBOX_READY';
    let ip = '';
    if (ready) {
      const status = await this.client.podSandboxStatus(item.id).catch(() => undefined);
      ip = status?.status?.network?.ip ?? '';
    }
    return {
      id: item.id,
      pod,
      attempt: item.metadata?.attempt ?? 0,
      state: ready ? 'ready' : 'notReady',
      ip,
      createdAtMs: Math.floor(item.createdAt / nanosPerMs),
    };
  }

  async createContainer(sandboxId: string, sandbox: SandboxSpec, spec: ContainerSpec): Promise<string> {
    return this.client.createContainer(sandboxId, containerConfig(spec), sandboxConfig(sandbox));
  }

  async startContainer(id: string): Promise<void> {
    await this.client.startContainer(id);
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    await ignoreNotFound(this.client.stopContainer(id, gracePeriodSeconds));
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreNotFound(this.client.removeContainer(id));
  }

  async listContainers(): Promise<ContainerInfo[]> {
    const items = await this.client.listContainers({ labelSelector: { [runtimeLabels.managed]: 'true' } });
    const infos = await Promise.all(
      items.map(async (item) => {
        const response = await this.client.containerStatus(item.id).catch((error: unknown) => {
          if (error instanceof CriError && error.code === CriErrorCode.notFound) return undefined;
          throw error;
        });
        return response?.status === null || response === undefined
          ? undefined
          : containerInfo(item.podSandboxId, response.status);
      }),
    );
    return infos.filter((info): info is ContainerInfo => info !== undefined);
  }

  async exec(id: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult> {
    const seconds = timeoutSeconds > 0 ? timeoutSeconds : execTimeoutSecondsDefault;
    return this.client.execSync(id, [...command], seconds);
  }

  /** CRI Exec, then the session on the runtime's streaming server (cri-streaming.ts). */
  async execSession(id: string, spec: ExecSessionSpec): Promise<RuntimeSession> {
    const url = await this.client.exec(id, [...spec.command], {
      tty: spec.tty,
      stdin: spec.stdin,
      stdout: spec.stdout,
      stderr: spec.stderr && !spec.tty,
    });
    return remoteCommandSession(url, spec);
  }

  async attachSession(id: string, spec: AttachSessionSpec): Promise<RuntimeSession> {
    const url = await this.client.attach(id, {
      tty: spec.tty,
      stdin: spec.stdin,
      stdout: spec.stdout,
      stderr: spec.stderr && !spec.tty,
    });
    return remoteCommandSession(url, spec);
  }

  /** CRI PortForward: the runtime enters the sandbox's network namespace and connects to the port there. */
  async portForward(sandbox: SandboxInfo, port: number): Promise<RuntimeSession> {
    const url = await this.client.portForward(sandbox.id, [port]);
    return portForwardSession(url, port);
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}

function sandboxConfig(spec: SandboxSpec): PodSandboxConfig {
  return {
    metadata: { name: spec.pod.name, uid: spec.pod.uid, namespace: spec.pod.namespace, attempt: spec.attempt },
    hostname: spec.hostname,
    logDirectory: spec.logDirectory,
    labels: labelsFor(spec.pod),
    annotations: {},
    dnsConfig:
      spec.dnsServers.length === 0 && spec.dnsSearches.length === 0 && spec.dnsOptions.length === 0
        ? undefined
        : { servers: [...spec.dnsServers], searches: [...spec.dnsSearches], options: [...spec.dnsOptions] },
    portMappings: spec.portMappings.map((mapping) => ({
      protocol: mapping.protocol,
      containerPort: mapping.containerPort,
      hostPort: mapping.hostPort,
      hostIp: mapping.hostIp,
    })),
    linux: { securityContext: { namespaceOptions: podNamespaces } },
  };
}

function containerConfig(spec: ContainerSpec): ContainerConfig {
  const { memoryLimitBytes, cpuLimitMillis, cpuRequestMillis } = spec.resources;
  return {
    metadata: { name: spec.name, attempt: spec.attempt },
    image: { image: spec.image },
    command: [...spec.command],
    args: [...spec.args],
    workingDir: spec.workingDir,
    envs: spec.env.map((variable) => ({ key: variable.name, value: variable.value })),
    mounts: spec.mounts.map((mount) => ({
      containerPath: mount.containerPath,
      hostPath: mount.hostPath,
      readonly: mount.readOnly,
    })),
    labels: labelsFor(spec.pod, spec.name),
    annotations: {},
    logPath: spec.logPath,
    linux: {
      securityContext: { namespaceOptions: podNamespaces },
      resources: {
        memoryLimitInBytes: memoryLimitBytes,
        cpuShares: cpuRequestMillis > 0 ? Math.max(cpuSharesMin, Math.floor((cpuRequestMillis * 1024) / 1000)) : 0,
        cpuPeriod: cpuLimitMillis > 0 ? cpuPeriodMicros : 0,
        cpuQuota: cpuLimitMillis > 0 ? Math.floor((cpuLimitMillis * cpuPeriodMicros) / 1000) : 0,
      },
    },
  };
}

function containerInfo(sandboxId: string, status: ContainerStatus__Output): ContainerInfo | undefined {
  const pod = podFromLabels(status.labels);
  if (pod === undefined) return undefined;
  return {
    id: status.id,
    sandboxId,
    pod,
    name: status.labels[runtimeLabels.containerName] ?? status.metadata?.name ?? '',
    attempt: status.metadata?.attempt ?? 0,
    state: runStates[status.state] ?? 'unknown',
    image: status.image?.image ?? '',
    imageRef: status.imageRef,
    createdAtMs: Math.floor(status.createdAt / nanosPerMs),
    startedAtMs: Math.floor(status.startedAt / nanosPerMs),
    finishedAtMs: Math.floor(status.finishedAt / nanosPerMs),
    exitCode: status.exitCode,
    reason: status.reason,
    message: status.message,
    logPath: status.logPath,
  };
}

async function ignoreNotFound(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error: unknown) {
    if (!(error instanceof CriError && error.code === CriErrorCode.notFound)) throw error;
  }
}
