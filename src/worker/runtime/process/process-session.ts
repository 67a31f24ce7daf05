/**
 * Interactive sessions of the process runtime: an exec is a host process with
 * pipes; with a terminal it runs under util-linux `script`, which gives it a
 * pseudo-terminal without a native module (resizes are `stty -F` on that
 * terminal, found through /proc); an attach follows the container process's
 * output; a port-forward is a TCP connection to the host's loopback, where a
 * process runtime's pods listen (they share the host's network).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import type {
  AttachSessionSpec,
  ExecSessionSpec,
  RuntimeSession,
  SessionEnd,
  SessionOutput,
  TerminalSize,
} from '../runtime.js';
import { SessionOutputQueue, writeWithRoom } from '../session-output.js';
import type { OutputListener } from './process-container.js';

/** The size a terminal starts with when the client named none (a VT100's). */
const defaultTerminal: TerminalSize = { width: 80, height: 24 };
/** The most a terminal may claim: larger sizes are client bugs, not screens. */
const terminalCellsMax = 10_000;
const signalNumbers: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export interface ExecLaunch {
  readonly workingDir: string;
  readonly env: Readonly<Record<string, string>>;
}

/** `word` quoted for sh: single quotes, each inner quote closed, escaped and reopened. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function clampSize(size: TerminalSize): TerminalSize {
  const clamp = (cells: number): number => Math.max(1, Math.min(terminalCellsMax, Math.floor(cells)));
  return { width: clamp(size.width), height: clamp(size.height) };
}

/**
 * The argv that runs `command` on a pseudo-terminal of `size`: `script -q`
 * (no banner), `-f` (flush each write), `-e` (its exit code is the command's),
 * `-c` (the command, through sh), the typescript discarded.
 */
export function terminalArgv(command: readonly string[], size: TerminalSize): string[] {
  const { width, height } = clampSize(size);
  const line = `stty rows ${height} cols ${width} 2>/dev/null; exec ${command.map(shellQuote).join(' ')}`;
  return ['script', '-qfec', line, '/dev/null'];
}

function exitOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal === null ? 0 : (signalNumbers[signal] ?? 0));
}

/** The pseudo-terminal `script` gave its child: the child's stdin, found through /proc. */
function terminalOf(scriptPid: number): string | undefined {
  try {
    const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/);
    const child = children[0];
    if (child === undefined || child === '') return undefined;
    const device = readlinkSync(`/proc/${child}/fd/0`);
    return device.startsWith('/dev/pts/') ? device : undefined;
  } catch {
    return undefined;
  }
}

/** Starts an exec session: the command as a host process in the container's env and working dir. */
export function startExecSession(launch: ExecLaunch, spec: ExecSessionSpec): RuntimeSession {
  const argv = spec.tty ? terminalArgv(spec.command, spec.size ?? defaultTerminal) : [...spec.command];
  const [program = '', ...args] = argv;
  const child = spawn(program, args, {
    cwd: launch.workingDir,
    env: { ...launch.env, ...(spec.tty ? { SHELL: '/bin/sh', TERM: launch.env['TERM'] ?? 'xterm' } : {}) },
    // Its own process group: closing the session reaches whatever the command started.
    detached: true,
    stdio: [
      spec.stdin ? 'pipe' : 'ignore',
      spec.stdout ? 'pipe' : 'ignore',
      spec.stderr && !spec.tty ? 'pipe' : 'ignore',
    ],
  });
  return new ProcessExecSession(child, spec);
}

class ProcessExecSession implements RuntimeSession {
  readonly ended: Promise<SessionEnd>;
  private readonly queue = new SessionOutputQueue();
  private pendingSize: TerminalSize | undefined;
  private terminal: string | undefined;
  private exited = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly spec: ExecSessionSpec,
  ) {
    const pipes: Promise<void>[] = [];
    if (child.stdout !== null) pipes.push(this.queue.pipe(child.stdout, 'stdout'));
    if (child.stderr !== null) pipes.push(this.queue.pipe(child.stderr, 'stderr'));
    child.stdin?.on('error', () => undefined);
    this.ended = new Promise<SessionEnd>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        this.exited = true;
        const missing = error.code === 'ENOENT';
        const program = this.spec.tty ? 'script' : (this.spec.command[0] ?? '');
        const message = missing
          ? `exec: "${program}": executable file not found in $PATH\n`
          : `exec: "${program}": ${error.message}\n`;
        this.queue.push('stderr', Buffer.from(message));
        this.queue.end();
        resolve({ exitCode: missing ? 127 : 126, error: '' });
      });
      child.once('exit', (code, signal) => {
        this.exited = true;
        // Output the process wrote before it exited still drains from the pipes.
        void Promise.all(pipes).then(() => {
          this.queue.end();
          resolve({ exitCode: exitOf(code, signal), error: '' });
        });
      });
    });
  }

  get output(): AsyncIterable<SessionOutput> {
    return this.outputWithResizes();
  }

  /** A resize asked before the terminal existed is applied once output shows the command runs. */
  private async *outputWithResizes(): AsyncIterable<SessionOutput> {
    for await (const chunk of this.queue) {
      this.applyPendingSize();
      yield chunk;
    }
  }

  write(data: Buffer): Promise<void> {
    const stdin = this.child.stdin;
    if (stdin === null || stdin === undefined) return Promise.resolve();
    return writeWithRoom(stdin, data);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  resize(size: TerminalSize): void {
    if (!this.spec.tty) return;
    this.pendingSize = clampSize(size);
    this.applyPendingSize();
  }

  close(): void {
    this.queue.abort();
    if (this.exited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Gone already: its exit event ends the session.
    }
  }

  /** Applies the last asked size once the terminal exists (its command may not have started yet). */
  private applyPendingSize(): void {
    const size = this.pendingSize;
    if (size === undefined || this.exited || this.child.pid === undefined) return;
    this.terminal ??= terminalOf(this.child.pid);
    if (this.terminal === undefined) return;
    this.pendingSize = undefined;
    execFile('stty', ['-F', this.terminal, 'rows', String(size.height), 'cols', String(size.width)], () => undefined);
  }
}

/** What an attach needs of the container: its output from now on, and whether it still runs. */
export interface AttachTarget {
  subscribe(listener: OutputListener): () => void;
  readonly running: boolean;
  onExit(listener: () => void): () => void;
}

/**
 * Joins a container process's output from now on. The process writes to its
 * log whatever the attached client does, so a client that falls behind by
 * more than the queue's bound is cut off (with a message) rather than slowing
 * the container. The process runtime starts containers without stdin: input
 * is accepted and discarded.
 */
export function startAttachSession(target: AttachTarget, spec: AttachSessionSpec): RuntimeSession {
  const queue = new SessionOutputQueue();
  let resolveEnd: (end: SessionEnd) => void = () => undefined;
  const ended = new Promise<SessionEnd>((resolve) => {
    resolveEnd = resolve;
  });
  let unsubscribe = (): void => undefined;
  let unwatch = (): void => undefined;
  const finish = (end: SessionEnd): void => {
    unsubscribe();
    unwatch();
    queue.end();
    resolveEnd(end);
  };
  const limit = 4 * 1024 * 1024;
  unsubscribe = target.subscribe((channel, data) => {
    const wanted = channel === 'stdout' ? spec.stdout : spec.stderr || (spec.tty && spec.stdout);
    if (!wanted) return;
    if (queue.bufferedBytes + data.length > limit) {
      finish({ exitCode: 0, error: `the attached client fell more than ${limit} bytes behind the container's output` });
      return;
    }
    queue.push(spec.tty ? 'stdout' : channel, data);
  });
  unwatch = target.onExit(() => finish({ exitCode: 0, error: '' }));
  if (!target.running) finish({ exitCode: 0, error: '' });
  return {
    output: queue,
    ended,
    write: () => Promise.resolve(),
    endInput: () => undefined,
    resize: () => undefined,
    close: () => {
      queue.abort();
      finish({ exitCode: 0, error: '' });
    },
  };
}

/**
 * One TCP connection to `host:port`. Half-open: the client's end of input
 * ends the write side only, and the session ends when the port's side has
 * ended too (or the connection failed, which is the session's error).
 */
export function startPortForwardSession(host: string, port: number): RuntimeSession {
  const socket = connect({ host, port, allowHalfOpen: true });
  const queue = new SessionOutputQueue();
  let failure = '';
  socket.on('error', (error: NodeJS.ErrnoException) => {
    failure ||=
      error.code === 'ECONNREFUSED'
        ? `dial tcp ${host}:${port}: connect: connection refused`
        : `dial tcp ${host}:${port}: ${error.message}`;
  });
  const piped = queue.pipe(socket, 'stdout');
  const ended = new Promise<SessionEnd>((resolve) => {
    socket.once('close', () => {
      void piped.then(() => {
        queue.end();
        resolve({ exitCode: 0, error: failure });
      });
    });
  });
  // The port's side ended: nothing more will come, so the connection is done.
  socket.once('end', () => socket.end());
  return {
    output: queue,
    ended,
    write: (data) => writeWithRoom(socket, data),
    endInput: () => {
      if (!socket.destroyed) socket.end();
    },
    resize: () => undefined,
    close: () => {
      queue.abort();
      socket.destroy();
    },
  };
}
