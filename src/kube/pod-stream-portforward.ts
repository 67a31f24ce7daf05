/**
 * Port-forward relays. kubectl speaks `portforward.k8s.io` over SPDY — inside
 * a WebSocket (subprotocol `SPDY/3.1+portforward.k8s.io`, kubectl ≥ 1.31) or
 * over a plain HTTP upgrade (its fallback): for each local connection it opens
 * two streams, `streamtype: error` and `streamtype: data`, with the same
 * `requestid` and the remote `port`; bytes flow on the data stream, a failure
 * is written as text on the error stream. Each pair becomes one session on
 * the pod's worker (one TCP connection to the port in the pod's network).
 *
 * Other clients use a WebSocket without SPDY (`?ports=80&ports=8080`): per
 * port, channel 2i carries data and 2i+1 errors, each opened by a message of
 * the port number (two bytes, little endian); one connection per port.
 */
import type WebSocket from 'ws';
import type { UserInfo } from '../auth/index.js';
import type { PodStreamOpen } from '../gen/orca/v1/PodStreamOpen.js';
import type { HttpBackend, PodSession } from '../master/index.js';
import type { SpdyConnection, SpdyStream } from '../spdy/index.js';
import { sendBounded } from './pod-stream-exec.js';
import { channelFrame, parsePort } from './pod-stream-protocol.js';

export interface PortForwardTarget {
  readonly backend: HttpBackend;
  readonly caller: UserInfo;
  readonly namespace: string;
  readonly pod: string;
}

/** How long the second stream of a pair may lag the first. */
const pairTimeoutMs = 30_000;
/** Connections forwarded at once over one client connection. */
const pairsMax = 256;

interface Pair {
  readonly port: number;
  error?: SpdyStream;
  data?: SpdyStream;
  readonly timer: NodeJS.Timeout;
}

function openFor(target: PortForwardTarget, port: number): PodStreamOpen {
  return { namespace: target.namespace, pod: target.pod, kind: 'POD_STREAM_KIND_PORT_FORWARD', port };
}

function failureText(target: PortForwardTarget, port: number, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `error forwarding port ${port} to pod ${target.namespace}/${target.pod}: ${why}`;
}

/** Serves `portforward.k8s.io` on a SPDY connection until it closes. */
export function serveSpdyPortForward(connection: SpdyConnection, target: PortForwardTarget): void {
  const pairs = new Map<string, Pair>();
  const gone = new AbortController();
  connection.once('close', () => {
    gone.abort();
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
  });
  connection.on('stream', (stream: SpdyStream) => {
    const type = stream.headers['streamtype'];
    const requestId = stream.headers['requestid'];
    let port: number;
    try {
      port = parsePort(stream.headers['port'] ?? '');
    } catch {
      stream.reset();
      return;
    }
    if ((type !== 'error' && type !== 'data') || requestId === undefined || requestId === '') {
      stream.reset();
      return;
    }
    let pair = pairs.get(requestId);
    if (pair === undefined) {
      if (pairs.size >= pairsMax || connection.streamCount > pairsMax * 2) {
        stream.reset();
        return;
      }
      const timer = setTimeout(() => {
        pairs.delete(requestId);
        stream.reset();
      }, pairTimeoutMs);
      pair = { port, timer };
      pairs.set(requestId, pair);
    }
    if (pair[type] !== undefined || pair.port !== port) {
      stream.reset();
      return;
    }
    stream.reply({});
    pair[type] = stream;
    const { error, data } = pair;
    if (error === undefined || data === undefined) return;
    clearTimeout(pair.timer);
    pairs.delete(requestId);
    void forwardPair(connection, target, { port, error, data }, gone.signal);
  });
}

async function forwardPair(
  connection: SpdyConnection,
  target: PortForwardTarget,
  pair: { readonly port: number; readonly error: SpdyStream; readonly data: SpdyStream },
  gone: AbortSignal,
): Promise<void> {
  const { port, error, data } = pair;
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  gone.addEventListener('abort', stop, { once: true });
  data.once('reset', stop);
  // The client writes nothing on the error stream but its FIN (it only reads it).
  error.on('data', () => undefined);
  try {
    let session: PodSession;
    try {
      session = await target.backend.pods.session(target.caller, openFor(target, port), abort.signal);
    } catch (failure: unknown) {
      error.write(Buffer.from(failureText(target, port, failure)));
      return;
    }
    data.on('data', (chunk: Buffer) => {
      if (session.send({ data: { channel: 'POD_STREAM_CHANNEL_STDIN', data: chunk } })) return;
      data.pause();
      void session.drained().then(() => data.resume());
    });
    data.once('end', () => session.send({ close: { channel: 'POD_STREAM_CHANNEL_STDIN' } }));
    try {
      for await (const frame of session.frames) {
        if (frame.data !== null && frame.data !== undefined) {
          if (!data.write(frame.data.data)) await connection.drained();
        } else if (frame.exit !== null && frame.exit !== undefined && frame.exit.error !== '') {
          error.write(Buffer.from(failureText(target, port, new Error(frame.exit.error))));
        }
      }
    } catch (failure: unknown) {
      if (!abort.signal.aborted) error.write(Buffer.from(failureText(target, port, failure)));
    }
  } finally {
    gone.removeEventListener('abort', stop);
    data.end();
    error.end();
    abort.abort();
  }
}

/** Opens one session per port of a WebSocket port-forward (before the upgrade: failures are the request's status). */
export async function openPortSessions(
  target: PortForwardTarget,
  ports: readonly number[],
  abort: AbortController,
): Promise<PodSession[]> {
  try {
    return await Promise.all(
      ports.map((port) => target.backend.pods.session(target.caller, openFor(target, port), abort.signal)),
    );
  } catch (error: unknown) {
    // The sessions that did open end with the one that did not.
    abort.abort();
    throw error;
  }
}

/** Serves a WebSocket port-forward (no SPDY): channels 2i (data) and 2i+1 (error) for the i-th port's session. */
export async function serveWebSocketPortForward(
  ws: WebSocket,
  target: PortForwardTarget,
  ports: readonly number[],
  sessions: readonly PodSession[],
  abort: AbortController,
): Promise<void> {
  ws.once('close', () => abort.abort());
  ws.on('message', (message: Buffer) => {
    const channel = message[0];
    if (channel === undefined || channel % 2 !== 0) return;
    const session = sessions[channel / 2];
    if (session === undefined) return;
    if (!session.send({ data: { channel: 'POD_STREAM_CHANNEL_STDIN', data: message.subarray(1) } })) {
      ws.pause();
      void session.drained().then(() => ws.resume());
    }
  });
  for (const [index, port] of ports.entries()) {
    const number = Buffer.alloc(2);
    number.writeUInt16LE(port);
    ws.send(channelFrame(index * 2, number));
    ws.send(channelFrame(index * 2 + 1, number));
  }
  await Promise.all(
    sessions.map(async (session, index) => {
      const port = ports[index] ?? 0;
      const fail = (failure: unknown): void =>
        ws.send(channelFrame(index * 2 + 1, Buffer.from(failureText(target, port, failure))));
      try {
        for await (const frame of session.frames) {
          if (frame.data !== null && frame.data !== undefined) {
            const waiting = sendBounded(ws, channelFrame(index * 2, frame.data.data));
            if (waiting !== undefined) await waiting;
          } else if (frame.exit?.error !== undefined && frame.exit.error !== '') fail(new Error(frame.exit.error));
        }
      } catch (failure: unknown) {
        if (!abort.signal.aborted) fail(failure);
      }
    }),
  );
  if (!abort.signal.aborted) ws.close(1000);
}
