/**
 * `kubectl exec`, `attach`, `cp` and `port-forward` on the REST API: the
 * connection upgrade of `/api/v1/namespaces/{ns}/pods/{name}/{exec|attach|portforward}`.
 *
 * Everything that can fail before the session runs — authentication, the
 * query, the subprotocol, authorization (`create pods/exec|attach|portforward`),
 * the pod, its worker, the container — is answered as an HTTP Status before
 * the upgrade, so kubectl prints it as it would from a kube-apiserver. Then the
 * connection is upgraded and relayed to the pod's worker through the master's
 * PodStreams:
 *   - exec/attach over WebSocket, `v5.channel.k8s.io` (kubectl ≥ 1.30) or
 *     `v4.channel.k8s.io`; over SPDY/3.1, `v4.channel.k8s.io` (kubectl's
 *     fallback when a WebSocket upgrade fails, and older clients);
 *   - port-forward as SPDY tunnelled in a WebSocket (`SPDY/3.1+portforward.k8s.io`,
 *     kubectl ≥ 1.31), as plain SPDY (`portforward.k8s.io`, its fallback), or
 *     as a WebSocket with channels per port (`?ports=`, other clients).
 * A session ends when the client's connection does; closePodStreams(backend)
 * ends every one (the master is stopping: a server's close waits for upgraded
 * connections too).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import type { UserInfo } from '../auth/index.js';
import type { PodStreamOpen } from '../gen/orca/v1/PodStreamOpen.js';
import { isObjectError, type HttpBackend } from '../master/index.js';
import { SpdyConnection } from '../spdy/index.js';
import { relaySpdyExec, relayWebSocketExec } from './pod-stream-exec.js';
import {
  openPortSessions,
  serveSpdyPortForward,
  serveWebSocketPortForward,
  type PortForwardTarget,
} from './pod-stream-portforward.js';
import {
  channelV4,
  channelV5,
  chooseProtocol,
  offeredProtocols,
  parseExecQuery,
  parsePorts,
  portForwardV1,
  protocolRefusal,
  spdyTunnelPortForward,
  webSocketPortForwardProtocols,
  type PodStreamSubresource,
} from './pod-stream-protocol.js';
import { KubeError, statusOf, type StatusSubject } from './status.js';

export interface PodStreamTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly subresource: PodStreamSubresource;
}

/** A client message's most bytes: kubectl sends at most 32 KiB and a channel byte. */
const webSocketMessageBytesMax = 4 * 1024 * 1024;

type Transport = 'websocket' | 'spdy';

/** The subprotocol chosen before the upgrade, for the WebSocket server's handshake. */
const chosenProtocols = new WeakMap<IncomingMessage, string>();

/**
 * The subprotocol is negotiated here, not by the WebSocket library: it refuses
 * names that are not RFC 7230 tokens, and kubectl's port-forward tunnel
 * (`SPDY/3.1+portforward.k8s.io`) is not one. The request's header is removed
 * before the handshake and the choice written into the answer.
 */
const webSockets = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  maxPayload: webSocketMessageBytesMax,
});
webSockets.on('headers', (headers: string[], request: IncomingMessage) => {
  const protocol = chosenProtocols.get(request);
  if (protocol !== undefined && protocol !== '') headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
});

/** The connections each backend's pod streams hold, for closePodStreams. */
const connections = new WeakMap<HttpBackend, Set<Duplex>>();

/** Serves an upgrade request for a pod's exec, attach or port-forward; takes the socket in every case. */
export function podStreamUpgrade(
  backend: HttpBackend,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: PodStreamTarget,
): void {
  let held = connections.get(backend);
  if (held === undefined) {
    held = new Set();
    connections.set(backend, held);
  }
  held.add(socket);
  socket.once('close', () => held.delete(socket));
  const state = { upgraded: false };
  socket.on('error', () => socket.destroy());
  void serveUpgrade({ backend, request, socket, head, target, state }).catch((error: unknown) => {
    if (state.upgraded) {
      backend.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'pod stream failed');
      socket.destroy();
    } else refuse(socket, error, { resource: 'pods', name: target.pod });
  });
}

/** Ends every pod stream served for `backend` (their sessions end with their connections). */
export function closePodStreams(backend: HttpBackend): void {
  for (const socket of connections.get(backend) ?? []) socket.destroy();
}

interface Upgrade {
  readonly backend: HttpBackend;
  readonly request: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly target: PodStreamTarget;
  readonly state: { upgraded: boolean };
}

async function serveUpgrade(upgrade: Upgrade): Promise<void> {
  const transport = transportOf(upgrade.request);
  const caller = await upgrade.backend.authenticate(upgrade.request);
  const query = new URL(upgrade.request.url ?? '/', 'http://localhost').searchParams;
  if (transport === 'websocket') checkWebSocketHandshake(upgrade.request);
  (upgrade.socket as Partial<Socket>).setNoDelay?.(true);
  if (upgrade.target.subresource === 'portforward') await servePortForward(upgrade, transport, caller, query);
  else await serveExec(upgrade, transport, caller, query, upgrade.target.subresource);
}

function transportOf(request: IncomingMessage): Transport {
  const upgrade = (request.headers.upgrade ?? '').toLowerCase();
  if (upgrade.split(',').some((value) => value.trim() === 'websocket')) return 'websocket';
  if (upgrade.split(',').some((value) => value.trim() === 'spdy/3.1')) return 'spdy';
  throw new KubeError(
    400,
    'BadRequest',
    'this resource is served as a connection upgrade: Upgrade: websocket or SPDY/3.1',
  );
}

/** What the WebSocket server would refuse, refused first with a Status (it would only close the socket). */
function checkWebSocketHandshake(request: IncomingMessage): void {
  const key = request.headers['sec-websocket-key'];
  const version = request.headers['sec-websocket-version'];
  if (request.method !== 'GET') throw new KubeError(400, 'BadRequest', 'a WebSocket upgrade must be a GET');
  if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key))
    throw new KubeError(400, 'BadRequest', 'missing or invalid Sec-WebSocket-Key');
  if (version !== '13' && version !== '8')
    throw new KubeError(400, 'BadRequest', 'unsupported Sec-WebSocket-Version (13 is)');
}

async function serveExec(
  upgrade: Upgrade,
  transport: Transport,
  caller: UserInfo,
  query: URLSearchParams,
  subresource: 'exec' | 'attach',
): Promise<void> {
  const options = parseExecQuery(query, subresource);
  const supported = transport === 'websocket' ? [channelV5, channelV4] : [channelV4];
  const offered = offeredProtocols(
    transport === 'websocket'
      ? upgrade.request.headers['sec-websocket-protocol']
      : upgrade.request.headers['x-stream-protocol-version'],
  );
  const protocol = chooseProtocol(offered, supported);
  if (protocol === undefined) throw protocolRefusal(offered, supported);
  const open: PodStreamOpen = {
    namespace: upgrade.target.namespace,
    pod: upgrade.target.pod,
    container: options.container,
    kind: subresource === 'exec' ? 'POD_STREAM_KIND_EXEC' : 'POD_STREAM_KIND_ATTACH',
    command: [...options.command],
    stdin: options.stdin,
    stdout: options.stdout,
    stderr: options.stderr,
    tty: options.tty,
  };
  const abort = new AbortController();
  upgrade.socket.once('close', () => abort.abort());
  const session = await upgrade.backend.pods.session(caller, open, abort.signal);
  if (upgrade.socket.destroyed) {
    abort.abort();
    return;
  }
  const context = { session, abort, options };
  if (transport === 'websocket') await relayWebSocketExec(await acceptWebSocket(upgrade, protocol), protocol, context);
  else await relaySpdyExec(acceptSpdy(upgrade, protocol), context);
}

async function servePortForward(
  upgrade: Upgrade,
  transport: Transport,
  caller: UserInfo,
  query: URLSearchParams,
): Promise<void> {
  const target: PortForwardTarget = {
    backend: upgrade.backend,
    caller,
    namespace: upgrade.target.namespace,
    pod: upgrade.target.pod,
  };
  const check = (): Promise<void> =>
    upgrade.backend.pods.check(caller, { namespace: target.namespace, pod: target.pod, subresource: 'portforward' });
  if (transport === 'spdy') {
    const offered = offeredProtocols(upgrade.request.headers['x-stream-protocol-version']);
    if (chooseProtocol(offered, [portForwardV1]) === undefined) throw protocolRefusal(offered, [portForwardV1]);
    await check();
    serveSpdyPortForward(acceptSpdy(upgrade, portForwardV1), target);
    return;
  }
  const offered = offeredProtocols(upgrade.request.headers['sec-websocket-protocol']);
  if (offered.includes(spdyTunnelPortForward)) {
    await check();
    const ws = await acceptWebSocket(upgrade, spdyTunnelPortForward);
    serveSpdyPortForward(new SpdyConnection(createWebSocketStream(ws), { role: 'server' }), target);
    return;
  }
  const protocol = chooseProtocol(offered, webSocketPortForwardProtocols);
  if (protocol === undefined) throw protocolRefusal(offered, [spdyTunnelPortForward, ...webSocketPortForwardProtocols]);
  const ports = parsePorts(query);
  const abort = new AbortController();
  upgrade.socket.once('close', () => abort.abort());
  const sessions = await openPortSessions(target, ports, abort);
  if (upgrade.socket.destroyed) {
    abort.abort();
    return;
  }
  await serveWebSocketPortForward(await acceptWebSocket(upgrade, protocol), target, ports, sessions, abort);
}

/** Completes the WebSocket handshake with the protocol chosen. */
function acceptWebSocket(upgrade: Upgrade, protocol: string): Promise<WebSocket> {
  chosenProtocols.set(upgrade.request, protocol);
  delete upgrade.request.headers['sec-websocket-protocol'];
  upgrade.state.upgraded = true;
  return new Promise((resolve, reject) => {
    const closed = (): void => reject(new Error('the WebSocket handshake failed'));
    upgrade.socket.once('close', closed);
    webSockets.handleUpgrade(upgrade.request, upgrade.socket, upgrade.head, (ws) => {
      upgrade.socket.removeListener('close', closed);
      resolve(ws);
    });
  });
}

/** Switches the connection to SPDY/3.1 with the protocol chosen (X-Stream-Protocol-Version). */
function acceptSpdy(upgrade: Upgrade, protocol: string): SpdyConnection {
  upgrade.state.upgraded = true;
  upgrade.socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
  );
  if (upgrade.head.length > 0) upgrade.socket.unshift(upgrade.head);
  return new SpdyConnection(upgrade.socket, { role: 'server' });
}

const reasons: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Answers a failure before any upgrade as an HTTP response with its Status,
 * then closes the connection. A request the worker found invalid (a container
 * the pod does not have) is a BadRequest, as kube-apiserver answers it.
 */
function refuse(socket: Duplex, error: unknown, subject: StatusSubject): void {
  if (socket.destroyed) return;
  const invalid = isObjectError(error) && error.code === 'invalid' && error.fieldErrors.length === 0;
  const { code, body } = statusOf(invalid ? new KubeError(400, 'BadRequest', error.message) : error, subject);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${code} ${reasons[code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      'Connection: close\r\n\r\n' +
      text,
  );
}
