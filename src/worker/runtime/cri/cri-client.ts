import { isAbsolute } from 'node:path';
import { credentials, type CallOptions, type ClientUnaryCall, type requestCallback } from '@grpc/grpc-js';
import type { ProtoGrpcType } from '../../../gen/api.js';
import { loadProtoPackage } from '../../../gen/loader.js';
import type { ContainerConfig } from '../../../gen/runtime/v1/ContainerConfig.js';
import type { ContainerFilter } from '../../../gen/runtime/v1/ContainerFilter.js';
import type { ContainerStatusResponse__Output } from '../../../gen/runtime/v1/ContainerStatusResponse.js';
import type { Container__Output } from '../../../gen/runtime/v1/Container.js';
import type { ImageServiceClient } from '../../../gen/runtime/v1/ImageService.js';
import type { ImageSpec } from '../../../gen/runtime/v1/ImageSpec.js';
import type { Image__Output } from '../../../gen/runtime/v1/Image.js';
import type { PodSandboxConfig } from '../../../gen/runtime/v1/PodSandboxConfig.js';
import type { PodSandboxFilter } from '../../../gen/runtime/v1/PodSandboxFilter.js';
import type { PodSandboxStatusResponse__Output } from '../../../gen/runtime/v1/PodSandboxStatusResponse.js';
import type { PodSandbox__Output } from '../../../gen/runtime/v1/PodSandbox.js';
import type { RuntimeServiceClient } from '../../../gen/runtime/v1/RuntimeService.js';
import type { StatusResponse__Output } from '../../../gen/runtime/v1/StatusResponse.js';
import type { VersionResponse__Output } from '../../../gen/runtime/v1/VersionResponse.js';
import { CriError, CriErrorCode, criErrorFrom } from './cri-error.js';

export interface CriClientOptions {
  /** Absolute path of the runtime's gRPC socket, e.g. /run/containerd/containerd.sock. */
  socketPath: string;
  /** Deadline of every call that has no longer one of its own. */
  callTimeoutMs: number;
  /** Deadline of PullImage, which downloads. */
  imagePullTimeoutMs: number;
  /** Largest response accepted; ExecSync may return 16 MiB of stdout and as much stderr. */
  responseBytesMax: number;
}

export const defaultCriClientOptions: Omit<CriClientOptions, 'socketPath'> = {
  callTimeoutMs: 10_000,
  imagePullTimeoutMs: 300_000,
  responseBytesMax: 40 * 1024 * 1024,
};

// sun_path holds 108 bytes including the terminating NUL.
const socketPathBytesMax = 107;
const requestBytesMax = 4 * 1024 * 1024;

/** Returns the problems with `options`, each naming the field and the rule; empty when valid. */
export function validateCriClientOptions(options: CriClientOptions): string[] {
  const problems: string[] = [];
  if (!isAbsolute(options.socketPath)) problems.push(`socketPath must be absolute, got "${options.socketPath}"`);
  if (Buffer.byteLength(options.socketPath) > socketPathBytesMax) {
    problems.push(`socketPath must be at most ${socketPathBytesMax} bytes (a unix socket limit)`);
  }
  for (const field of ['callTimeoutMs', 'imagePullTimeoutMs', 'responseBytesMax'] as const) {
    if (!Number.isInteger(options[field]) || options[field] <= 0) problems.push(`${field} must be a positive integer`);
  }
  return problems;
}

/** Per-call override of the deadline. */
export interface CallTimeout {
  timeoutMs?: number;
}

export interface ExecSyncResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

type Unary<Request, Response> = (
  request: Request,
  options: CallOptions,
  callback: requestCallback<Response>,
) => ClientUnaryCall;
// The generated methods are overloaded; inference reads their last overload, (request, callback).
type RequestOf<Method> = Method extends (request: infer Request, callback: requestCallback<unknown>) => ClientUnaryCall
  ? Request
  : never;
type ResponseOf<Method> = Method extends (request: never, callback: requestCallback<infer Response>) => ClientUnaryCall
  ? Response
  : never;
type RuntimeMethod =
  | 'Version'
  | 'Status'
  | 'RunPodSandbox'
  | 'StopPodSandbox'
  | 'RemovePodSandbox'
  | 'PodSandboxStatus'
  | 'ListPodSandbox'
  | 'CreateContainer'
  | 'StartContainer'
  | 'StopContainer'
  | 'RemoveContainer'
  | 'ListContainers'
  | 'ContainerStatus'
  | 'ExecSync'
  | 'Exec'
  | 'Attach'
  | 'PortForward';
type ImageMethod = 'ListImages' | 'ImageStatus' | 'PullImage' | 'RemoveImage';

/**
 * A typed, Promise-based client of a CRI v1 runtime (containerd) over its unix
 * socket. Each call has a deadline and fails with a CriError. No business logic:
 * one method per CRI call, unwrapping single-field responses.
 */
export class CriClient {
  readonly options: CriClientOptions;
  private readonly runtime: RuntimeServiceClient;
  private readonly images: ImageServiceClient;

  constructor(options: Partial<CriClientOptions> & Pick<CriClientOptions, 'socketPath'>) {
    this.options = { ...defaultCriClientOptions, ...options };
    const problems = validateCriClientOptions(this.options);
    if (problems.length > 0) throw new CriError(CriErrorCode.invalidArgument, 'CriClient', problems.join('; '));
    const proto = loadProtoPackage('cri/api.proto') as unknown as ProtoGrpcType;
    const address = `unix://${this.options.socketPath}`;
    const channelOptions = {
      'grpc.max_receive_message_length': this.options.responseBytesMax,
      'grpc.max_send_message_length': requestBytesMax,
    };
    this.runtime = new proto.runtime.v1.RuntimeService(address, credentials.createInsecure(), channelOptions);
    this.images = new proto.runtime.v1.ImageService(address, credentials.createInsecure(), channelOptions);
  }

  close(): void {
    this.runtime.close();
    this.images.close();
  }

  private call<Request, Response>(
    method: string,
    invoke: Unary<Request, Response>,
    request: Request,
    timeoutMs: number,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + timeoutMs);
      invoke(request, { deadline }, (error, response) => {
        if (error !== null) reject(criErrorFrom(error, method));
        else if (response === undefined) reject(new CriError(CriErrorCode.invalidResponse, method, 'empty response'));
        else resolve(response);
      });
    });
  }

  private onRuntime<Name extends RuntimeMethod>(
    name: Name,
    request: RequestOf<RuntimeServiceClient[Name]>,
    timeoutMs: number,
  ): Promise<ResponseOf<RuntimeServiceClient[Name]>> {
    const method = this.runtime[name] as unknown as Unary<typeof request, ResponseOf<RuntimeServiceClient[Name]>>;
    return this.call(name, method.bind(this.runtime), request, timeoutMs);
  }

  private onImages<Name extends ImageMethod>(
    name: Name,
    request: RequestOf<ImageServiceClient[Name]>,
    timeoutMs: number,
  ): Promise<ResponseOf<ImageServiceClient[Name]>> {
    const method = this.images[name] as unknown as Unary<typeof request, ResponseOf<ImageServiceClient[Name]>>;
    return this.call(name, method.bind(this.images), request, timeoutMs);
  }

  private timeout(call: CallTimeout | undefined): number {
    return call?.timeoutMs ?? this.options.callTimeoutMs;
  }

  // ---- runtime ----

  version(call?: CallTimeout): Promise<VersionResponse__Output> {
    return this.onRuntime('Version', { version: 'v1' }, this.timeout(call));
  }

  /** RuntimeReady and NetworkReady among the conditions mean the node can run pods. */
  status(call?: CallTimeout & { verbose?: boolean }): Promise<StatusResponse__Output> {
    const request = { verbose: call?.verbose ?? false };
    return this.onRuntime('Status', request, this.timeout(call));
  }

  // ---- sandboxes ----

  /** Returns the new sandbox's id. */
  async runPodSandbox(config: PodSandboxConfig, call?: CallTimeout & { runtimeHandler?: string }): Promise<string> {
    const request = { config, runtimeHandler: call?.runtimeHandler ?? '' };
    const response = await this.onRuntime('RunPodSandbox', request, this.timeout(call));
    return required('RunPodSandbox', 'podSandboxId', response.podSandboxId);
  }

  async stopPodSandbox(podSandboxId: string, call?: CallTimeout): Promise<void> {
    await this.onRuntime('StopPodSandbox', { podSandboxId }, this.timeout(call));
  }

  async removePodSandbox(podSandboxId: string, call?: CallTimeout): Promise<void> {
    await this.onRuntime('RemovePodSandbox', { podSandboxId }, this.timeout(call));
  }

  podSandboxStatus(
    podSandboxId: string,
    call?: CallTimeout & { verbose?: boolean },
  ): Promise<PodSandboxStatusResponse__Output> {
    const request = { podSandboxId, verbose: call?.verbose ?? false };
    return this.onRuntime('PodSandboxStatus', request, this.timeout(call));
  }

  async listPodSandbox(filter?: PodSandboxFilter, call?: CallTimeout): Promise<PodSandbox__Output[]> {
    const request = filter === undefined ? {} : { filter };
    const response = await this.onRuntime('ListPodSandbox', request, this.timeout(call));
    return response.items;
  }

  // ---- containers ----

  /** Returns the new container's id. `sandboxConfig` is the config the sandbox was run with. */
  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
    call?: CallTimeout,
  ): Promise<string> {
    const request = { podSandboxId, config, sandboxConfig };
    const response = await this.onRuntime('CreateContainer', request, this.timeout(call));
    return required('CreateContainer', 'containerId', response.containerId);
  }

  async startContainer(containerId: string, call?: CallTimeout): Promise<void> {
    await this.onRuntime('StartContainer', { containerId }, this.timeout(call));
  }

  /** Stops with SIGTERM, then kills once `gracePeriodSeconds` have passed (0: kill at once). */
  async stopContainer(containerId: string, gracePeriodSeconds: number, call?: CallTimeout): Promise<void> {
    const timeoutMs = this.timeout(call) + gracePeriodSeconds * 1000;
    const request = { containerId, timeout: gracePeriodSeconds };
    await this.onRuntime('StopContainer', request, timeoutMs);
  }

  async removeContainer(containerId: string, call?: CallTimeout): Promise<void> {
    await this.onRuntime('RemoveContainer', { containerId }, this.timeout(call));
  }

  async listContainers(filter?: ContainerFilter, call?: CallTimeout): Promise<Container__Output[]> {
    const request = filter === undefined ? {} : { filter };
    const response = await this.onRuntime('ListContainers', request, this.timeout(call));
    return response.containers;
  }

  containerStatus(
    containerId: string,
    call?: CallTimeout & { verbose?: boolean },
  ): Promise<ContainerStatusResponse__Output> {
    const request = { containerId, verbose: call?.verbose ?? false };
    return this.onRuntime('ContainerStatus', request, this.timeout(call));
  }

  // ---- exec ----

  /** Runs `command` in the container and waits for it, at most `timeoutSeconds` (0: no limit but the call's deadline). */
  async execSync(
    containerId: string,
    command: string[],
    timeoutSeconds: number,
    call?: CallTimeout,
  ): Promise<ExecSyncResult> {
    const timeoutMs = this.timeout(call) + timeoutSeconds * 1000;
    const request = { containerId, cmd: command, timeout: timeoutSeconds };
    const response = await this.onRuntime('ExecSync', request, timeoutMs);
    return { stdout: response.stdout, stderr: response.stderr, exitCode: response.exitCode };
  }

  /** Returns the URL of the runtime's streaming server where the interactive exec is served. */
  async exec(
    containerId: string,
    command: string[],
    streams: { tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean },
    call?: CallTimeout,
  ): Promise<string> {
    const request = { containerId, cmd: command, ...streams };
    const response = await this.onRuntime('Exec', request, this.timeout(call));
    return required('Exec', 'url', response.url);
  }

  /** Returns the URL of the runtime's streaming server where an attach to the container is served. */
  async attach(
    containerId: string,
    streams: { tty: boolean; stdin: boolean; stdout: boolean; stderr: boolean },
    call?: CallTimeout,
  ): Promise<string> {
    const response = await this.onRuntime('Attach', { containerId, ...streams }, this.timeout(call));
    return required('Attach', 'url', response.url);
  }

  /** Returns the URL of the runtime's streaming server where the sandbox's `ports` are forwarded. */
  async portForward(podSandboxId: string, ports: number[], call?: CallTimeout): Promise<string> {
    const response = await this.onRuntime('PortForward', { podSandboxId, port: ports }, this.timeout(call));
    return required('PortForward', 'url', response.url);
  }

  // ---- images ----

  async listImages(filter?: ImageSpec, call?: CallTimeout): Promise<Image__Output[]> {
    const request = filter === undefined ? {} : { filter: { image: filter } };
    const response = await this.onImages('ListImages', request, this.timeout(call));
    return response.images;
  }

  /** The image, or null when it is not present. */
  async imageStatus(image: ImageSpec, call?: CallTimeout): Promise<Image__Output | null> {
    const response = await this.onImages('ImageStatus', { image }, this.timeout(call));
    return response.image;
  }

  /** Returns the image reference (id) the runtime stored the image under. */
  async pullImage(image: ImageSpec, call?: CallTimeout & { sandboxConfig?: PodSandboxConfig }): Promise<string> {
    const request = call?.sandboxConfig === undefined ? { image } : { image, sandboxConfig: call.sandboxConfig };
    const timeoutMs = call?.timeoutMs ?? this.options.imagePullTimeoutMs;
    const response = await this.onImages('PullImage', request, timeoutMs);
    return required('PullImage', 'imageRef', response.imageRef);
  }

  async removeImage(image: ImageSpec, call?: CallTimeout): Promise<void> {
    await this.onImages('RemoveImage', { image }, this.timeout(call));
  }
}

function required(method: string, field: string, value: string): string {
  if (value === '') throw new CriError(CriErrorCode.invalidResponse, method, `the response has no ${field}`);
  return value;
}
