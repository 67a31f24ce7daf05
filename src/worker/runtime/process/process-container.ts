/**
 * One container of the process runtime: its command run as a host process in a
 * process group of its own (so a stop reaches everything it started), stdout
 * and stderr written to its log file in the CRI format the worker's Logs
 * service reads (`TIMESTAMP STREAM F|P TEXT`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ContainerRunState, SessionChannel } from '../runtime.js';

/** Hears a container's output as it is written (an attached client). */
export type OutputListener = (channel: SessionChannel, data: Buffer) => void;

/** A line longer than this is written as partial (P) pieces, as containerd does. */
const lineBytesMax = 16 * 1024;

export interface ProcessLaunch {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir: string;
  readonly logPath: string;
}

export interface ProcessExit {
  readonly exitCode: number;
  readonly finishedAtMs: number;
  readonly reason: string;
  readonly message: string;
}

const signalNumbers: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** Appends stream output to a CRI log file, whole lines as F, overlong pieces as P. */
class CriLogWriter {
  private pending = '';

  constructor(
    private readonly path: string,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  write(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    let out = '';
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      out += this.line(this.pending.slice(0, newline), 'F');
      this.pending = this.pending.slice(newline + 1);
    }
    while (this.pending.length > lineBytesMax) {
      out += this.line(this.pending.slice(0, lineBytesMax), 'P');
      this.pending = this.pending.slice(lineBytesMax);
    }
    if (out !== '') appendFileSync(this.path, out);
  }

  flush(): void {
    if (this.pending !== '') appendFileSync(this.path, this.line(this.pending, 'F'));
    this.pending = '';
  }

  private line(text: string, tag: 'F' | 'P'): string {
    return `${new Date().toISOString()} ${this.stream} ${tag} ${text}\n`;
  }
}

export class ProcessContainer {
  state: ContainerRunState = 'created';
  startedAtMs = 0;
  exit: ProcessExit | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly outputListeners = new Set<OutputListener>();
  private readonly exitListeners = new Set<() => void>();

  constructor(readonly launch: ProcessLaunch) {}

  start(now: number): void {
    if (this.state !== 'created') return;
    mkdirSync(dirname(this.launch.logPath), { recursive: true });
    const [command = '', ...args] = this.launch.argv;
    const stdout = new CriLogWriter(this.launch.logPath, 'stdout');
    const stderr = new CriLogWriter(this.launch.logPath, 'stderr');
    const child = spawn(command, args, {
      cwd: this.launch.workingDir,
      env: { ...this.launch.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.state = 'running';
    this.startedAtMs = now;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      for (const listener of this.outputListeners) listener('stdout', chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      for (const listener of this.outputListeners) listener('stderr', chunk);
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.finish({ exitCode: 127, finishedAtMs: Date.now(), reason: 'StartError', message: error.message });
        resolve();
      });
      child.once('close', (code, signal) => {
        stdout.flush();
        stderr.flush();
        const exitCode = code ?? 128 + (signal === null ? 0 : (signalNumbers[signal] ?? 0));
        this.finish({
          exitCode,
          finishedAtMs: Date.now(),
          reason: exitCode === 0 ? 'Completed' : 'Error',
          message: signal === null ? '' : `killed by ${signal}`,
        });
        resolve();
      });
    });
  }

  /** Hears the output from now on (an attach); returns the unsubscribe. */
  subscribe(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Hears the process's exit; returns the unsubscribe. */
  onExit(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** SIGTERM to the process group, SIGKILL after `graceSeconds` (0: at once); resolves once it has exited. */
  async stop(graceSeconds: number): Promise<void> {
    if (this.state !== 'running') return;
    this.signal(graceSeconds > 0 ? 'SIGTERM' : 'SIGKILL');
    if (graceSeconds > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.signal('SIGKILL');
          resolve();
        }, graceSeconds * 1000);
      });
      await Promise.race([this.exited, late]);
      clearTimeout(timer);
    }
    await this.exited;
  }

  private signal(name: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, name);
    } catch {
      // Already gone: the close event records the exit.
    }
  }

  private finish(exit: ProcessExit): void {
    if (this.exit !== undefined) return;
    this.exit = exit;
    this.state = 'exited';
    for (const listener of [...this.exitListeners]) listener();
    this.exitListeners.clear();
    this.outputListeners.clear();
  }
}
