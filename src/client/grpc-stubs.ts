/**
 * One ObjectService and one ClusterService stub per master address, sharing a
 * channel, with the client's message limits. Created on first use, closed together.
 */
import { credentials, type ChannelOptions } from '@grpc/grpc-js';
import type { ClusterServiceClient } from '../gen/orca/v1/ClusterService.js';
import type { ObjectServiceClient } from '../gen/orca/v1/ObjectService.js';
import type { PodServiceClient } from '../gen/orca/v1/PodService.js';
import { loadProtoPackage } from '../gen/loader.js';
import type { ProtoGrpcType } from '../gen/services.js';
import type { TlsIdentity } from './tls.js';

export interface MasterStubs {
  readonly objects: ObjectServiceClient;
  readonly cluster: ClusterServiceClient;
  /** Logs and exec, proxied by the master to the pod's worker. */
  readonly pods: PodServiceClient;
}

let loaded: ProtoGrpcType | undefined;

function services(): ProtoGrpcType['orca']['v1'] {
  loaded ??= loadProtoPackage('orca/v1/services.proto') as unknown as ProtoGrpcType;
  return loaded.orca.v1;
}

export class StubPool {
  private readonly stubs = new Map<string, MasterStubs>();

  constructor(
    private readonly messageBytesMax: number,
    /** TLS with the cluster CA (and the client's identity); plaintext when absent. */
    private readonly tls?: TlsIdentity,
  ) {}

  for(address: string): MasterStubs {
    const existing = this.stubs.get(address);
    if (existing !== undefined) return existing;
    const options: ChannelOptions = {
      'grpc.max_receive_message_length': this.messageBytesMax,
      'grpc.max_send_message_length': this.messageBytesMax,
      // pings only while a call is open (a watch): a master that vanished without
      // closing its sockets is noticed in about 40 s instead of never
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      // reconnect quickly once a restarted master is back
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2_000,
    };
    const v1 = services();
    const channelCredentials = this.tls === undefined ? credentials.createInsecure() : this.tls.channelCredentials();
    const objects = new v1.ObjectService(address, channelCredentials, options);
    const cluster = new v1.ClusterService(address, channelCredentials, {
      ...options,
      channelOverride: objects.getChannel(),
    });
    const pods = new v1.PodService(address, channelCredentials, {
      ...options,
      channelOverride: objects.getChannel(),
    });
    const created = { objects, cluster, pods };
    this.stubs.set(address, created);
    return created;
  }

  close(): void {
    for (const stubs of this.stubs.values()) stubs.objects.close();
    this.stubs.clear();
  }
}
