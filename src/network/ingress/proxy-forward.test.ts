import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import { IngressProxy, type BoundAddress } from './ingress-proxy.js';
import { endpointsOf, ingressClassOf, ingressOf, serviceOf } from './object-builders.js';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Send {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Written in these pieces (chunked unless a content-length header is given). */
  readonly chunks?: readonly string[];
}

function send(proxy: BoundAddress, path: string, options: Send = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = { host: 'fwd.test', ...options.headers };
    const request = httpRequest(
      { host: '127.0.0.1', port: proxy.port, path, method: options.method ?? 'GET', headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end();
  });
}

function listening<T extends Server | NetServer>(server: T): Promise<{ server: T; port: number }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

function close(server: Server | NetServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

async function waitFor(condition: () => boolean, what: string, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A source whose only Ingress sends fwd.test to Service `web` with endpoints on these local ports. */
function sourceFor(ports: readonly number[]): MemoryNetworkSource {
  const source = new MemoryNetworkSource();
  source.put(
    ingressClassOf('orca'),
    ingressOf({
      className: 'orca',
      name: 'fwd',
      rules: [{ host: 'fwd.test', paths: [{ path: '/', service: 'web', port: 80 }] }],
    }),
  );
  setEndpoints(source, ports);
  return source;
}

function setEndpoints(source: MemoryNetworkSource, ports: readonly number[]): void {
  source.put(
    serviceOf('default', 'web', [{ name: 'http', port: 80, targetPort: 8080 }]),
    endpointsOf(
      'default',
      'web',
      ports.map((port) => ({ ready: ['127.0.0.1'], ports: [{ name: 'http', port }] })),
    ),
  );
}

/**
 * A raw backend that answers the first request of every connection and resets
 * the connection on the second one without answering: the race of a backend
 * closing an idle keep-alive connection just as the proxy reuses it.
 */
function resettingBackend(): { server: NetServer; requests: () => number; connections: () => number } {
  let requests = 0;
  let connections = 0;
  const server = createNetServer((socket: Socket) => {
    connections += 1;
    let seen = 0;
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        requests += 1;
        seen += 1;
        if (seen > 1) return void socket.resetAndDestroy();
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nX-Connection-Request: 1\r\n\r\nok',
        );
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return { server, requests: () => requests, connections: () => connections };
}

describe('forwarding over the endpoint pools', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startProxy(
    source: MemoryNetworkSource,
    extra: Partial<ConstructorParameters<typeof IngressProxy>[0]> = {},
  ): Promise<{ http: BoundAddress; proxy: IngressProxy }> {
    const proxy = new IngressProxy({
      source,
      http: { address: '127.0.0.1', port: 0 },
      https: null,
      rebuildDelayMs: 1,
      ...extra,
    });
    cleanups.push(() => proxy.stop());
    const bound = await proxy.start();
    if (bound.http === undefined) throw new Error('no http listener');
    return { http: bound.http, proxy };
  }

  async function startServer<T extends Server | NetServer>(server: T): Promise<number> {
    const { port } = await listening(server);
    cleanups.push(() => close(server));
    return port;
  }

  it('replays a bodyless GET once when a reused backend connection is reset', async () => {
    const backend = resettingBackend();
    const { http } = await startProxy(sourceFor([await startServer(backend.server)]));
    expect((await send(http, '/first')).status).toBe(200);
    const replayed = await send(http, '/second');
    expect([replayed.status, replayed.body]).toEqual([200, 'ok']);
    // the second GET met the reset, then went out again on a new connection
    expect([backend.requests(), backend.connections()]).toEqual([3, 2]);
  });

  it('answers 502, without a replay, when a POST meets a reset on a reused connection', async () => {
    const backend = resettingBackend();
    const { http } = await startProxy(sourceFor([await startServer(backend.server)]));
    expect((await send(http, '/first')).status).toBe(200);
    const post = await send(http, '/post', { method: 'POST', headers: { 'content-length': '4' }, chunks: ['data'] });
    expect(post.status).toBe(502);
    expect([backend.requests(), backend.connections()]).toEqual([2, 1]);
  });

  it('streams a chunked request body and drops Expect (the proxy answered 100 Continue itself)', async () => {
    const seen: { headers?: IncomingHttpHeaders; body?: string } = {};
    const echo = createServer((request, response) => {
      seen.headers = request.headers;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.body = Buffer.concat(chunks).toString();
        response.writeHead(201, 'Made', {
          'x-kept': 'yes',
          'keep-alive': 'timeout=5',
          connection: 'x-secret',
          'x-secret': 'hop',
        });
        response.end(seen.body.toUpperCase());
      });
    });
    const { http } = await startProxy(sourceFor([await startServer(echo)]));
    const reply = await send(http, '/upload', {
      method: 'PUT',
      headers: { expect: '100-continue' },
      chunks: ['one,', 'two,', 'three'],
    });
    expect([reply.status, reply.body, reply.headers['x-kept']]).toEqual([201, 'ONE,TWO,THREE', 'yes']);
    // hop-by-hop headers of the backend (and those its Connection names) stay on its connection
    expect(reply.headers['x-secret']).toBeUndefined();
    expect(seen.body).toBe('one,two,three');
    // undici frames the body itself: chunked, or a Content-Length when it had the whole body already
    expect(seen.headers?.['transfer-encoding'] === 'chunked' || seen.headers?.['content-length'] === '13').toBe(true);
    expect(seen.headers?.expect).toBeUndefined();
    expect(seen.headers?.host).toBe('fwd.test');
  });

  it('keeps at most socketsPerBackendMax connections per endpoint, reusing them', async () => {
    let open = 0;
    let openMax = 0;
    let opened = 0;
    const backend = createServer((request, response) => {
      request.resume();
      setImmediate(() => response.end('ok'));
    });
    backend.on('connection', (socket: Socket) => {
      opened += 1;
      open += 1;
      openMax = Math.max(openMax, open);
      socket.on('close', () => (open -= 1));
    });
    const { http } = await startProxy(sourceFor([await startServer(backend)]), { socketsPerBackendMax: 2 });
    const replies = await Promise.all(Array.from({ length: 12 }, (_, index) => send(http, `/${index}`)));
    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(openMax).toBe(2);
    expect(opened).toBe(2);
  });

  it('closes the pool of an endpoint that left the table, and all pools at stop()', async () => {
    const ports: number[] = [];
    let open = 0;
    for (let index = 0; index < 2; index += 1) {
      const backend = createServer((request, response) => {
        request.resume();
        response.end(String(index));
      });
      backend.on('connection', (socket: Socket) => {
        open += 1;
        socket.on('close', () => (open -= 1));
      });
      ports.push(await startServer(backend));
    }
    const source = sourceFor(ports);
    const { http, proxy } = await startProxy(source);
    const answered = new Set<string>();
    for (let index = 0; index < 4; index += 1) answered.add((await send(http, '/')).body);
    expect([...answered].sort()).toEqual(['0', '1']);
    expect(proxy.stats().backends).toBe(2);
    setEndpoints(source, [ports[1] ?? 0]);
    await waitFor(() => proxy.stats().backends === 1, 'the pool of the removed endpoint to close');
    await waitFor(() => open === 1, 'the idle connection of the removed endpoint to close');
    expect((await send(http, '/')).body).toBe('1');
    await proxy.stop();
    expect(proxy.stats().backends).toBe(0);
    await waitFor(() => open === 0, 'every backend connection to close at stop()');
  });
  it('holds a backend that streams faster than the client reads (backpressure), and aborts it when the client leaves', async () => {
    const totalBytes = 512 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, 'y');
    const backend = { written: 0, blockedSince: 0, closedEarly: false };
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(totalBytes) });
      response.on('close', () => (backend.closedEarly = !response.writableFinished));
      const pump = (): void => {
        while (backend.written < totalBytes) {
          backend.written += chunk.length;
          if (!response.write(chunk)) {
            backend.blockedSince = Date.now();
            response.once('drain', () => {
              backend.blockedSince = 0;
              pump();
            });
            return;
          }
        }
        response.end();
      };
      pump();
    });
    const { http } = await startProxy(sourceFor([await startServer(server)]));
    const client = httpRequest({
      host: '127.0.0.1',
      port: http.port,
      path: '/big',
      headers: { host: 'fwd.test' },
      agent: false,
    });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      client.once('response', resolve);
      client.once('error', reject);
      client.end();
    });
    response.pause(); // the client stops reading
    // kernel buffers and stream high-water marks fill, then the backend must stall for good
    await waitFor(
      () => backend.blockedSince !== 0 && Date.now() - backend.blockedSince > 250,
      'the backend to stall',
      15_000,
    );
    expect(backend.written).toBeLessThan(totalBytes / 2);
    client.destroy();
    await waitFor(() => backend.closedEarly, 'the backend response to be aborted after the client left');
  }, 30_000);
});
