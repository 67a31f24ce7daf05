/**
 * A client of raft.v1.TestKv across several replicas: finds the leader, follows
 * the leader hint on FAILED_PRECONDITION, and moves on when a replica is gone.
 */
import * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from '../../src/gen/loader.js';
import type { ProtoGrpcType } from '../../src/gen/testkv.js';
import type { TestKvClient } from '../../src/gen/raft/v1/TestKv.js';
import type { StatusResponse__Output } from '../../src/gen/raft/v1/StatusResponse.js';
import type { PutResponse__Output } from '../../src/gen/raft/v1/PutResponse.js';
import type { GetResponse__Output } from '../../src/gen/raft/v1/GetResponse.js';
import { leaderAddressKey } from './test-kv-service.js';

export class KvError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    readonly leaderAddress: string | null,
  ) {
    super(message);
    this.name = 'KvError';
  }
}

function unary<Request, Response>(
  call: (request: Request, options: grpc.CallOptions, callback: grpc.requestCallback<Response>) => grpc.ClientUnaryCall,
  request: Request,
  deadlineMs: number,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onStatus = (error: grpc.ServiceError | null, response?: Response): void => {
      if (error !== null) {
        const hint = error.metadata?.get(leaderAddressKey)[0];
        reject(new KvError(error.code, error.details || error.message, typeof hint === 'string' ? hint : null));
        return;
      }
      resolve(response as Response);
    };
    call(request, { deadline: Date.now() + deadlineMs }, onStatus);
  });
}

export class TestKvConnection {
  private readonly clients = new Map<string, TestKvClient>();
  private leader: string | null = null;
  private readonly constructorOf: ProtoGrpcType['raft']['v1']['TestKv'];

  constructor(private addresses: string[]) {
    this.constructorOf = (loadProtoPackage('raft/v1/testkv.proto') as unknown as ProtoGrpcType).raft.v1.TestKv;
  }

  setAddresses(addresses: string[]): void {
    this.addresses = addresses;
    if (this.leader !== null && !addresses.includes(this.leader)) this.leader = null;
  }

  client(address: string): TestKvClient {
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new this.constructorOf(address, grpc.credentials.createInsecure(), {
        'grpc.initial_reconnect_backoff_ms': 50,
        'grpc.max_reconnect_backoff_ms': 200,
      });
      this.clients.set(address, client);
    }
    return client;
  }

  status(address: string, deadlineMs = 500): Promise<StatusResponse__Output> {
    const client = this.client(address);
    return unary<object, StatusResponse__Output>(client.Status.bind(client), {}, deadlineMs);
  }

  /** One attempt at the replica believed to lead; throws KvError (remembering any leader hint). */
  async put(key: string, value: string, deadlineMs = 5000): Promise<number> {
    const address = this.leader ?? this.addresses[0];
    if (address === undefined) throw new Error('no replicas');
    const client = this.client(address);
    try {
      const response = await unary<{ key: string; value: string }, PutResponse__Output>(
        client.Put.bind(client),
        { key, value },
        deadlineMs,
      );
      this.leader = address;
      return response.index;
    } catch (error: unknown) {
      this.learnFrom(error, address);
      throw error;
    }
  }

  async get(key: string, deadlineMs = 5000): Promise<string | null> {
    const address = this.leader ?? this.addresses[0];
    if (address === undefined) throw new Error('no replicas');
    const client = this.client(address);
    try {
      const response = await unary<{ key: string; stale: boolean }, GetResponse__Output>(
        client.Get.bind(client),
        { key, stale: false },
        deadlineMs,
      );
      this.leader = address;
      return response.found ? response.value : null;
    } catch (error: unknown) {
      this.learnFrom(error, address);
      throw error;
    }
  }

  /** Retry an operation that must succeed, following leader hints, for at most `timeoutMs`. */
  async retrying<T>(operation: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await operation();
      } catch (error: unknown) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  private learnFrom(error: unknown, address: string): void {
    if (error instanceof KvError && error.leaderAddress !== null && this.addresses.includes(error.leaderAddress)) {
      this.leader = error.leaderAddress;
      return;
    }
    // Unknown leader or a dead replica: try the next one.
    const position = this.addresses.indexOf(address);
    this.leader = this.addresses[(position + 1) % this.addresses.length] ?? null;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
