/**
 * The processes the ingress benchmark runs beside the proxy: the backends (a
 * child Node process), nginx (the reference), and the load client (a worker
 * thread). Each runs apart from the proxy's event loop so that the proxy under
 * test has its thread to itself, as nginx has its worker process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { NetworkError, errorMessage } from '../network-error.js';

/** Plain JavaScript run by `node -e`: three servers answering a short body, their ports printed as one JSON line. */
const backendScript = `
const http = require('node:http');
const body = Buffer.from('hello from the backend\\n');
const servers = [0, 1, 2].map(() => http.createServer((request, response) => {
  request.resume();
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  response.end(body);
}));
servers.forEach((server) => { server.keepAliveTimeout = 65000; });
Promise.all(servers.map((server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))))
  .then((ports) => process.stdout.write(JSON.stringify(ports) + '\\n'));
process.on('SIGTERM', () => process.exit(0));
`;

/** Plain JavaScript run in a worker thread: keep-alive GETs from `concurrency` loops; latencies in ms. */
const loadScript = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { port, host, path, concurrency, warmupMs, durationMs, samplesMax } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = new Float64Array(samplesMax);
let samples = 0, requests = 0, errors = 0, measuring = false;
const startedAt = performance.now();
const measureFrom = startedAt + warmupMs;
const stopAt = measureFrom + durationMs;
function one(done) {
  const begin = performance.now();
  const request = http.request({ host: '127.0.0.1', port, path, headers: { host }, agent }, (response) => {
    response.on('data', () => {});
    response.on('end', () => {
      const end = performance.now();
      if (begin >= measureFrom && end <= stopAt) {
        requests += 1;
        if (response.statusCode !== 200) errors += 1;
        if (samples < samplesMax) latencies[samples++] = end - begin;
      }
      done();
    });
  });
  request.on('error', () => { if (begin >= measureFrom) errors += 1; setTimeout(done, 1); });
  request.end();
}
let running = concurrency;
function loop() { if (performance.now() >= stopAt) { if (--running === 0) finish(); return; } one(loop); }
function finish() {
  agent.destroy();
  const kept = latencies.slice(0, samples);
  parentPort.postMessage({ requests, errors, seconds: durationMs / 1000, latencies: kept }, [kept.buffer]);
}
for (let i = 0; i < concurrency; i += 1) loop();
`;

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  /** Milliseconds per measured request (at most samplesMax of them). */
  readonly latencies: Float64Array;
}

export interface LoadPlan {
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const worker = new Worker(loadScript, { eval: true, workerData: { ...plan, samplesMax: 2_000_000 } });
  const deadlineMs = plan.warmupMs + plan.durationMs + 30_000;
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new NetworkError('bench', `the load client did not finish within ${deadlineMs} ms`)),
      deadlineMs,
    );
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', (error) =>
      reject(new NetworkError('bench', `the load client failed: ${error.message}`, { cause: error })),
    );
    worker.once('exit', () => clearTimeout(timer));
  }).finally(() => void worker.terminate());
}

export interface ChildHandle {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Stops a child: `signal` first, SIGKILL if it lingers past graceMs. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export async function startBackends(): Promise<{ handle: ChildHandle; ports: number[] }> {
  const child = spawn(process.execPath, ['-e', backendScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const handle: ChildHandle = { child, stop: () => stopChild(child, 'SIGTERM', 2_000) };
  try {
    const ports = await new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new NetworkError('bench', 'the backends did not start within 10 s')),
        10_000,
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('\n')) return;
        clearTimeout(timer);
        resolve(JSON.parse(output.slice(0, output.indexOf('\n'))) as number[]);
      });
      child.once('exit', (code) => reject(new NetworkError('bench', `the backends exited early (code ${code})`)));
    });
    return { handle, ports };
  } catch (error: unknown) {
    await handle.stop();
    throw error;
  }
}

export function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The nginx binary on PATH, or undefined. */
export function findNginx(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

export function nginxConfig(folder: string, listenPort: number, backendPorts: readonly number[], host: string): string {
  const servers = backendPorts.map((port) => `    server 127.0.0.1:${port};`).join('\n');
  return `daemon off;
master_process on;
worker_processes 1;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(folder, 'body')};
  proxy_temp_path ${join(folder, 'proxy')};
  fastcgi_temp_path ${join(folder, 'fastcgi')};
  uwsgi_temp_path ${join(folder, 'uwsgi')};
  scgi_temp_path ${join(folder, 'scgi')};
  upstream bench_backends {
${servers}
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${listenPort};
    server_name ${host};
    location / {
      proxy_pass http://bench_backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
    }
  }
}
`;
}

async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new NetworkError('bench', `nginx exited early (code ${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new NetworkError('bench', `nginx did not listen on ${port} within ${deadlineMs} ms`);
}

/** nginx in the foreground with a generated config in `folder` (never /etc/nginx, never port 80). */
export async function startNginx(
  binary: string,
  folder: string,
  backendPorts: readonly number[],
  host: string,
): Promise<{ handle: ChildHandle; port: number }> {
  const port = await freePort();
  // the worker process may run as another user (nobody): it must be able to enter the folder
  await chmod(folder, 0o755);
  await mkdir(join(folder, 'logs'), { recursive: true });
  await writeFile(join(folder, 'nginx.conf'), nginxConfig(folder, port, backendPorts, host));
  let stderr = '';
  const child = spawn(binary, ['-p', folder, '-c', join(folder, 'nginx.conf'), '-e', join(folder, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const handle: ChildHandle = { child, stop: () => stopChild(child, 'SIGTERM', 3_000) };
  try {
    await waitForPort(port, child, 5_000);
    return { handle, port };
  } catch (error: unknown) {
    await handle.stop();
    throw new NetworkError('bench', `${errorMessage(error)}${stderr === '' ? '' : `: ${stderr.trim()}`}`, {
      cause: error,
    });
  }
}
