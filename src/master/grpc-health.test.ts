import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  Server,
  ServerCredentials,
  credentials,
  loadPackageDefinition,
  status,
  type Client,
  type ClientReadableStream,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { afterEach, describe, expect, it } from 'vitest';
import { addHealthAndReflection, type HealthHandle } from './grpc-health.js';

const orcaServices = ['orca.v1.ObjectService', 'orca.v1.ClusterService'];

interface StatusReply {
  status: string;
}
interface HealthClient extends Client {
  Check(request: { service: string }, callback: (error: ServiceError | null, reply?: StatusReply) => void): void;
  Watch(request: { service: string }): ClientReadableStream<StatusReply>;
}
interface ReflectionReply {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}
interface ReflectionClient extends Client {
  ServerReflectionInfo(): ClientDuplexStream<Record<string, string>, ReflectionReply>;
}
type ClientConstructor<T> = new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => T;

function clientConstructor<T>(path: string, includeDir: string, serviceName: string): ClientConstructor<T> {
  let node: unknown = loadPackageDefinition(loadSync(path, { includeDirs: [includeDir], enums: String }));
  for (const part of serviceName.split('.')) node = (node as Record<string, unknown>)[part];
  return node as ClientConstructor<T>;
}

// The reflection proto that @grpc/reflection itself serves (a test-only look inside the package).
const reflectionRoot = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto');
const HealthClientConstructor = clientConstructor<HealthClient>(
  healthProtoPath,
  dirname(healthProtoPath),
  'grpc.health.v1.Health',
);
const ReflectionClientConstructors = {
  v1: clientConstructor<ReflectionClient>(
    join(reflectionRoot, 'grpc/reflection/v1/reflection.proto'),
    reflectionRoot,
    'grpc.reflection.v1.ServerReflection',
  ),
  // Older grpcurl releases ask only v1alpha.
  v1alpha: clientConstructor<ReflectionClient>(
    join(reflectionRoot, 'grpc/reflection/v1alpha/reflection.proto'),
    reflectionRoot,
    'grpc.reflection.v1alpha.ServerReflection',
  ),
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function serve(
  isServing: () => boolean,
  pollIntervalMs = 1_000,
): Promise<{ address: string; health: HealthHandle }> {
  const server = new Server();
  const health = addHealthAndReflection(server, { services: orcaServices, isServing, pollIntervalMs });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    );
  });
  cleanups.push(() => {
    health.close();
    server.forceShutdown();
  });
  return { address: `127.0.0.1:${port}`, health };
}

function check(client: HealthClient, service: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, (error, reply) => (error === null ? resolve(reply?.status ?? '') : reject(error)));
  });
}

function healthClient(address: string): HealthClient {
  const client = new HealthClientConstructor(address, credentials.createInsecure());
  cleanups.push(() => client.close());
  return client;
}

/** Resolves with each status as a Watch stream delivers it; `next()` waits for the next one. */
function watch(client: HealthClient, service: string): { next(): Promise<string>; cancel(): void } {
  const stream = client.Watch({ service });
  const received: string[] = [];
  let waiting: ((status: string) => void) | undefined;
  stream.on('data', (reply: StatusReply) => {
    if (waiting === undefined) received.push(reply.status);
    else {
      waiting(reply.status);
      waiting = undefined;
    }
  });
  stream.on('error', () => undefined); // cancelling ends the stream with CANCELLED
  return {
    next: () => {
      const first = received.shift();
      return first === undefined ? new Promise((resolve) => (waiting = resolve)) : Promise.resolve(first);
    },
    cancel: () => stream.cancel(),
  };
}

function reflect(
  address: string,
  request: Record<string, string>,
  version: 'v1' | 'v1alpha' = 'v1',
): Promise<ReflectionReply> {
  const client = new ReflectionClientConstructors[version](address, credentials.createInsecure());
  cleanups.push(() => client.close());
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (reply: ReflectionReply) => {
      resolve(reply);
      stream.end();
    });
    stream.on('error', reject);
    stream.write(request);
  });
}

describe('addHealthAndReflection', () => {
  it('answers Check with SERVING or NOT_SERVING as isServing says, per service and overall', async () => {
    let serving = true;
    const { address } = await serve(() => serving);
    const client = healthClient(address);
    expect(await check(client, '')).toBe('SERVING');
    expect(await check(client, 'orca.v1.ObjectService')).toBe('SERVING');
    serving = false;
    expect(await check(client, '')).toBe('NOT_SERVING');
    expect(await check(client, 'orca.v1.ClusterService')).toBe('NOT_SERVING');
    await expect(check(client, 'orca.v1.NoSuchService')).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('streams status changes to Watch as soon as the master calls refresh()', async () => {
    let serving = false;
    const { address, health } = await serve(() => serving, 60_000); // the poll never fires in this test
    const client = healthClient(address);
    const overall = watch(client, '');
    const unknown = watch(client, 'orca.v1.NoSuchService');
    expect(await overall.next()).toBe('NOT_SERVING');
    expect(await unknown.next()).toBe('SERVICE_UNKNOWN');
    serving = true;
    health.refresh();
    expect(await overall.next()).toBe('SERVING');
    overall.cancel();
    unknown.cancel();
  });

  it('streams status changes to Watch by polling when nobody calls refresh()', async () => {
    let serving = true;
    const { address } = await serve(() => serving, 20);
    const stream = watch(healthClient(address), 'orca.v1.ObjectService');
    expect(await stream.next()).toBe('SERVING');
    serving = false;
    expect(await stream.next()).toBe('NOT_SERVING');
    serving = true;
    expect(await stream.next()).toBe('SERVING');
    stream.cancel();
  });

  it('lists the Orca services and Health through reflection, with their descriptors', async () => {
    const { address } = await serve(() => true);
    for (const version of ['v1', 'v1alpha'] as const) {
      const listed = await reflect(address, { listServices: '*' }, version);
      const names = (listed.listServicesResponse?.service ?? []).map((service) => service.name).sort();
      expect(names, version).toEqual(['grpc.health.v1.Health', 'orca.v1.ClusterService', 'orca.v1.ObjectService']);
    }
    const described = await reflect(address, { fileContainingSymbol: 'orca.v1.ObjectService' });
    expect(described.errorResponse).toBeUndefined();
    const files = (described.fileDescriptorResponse?.fileDescriptorProto ?? []).map((bytes) =>
      bytes.toString('latin1'),
    );
    expect(files.some((file) => file.includes('ObjectService') && file.includes('Create'))).toBe(true);
  });

  it('refuses malformed options with the field named', () => {
    const server = new Server();
    expect(() => addHealthAndReflection(server, { services: ['ObjectService'], isServing: () => true })).toThrow(
      'services[0]: must be a fully qualified service name',
    );
    expect(() => addHealthAndReflection(server, { services: [], isServing: () => true, pollIntervalMs: 0 })).toThrow(
      'pollIntervalMs: must be an integer',
    );
  });
});
