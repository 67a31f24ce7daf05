import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import {
  defaultCertificateCommonName,
  generateSelfSignedCertificate,
  type CertificatePem,
} from './default-certificate.js';
import { IngressProxy, type BoundAddress } from './ingress-proxy.js';
import {
  endpointsOf,
  ingressClassOf,
  ingressOf,
  serviceOf,
  tlsSecretOf,
  type IngressSpecInput,
} from './object-builders.js';

interface Backend {
  readonly name: string;
  readonly port: number;
  readonly server: Server;
}

/** A backend that answers its name and echoes what it saw; POST bodies are echoed back. */
function startBackend(name: string, options: { silent?: boolean } = {}): Promise<Backend> {
  const server = createServer((request, response) => {
    if (options.silent === true) return; // never answers: for the timeout test
    if (request.method === 'POST') {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'x-backend': name });
      request.pipe(response);
      return;
    }
    const body = JSON.stringify({ name, url: request.url, headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
    response.end(body);
  });
  server.on('upgrade', (request, socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: ${request.headers.upgrade ?? ''}\r\nconnection: upgrade\r\nx-backend: ${name}\r\n\r\n`,
    );
    socket.on('data', (chunk: Buffer) => socket.write(`${name}:${chunk.toString()}`));
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ name, port: (server.address() as AddressInfo).port, server })),
  );
}

function stopBackend(backend: Backend): Promise<void> {
  return new Promise((resolve) => {
    backend.server.close(() => resolve());
    backend.server.closeAllConnections();
  });
}

function closedPort(): Promise<number> {
  const server = createNetServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function get(
  proxy: BoundAddress,
  host: string,
  path: string,
  options: { method?: string; body?: Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: proxy.port, path, method: options.method ?? 'GET', headers: { host }, agent: false },
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
    request.end(options.body);
  });
}

function backendName(reply: Reply): string {
  return String(reply.headers['x-backend'] ?? `status ${reply.status}`);
}

async function waitFor(condition: () => Promise<boolean>, what: string, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Service `name` (port 80 named http) whose Endpoints are the given local ports. */
function serviceWithPorts(source: MemoryNetworkSource, name: string, ports: readonly number[]): void {
  source.put(
    serviceOf('default', name, [{ name: 'http', port: 80, targetPort: 8080 }]),
    endpointsOf(
      'default',
      name,
      ports.map((port) => ({ ready: ['127.0.0.1'], ports: [{ name: 'http', port }] })),
    ),
  );
}

const ours = (input: IngressSpecInput): ReturnType<typeof ingressOf> => ingressOf({ className: 'orca', ...input });

describe('ingress proxy over real sockets', () => {
  const backends: Backend[] = [];
  const proxies: IngressProxy[] = [];
  let source: MemoryNetworkSource;

  beforeAll(async () => {
    for (const name of ['web-1', 'web-2', 'web-3', 'api-1']) backends.push(await startBackend(name));
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  });
  afterAll(async () => {
    await Promise.all(backends.map((backend) => stopBackend(backend)));
  });

  const port = (name: string): number => backends.find((item) => item.name === name)?.port ?? 0;

  async function start(
    extra: Partial<ConstructorParameters<typeof IngressProxy>[0]> = {},
  ): Promise<{ http: BoundAddress; https: BoundAddress | undefined; proxy: IngressProxy }> {
    const proxy = new IngressProxy({ source, http: { address: '127.0.0.1', port: 0 }, https: null, ...extra });
    proxies.push(proxy);
    const bound = await proxy.start();
    if (bound.http === undefined) throw new Error('no http listener');
    return { http: bound.http, https: bound.https, proxy };
  }

  function freshSource(): MemoryNetworkSource {
    source = new MemoryNetworkSource();
    source.put(ingressClassOf('orca'));
    return source;
  }

  it('routes two hosts and two paths to two Services, keeping Host and adding X-Forwarded-*', async () => {
    freshSource();
    serviceWithPorts(source, 'web', [port('web-1')]);
    serviceWithPorts(source, 'api', [port('api-1')]);
    source.put(
      ours({
        name: 'shop',
        rules: [
          {
            host: 'shop.test',
            paths: [
              { path: '/', service: 'web', port: 80 },
              { path: '/api', service: 'api', port: 'http' },
            ],
          },
        ],
      }),
      ours({ name: 'admin', rules: [{ host: 'admin.test', paths: [{ path: '/', service: 'api', port: 80 }] }] }),
    );
    const { http } = await start();
    expect(backendName(await get(http, 'shop.test', '/'))).toBe('web-1');
    expect(backendName(await get(http, 'shop.test', '/api/items?x=1'))).toBe('api-1');
    expect(backendName(await get(http, 'shop.test', '/apiary'))).toBe('web-1');
    const admin = await get(http, 'admin.test:8080', '/x');
    expect(backendName(admin)).toBe('api-1');
    const seen = JSON.parse(admin.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe('/x');
    expect(seen.headers).toMatchObject({
      host: 'admin.test:8080',
      'x-forwarded-for': '127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'admin.test:8080',
    });
  });

  it('spreads requests over all three endpoints and streams bodies both ways', async () => {
    freshSource();
    serviceWithPorts(source, 'web', [port('web-1'), port('web-2'), port('web-3')]);
    source.put(ours({ name: 'web', rules: [{ host: 'web.test', paths: [{ path: '/', service: 'web', port: 80 }] }] }));
    const { http, proxy } = await start();
    const seen = new Set<string>();
    for (let index = 0; index < 6; index += 1) seen.add(backendName(await get(http, 'web.test', '/')));
    expect([...seen].sort()).toEqual(['web-1', 'web-2', 'web-3']);
    const body = Buffer.alloc(2 * 1024 * 1024, 'x');
    const echoed = await get(http, 'web.test', '/upload', { method: 'POST', body });
    expect(echoed.status).toBe(200);
    expect(echoed.body.length).toBe(body.length);
    expect(proxy.stats().byStatus['200']).toBe(7);
  });

  it('retries a dead endpoint transparently and then skips it', async () => {
    freshSource();
    const dead = await closedPort();
    serviceWithPorts(source, 'web', [dead, port('web-2')]);
    source.put(ours({ name: 'web', rules: [{ paths: [{ path: '/', service: 'web', port: 80 }] }] }));
    const { http, proxy } = await start();
    for (let index = 0; index < 5; index += 1) expect(backendName(await get(http, 'any.test', '/'))).toBe('web-2');
    expect(proxy.stats().byStatus).toEqual({ '200': 5 });
  });

  it('answers 502 when every endpoint refuses, 503 without endpoints, 404 without a rule', async () => {
    freshSource();
    serviceWithPorts(source, 'dead', [await closedPort(), await closedPort()]);
    serviceWithPorts(source, 'empty', []);
    source.put(serviceOf('default', 'ext', [{ port: 80 }], 'ExternalName'));
    source.put(
      ours({
        name: 'mixed',
        rules: [
          {
            host: 'h.test',
            paths: [
              { path: '/dead', service: 'dead', port: 80 },
              { path: '/empty', service: 'empty', port: 80 },
              { path: '/ext', service: 'ext', port: 80 },
            ],
          },
        ],
      }),
    );
    const { http } = await start();
    expect((await get(http, 'h.test', '/dead')).status).toBe(502);
    const empty = await get(http, 'h.test', '/empty');
    expect([empty.status, empty.body]).toEqual([503, '503 Service Unavailable\n']);
    expect((await get(http, 'h.test', '/ext')).status).toBe(502);
    const none = await get(http, 'h.test', '/nothing');
    expect([none.status, none.body]).toEqual([404, '404 Not Found\n']);
    expect((await get(http, 'other.test', '/')).status).toBe(404);
  });

  it('answers 504 when a backend stays silent past the backend timeout', async () => {
    freshSource();
    const silent = await startBackend('silent', { silent: true });
    try {
      serviceWithPorts(source, 'silent', [silent.port]);
      source.put(ours({ name: 's', rules: [{ paths: [{ path: '/', service: 'silent', port: 80 }] }] }));
      const { http } = await start({ backendTimeoutMs: 200 });
      expect((await get(http, 'x', '/')).status).toBe(504);
    } finally {
      await stopBackend(silent);
    }
  });

  it('follows the source: a new Ingress, new endpoints and a removal take effect', async () => {
    freshSource();
    serviceWithPorts(source, 'web', [port('web-1')]);
    const { http } = await start({ rebuildDelayMs: 2 });
    expect((await get(http, 'late.test', '/')).status).toBe(404);
    source.put(
      ours({ name: 'late', rules: [{ host: 'late.test', paths: [{ path: '/', service: 'web', port: 80 }] }] }),
    );
    await waitFor(async () => (await get(http, 'late.test', '/')).status === 200, 'the new Ingress');
    serviceWithPorts(source, 'web', [port('web-3')]);
    await waitFor(async () => backendName(await get(http, 'late.test', '/')) === 'web-3', 'the new endpoint');
    source.remove('Ingress', 'default', 'late');
    await waitFor(async () => (await get(http, 'late.test', '/')).status === 404, 'the removal');
  });

  it('proxies WebSocket-style upgrades by piping the sockets', async () => {
    freshSource();
    serviceWithPorts(source, 'web', [port('web-2')]);
    source.put(
      ours({ name: 'ws', rules: [{ host: 'ws.test', paths: [{ path: '/socket', service: 'web', port: 80 }] }] }),
    );
    const { http, proxy } = await start();
    const echoed = await new Promise<string>((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port: http.port,
        path: '/socket',
        headers: { host: 'ws.test', connection: 'Upgrade', upgrade: 'websocket' },
        agent: false,
      });
      request.on('upgrade', (response, socket) => {
        expect(response.statusCode).toBe(101);
        socket.once('data', (chunk: Buffer) => {
          resolve(chunk.toString());
          socket.destroy();
        });
        socket.write('ping');
      });
      request.on('response', (response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
      request.on('error', reject);
      request.end();
    });
    expect(echoed).toBe('web-2:ping');
    expect(proxy.stats().upgrades).toBe(1);
  });
});

describe('ingress proxy HTTPS', () => {
  let backend: Backend;
  let proxy: IngressProxy;
  let bound: { http?: BoundAddress; https?: BoundAddress };
  let source: MemoryNetworkSource;
  const certificates = new Map<string, CertificatePem>();

  beforeAll(async () => {
    backend = await startBackend('secure');
    certificates.set('shop', await generateSelfSignedCertificate({ commonName: 'shop.test', dnsNames: ['shop.test'] }));
    certificates.set(
      'wild',
      await generateSelfSignedCertificate({ commonName: '*.apps.test', dnsNames: ['*.apps.test'] }),
    );
    certificates.set(
      'rotated',
      await generateSelfSignedCertificate({ commonName: 'shop.test rotated', dnsNames: ['shop.test'] }),
    );
    source = new MemoryNetworkSource();
    source.put(ingressClassOf('orca', { isDefault: true }));
    serviceWithPorts(source, 'web', [backend.port]);
    const pem = (name: string): CertificatePem => certificates.get(name) ?? { certificatePem: '', keyPem: '' };
    source.put(tlsSecretOf('default', 'shop-tls', pem('shop')), tlsSecretOf('default', 'wild-tls', pem('wild')));
    source.put(
      ingressOf({
        name: 'secure',
        tls: [
          { hosts: ['shop.test'], secretName: 'shop-tls' },
          { hosts: ['*.apps.test'], secretName: 'wild-tls' },
        ],
        rules: [
          { host: 'shop.test', paths: [{ path: '/', service: 'web', port: 80 }] },
          { host: '*.apps.test', paths: [{ path: '/', service: 'web', port: 80 }] },
          { host: 'plain.test', paths: [{ path: '/', service: 'web', port: 80 }] },
        ],
      }),
    );
    proxy = new IngressProxy({
      source,
      http: { address: '127.0.0.1', port: 0 },
      https: { address: '127.0.0.1', port: 0 },
      rebuildDelayMs: 1,
    });
    bound = await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    await stopBackend(backend);
  });

  function presentedSubject(serverName: string | undefined): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port: bound.https?.port ?? 0,
          rejectUnauthorized: false,
          ...(serverName === undefined ? {} : { servername: serverName }),
        },
        () => {
          resolve(String(socket.getPeerCertificate().subject.CN));
          socket.destroy();
        },
      );
      socket.on('error', reject);
    });
  }

  it('presents the certificate of the SNI name: exact, then wildcard, else the default one', async () => {
    expect(await presentedSubject('shop.test')).toBe('shop.test');
    expect(await presentedSubject('api.apps.test')).toBe('*.apps.test');
    expect(await presentedSubject('deep.api.apps.test')).toBe(defaultCertificateCommonName);
    expect(await presentedSubject('unknown.test')).toBe(defaultCertificateCommonName);
    expect(await presentedSubject(undefined)).toBe(defaultCertificateCommonName);
  });

  it('serves HTTPS requests to the backend with X-Forwarded-Proto https', async () => {
    const https = bound.https;
    if (https === undefined) throw new Error('no https listener');
    const shop = certificates.get('shop');
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpsRequest(
        {
          host: '127.0.0.1',
          port: https.port,
          servername: 'shop.test',
          path: '/cart',
          headers: { host: 'shop.test' },
          ca: shop?.certificatePem,
          agent: false,
        },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { headers: Record<string, string> }).headers['x-forwarded-proto']).toBe('https');
  });

  it('redirects plain HTTP to HTTPS (308) for TLS hosts only', async () => {
    const http = bound.http;
    if (http === undefined) throw new Error('no http listener');
    const redirected = await get(http, 'shop.test', '/cart?id=7');
    expect([redirected.status, redirected.headers.location]).toEqual([
      308,
      `https://shop.test:${bound.https?.port}/cart?id=7`,
    ]);
    expect((await get(http, 'x.apps.test', '/')).status).toBe(308);
    expect((await get(http, 'plain.test', '/')).status).toBe(200);
  });

  it('loads a rotated Secret (new resourceVersion) without a restart', async () => {
    const rotated = certificates.get('rotated');
    if (rotated === undefined) throw new Error('missing certificate');
    source.put(tlsSecretOf('default', 'shop-tls', rotated, '2'));
    await waitFor(async () => (await presentedSubject('shop.test')) === 'shop.test rotated', 'the rotated certificate');
  });
});

describe('ingress proxy options and lifecycle', () => {
  it('rejects out-of-range options with a config error naming the field', () => {
    const source = new MemoryNetworkSource();
    expect(() => new IngressProxy({ source, http: { port: 70_000 }, https: null })).toThrow(
      /http\.port must be an integer/,
    );
    expect(() => new IngressProxy({ source, http: null, https: null })).toThrow(/at least one of http and https/);
    expect(() => new IngressProxy({ source, http: {}, https: null, triesMax: 0 })).toThrow(
      /triesMax must be an integer in \[1, 10\]/,
    );
  });

  it('fails start() with a listen error when the port is taken, and cannot start twice', async () => {
    const source = new MemoryNetworkSource();
    const first = new IngressProxy({ source, http: { address: '127.0.0.1', port: 0 }, https: null });
    const bound = await first.start();
    try {
      await expect(first.start()).rejects.toMatchObject({ code: 'closed' });
      const second = new IngressProxy({
        source,
        http: { address: '127.0.0.1', port: bound.http?.port ?? 0 },
        https: null,
      });
      await expect(second.start()).rejects.toMatchObject({ code: 'listen' });
    } finally {
      await first.stop();
    }
  });
});
