/**
 * The worker's gRPC WorkerService (proto/orca/v1/worker.proto): container logs
 * from the CRI log files and exec in a running container. Masters proxy to it.
 *
 * With a TLS identity (a secure cluster) it serves with the node's certificate
 * and answers masters only: the caller must present a certificate of the
 * cluster CA whose organizations include `orca:masters`. Users reach pods'
 * logs and exec through a master, which authorizes them first (pods/log,
 * pods/exec); anything else that can reach this port is refused.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Server, ServerCredentials, status, type ServerDuplexStream, type ServerWritableStream } from '@grpc/grpc-js';
import type { Pod } from '../api/index.js';
import type { TlsIdentity } from '../client/index.js';
import { loadProtoPackage } from '../gen/loader.js';
import type { ExecOutput } from '../gen/orca/v1/ExecOutput.js';
import type { ExecRequest__Output } from '../gen/orca/v1/ExecRequest.js';
import type { LogChunk } from '../gen/orca/v1/LogChunk.js';
import type { LogsRequest__Output } from '../gen/orca/v1/LogsRequest.js';
import type { WorkerServiceHandlers } from '../gen/orca/v1/WorkerService.js';
import type { ProtoGrpcType } from '../gen/worker.js';
import type { PodManager } from './pod-manager.js';
import { servePodStream } from './pod-stream.js';
import type { ContainerInfo, Runtime, SandboxInfo } from './runtime/runtime.js';
import { errorMessage } from './worker-error.js';
import { ServiceFault } from './service-fault.js';

/** Bytes read from a log file per step, and the most a Logs call returns without follow. */
const readBytesMax = 256 * 1024;
const tailLinesMax = 100_000;
const followPollMs = 200;
/** The organization of masters' certificates (src/master/authentication.ts). */
export const mastersOrganization = 'orca:masters';

/** CRI log line: `TIMESTAMP STREAM TAG TEXT`; TAG P is a partial line continued by the next. */
export function parseCriLogLines(text: string, timestamps: boolean): string {
  let out = '';
  for (const line of text.split('\n')) {
    const match = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/.exec(line);
    if (match === null) continue;
    const [, time = '', , tag = 'F', body = ''] = match;
    out += `${timestamps ? `${time} ` : ''}${body}${tag === 'F' ? '\n' : ''}`;
  }
  return out;
}

export class WorkerService {
  private readonly server = new Server();
  /** The closes of running interactive sessions: a stopping worker ends them (a shutdown waits for every call). */
  private readonly sessions = new Set<() => void>();

  constructor(
    private readonly pods: PodManager,
    private readonly runtime: Runtime,
    /** The node's TLS identity; absent: plaintext, every caller answered (an --insecure cluster). */
    private readonly identity?: TlsIdentity,
  ) {
    const proto = loadProtoPackage('orca/v1/worker.proto') as unknown as ProtoGrpcType;
    const handlers: WorkerServiceHandlers = {
      Logs: (call) => this.serve(call, () => this.logs(call)),
      Exec: (call) => this.serve(call, () => this.exec(call)),
      Stream: (call) =>
        this.serve(call, () =>
          servePodStream(call, {
            runtime: this.runtime,
            container: (namespace, pod, name) => this.container(namespace, pod, name, false),
            sandbox: (namespace, pod) => this.sandbox(namespace, pod),
            track: (close) => {
              this.sessions.add(close);
              return () => this.sessions.delete(close);
            },
          }),
        ),
    };
    this.server.addService(proto.orca.v1.WorkerService.service, handlers);
  }

  /** Binds `address` (port 0 picks one) and returns the bound host:port. */
  listen(address: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const credentials = this.identity?.serverCredentials() ?? ServerCredentials.createInsecure();
      this.server.bindAsync(address, credentials, (error, port) => {
        if (error !== null) reject(error);
        else resolve(`${address.slice(0, address.lastIndexOf(':'))}:${port}`);
      });
    });
  }

  close(): Promise<void> {
    for (const close of [...this.sessions]) close();
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** Runs one call, after checking (with TLS) that the caller is a master. */
  private serve(call: ServiceCall, run: () => Promise<void>): void {
    const refusal = this.identity === undefined ? undefined : masterRefusal(call);
    if (refusal !== undefined) {
      fail(call, new ServiceFault(status.PERMISSION_DENIED, refusal));
      return;
    }
    void run().catch((error: unknown) => fail(call, error));
  }

  private container(namespace: string, podName: string, containerName: string, previous: boolean): ContainerInfo {
    const pod: Pod | undefined = this.pods.findPod(namespace === '' ? 'default' : namespace, podName);
    if (pod === undefined) throw new ServiceFault(status.NOT_FOUND, `pod "${podName}" is not on this worker`);
    const name = containerName !== '' ? containerName : (pod.spec?.containers?.[0]?.name ?? '');
    const declared = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    if (!declared.some((container) => container.name === name))
      throw new ServiceFault(status.INVALID_ARGUMENT, `container ${name} is not valid for pod ${podName}`);
    const instances = this.pods.containersOf(pod.metadata?.uid ?? '', name);
    const chosen = previous ? instances[1] : instances[0];
    if (chosen === undefined) {
      throw new ServiceFault(
        status.NOT_FOUND,
        previous ? `container "${name}" has no previous instance` : `container "${name}" has not started`,
      );
    }
    return chosen;
  }

  private sandbox(namespace: string, podName: string): SandboxInfo {
    const pod: Pod | undefined = this.pods.findPod(namespace === '' ? 'default' : namespace, podName);
    if (pod === undefined) throw new ServiceFault(status.NOT_FOUND, `pod "${podName}" is not on this worker`);
    const sandbox = this.pods.sandboxOf(pod.metadata?.uid ?? '');
    if (sandbox === undefined)
      throw new ServiceFault(status.FAILED_PRECONDITION, `pod "${podName}" has no ready sandbox (yet)`);
    return sandbox;
  }

  private async logs(call: ServerWritableStream<LogsRequest__Output, LogChunk>): Promise<void> {
    const request = call.request;
    if (request.tailLines < 0 || request.tailLines > tailLinesMax)
      throw new ServiceFault(status.INVALID_ARGUMENT, `tail_lines: must be 0..${tailLinesMax}`);
    const container = this.container(request.namespace, request.pod, request.container, request.previous);
    if (container.logPath === '')
      throw new ServiceFault(status.NOT_FOUND, `container "${container.name}" keeps no log file`);
    let offset = 0;
    const size = statSync(container.logPath).size;
    const start = Math.max(0, size - readBytesMax * 16);
    let text = readRange(container.logPath, start, size);
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    offset = size;
    let output = parseCriLogLines(text, request.timestamps);
    if (request.tailLines > 0)
      output = output
        .split('\n')
        .slice(0, -1)
        .slice(-request.tailLines)
        .map((line) => `${line}\n`)
        .join('');
    if (output !== '') call.write({ data: Buffer.from(output) });
    while (request.follow && !call.cancelled) {
      await new Promise((resolve) => setTimeout(resolve, followPollMs));
      const now = statSync(container.logPath, { throwIfNoEntry: false })?.size;
      if (now === undefined) break;
      if (now <= offset) continue;
      const chunk = readRange(container.logPath, offset, Math.min(now, offset + readBytesMax));
      const complete = chunk.lastIndexOf('\n') + 1;
      offset += Buffer.byteLength(chunk.slice(0, complete));
      const lines = parseCriLogLines(chunk.slice(0, complete), request.timestamps);
      if (lines !== '') call.write({ data: Buffer.from(lines) });
    }
    call.end();
  }

  private async exec(call: ServerWritableStream<ExecRequest__Output, ExecOutput>): Promise<void> {
    const request = call.request;
    if (request.command.length === 0) throw new ServiceFault(status.INVALID_ARGUMENT, 'command: required');
    const container = this.container(request.namespace, request.pod, request.container, false);
    if (container.state !== 'running')
      throw new ServiceFault(status.FAILED_PRECONDITION, `container "${container.name}" is not running`);
    const result = await this.runtime.exec(container.id, request.command, request.timeoutSeconds);
    if (result.stdout.length > 0 || result.stderr.length > 0)
      call.write({ stdout: result.stdout, stderr: result.stderr });
    call.write({ exited: true, exitCode: result.exitCode });
    call.end();
  }
}

/** What a server call shows of its TLS peer (grpc-js ≥ 1.14; only a certificate that verified under the CA). */
interface PeerCall {
  getAuthContext?(): { sslPeerCertificate?: { subject?: Record<string, string | string[] | undefined> } } | null;
}

/** Why this caller is not a master, or undefined when it is one. */
export function masterRefusal(call: PeerCall): string | undefined {
  const subject = call.getAuthContext?.()?.sslPeerCertificate?.subject;
  if (subject === undefined)
    return 'the worker service answers masters only: this caller presented no certificate of the cluster CA (ask a master: orca logs / orca exec)';
  const organizations = subject['O'] === undefined ? [] : ([] as string[]).concat(subject['O']);
  if (organizations.includes(mastersOrganization)) return undefined;
  const name = ([] as string[]).concat(subject['CN'] ?? [])[0] ?? '';
  return `the worker service answers masters only: "${name}" is not a master (ask a master: orca logs / orca exec)`;
}

function readRange(path: string, from: number, to: number): string {
  const length = Math.max(0, to - from);
  const buffer = Buffer.alloc(length);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, buffer, 0, length, from);
  } finally {
    closeSync(descriptor);
  }
  return buffer.toString('utf8');
}

type ServiceCall = ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>;

function fail(call: ServiceCall, error: unknown): void {
  const code = error instanceof ServiceFault ? error.grpcCode : status.INTERNAL;
  call.emit('error', { code, details: errorMessage(error), message: errorMessage(error) });
}
