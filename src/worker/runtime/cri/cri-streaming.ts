/**
 * Interactive sessions on a CRI runtime's streaming server (containerd's is a
 * copy of the kubelet's): CRI Exec, Attach and PortForward answer a URL, and
 * the worker connects to it as the kube-apiserver connects to a kubelet — an
 * HTTP POST upgraded to SPDY/3.1 — because only SPDY carries stdin's end of
 * file there (the streaming server's WebSocket protocols stop at
 * `v4.channel.k8s.io`, which has no close signal, and `kubectl cp` to a pod
 * needs one).
 *   - exec and attach: `v4.channel.k8s.io`, one stream per channel named by
 *     its `streamtype`; the error stream ends with the Status that says how
 *     the process ended (the exit code in NonZeroExitCode's causes);
 *   - port-forward: `portforward.k8s.io`, a data and an error stream for one
 *     connection to the port inside the pod's network namespace, which the
 *     runtime enters (so a listener on the pod's loopback is reached too).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { SpdyConnection, type SpdyStream } from '../../../spdy/index.js';
import { WorkerError, WorkerErrorCode } from '../../worker-error.js';
import type { AttachSessionSpec, ExecSessionSpec, RuntimeSession, SessionEnd, TerminalSize } from '../runtime.js';
import { SessionOutputQueue } from '../session-output.js';

const remoteCommandProtocol = 'v4.channel.k8s.io';
const portForwardProtocol = 'portforward.k8s.io';
/** How long the streaming server may take to answer the upgrade. */
const dialTimeoutMs = 10_000;
/** The most an error stream may say. */
const errorBytesMax = 64 * 1024;

/** Connects to a streaming URL: POST, Upgrade: SPDY/3.1, offering `protocol`. */
export function dialStreaming(url: string, protocol: string): Promise<SpdyConnection> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(new WorkerError(WorkerErrorCode.runtime, `streaming URL "${url}" is not http(s)`));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method: 'POST',
      timeout: dialTimeoutMs,
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocol },
    });
    const fail = (why: string): void =>
      reject(new WorkerError(WorkerErrorCode.runtime, `the runtime's streaming server at ${target.host}: ${why}`));
    request.once('upgrade', (response: IncomingMessage, socket: Duplex, head: Buffer) => {
      const chosen = response.headers['x-stream-protocol-version'];
      if (chosen !== undefined && chosen !== protocol) {
        socket.destroy();
        fail(`it chose protocol "${String(chosen)}", not ${protocol}`);
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(new SpdyConnection(socket, { role: 'client' }));
    });
    request.once('response', (response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        if (body.length < errorBytesMax) body += chunk.toString('utf8');
      });
      response.once('end', () => fail(`${response.statusCode ?? 0} ${body.trim()}`));
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${dialTimeoutMs} ms`)));
    request.once('error', (error) => fail(error.message));
    request.end();
  });
}

/** How a v4 Status on the error stream says the process ended. */
export function sessionEndOf(text: string): SessionEnd {
  if (text.trim() === '') return { exitCode: 0, error: '' };
  let status: { status?: unknown; reason?: unknown; message?: unknown; details?: { causes?: unknown } };
  try {
    status = JSON.parse(text) as typeof status;
  } catch {
    return { exitCode: 0, error: text.trim() };
  }
  if (status.status === 'Success') return { exitCode: 0, error: '' };
  if (status.reason === 'NonZeroExitCode' && Array.isArray(status.details?.causes)) {
    const cause = (status.details.causes as { reason?: unknown; message?: unknown }[]).find(
      (candidate) => candidate.reason === 'ExitCode',
    );
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code, error: '' };
  }
  return { exitCode: 0, error: typeof status.message === 'string' ? status.message : text.trim() };
}

/** Everything a stream says until it ends (bounded). */
function readAll(stream: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      if (text.length < errorBytesMax) text += chunk.toString('utf8');
    });
    stream.once('end', () => resolve(text));
    stream.once('close', () => resolve(text));
  });
}

/** Resolves when the stream has ended or was reset (the connection went). */
function finished(stream: SpdyStream | undefined): Promise<void> {
  if (stream === undefined || stream.remoteEnded || stream.resetDone) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
  });
}

function resizeMessage(size: TerminalSize): Buffer {
  return Buffer.from(`${JSON.stringify({ Width: size.width, Height: size.height })}\n`);
}

/**
 * An exec or attach on the streaming server: the streams client-go opens
 * (error first, then stdin, stdout, stderr and resize as asked).
 */
export async function remoteCommandSession(
  url: string,
  spec: (ExecSessionSpec | AttachSessionSpec) & { readonly size?: TerminalSize },
): Promise<RuntimeSession> {
  const connection = await dialStreaming(url, remoteCommandProtocol);
  try {
    const open = (type: string): Promise<SpdyStream> => connection.open({ streamtype: type });
    const errorStream = await open('error');
    const errorText = readAll(errorStream);
    const stdin = spec.stdin ? await open('stdin') : undefined;
    const stdout = spec.stdout ? await open('stdout') : undefined;
    const stderr = spec.stderr && !spec.tty ? await open('stderr') : undefined;
    const resize = spec.tty ? await open('resize') : undefined;
    const queue = new SessionOutputQueue();
    for (const [stream, channel] of [
      [stdout, 'stdout'],
      [stderr, 'stderr'],
    ] as const) {
      if (stream === undefined) continue;
      queue.control(stream);
      stream.on('data', (chunk: Buffer) => queue.push(channel, chunk));
    }
    if (resize !== undefined && spec.size !== undefined) resize.write(resizeMessage(spec.size));
    const ended = Promise.all([finished(stdout), finished(stderr), errorText]).then(([, , text]) => {
      queue.end();
      connection.close();
      return sessionEndOf(text);
    });
    return {
      output: queue,
      ended,
      write: async (data) => {
        if (stdin !== undefined && !stdin.write(data)) await connection.drained();
      },
      endInput: () => stdin?.end(),
      resize: (size) => resize?.write(resizeMessage(size)),
      close: () => {
        queue.abort();
        connection.destroy();
      },
    };
  } catch (error: unknown) {
    connection.destroy();
    throw new WorkerError(
      WorkerErrorCode.runtime,
      `the runtime's streaming server refused the session: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** One connection to `port` through the streaming server (request 0 of a fresh SPDY connection). */
export async function portForwardSession(url: string, port: number): Promise<RuntimeSession> {
  const connection = await dialStreaming(url, portForwardProtocol);
  try {
    const headers = { port: String(port), requestid: '0' };
    const errorStream = await connection.open({ ...headers, streamtype: 'error' });
    // The client writes nothing on the error stream: only reads it.
    errorStream.end();
    const errorText = readAll(errorStream);
    const data = await connection.open({ ...headers, streamtype: 'data' });
    const queue = new SessionOutputQueue();
    queue.control(data);
    data.on('data', (chunk: Buffer) => queue.push('stdout', chunk));
    const ended = Promise.all([finished(data), errorText]).then(([, text]) => {
      queue.end();
      connection.close();
      return { exitCode: 0, error: text.trim() };
    });
    return {
      output: queue,
      ended,
      write: async (chunk) => {
        if (!data.write(chunk)) await connection.drained();
      },
      endInput: () => data.end(),
      resize: () => undefined,
      close: () => {
        queue.abort();
        connection.destroy();
      },
    };
  } catch (error: unknown) {
    connection.destroy();
    throw new WorkerError(
      WorkerErrorCode.runtime,
      `the runtime's streaming server refused the port-forward: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
