/**
 * Relays an exec or attach session between a Kubernetes client and the pod's
 * worker: over a WebSocket (`v5.channel.k8s.io`, which kubectl ≥ 1.30 uses,
 * or `v4.channel.k8s.io`), or over SPDY (`v4.channel.k8s.io` in streams named
 * by their `streamtype` header, what kubectl falls back to). The session is
 * already running (the worker said `started`) when a relay begins; the relay
 * ends it when the client goes, and ends the client's connection after the
 * error channel has told how the session ended.
 */
import type WebSocket from 'ws';
import type { PodStreamFrame__Output } from '../gen/orca/v1/PodStreamFrame.js';
import type { PodSession } from '../master/index.js';
import type { SpdyConnection, SpdyStream } from '../spdy/index.js';
import {
  Channel,
  channelFrame,
  exitStatus,
  parseClientMessage,
  parseResize,
  type ExecQuery,
} from './pod-stream-protocol.js';

/** Bytes queued towards a client before the relay stops reading from the worker. */
export const clientBufferBytesMax = 1024 * 1024;
/** How long a SPDY client may take to open the streams its query asked for. */
const streamCreationTimeoutMs = 30_000;

export interface RelayContext {
  readonly session: PodSession;
  /** Aborting it ends the session (the client went away). */
  readonly abort: AbortController;
  readonly options: ExecQuery;
}

/** The session's end as the error channel says it; a relay that broke says why. */
function endStatus(frame: PodStreamFrame__Output | undefined, failure: unknown): Buffer {
  if (frame?.exit !== null && frame?.exit !== undefined)
    return Buffer.from(JSON.stringify(exitStatus({ exitCode: frame.exit.exitCode, error: frame.exit.error })));
  const message = failure instanceof Error ? failure.message : 'the session ended without an exit status';
  return Buffer.from(JSON.stringify(exitStatus({ exitCode: 0, error: message })));
}

/** Sends, and waits only when the socket's buffer is past its bound (the send's callback: written). */
export function sendBounded(ws: WebSocket, frame: Buffer): Promise<void> | undefined {
  if (ws.readyState !== ws.OPEN) return undefined;
  if (ws.bufferedAmount + frame.length <= clientBufferBytesMax) {
    ws.send(frame);
    return undefined;
  }
  return new Promise((resolve) => ws.send(frame, () => resolve()));
}

function takeInput(
  context: RelayContext,
  frame: Parameters<PodSession['send']>[0],
  pause: () => void,
  resume: () => void,
): void {
  if (context.session.send(frame)) return;
  pause();
  void context.session.drained().then(resume);
}

/** Exec or attach over a WebSocket with channel framing. */
export async function relayWebSocketExec(ws: WebSocket, protocol: string, context: RelayContext): Promise<void> {
  const { session, abort, options } = context;
  ws.on('message', (data: Buffer) => {
    const message = parseClientMessage(data, protocol);
    if (message.kind === 'stdin' && options.stdin)
      takeInput(
        context,
        { data: { channel: 'POD_STREAM_CHANNEL_STDIN', data: message.data } },
        () => ws.pause(),
        () => ws.resume(),
      );
    else if (message.kind === 'resize' && options.tty)
      session.send({ resize: { width: message.width, height: message.height } });
    else if (message.kind === 'close' && message.channel === Channel.stdin)
      session.send({ close: { channel: 'POD_STREAM_CHANNEL_STDIN' } });
  });
  ws.once('close', () => abort.abort());
  // Tells the client the connection is established, as the kubelet does: an empty message on the first writable channel.
  ws.send(channelFrame(options.stdout ? Channel.stdout : options.stderr ? Channel.stderr : Channel.error));
  let last: PodStreamFrame__Output | undefined;
  let failure: unknown;
  try {
    for await (const frame of session.frames) {
      last = frame;
      if (frame.data === null || frame.data === undefined) continue;
      const channel = frame.data.channel === 'POD_STREAM_CHANNEL_STDERR' ? Channel.stderr : Channel.stdout;
      const waiting = sendBounded(ws, channelFrame(channel, frame.data.data));
      if (waiting !== undefined) await waiting;
    }
  } catch (error: unknown) {
    failure = error;
  }
  if (abort.signal.aborted) return;
  await sendBounded(ws, channelFrame(Channel.error, endStatus(last, failure)));
  ws.close(1000);
}

/** The SPDY streams an exec's options ask for, by their `streamtype`. */
export function expectedStreams(options: ExecQuery): Set<string> {
  const types = new Set(['error']);
  if (options.stdin) types.add('stdin');
  if (options.stdout) types.add('stdout');
  if (options.stderr && !options.tty) types.add('stderr');
  if (options.tty) types.add('resize');
  return types;
}

/** Waits for the client to open every stream its options asked for, wiring input as each arrives. */
function acceptStreams(connection: SpdyConnection, context: RelayContext): Promise<Map<string, SpdyStream>> {
  const expected = expectedStreams(context.options);
  const streams = new Map<string, SpdyStream>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the client opened ${streams.size} of its ${expected.size} streams in time`)),
      streamCreationTimeoutMs,
    );
    connection.on('stream', (stream: SpdyStream) => {
      const type = stream.headers['streamtype'] ?? '';
      if (!expected.has(type) || streams.has(type)) {
        stream.reset();
        return;
      }
      stream.reply({});
      streams.set(type, stream);
      if (type === 'stdin') wireStdin(stream, context);
      else if (type === 'resize') wireResize(stream, context);
      // The client only reads these: whatever it sends on them (its FIN) is dropped.
      else stream.on('data', () => undefined);
      if (streams.size === expected.size) {
        clearTimeout(timer);
        resolve(streams);
      }
    });
    connection.once('close', () => {
      clearTimeout(timer);
      reject(new Error('the client closed the connection'));
    });
  });
}

function wireStdin(stream: SpdyStream, context: RelayContext): void {
  stream.on('data', (data: Buffer) =>
    takeInput(
      context,
      { data: { channel: 'POD_STREAM_CHANNEL_STDIN', data } },
      () => stream.pause(),
      () => stream.resume(),
    ),
  );
  stream.once('end', () => context.session.send({ close: { channel: 'POD_STREAM_CHANNEL_STDIN' } }));
}

/** Resizes arrive as JSON objects, one after another (client-go's json.Encoder: one per line). */
function wireResize(stream: SpdyStream, context: RelayContext): void {
  let pending = '';
  stream.on('data', (data: Buffer) => {
    pending += data.toString('utf8');
    if (pending.length > 64 * 1024) pending = '';
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const size = parseResize(Buffer.from(pending.slice(0, newline)));
      pending = pending.slice(newline + 1);
      if (size !== undefined) context.session.send({ resize: { width: size.width, height: size.height } });
    }
  });
}

/** Exec or attach over SPDY (`v4.channel.k8s.io`): one stream per channel. */
export async function relaySpdyExec(connection: SpdyConnection, context: RelayContext): Promise<void> {
  const { session, abort } = context;
  connection.once('close', () => abort.abort());
  let streams: Map<string, SpdyStream>;
  try {
    streams = await acceptStreams(connection, context);
  } catch {
    abort.abort();
    connection.destroy();
    return;
  }
  let last: PodStreamFrame__Output | undefined;
  let failure: unknown;
  try {
    for await (const frame of session.frames) {
      last = frame;
      if (frame.data === null || frame.data === undefined) continue;
      const type = frame.data.channel === 'POD_STREAM_CHANNEL_STDERR' ? 'stderr' : 'stdout';
      const stream = streams.get(type);
      if (stream !== undefined && !stream.write(frame.data.data)) await connection.drained();
    }
  } catch (error: unknown) {
    failure = error;
  }
  if (abort.signal.aborted) return;
  const errorStream = streams.get('error');
  errorStream?.write(endStatus(last, failure));
  for (const stream of streams.values()) stream.end();
  connection.close();
}
