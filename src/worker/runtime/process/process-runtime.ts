/**
 * The `process` runtime, like Nomad's raw_exec: a container's command and args
 * run as a host process (no image, no isolation, no mounts), with its env and
 * working dir; logs go to files in the CRI format; exec runs a host process in
 * the container's env; a stop is SIGTERM, then SIGKILL after the grace period.
 * Pods share the host's network: the pod IP is the host IP. For machines
 * without containerd. Everything lives in this process: the containers end
 * with the worker (close), and a restarted worker starts them anew.
 */
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { WorkerError, WorkerErrorCode } from '../../worker-error.js';
import type {
  AttachSessionSpec,
  ContainerInfo,
  ContainerSpec,
  ExecResult,
  ExecSessionSpec,
  Runtime,
  RuntimeSession,
  RuntimeVersion,
  SandboxInfo,
  SandboxSpec,
} from '../runtime.js';
import { ProcessContainer } from './process-container.js';
import { startAttachSession, startExecSession, startPortForwardSession } from './process-session.js';

export interface ProcessRuntimeOptions {
  /** The IP every pod reports: the host's. */
  readonly hostIp: string;
  /** Sandboxes and containers kept at most. */
  readonly objectsMax: number;
  /** Output an exec keeps per stream at most. */
  readonly execOutputBytesMax: number;
  /** An exec's limit when it asks for none. */
  readonly execTimeoutSeconds: number;
  readonly now: () => number;
}

export const processRuntimeDefaults: Omit<ProcessRuntimeOptions, 'hostIp'> = {
  objectsMax: 10_000,
  execOutputBytesMax: 4 * 1024 * 1024,
  execTimeoutSeconds: 60,
  now: Date.now,
};

interface Entry {
  readonly id: string;
  readonly sandboxId: string;
  readonly spec: ContainerSpec;
  readonly createdAtMs: number;
  readonly process: ProcessContainer;
}

/** The host's PATH and HOME under the container's own variables, so bare command names resolve. */
function environment(spec: ContainerSpec): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/',
  };
  for (const variable of spec.env) env[variable.name] = variable.value;
  return env;
}

export class ProcessRuntime implements Runtime {
  readonly name = 'process' as const;
  private readonly options: ProcessRuntimeOptions;
  private readonly sandboxes = new Map<string, SandboxInfo & { readonly logDirectory: string }>();
  private readonly containers = new Map<string, Entry>();
  private nextId = 1;
  private closed = false;

  constructor(options: Partial<ProcessRuntimeOptions> & Pick<ProcessRuntimeOptions, 'hostIp'>) {
    this.options = { ...processRuntimeDefaults, ...options };
  }

  version(): Promise<RuntimeVersion> {
    return Promise.resolve({ runtimeName: 'process', runtimeVersion: process.version.replace(/^v/, '') });
  }

  /** No images: the reference is the name as given. */
  ensureImage(image: string): Promise<string> {
    return Promise.resolve(image);
  }

  runSandbox(spec: SandboxSpec): Promise<SandboxInfo> {
    this.assertRoom();
    const id = this.newId('sandbox');
    const info = {
      id,
      pod: spec.pod,
      attempt: spec.attempt,
      state: 'ready' as const,
      ip: this.options.hostIp,
      createdAtMs: this.options.now(),
      logDirectory: spec.logDirectory,
    };
    this.sandboxes.set(id, info);
    return Promise.resolve(info);
  }

  async stopSandbox(id: string): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (sandbox === undefined) return;
    await Promise.all(
      [...this.containers.values()].filter((entry) => entry.sandboxId === id).map((entry) => entry.process.stop(0)),
    );
    this.sandboxes.set(id, { ...sandbox, state: 'notReady' });
  }

  async removeSandbox(id: string): Promise<void> {
    await this.stopSandbox(id);
    for (const entry of [...this.containers.values()]) if (entry.sandboxId === id) this.containers.delete(entry.id);
    this.sandboxes.delete(id);
  }

  listSandboxes(): Promise<SandboxInfo[]> {
    return Promise.resolve([...this.sandboxes.values()].map(({ logDirectory: _directory, ...info }) => info));
  }

  async createContainer(sandboxId: string, sandbox: SandboxSpec, spec: ContainerSpec): Promise<string> {
    this.assertRoom();
    if (!this.sandboxes.has(sandboxId))
      throw new WorkerError(WorkerErrorCode.notFound, `sandbox ${sandboxId} not found`);
    const argv = [...spec.command, ...spec.args];
    if (argv.length === 0) {
      throw new WorkerError(
        WorkerErrorCode.config,
        `container "${spec.name}": the process runtime runs no image, so command (or args) is required`,
      );
    }
    const id = this.newId('container');
    const logPath = isAbsolute(spec.logPath) ? spec.logPath : join(sandbox.logDirectory, spec.logPath);
    const workingDir = spec.workingDir !== '' ? spec.workingDir : sandbox.logDirectory;
    const launch = { argv, env: environment(spec), workingDir, logPath };
    this.containers.set(id, {
      id,
      sandboxId,
      spec,
      createdAtMs: this.options.now(),
      process: new ProcessContainer(launch),
    });
    return id;
  }

  startContainer(id: string): Promise<void> {
    if (this.closed) return Promise.reject(new WorkerError(WorkerErrorCode.closed, 'the process runtime is closed'));
    this.entry(id).process.start(this.options.now());
    return Promise.resolve();
  }

  stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    const entry = this.containers.get(id);
    return entry === undefined ? Promise.resolve() : entry.process.stop(gracePeriodSeconds);
  }

  async removeContainer(id: string): Promise<void> {
    await this.stopContainer(id, 0);
    this.containers.delete(id);
  }

  listContainers(): Promise<ContainerInfo[]> {
    return Promise.resolve([...this.containers.values()].map((entry) => this.info(entry)));
  }

  async exec(id: string, command: readonly string[], timeoutSeconds: number): Promise<ExecResult> {
    const entry = this.entry(id);
    if (entry.process.state !== 'running')
      throw new WorkerError(WorkerErrorCode.runtime, `container "${entry.spec.name}" is not running`);
    const [program = '', ...args] = command;
    const limitMs = (timeoutSeconds > 0 ? timeoutSeconds : this.options.execTimeoutSeconds) * 1000;
    const bytesMax = this.options.execOutputBytesMax;
    return new Promise((resolve) => {
      const child = spawn(program, args, {
        cwd: entry.process.launch.workingDir,
        env: { ...entry.process.launch.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: limitMs,
        killSignal: 'SIGKILL',
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const keep =
        (into: Buffer[]) =>
        (chunk: Buffer): void => {
          if (into.reduce((sum, item) => sum + item.length, 0) < bytesMax) into.push(chunk);
        };
      child.stdout.on('data', keep(stdout));
      child.stderr.on('data', keep(stderr));
      child.once('error', (error) =>
        resolve({ stdout: Buffer.alloc(0), stderr: Buffer.from(`${error.message}\n`), exitCode: 127 }),
      );
      child.once('close', (code, signal) => {
        resolve({
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr),
          exitCode: code ?? (signal === 'SIGKILL' ? 137 : 128),
        });
      });
    });
  }

  execSession(id: string, spec: ExecSessionSpec): Promise<RuntimeSession> {
    const entry = this.running(id);
    return Promise.resolve(
      startExecSession({ workingDir: entry.process.launch.workingDir, env: entry.process.launch.env }, spec),
    );
  }

  attachSession(id: string, spec: AttachSessionSpec): Promise<RuntimeSession> {
    const container = this.running(id).process;
    return Promise.resolve(
      startAttachSession(
        {
          subscribe: (listener) => container.subscribe(listener),
          onExit: (listener) => container.onExit(listener),
          get running() {
            return container.state === 'running';
          },
        },
        spec,
      ),
    );
  }

  /** Pods share the host's network here: the pod's loopback is the host's. */
  portForward(_sandbox: SandboxInfo, port: number): Promise<RuntimeSession> {
    return Promise.resolve(startPortForwardSession('127.0.0.1', port));
  }

  /** Stops every container (they are this process's children and must not outlive it). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.containers.values()].map((entry) => entry.process.stop(2)));
  }

  private info(entry: Entry): ContainerInfo {
    const run = entry.process;
    return {
      id: entry.id,
      sandboxId: entry.sandboxId,
      pod: entry.spec.pod,
      name: entry.spec.name,
      attempt: entry.spec.attempt,
      state: run.state,
      image: entry.spec.image,
      imageRef: entry.spec.image,
      createdAtMs: entry.createdAtMs,
      startedAtMs: run.startedAtMs,
      finishedAtMs: run.exit?.finishedAtMs ?? 0,
      exitCode: run.exit?.exitCode ?? 0,
      reason: run.exit?.reason ?? '',
      message: run.exit?.message ?? '',
      logPath: run.launch.logPath,
    };
  }

  private running(id: string): Entry {
    const entry = this.entry(id);
    if (entry.process.state !== 'running')
      throw new WorkerError(WorkerErrorCode.runtime, `container "${entry.spec.name}" is not running`);
    return entry;
  }

  private entry(id: string): Entry {
    const entry = this.containers.get(id);
    if (entry === undefined) throw new WorkerError(WorkerErrorCode.notFound, `container ${id} not found`);
    return entry;
  }

  private assertRoom(): void {
    if (this.closed) throw new WorkerError(WorkerErrorCode.closed, 'the process runtime is closed');
    if (this.sandboxes.size + this.containers.size >= this.options.objectsMax) {
      throw new WorkerError(
        WorkerErrorCode.runtime,
        `the process runtime keeps at most ${this.options.objectsMax} sandboxes and containers`,
      );
    }
  }

  private newId(prefix: string): string {
    const id = `${prefix}-${process.pid}-${this.nextId}`;
    this.nextId += 1;
    return id;
  }
}
