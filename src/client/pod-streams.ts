/**
 * Logs and exec of a pod through a master's PodService (the master relays to
 * the pod's worker). One call on one master; the caller (OrcaClient) decides
 * which master and when a failed call may be sent again.
 */
import { Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import type { ExecOutput__Output } from '../gen/orca/v1/ExecOutput.js';
import type { LogChunk__Output } from '../gen/orca/v1/LogChunk.js';
import type { PodServiceClient } from '../gen/orca/v1/PodService.js';
import { ClientError, toClientError } from './errors.js';

export interface PodRef {
  readonly namespace?: string;
  readonly name: string;
}

export interface LogsOptions {
  /** Empty: the pod's only (or first) container. */
  readonly container?: string;
  /** Keep streaming new lines until `signal` aborts or the container's log ends for good. */
  readonly follow?: boolean;
  /** The container instance before the current one (after a restart). */
  readonly previous?: boolean;
  /** The last N lines only; 0 or unset: every line. */
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
  /** Without follow: the whole call's limit (default 60 s). */
  readonly timeoutMs?: number;
}

export interface ExecOptions {
  readonly container?: string;
  /** The command's time limit on the worker; 0 or unset: the worker's (60 s). */
  readonly timeoutSeconds?: number;
  /** Called with each chunk as it arrives; without them, output is collected (up to the limit). */
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
}

export interface ExecResult {
  readonly exitCode: number;
  /** Collected output (empty when an onStdout / onStderr callback took it). */
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** Output collected by exec without callbacks, at most. */
export const execCollectBytesMax = 16 * 1024 * 1024;
const defaultLogsTimeoutMs = 60_000;
const execSlackMs = 10_000;
const defaultExecSeconds = 60;

/** The master's answer that the pod's worker cannot be reached (not a master's failure). */
export interface WorkerDown {
  readonly workerDown: ClientError;
}

export function isWorkerUnreachable(error: unknown): error is ClientError {
  return error instanceof ClientError && error.code === 'unavailable' && error.message.includes('the worker of node');
}

export function workerOutcome<T>(outcome: T | WorkerDown): T {
  if (typeof outcome === 'object' && outcome !== null && 'workerDown' in outcome) throw outcome.workerDown;
  return outcome;
}

function fromStream(thrown: unknown): ClientError {
  return toClientError(thrown);
}

async function drain<T>(stream: ClientReadableStream<T>, each: (message: T) => Promise<void> | void): Promise<void> {
  try {
    for await (const message of stream) await each(message as T);
  } catch (thrown: unknown) {
    throw fromStream(thrown);
  }
}

export async function streamLogs(
  stub: PodServiceClient,
  pod: PodRef,
  options: LogsOptions,
  write: (chunk: Buffer) => Promise<void> | void,
): Promise<void> {
  const request = {
    namespace: pod.namespace ?? '',
    pod: pod.name,
    container: options.container ?? '',
    follow: options.follow === true,
    previous: options.previous === true,
    tailLines: options.tailLines ?? 0,
    timestamps: options.timestamps === true,
  };
  const callOptions =
    options.follow === true ? {} : { deadline: Date.now() + (options.timeoutMs ?? defaultLogsTimeoutMs) };
  const stream = stub.Logs(request, new Metadata(), callOptions);
  const abort = (): void => stream.cancel();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await drain<LogChunk__Output>(stream, (chunk) => write(Buffer.from(chunk.data)));
  } catch (error: unknown) {
    if (options.signal?.aborted === true && error instanceof ClientError && error.code === 'canceled') return;
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

export async function runExec(
  stub: PodServiceClient,
  pod: PodRef,
  command: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  if (command.length === 0) throw new ClientError('invalid', 'command: required');
  const seconds = options.timeoutSeconds ?? 0;
  const request = {
    namespace: pod.namespace ?? '',
    pod: pod.name,
    container: options.container ?? '',
    command: [...command],
    timeoutSeconds: seconds,
  };
  const stream = stub.Exec(request, new Metadata(), {
    deadline: Date.now() + (seconds > 0 ? seconds : defaultExecSeconds) * 1000 + execSlackMs,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let collected = 0;
  let exitCode: number | undefined;
  const keep = (into: Buffer[], chunk: Buffer, callback: ((chunk: Buffer) => void) | undefined): void => {
    if (chunk.length === 0) return;
    if (callback !== undefined) return callback(chunk);
    collected += chunk.length;
    if (collected > execCollectBytesMax)
      throw new ClientError(
        'too-large',
        `exec: more than ${execCollectBytesMax} bytes of output; pass onStdout/onStderr to stream it`,
      );
    into.push(chunk);
  };
  await drain<ExecOutput__Output>(stream, (message) => {
    keep(stdout, Buffer.from(message.stdout), options.onStdout);
    keep(stderr, Buffer.from(message.stderr), options.onStderr);
    if (message.exited) exitCode = message.exitCode;
  });
  if (exitCode === undefined) throw new ClientError('internal', 'exec: the stream ended without an exit code');
  return { exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
}
