/**
 * Clients from this master to the others: the leader's ObjectService for
 * forwarded writes, its ClusterService for read indexes and joins. One channel
 * per address, reused, closed with the master.
 */
import {
  credentials,
  Metadata,
  type ChannelCredentials,
  type CallOptions,
  type ClientUnaryCall,
  type requestCallback,
} from '@grpc/grpc-js';
import type { ClusterServiceClient } from '../gen/orca/v1/ClusterService.js';
import type { ObjectServiceClient } from '../gen/orca/v1/ObjectService.js';
import type { LeaderHint, RaftNode } from '../raft/index.js';
import { MasterError } from './master-error.js';
import { servicesWire } from './wire.js';

/** Set on a forwarded request so the receiver never forwards it again (no loops between stale views). */
export const forwardedMetadataKey = 'orca-forwarded';

export type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: CallOptions,
  callback: requestCallback<Response>,
) => ClientUnaryCall;

/** One unary call with a deadline, as a promise; a gRPC failure rejects with its ServiceError. */
export function callUnary<Request, Response>(
  method: UnaryMethod<Request, Response>,
  request: Request,
  deadlineMs: number,
  metadata = new Metadata(),
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    method(request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => {
      if (error !== null) reject(error);
      else if (response === undefined) reject(new MasterError('unavailable', 'the peer answered nothing'));
      else resolve(response);
    });
  });
}

export function forwardedMetadata(): Metadata {
  const metadata = new Metadata();
  metadata.set(forwardedMetadataKey, '1');
  return metadata;
}

interface PeerChannel {
  readonly objects: ObjectServiceClient;
  readonly cluster: ClusterServiceClient;
}

export class PeerClients {
  private readonly peers = new Map<string, PeerChannel>();
  private closed = false;

  constructor(
    private readonly messageBytesMax: number,
    /** This master's TLS identity as a client (insecure when absent). */
    private readonly channelCredentials: () => ChannelCredentials = () => credentials.createInsecure(),
  ) {}

  objects(address: string): ObjectServiceClient {
    return this.peer(address).objects;
  }

  cluster(address: string): ClusterServiceClient {
    return this.peer(address).cluster;
  }

  close(): void {
    this.closed = true;
    for (const peer of this.peers.values()) {
      peer.objects.close();
      peer.cluster.close();
    }
    this.peers.clear();
  }

  private peer(address: string): PeerChannel {
    if (this.closed) throw new MasterError('closed', 'the master is closing');
    let peer = this.peers.get(address);
    if (peer === undefined) {
      const wire = servicesWire();
      const options = {
        'grpc.max_receive_message_length': this.messageBytesMax,
        'grpc.max_send_message_length': this.messageBytesMax,
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1000,
      };
      peer = {
        objects: new wire.ObjectService(address, this.channelCredentials(), options),
        cluster: new wire.ClusterService(address, this.channelCredentials(), options),
      };
      this.peers.set(address, peer);
    }
    return peer;
  }
}

/**
 * The leader as this node knows it, waiting up to waitMs for one to be elected
 * (one other than `unreachableId`, a leader this master just failed to reach);
 * MasterError('unavailable') naming the last known leader when none appears.
 */
export async function awaitLeader(
  node: RaftNode,
  waitMs: number,
  lastKnown: () => string,
  unreachableId?: string,
): Promise<LeaderHint> {
  const current = node.leader;
  if (current !== null && current.address !== '' && current.id !== unreachableId) return current;
  return new Promise<LeaderHint>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const last = lastKnown();
      reject(
        new MasterError(
          'unavailable',
          `no leader is elected (no quorum?); ${last === '' ? 'no leader was ever known' : `the last known leader was at ${last}`}`,
          last,
        ),
      );
    }, waitMs);
    const unsubscribe = node.leaderChanges.subscribe((change) => {
      if (change.leader === null || change.leader.address === '' || change.leader.id === unreachableId) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(change.leader);
    });
  });
}
