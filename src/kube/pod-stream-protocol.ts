/**
 * The pure parts of Kubernetes' pod streaming protocols: the query of an
 * exec, attach or port-forward request, the choice of subprotocol, the
 * channel framing of `v4/v5.channel.k8s.io` (one leading byte names the
 * channel: 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize; v5 adds 255, a
 * close signal naming the channel that ends), and the Status an exec ends
 * with on the error channel — Success, or NonZeroExitCode with the code in
 * details.causes (how kubectl learns the exit code), or a failure's message.
 */
import { KubeError, type Json } from './status.js';

export type PodStreamSubresource = 'exec' | 'attach' | 'portforward';

export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export const channelV5 = 'v5.channel.k8s.io';
export const channelV4 = 'v4.channel.k8s.io';
/** kubectl ≥ 1.30 tunnels SPDY through a WebSocket for port-forward, naming it so. */
export const spdyTunnelPortForward = 'SPDY/3.1+portforward.k8s.io';
export const portForwardV1 = 'portforward.k8s.io';
/** A WebSocket port-forward without SPDY (channels per port; other clients than kubectl use it). */
export const webSocketPortForwardProtocols = [channelV4, 'channel.k8s.io', ''] as const;

export interface ExecQuery {
  readonly command: readonly string[];
  readonly container: string;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

const commandArgumentsMax = 4096;
const portsMax = 64;

/** Kubernetes reads a query boolean as true unless it is absent, empty, "false" or "0". */
function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return !['', 'false', '0'].includes(value.toLowerCase());
}

/** An exec's or attach's options; an exec needs a command, both need one stream at least. */
export function parseExecQuery(query: URLSearchParams, subresource: 'exec' | 'attach'): ExecQuery {
  const command = query.getAll('command');
  if (subresource === 'exec' && command.length === 0)
    throw new KubeError(400, 'BadRequest', 'you must specify at least one command for the container');
  if (command.length > commandArgumentsMax)
    throw new KubeError(400, 'BadRequest', `a command has at most ${commandArgumentsMax} arguments`);
  const options = {
    command: subresource === 'exec' ? command : [],
    container: query.get('container') ?? '',
    stdin: flag(query, 'stdin'),
    stdout: flag(query, 'stdout'),
    stderr: flag(query, 'stderr'),
    tty: flag(query, 'tty'),
  };
  if (!options.stdin && !options.stdout && !options.stderr)
    throw new KubeError(400, 'BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  return options;
}

/** A port as a header or query names it: 1..65535. */
export function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw new KubeError(400, 'BadRequest', `port "${text}" is not a valid port (1-65535)`);
  return port;
}

/** The `ports` of a WebSocket port-forward (each `ports` value may list several, comma separated). */
export function parsePorts(query: URLSearchParams): number[] {
  const ports = query
    .getAll('ports')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map(parsePort);
  if (ports.length === 0) throw new KubeError(400, 'BadRequest', 'at least one port is required (query "ports")');
  if (ports.length > portsMax) throw new KubeError(400, 'BadRequest', `at most ${portsMax} ports at once`);
  return ports;
}

/** The subprotocols a client offers, in its order (Sec-WebSocket-Protocol or X-Stream-Protocol-Version). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The first of the server's `supported` that the client offered ('' matches a client that offered none). */
export function chooseProtocol(offered: readonly string[], supported: readonly string[]): string | undefined {
  if (offered.length === 0) return supported.includes('') ? '' : undefined;
  return supported.find((protocol) => protocol !== '' && offered.includes(protocol));
}

export function protocolRefusal(offered: readonly string[], supported: readonly string[]): KubeError {
  return new KubeError(
    400,
    'BadRequest',
    `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.filter((protocol) => protocol !== '').join(' ')}]`,
  );
}

/** One channel message: its channel byte, then the data. */
export function channelFrame(channel: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channel;
  data.copy(frame, 1);
  return frame;
}

export type ClientMessage =
  | { readonly kind: 'stdin'; readonly data: Buffer }
  | { readonly kind: 'resize'; readonly width: number; readonly height: number }
  | { readonly kind: 'close'; readonly channel: number }
  | { readonly kind: 'ignored'; readonly why: string };

/** What a client's WebSocket message says (v5's close signal only under v5). */
export function parseClientMessage(message: Buffer, protocol: string): ClientMessage {
  if (message.length === 0) return { kind: 'ignored', why: 'an empty message' };
  const channel = message[0];
  const data = message.subarray(1);
  if (channel === Channel.close && protocol === channelV5) {
    if (data.length !== 1) return { kind: 'ignored', why: 'a close signal must name one channel' };
    return { kind: 'close', channel: data[0] ?? 0 };
  }
  if (channel === Channel.stdin) return { kind: 'stdin', data };
  if (channel === Channel.resize) {
    const size = parseResize(data);
    return size === undefined ? { kind: 'ignored', why: 'a resize that is not {"Width":n,"Height":n}' } : size;
  }
  return { kind: 'ignored', why: `channel ${channel} carries nothing from a client` };
}

/** A resize message: JSON `{"Width":w,"Height":h}` (client-go's TerminalSize). */
export function parseResize(
  data: Buffer,
): { readonly kind: 'resize'; readonly width: number; readonly height: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { Width: width, Height: height } = value as { Width?: unknown; Height?: unknown };
  const valid = (cells: unknown): cells is number => typeof cells === 'number' && Number.isInteger(cells) && cells >= 0;
  if (!valid(width) || !valid(height) || width > 65535 || height > 65535) return undefined;
  return { kind: 'resize', width, height };
}

/** How a session ended, as the error channel tells it (v4 and later). */
export function exitStatus(end: { readonly exitCode: number; readonly error: string }): Json {
  if (end.error !== '') {
    return {
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${end.error}`,
      reason: 'InternalError',
      details: { causes: [{ message: end.error }] },
      code: 500,
    };
  }
  if (end.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${end.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(end.exitCode) }] },
  };
}
