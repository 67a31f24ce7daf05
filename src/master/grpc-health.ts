/**
 * The standard gRPC health service (`grpc.health.v1.Health`: Check, Watch, List)
 * and server reflection (v1 and v1alpha), so that load balancers, Kubernetes-style
 * gRPC probes and `grpcurl -plaintext HOST:PORT list|describe` work against a master.
 *
 * Health follows one callback, `isServing()`: Check reads it on every call; Watch
 * streams see a change at the next poll or as soon as the master calls `refresh()`
 * (on a leadership or readiness change). The protocol is the official one from the
 * `grpc-health-check` package; reflection is `@grpc/reflection` over the loaded
 * Orca protos plus the health proto.
 */
import { dirname } from 'node:path';
import {
  status as grpcStatus,
  type Server,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath, service as healthService } from 'grpc-health-check';
import { loaderOptions, protoDir } from '../gen/loader.js';
import { MasterTypedError } from './master-error.js';

export const healthServiceName = 'grpc.health.v1.Health';
const healthProtoFile = 'health/v1/health.proto';

export interface HealthAndReflectionOptions {
  /** Fully qualified names of the services this server serves, e.g. `orca.v1.ObjectService`. */
  readonly services: readonly string[];
  /** True while this master should take traffic; read on every Check and poll. Must be cheap. */
  readonly isServing: () => boolean;
  /** Protos (relative to proto/) whose services reflection describes. */
  readonly protoFiles: readonly string[];
  /** How often open Watch streams re-read isServing when nobody calls refresh(). */
  readonly pollIntervalMs: number;
  /** Concurrent Watch streams; more fail with RESOURCE_EXHAUSTED. */
  readonly watchersMax: number;
}

export const defaultHealthAndReflectionOptions = {
  protoFiles: ['orca/v1/services.proto'],
  pollIntervalMs: 1_000,
  watchersMax: 1_024,
} as const;

export interface HealthHandle {
  /** Re-read isServing now and tell every Watch stream that sees a change. */
  refresh(): void;
  /** End every Watch stream and stop polling (before shutting the server down). Idempotent. */
  close(): void;
}

export class GrpcHealthError extends MasterTypedError<'invalid-options'> {
  override readonly name = 'GrpcHealthError';
  constructor(code: 'invalid-options', message: string) {
    super(code, message);
  }
}

const serviceNamePattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const servicesMax = 256;

export function validateHealthAndReflectionOptions(options: HealthAndReflectionOptions): void {
  const fail = (field: string, rule: string): never => {
    throw new GrpcHealthError('invalid-options', `${field}: ${rule}`);
  };
  if (!Array.isArray(options.services) || options.services.length > servicesMax)
    fail('services', `must be a list of at most ${servicesMax} names`);
  options.services.forEach((name, index) => {
    if (typeof name !== 'string' || !serviceNamePattern.test(name))
      fail(
        `services[${index}]`,
        `must be a fully qualified service name like orca.v1.ObjectService, got ${JSON.stringify(name)}`,
      );
  });
  if (typeof options.isServing !== 'function') fail('isServing', 'must be a function');
  if (!Array.isArray(options.protoFiles)) fail('protoFiles', 'must be a list of .proto paths');
  if (!Number.isInteger(options.pollIntervalMs) || options.pollIntervalMs < 10 || options.pollIntervalMs > 60_000)
    fail('pollIntervalMs', 'must be an integer from 10 to 60000');
  if (!Number.isInteger(options.watchersMax) || options.watchersMax < 1 || options.watchersMax > 65_536)
    fail('watchersMax', 'must be an integer from 1 to 65536');
}

/** Add Health and reflection to a server before it starts; returns the handle that drives Watch. */
export function addHealthAndReflection(
  server: Server,
  input: Pick<HealthAndReflectionOptions, 'services' | 'isServing'> & Partial<HealthAndReflectionOptions>,
): HealthHandle {
  const options: HealthAndReflectionOptions = { ...defaultHealthAndReflectionOptions, ...input };
  validateHealthAndReflectionOptions(options);
  const health = new HealthState(options);
  server.addService(healthService, {
    Check: (call: ServerUnaryCall<CheckRequest, CheckResponse>, callback: sendUnaryData<CheckResponse>) =>
      health.check(call, callback),
    Watch: (call: ServerWritableStream<CheckRequest, CheckResponse>) => health.watch(call),
    List: (_call: ServerUnaryCall<unknown, ListResponse>, callback: sendUnaryData<ListResponse>) =>
      health.list(callback),
  });
  const reflected = [...options.services, healthServiceName];
  new ReflectionService(reflectionPackage(options.protoFiles), { services: reflected }).addToServer(server);
  return { refresh: () => health.refresh(), close: () => health.close() };
}

/** The Orca protos and the health proto in one package definition, loaded as the runtime loads them. */
function reflectionPackage(protoFiles: readonly string[]): PackageDefinition {
  // healthProtoPath is <package>/proto/health/v1/health.proto; its include root is <package>/proto.
  const healthRoot = dirname(dirname(dirname(healthProtoPath)));
  return loadSync([...protoFiles, healthProtoFile], { ...loaderOptions, includeDirs: [protoDir(), healthRoot] });
}

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
interface CheckRequest {
  readonly service: string;
}
interface CheckResponse {
  readonly status: ServingStatus;
}
interface ListResponse {
  readonly statuses: Record<string, CheckResponse>;
}

interface Watcher {
  readonly call: ServerWritableStream<CheckRequest, CheckResponse>;
  last: ServingStatus;
}

class HealthState {
  readonly #options: HealthAndReflectionOptions;
  readonly #known: ReadonlySet<string>;
  readonly #watchers = new Set<Watcher>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: HealthAndReflectionOptions) {
    this.#options = options;
    // '' is the server as a whole, as the health protocol defines.
    this.#known = new Set(['', ...options.services]);
  }

  check(call: ServerUnaryCall<CheckRequest, CheckResponse>, callback: sendUnaryData<CheckResponse>): void {
    const service = call.request.service;
    if (!this.#known.has(service)) {
      callback({ code: grpcStatus.NOT_FOUND, details: `unknown service ${JSON.stringify(service)}` });
      return;
    }
    callback(null, { status: this.serving() });
  }

  list(callback: sendUnaryData<ListResponse>): void {
    const status = this.serving();
    const statuses: Record<string, CheckResponse> = {};
    for (const service of this.#known) statuses[service] = { status };
    callback(null, { statuses });
  }

  watch(call: ServerWritableStream<CheckRequest, CheckResponse>): void {
    if (this.#closed || this.#watchers.size >= this.#options.watchersMax) {
      // grpc-js ends a server stream with the status of an emitted error.
      call.emit('error', {
        code: grpcStatus.RESOURCE_EXHAUSTED,
        details: `more than ${this.#options.watchersMax} health watchers`,
      });
      return;
    }
    const watcher: Watcher = { call, last: this.statusOf(call.request.service) };
    this.#watchers.add(watcher);
    const forget = (): void => this.forget(watcher);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.on('error', forget);
    call.write({ status: watcher.last });
    this.#timer ??= setInterval(() => this.refresh(), this.#options.pollIntervalMs).unref();
  }

  refresh(): void {
    if (this.#watchers.size === 0) return;
    const serving = this.serving();
    for (const watcher of this.#watchers) {
      const next = this.#known.has(watcher.call.request.service) ? serving : 'SERVICE_UNKNOWN';
      if (next === watcher.last) continue;
      watcher.last = next;
      watcher.call.write({ status: next });
    }
  }

  close(): void {
    this.#closed = true;
    for (const watcher of [...this.#watchers]) {
      this.forget(watcher);
      watcher.call.end();
    }
  }

  private forget(watcher: Watcher): void {
    this.#watchers.delete(watcher);
    if (this.#watchers.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  private statusOf(service: string): ServingStatus {
    return this.#known.has(service) ? this.serving() : 'SERVICE_UNKNOWN';
  }

  /** A throwing callback means the master cannot tell: report NOT_SERVING rather than fail the RPC. */
  private serving(): 'SERVING' | 'NOT_SERVING' {
    try {
      return this.#options.isServing() ? 'SERVING' : 'NOT_SERVING';
    } catch {
      return 'NOT_SERVING';
    }
  }
}
