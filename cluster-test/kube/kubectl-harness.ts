/**
 * Running the real kubectl against a master in a test: an HTTP extension that
 * answers what kubectl asks besides the pod streams (legacy discovery — /api,
 * /api/v1, /apis — and GET of a pod, from the master's core) and hands the
 * upgrades of exec, attach and portforward to podStreamUpgrade; a kubeconfig
 * for the master's HTTP port; runners for kubectl that end it, bounded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { encodeObject } from '../../src/api/index.js';
import { closePodStreams, podStreamUpgrade } from '../../src/kube/pod-stream.js';
import { statusOf } from '../../src/kube/status.js';
import type { HttpBackend, HttpExtension } from '../../src/master/index.js';

export const kubectlFound = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
export const kubectlWaitMs = 30_000;

/** kubectl before 1.30 (or with WebSockets off) speaks SPDY; it is kubectl's fallback too. */
export const spdyOnly = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };
export const forwarding = /Forwarding from 127\.0\.0\.1:(\d+)/;

const podPath = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(?:\/(exec|attach|portforward))?$/;

function json(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

const resource = (name: string, kind: string, verbs: string[]): Record<string, unknown> => ({
  name,
  singularName: name.includes('/') ? '' : 'pod',
  namespaced: true,
  kind,
  verbs,
  ...(name === 'pods' ? { shortNames: ['po'] } : {}),
});

const discovery: Readonly<Record<string, unknown>> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('pods', 'Pod', ['get', 'list']),
      resource('pods/exec', 'PodExecOptions', ['create', 'get']),
      resource('pods/attach', 'PodAttachOptions', ['create', 'get']),
      resource('pods/portforward', 'PodPortForwardOptions', ['create', 'get']),
    ],
  },
};

/** The backends kubectlExtension serves, for tests that act on the master's side. */
export const servedBackends: HttpBackend[] = [];

/** Discovery and pod GETs from the master's core, pod streams through podStreamUpgrade. */
export function kubectlExtension(backend: HttpBackend): HttpExtension {
  servedBackends.push(backend);
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const document = discovery[path];
    if (document !== undefined) return json(response, 200, document);
    const match = podPath.exec(path);
    if (match === null || match[3] !== undefined) return json(response, 404, { kind: 'Status', code: 404 });
    const caller = await backend.authenticate(request);
    const pod = await backend.core.get({ kind: 'Pod', namespace: match[1] ?? '', name: match[2] ?? '' }, { caller });
    json(response, 200, encodeObject(pod));
  };
  return {
    handle: (request, response) => {
      void answer(request, response).catch((error: unknown) => {
        const name = podPath.exec(new URL(request.url ?? '/', 'http://localhost').pathname)?.[2];
        const { code, body } = statusOf(error, { resource: 'pods', ...(name === undefined ? {} : { name }) });
        json(response, code, body);
      });
      return true;
    },
    upgrade: (request, socket, head) => {
      const match = podPath.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
      const subresource = match?.[3] as 'exec' | 'attach' | 'portforward' | undefined;
      if (match === null || subresource === undefined) return false;
      podStreamUpgrade(backend, request, socket, head, { namespace: match[1] ?? '', pod: match[2] ?? '', subresource });
      return true;
    },
    close: () => {
      closePodStreams(backend);
      return Promise.resolve();
    },
  };
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** kubectl with its own HOME (its discovery cache) and a kubeconfig for `httpAddress`, no credentials. */
export class Kubectl {
  readonly kubeconfig: string;

  constructor(
    private readonly home: string,
    httpAddress: string,
  ) {
    this.kubeconfig = join(home, 'kubeconfig');
    writeFileSync(
      this.kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'orca', cluster: { server: `http://${httpAddress}` } }],
        users: [{ name: 'orca', user: {} }],
        contexts: [{ name: 'orca', context: { cluster: 'orca', user: 'orca', namespace: 'default' } }],
        'current-context': 'orca',
      }),
    );
  }

  private spawn(args: readonly string[], env: Record<string, string>): ChildProcess {
    return spawn('kubectl', ['--kubeconfig', this.kubeconfig, ...args], {
      env: { ...process.env, HOME: this.home, KUBECONFIG: this.kubeconfig, ...env },
    });
  }

  /** Runs kubectl to its end (bounded), with `input` as its stdin. */
  run(args: readonly string[], input = '', env: Record<string, string> = {}): Promise<Run> {
    const child = this.spawn(args, env);
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} did not end: ${stdout} ${stderr}`));
      }, kubectlWaitMs);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin?.end(input);
    });
  }

  /** Runs kubectl under a pseudo-terminal (kubectl -t needs one of its own): its output, its exit code. */
  runOnTerminal(args: readonly string[]): Promise<Run> {
    const quoted = ['kubectl', '--kubeconfig', this.kubeconfig, ...args].map(
      (word) => `'${word.replace(/'/g, `'\\''`)}'`,
    );
    const child = spawn('script', ['-qfec', quoted.join(' '), '/dev/null'], {
      env: { ...process.env, HOME: this.home },
    });
    return new Promise((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} on a terminal did not end: ${stdout}`));
      }, kubectlWaitMs);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr: '' });
      });
      child.stdin.end();
    });
  }

  /** A long-running kubectl: resolves with it once its output matches `ready`. */
  until(
    args: readonly string[],
    ready: RegExp,
    env: Record<string, string> = {},
  ): Promise<{ child: ChildProcess; output: () => string }> {
    const child = this.spawn(args, env);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} never printed ${String(ready)}: ${output}`));
      }, kubectlWaitMs);
      const hear = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve({ child, output: () => output });
        }
      };
      child.stdout?.on('data', hear);
      child.stderr?.on('data', hear);
      child.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`kubectl ${args.join(' ')} ended: ${output}`));
      });
    });
  }
}

export function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

/** True once `host:port` accepts a connection (undefined until then, for waitFor). */
export function listening(port: number, host = '127.0.0.1'): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Sends `message` on a new connection to `port`, half-closes once it is echoed, and returns what came back. */
export function echoThrough(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no echo of "${message}", got "${text}"`)), 10_000);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text === message) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', reject);
    socket.write(message);
  });
}

/** What a plain HTTP GET through `port` answers: status line and body (the connection closed after). */
export function httpThrough(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer through port ${port}: "${text}"`)), 10_000);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.0\r\nHost: localhost\r\n\r\n`);
  });
}
