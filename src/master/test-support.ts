/** In-process masters over real gRPC on loopback and real SQLite in temp folders, for the master's tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import {
  joinTokenNamespace,
  joinTokenSecretData,
  joinTokenSecretName,
  joinTokenSecretType,
  type JoinTokenRecord,
  type OrcaObject,
} from '../api/index.js';
import type { ClusterServiceClient } from '../gen/orca/v1/ClusterService.js';
import type { ObjectServiceClient } from '../gen/orca/v1/ObjectService.js';
import type { MasterOptionsInput } from './config.js';
import { startMaster, type Master } from './master.js';
import { servicesWire } from './wire.js';

export const fastRaft = {
  tickMs: 10,
  heartbeatIntervalMs: 30,
  electionTimeoutMs: 150,
  leadershipTransferTimeoutMs: 600,
};

export interface Clients {
  readonly objects: ObjectServiceClient;
  readonly cluster: ClusterServiceClient;
}

export function clientsFor(address: string): Clients {
  const wire = servicesWire();
  return {
    objects: new wire.ObjectService(address, credentials.createInsecure()),
    cluster: new wire.ClusterService(address, credentials.createInsecure()),
  };
}

type Callback<T> = (error: ServiceError | null, value?: T) => void;

/** Call one unary method of a generated client as a promise. */
export function call<Request, Response>(
  method: (
    request: Request,
    metadata: Metadata,
    options: { deadline: number },
    callback: Callback<Response>,
  ) => unknown,
  request: Request,
  timeoutMs = 5000,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    method(request, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, value) => {
      if (error !== null) reject(error);
      else resolve(value as Response);
    });
  });
}

/** The gRPC failure of a promise that must fail. */
export async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error: unknown) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

export async function waitFor<T>(
  describe: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${describe}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export class TestMasters {
  readonly masters = new Map<string, Master>();
  readonly directories = new Map<string, string>();
  private readonly root = mkdtempSync(join(tmpdir(), 'orca-master-'));
  private readonly clients: Clients[] = [];

  async start(name: string, options: Partial<MasterOptionsInput> = {}): Promise<Master> {
    const dataDir = this.directories.get(name) ?? join(this.root, name);
    this.directories.set(name, dataDir);
    const master = await startMaster({
      name,
      dataDir,
      listen: '127.0.0.1:0',
      raft: fastRaft,
      processMetrics: false,
      logger: pino({ level: 'silent' }),
      proposalTimeoutMs: 2000,
      forwardTimeoutMs: 2500,
      leaderWaitMs: 1000,
      readTimeoutMs: 2000,
      joinTimeoutMs: 10_000,
      // Tests of one component run without the leader's scheduler and controllers; pass leaderLoops (even {}) to run them.
      leaderLoops: { scheduler: false, controllers: false },
      ...options,
    });
    this.masters.set(name, master);
    return master;
  }

  /** Three masters: one bootstraps, two join through it. */
  async startThree(options: Partial<MasterOptionsInput> = {}): Promise<Master[]> {
    const first = await this.start('m1', { ...options, bootstrap: true });
    await waitFor('m1 to lead', 5000, () => (first.node.state === 'leader' ? true : undefined));
    const second = await this.start('m2', { ...options, join: first.address });
    const third = await this.start('m3', { ...options, join: first.address });
    return [first, second, third];
  }

  get(name: string): Master {
    const master = this.masters.get(name);
    if (master === undefined) throw new Error(`no master ${name}`);
    return master;
  }

  async leader(timeoutMs = 5000, excluding: readonly string[] = []): Promise<Master> {
    return waitFor('a leader', timeoutMs, () => {
      const leaders = [...this.masters.values()].filter(
        (master) => !excluding.includes(master.name) && master.node.state === 'leader',
      );
      return leaders.length === 1 ? leaders[0] : undefined;
    });
  }

  clientsOf(master: Master): Clients {
    const clients = clientsFor(master.address);
    this.clients.push(clients);
    return clients;
  }

  async stop(name: string): Promise<void> {
    await this.get(name).close();
    this.masters.delete(name);
  }

  async close(): Promise<void> {
    for (const clients of this.clients) {
      clients.objects.close();
      clients.cluster.close();
    }
    await Promise.all([...this.masters.values()].map((master) => master.close()));
    this.masters.clear();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Secret data as Secrets hold it: every value base64. */
export function base64Data(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
}

/** The Secret that keeps a join token (what `orca token create` writes). */
export function joinTokenSecret(record: JoinTokenRecord): OrcaObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: joinTokenSecretName(record.id), namespace: joinTokenNamespace },
    type: joinTokenSecretType,
    data: base64Data(joinTokenSecretData(record)),
  } as OrcaObject;
}

/** A RoleBinding in `namespace` granting ClusterRole `role` to user `user`. */
export function userRoleBinding(namespace: string, name: string, user: string, role: string): OrcaObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  } as OrcaObject;
}
