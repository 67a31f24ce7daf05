/**
 * What the worker needs from a container runtime, in the vocabulary of pods:
 * sandboxes (one per pod, holding its network), images, containers, exec and
 * logs. Three implementations: `cri` (containerd over CRI v1), `process` (host
 * processes, no image) and `sim` (runs nothing). Everything the worker creates
 * carries the labels below, so a restarted worker finds (adopts) what it runs.
 */

/** Labels on every sandbox and container the worker creates. */
export const runtimeLabels = {
  managed: 'orca.dev/managed',
  podUid: 'orca.dev/pod-uid',
  podName: 'orca.dev/pod-name',
  podNamespace: 'orca.dev/pod-namespace',
  containerName: 'orca.dev/container-name',
} as const;

export type RuntimeName = 'cri' | 'process' | 'sim';

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface PodRef {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
}

export interface PortMappingSpec {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly hostIp: string;
}

export interface SandboxSpec {
  readonly pod: PodRef;
  /** Incremented each time the pod's sandbox is recreated. */
  readonly attempt: number;
  readonly hostname: string;
  /** Host folder for the containers' log files. */
  readonly logDirectory: string;
  readonly portMappings: readonly PortMappingSpec[];
  /** The pod's resolv.conf; all three empty: the runtime's default (the host's). */
  readonly dnsServers: readonly string[];
  readonly dnsSearches: readonly string[];
  readonly dnsOptions: readonly string[];
}

export type SandboxState = 'ready' | 'notReady';

export interface SandboxInfo {
  readonly id: string;
  readonly pod: PodRef;
  readonly attempt: number;
  readonly state: SandboxState;
  /** The pod's IP, "" when it has none (yet). */
  readonly ip: string;
  readonly createdAtMs: number;
}

export interface MountSpec {
  readonly hostPath: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

export interface ResourceLimits {
  /** 0: no limit. */
  readonly memoryLimitBytes: number;
  /** 0: no limit (CFS quota). */
  readonly cpuLimitMillis: number;
  /** Relative weight; 0: the runtime's default. */
  readonly cpuRequestMillis: number;
}

export interface ContainerSpec {
  readonly pod: PodRef;
  readonly name: string;
  /** Equals the container's restart count. */
  readonly attempt: number;
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly workingDir: string;
  readonly mounts: readonly MountSpec[];
  readonly resources: ResourceLimits;
  /** Relative to the sandbox's log directory. */
  readonly logPath: string;
}

export type ContainerRunState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerInfo {
  readonly id: string;
  readonly sandboxId: string;
  readonly pod: PodRef;
  readonly name: string;
  readonly attempt: number;
  readonly state: ContainerRunState;
  readonly image: string;
  readonly imageRef: string;
  readonly createdAtMs: number;
  /** 0 until started. */
  readonly startedAtMs: number;
  /** 0 until exited. */
  readonly finishedAtMs: number;
  readonly exitCode: number;
  /** E.g. Completed, Error, OOMKilled. */
  readonly reason: string;
  readonly message: string;
  /** Absolute path of the log file on the host, "" when there is none. */
  readonly logPath: string;
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** A terminal's size in character cells. */
export interface TerminalSize {
  readonly width: number;
  readonly height: number;
}

/** What an interactive exec asks for; with `tty`, stderr is merged into stdout. */
export interface ExecSessionSpec {
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
  /** The terminal's size at the start (tty only); absent: the runtime's default. */
  readonly size?: TerminalSize;
}

/** Which of the container's own streams an attach joins. */
export interface AttachSessionSpec {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

export type SessionChannel = 'stdout' | 'stderr';

export interface SessionOutput {
  readonly channel: SessionChannel;
  readonly data: Buffer;
}

/** How a session ended: `error` is empty when it ran to its end (then `exitCode` is the process's). */
export interface SessionEnd {
  readonly exitCode: number;
  readonly error: string;
}

/**
 * A running interactive session (exec, attach, or one port-forwarded
 * connection). Output is pulled, so a slow reader pauses the source instead of
 * filling memory; input is pushed and `write` resolves when the runtime has
 * room for more. A port-forward's bytes from the port arrive as stdout, and
 * `write` sends to the port.
 */
export interface RuntimeSession {
  readonly output: AsyncIterable<SessionOutput>;
  write(data: Buffer): Promise<void>;
  /** No more input: stdin's end of file, a connection's half-close. */
  endInput(): void;
  /** A terminal's new size (tty sessions; ignored otherwise). */
  resize(size: TerminalSize): void;
  /** Settles once the output has ended. */
  readonly ended: Promise<SessionEnd>;
  /** Ends the session now (kills the exec'd process, closes the connection); safe to call twice. */
  close(): void;
}

export interface RuntimeVersion {
  readonly runtimeName: string;
  readonly runtimeVersion: string;
}

export interface Runtime {
  readonly name: RuntimeName;
  version(): Promise<RuntimeVersion>;
  /** Makes the image present as `policy` says; returns its reference. Fails with RuntimeError imagePull or imageNeverPull. */
  ensureImage(image: string, policy: ImagePullPolicy): Promise<string>;
  runSandbox(spec: SandboxSpec): Promise<SandboxInfo>;
  stopSandbox(id: string): Promise<void>;
  removeSandbox(id: string): Promise<void>;
  /** Every sandbox this worker created (by its labels). */
  listSandboxes(): Promise<SandboxInfo[]>;
  /** Returns the new container's id; `sandbox` is the spec the sandbox was run with. */
  createContainer(sandboxId: string, sandbox: SandboxSpec, spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `gracePeriodSeconds` (0: at once). */
  stopContainer(id: string, gracePeriodSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  /** Every container this worker created (by its labels), with its current status. */
  listContainers(): Promise<ContainerInfo[]>;
  /** Runs `command` in the container; `timeoutSeconds` 0 means the runtime's own limit. */
  exec(id: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult>;
  /** Starts `spec.command` in the running container as an interactive session. */
  execSession(id: string, spec: ExecSessionSpec): Promise<RuntimeSession>;
  /** Joins the running container's own process. */
  attachSession(id: string, spec: AttachSessionSpec): Promise<RuntimeSession>;
  /** One TCP connection to `port` in the sandbox's network (the pod's loopback where the runtime can reach it). */
  portForward(sandbox: SandboxInfo, port: number): Promise<RuntimeSession>;
  /** The pod CIDR the masters gave this node, for runtimes that hand out pod IPs themselves. */
  usePodCidr?(cidr: string): void | Promise<void>;
  close(): Promise<void>;
}

/** The labels that mark a sandbox or container as the worker's, for `pod` (and `container`). */
export function labelsFor(pod: PodRef, containerName?: string): Record<string, string> {
  const labels: Record<string, string> = {
    [runtimeLabels.managed]: 'true',
    [runtimeLabels.podUid]: pod.uid,
    [runtimeLabels.podName]: pod.name,
    [runtimeLabels.podNamespace]: pod.namespace,
  };
  if (containerName !== undefined) labels[runtimeLabels.containerName] = containerName;
  return labels;
}

/** The pod a labelled object belongs to, or undefined when the labels are not the worker's. */
export function podFromLabels(labels: Readonly<Record<string, string>>): PodRef | undefined {
  if (labels[runtimeLabels.managed] !== 'true') return undefined;
  const uid = labels[runtimeLabels.podUid];
  if (uid === undefined || uid === '') return undefined;
  return { uid, name: labels[runtimeLabels.podName] ?? '', namespace: labels[runtimeLabels.podNamespace] ?? '' };
}
