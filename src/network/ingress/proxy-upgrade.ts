/**
 * Protocol upgrades (WebSocket): the handshake goes to a backend like any
 * request; once the backend answers 101 the two sockets are piped into each
 * other. Upgraded connections bypass the keep-alive pools (they are never
 * returned), so each gets a connection of its own.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RouteBackend } from './backend-resolve.js';
import { downstreamResponseHeaders, rawResponseHead, upstreamRequestHeaders } from './proxy-headers.js';
import { runAttempts, type AttemptContext } from './upstream-attempts.js';

export interface UpgradeContext extends AttemptContext {
  /** How long an upgraded connection may stay idle (both directions). */
  readonly backendTimeoutMs: number;
  /** Told about each piped pair so stop() can close them. */
  track(socket: Duplex): void;
}

/** Answers on a raw client socket that the HTTP server handed over, then closes it. */
export function answerOnSocket(
  socket: Duplex,
  statusCode: number,
  statusMessage: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = `${statusCode} ${statusMessage}\n`;
  if (!socket.writable) return void socket.destroy();
  const headers = [
    'Content-Type',
    'text/plain; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Connection',
    'close',
    ...Object.entries(extraHeaders).flat(),
  ];
  socket.end(rawResponseHead(statusCode, statusMessage, headers) + body);
}

function splice(client: Duplex, upstream: Duplex, idleMs: number): void {
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  for (const socket of [client, upstream]) {
    socket.on('error', close);
    socket.on('close', close);
    if (socket instanceof Socket) socket.setTimeout(idleMs, close);
  }
  client.pipe(upstream);
  upstream.pipe(client);
}

export function forwardUpgrade(
  context: UpgradeContext,
  request: IncomingMessage,
  client: Duplex,
  head: Buffer,
  backend: RouteBackend,
  proto: 'http' | 'https',
): void {
  const { headers } = upstreamRequestHeaders(request, { proto, upgrade: true });
  let clientGone = false;
  client.once('close', () => (clientGone = true));
  client.on('error', () => client.destroy());
  runAttempts(context, backend, {
    request: (target) => {
      const upstream = httpRequest({
        host: target.ip,
        port: target.port,
        method: request.method,
        path: request.url,
        headers,
        agent: false,
        setHost: false,
      });
      upstream.once('upgrade', (upstreamResponse: IncomingMessage, upstreamSocket: Duplex, upstreamHead: Buffer) => {
        context.picker.markHealthy(target);
        if (clientGone) return void upstreamSocket.destroy();
        const responseHeaders = [
          ...downstreamResponseHeaders(upstreamResponse),
          'Connection',
          'upgrade',
          'Upgrade',
          upstreamResponse.headers.upgrade ?? '',
        ];
        client.write(rawResponseHead(101, upstreamResponse.statusMessage ?? 'Switching Protocols', responseHeaders));
        if (upstreamHead.length > 0) client.write(upstreamHead);
        if (head.length > 0) upstreamSocket.write(head);
        context.track(client);
        splice(client, upstreamSocket, context.backendTimeoutMs);
      });
      upstream.once('response', (upstreamResponse: IncomingMessage) => {
        // the backend refused the upgrade: relay its answer, framed by closing the connection
        context.picker.markHealthy(target);
        const responseHeaders = [...downstreamResponseHeaders(upstreamResponse), 'Connection', 'close'];
        client.write(
          rawResponseHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage ?? '', responseHeaders),
        );
        upstreamResponse.pipe(client);
      });
      return upstream;
    },
    connected: (upstream) => {
      if (clientGone) return void upstream.destroy();
      upstream.end();
    },
    exhausted: () => answerOnSocket(client, 502, 'Bad Gateway'),
    failed: () => {
      client.destroy();
      return 'done';
    },
  });
}
