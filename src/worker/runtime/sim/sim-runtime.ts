/**
 * The `sim` runtime: runs nothing and reports what a healthy runtime would —
 * sandboxes get IPs from the pod CIDR, containers run until stopped. For
 * thousands of hollow workers in scale tests, and as the in-memory runtime of
 * the worker's own tests (which can make a container exit or an image fail).
 *
 * A container whose env sets ORCA_SIM_EXIT_CODE=N exits with code N as soon as
 * it starts: the way a test makes a pod fail (N > 0) or complete (N = 0) through
 * a worker process it cannot reach into, e.g. a Job's backoffLimit.
 */
import { WorkerError, WorkerErrorCode } from '../../worker-error.js';
import { SessionOutputQueue } from '../session-output.js';
import type {
  ContainerInfo,
  ContainerSpec,
  ExecResult,
  ImagePullPolicy,
  Runtime,
  RuntimeSession,
  SessionEnd,
  RuntimeVersion,
  SandboxInfo,
  SandboxSpec,
} from '../runtime.js';

export interface SimRuntimeOptions {
  /** IPv4 CIDR the sandboxes' IPs come from. */
  readonly podCidr: string;
  readonly now: () => number;
  /** Most sandboxes and containers kept; beyond, runSandbox/createContainer fail. */
  readonly objectsMax: number;
}

interface SimContainer {
  info: ContainerInfo;
  /** From ORCA_SIM_EXIT_CODE: the container exits with it at start. */
  readonly exitCodeAtStart: number | undefined;
}

/** The env variable that makes a sim container exit at start with its value as the exit code. */
export const simExitCodeEnv = 'ORCA_SIM_EXIT_CODE';

function exitCodeAtStart(spec: ContainerSpec): number | undefined {
  const value = spec.env.find((variable) => variable.name === simExitCodeEnv)?.value;
  if (value === undefined) return undefined;
  const code = Number(value);
  return Number.isInteger(code) && code >= 0 && code <= 255 ? code : undefined;
}

const simDefaults: SimRuntimeOptions = { podCidr: '10.244.0.0/24', now: Date.now, objectsMax: 100_000 };

export class SimRuntime implements Runtime {
  readonly name = 'sim' as const;
  private readonly options: SimRuntimeOptions;
  private podCidr: string;
  private readonly sandboxes = new Map<string, SandboxInfo>();
  private readonly containers = new Map<string, SimContainer>();
  private readonly images = new Set<string>();
  /** Images whose pull fails, with the message it fails with. */
  readonly failingImages = new Map<string, string>();
  private nextId = 1;
  private nextHost = 2;
  /** Every call, in order, for tests that check what the worker did. */
  readonly calls: string[] = [];

  constructor(options: Partial<SimRuntimeOptions> = {}) {
    this.options = { ...simDefaults, ...options };
    this.podCidr = this.options.podCidr;
  }

  version(): Promise<RuntimeVersion> {
    return Promise.resolve({ runtimeName: 'sim', runtimeVersion: '1.0.0' });
  }

  ensureImage(image: string, policy: ImagePullPolicy): Promise<string> {
    this.calls.push(`ensureImage ${image} ${policy}`);
    if (policy === 'Never' && !this.images.has(image)) {
      return Promise.reject(
        new WorkerError(WorkerErrorCode.imageNeverPull, `image "${image}" is not present and imagePullPolicy is Never`),
      );
    }
    const failure = this.failingImages.get(image);
    if (failure !== undefined && !(policy === 'IfNotPresent' && this.images.has(image))) {
      return Promise.reject(new WorkerError(WorkerErrorCode.imagePull, `failed to pull image "${image}": ${failure}`));
    }
    this.images.add(image);
    return Promise.resolve(`sha256:sim-${image}`);
  }

  runSandbox(spec: SandboxSpec): Promise<SandboxInfo> {
    this.checkRoom();
    const id = this.newId('sandbox');
    const sandbox: SandboxInfo = {
      id,
      pod: spec.pod,
      attempt: spec.attempt,
      state: 'ready',
      ip: this.nextIp(),
      createdAtMs: this.options.now(),
    };
    this.sandboxes.set(id, sandbox);
    this.calls.push(`runSandbox ${spec.pod.name}`);
    return Promise.resolve(sandbox);
  }

  stopSandbox(id: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (sandbox !== undefined) this.sandboxes.set(id, { ...sandbox, state: 'notReady', ip: '' });
    for (const container of this.containers.values()) {
      if (container.info.sandboxId === id && container.info.state === 'running') this.exit(container, 137, 'Error');
    }
    this.calls.push(`stopSandbox ${sandbox?.pod.name ?? id}`);
    return Promise.resolve();
  }

  removeSandbox(id: string): Promise<void> {
    this.sandboxes.delete(id);
    for (const [containerId, container] of this.containers)
      if (container.info.sandboxId === id) this.containers.delete(containerId);
    this.calls.push(`removeSandbox ${id}`);
    return Promise.resolve();
  }

  listSandboxes(): Promise<SandboxInfo[]> {
    return Promise.resolve([...this.sandboxes.values()]);
  }

  createContainer(sandboxId: string, _sandbox: SandboxSpec, spec: ContainerSpec): Promise<string> {
    this.checkRoom();
    if (!this.sandboxes.has(sandboxId))
      return Promise.reject(new WorkerError(WorkerErrorCode.notFound, `sandbox ${sandboxId} not found`));
    const id = this.newId('container');
    const info: ContainerInfo = {
      id,
      sandboxId,
      pod: spec.pod,
      name: spec.name,
      attempt: spec.attempt,
      state: 'created',
      image: spec.image,
      imageRef: `sha256:sim-${spec.image}`,
      createdAtMs: this.options.now(),
      startedAtMs: 0,
      finishedAtMs: 0,
      exitCode: 0,
      reason: '',
      message: '',
      logPath: '',
    };
    this.containers.set(id, { info, exitCodeAtStart: exitCodeAtStart(spec) });
    this.calls.push(`createContainer ${spec.pod.name}/${spec.name}#${spec.attempt}`);
    return Promise.resolve(id);
  }

  startContainer(id: string): Promise<void> {
    const container = this.mustGet(id);
    container.info = { ...container.info, state: 'running', startedAtMs: this.options.now() };
    this.calls.push(`startContainer ${container.info.pod.name}/${container.info.name}`);
    if (container.exitCodeAtStart !== undefined)
      this.exit(container, container.exitCodeAtStart, container.exitCodeAtStart === 0 ? 'Completed' : 'Error');
    return Promise.resolve();
  }

  stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    const container = this.containers.get(id);
    if (container !== undefined && container.info.state !== 'exited') this.exit(container, 137, 'Error');
    this.calls.push(
      `stopContainer ${container?.info.pod.name ?? ''}/${container?.info.name ?? id} ${gracePeriodSeconds}`,
    );
    return Promise.resolve();
  }

  removeContainer(id: string): Promise<void> {
    this.containers.delete(id);
    return Promise.resolve();
  }

  listContainers(): Promise<ContainerInfo[]> {
    return Promise.resolve([...this.containers.values()].map((container) => container.info));
  }

  exec(id: string, command: readonly string[]): Promise<ExecResult> {
    const container = this.mustGet(id);
    if (container.info.state !== 'running')
      return Promise.reject(new WorkerError(WorkerErrorCode.runtime, `container ${id} is not running`));
    return Promise.resolve({ stdout: Buffer.from(`${command.join(' ')}\n`), stderr: Buffer.alloc(0), exitCode: 0 });
  }

  /** Answers like exec: the command line on stdout, exit 0; input is discarded. */
  async execSession(id: string, spec: { readonly command: readonly string[] }): Promise<RuntimeSession> {
    const result = await this.exec(id, spec.command);
    return finishedSession(result.stdout, { exitCode: 0, error: '' });
  }

  /** Nothing runs, so nothing is written: the attach ends at once. */
  attachSession(id: string): Promise<RuntimeSession> {
    if (this.mustGet(id).info.state !== 'running')
      return Promise.reject(new WorkerError(WorkerErrorCode.runtime, `container ${id} is not running`));
    return Promise.resolve(finishedSession(Buffer.alloc(0), { exitCode: 0, error: '' }));
  }

  portForward(_sandbox: SandboxInfo, port: number): Promise<RuntimeSession> {
    return Promise.resolve(
      finishedSession(Buffer.alloc(0), { exitCode: 0, error: `the sim runtime runs nothing: port ${port} refuses` }),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Test hook: the container's process ends with `exitCode`. */
  simulateExit(id: string, exitCode: number): void {
    this.exit(this.mustGet(id), exitCode, exitCode === 0 ? 'Completed' : 'Error');
  }

  /** Test hook: the image is present without a pull. */
  addImage(image: string): void {
    this.images.add(image);
  }

  private exit(container: SimContainer, exitCode: number, reason: string): void {
    container.info = { ...container.info, state: 'exited', exitCode, reason, finishedAtMs: this.options.now() };
  }

  private mustGet(id: string): SimContainer {
    const container = this.containers.get(id);
    if (container === undefined) throw new WorkerError(WorkerErrorCode.notFound, `container ${id} not found`);
    return container;
  }

  private checkRoom(): void {
    if (this.sandboxes.size + this.containers.size >= this.options.objectsMax) {
      throw new WorkerError(WorkerErrorCode.runtime, `sim runtime holds ${this.options.objectsMax} objects, its limit`);
    }
  }

  private newId(prefix: string): string {
    const id = `${prefix}-${this.nextId}`;
    this.nextId += 1;
    return id;
  }

  usePodCidr(cidr: string): void {
    this.podCidr = cidr;
  }

  private nextIp(): string {
    const [base = '10.244.0.0', bitsText = '24'] = (this.podCidr || simDefaults.podCidr).split('/');
    const size = 2 ** (32 - Number(bitsText));
    const start = base.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    const offset = this.nextHost % (size - 2 > 0 ? size - 2 : 1);
    this.nextHost += 1;
    const value = start + (offset < 2 ? offset + 2 : offset);
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  }
}

/** A session that has already ended with `stdout` as its output. */
function finishedSession(stdout: Buffer, end: SessionEnd): RuntimeSession {
  const output = new SessionOutputQueue();
  output.push('stdout', stdout);
  output.end();
  return {
    output,
    ended: Promise.resolve(end),
    write: () => Promise.resolve(),
    endInput: () => undefined,
    resize: () => undefined,
    close: () => output.abort(),
  };
}
