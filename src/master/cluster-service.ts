/**
 * ClusterService: membership (answered with the leader's view), joins and
 * removals (run on the leader, forwarded there by a follower), snapshot saving
 * (streamed from this master's replica at a linearizable point) and the read
 * index followers ask for.
 */
import type { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import type { AddMasterRequest__Output } from '../gen/orca/v1/AddMasterRequest.js';
import type { AddMasterResponse } from '../gen/orca/v1/AddMasterResponse.js';
import type { ClusterServiceClient, ClusterServiceHandlers } from '../gen/orca/v1/ClusterService.js';
import type { Member } from '../gen/orca/v1/Member.js';
import type { MembersRequest__Output } from '../gen/orca/v1/MembersRequest.js';
import type { MembersResponse } from '../gen/orca/v1/MembersResponse.js';
import type { ReadIndexRequest__Output } from '../gen/orca/v1/ReadIndexRequest.js';
import type { ReadIndexResponse } from '../gen/orca/v1/ReadIndexResponse.js';
import type { RemoveMasterRequest__Output } from '../gen/orca/v1/RemoveMasterRequest.js';
import type { RemoveMasterResponse } from '../gen/orca/v1/RemoveMasterResponse.js';
import type { SnapshotChunk } from '../gen/orca/v1/SnapshotChunk.js';
import type { SnapshotRequest__Output } from '../gen/orca/v1/SnapshotRequest.js';

import type { RaftNode, SnapshotSink } from '../raft/index.js';
import type { StateMachine } from '../state/index.js';
import { toServiceError } from './grpc-status.js';
import { MasterError } from './master-error.js';
import { routeToLeader, unaryHandler } from './object-service.js';
import { callUnary, forwardedMetadata, type PeerClients, type UnaryMethod } from './peer-clients.js';
import type { ReadBarrier } from './read-barrier.js';
import type { SecretCipher } from './secret-cipher.js';

export interface ClusterServiceDeps {
  readonly node: RaftNode;
  readonly state: StateMachine;
  readonly reads: ReadBarrier;
  readonly peers: PeerClients;
  readonly cipher: SecretCipher;
  readonly forwardTimeoutMs: number;
  readonly leaderWaitMs: number;
  readonly readTimeoutMs: number;
  readonly joinTimeoutMs: number;
  readonly lastKnownLeader: () => string;
  readonly observe?: (method: string, code: string, seconds: number) => void;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Members as this master sees them; the leader's view carries health and match indexes. */
export function localMembers(node: RaftNode): MembersResponse {
  const status = node.status();
  const progress = new Map(status.progress.map((item) => [item.id, item]));
  const isLeader = status.role === 'leader';
  const members: Member[] = status.configuration.servers.map((server) => {
    const self = server.id === node.id;
    const peer = progress.get(server.id);
    let role = server.suffrage === 'nonvoter' ? 'Nonvoter' : server.id === status.leaderId ? 'Leader' : 'Follower';
    if (self)
      role =
        server.suffrage === 'nonvoter'
          ? 'Nonvoter'
          : capitalized(status.role === 'precandidate' ? 'candidate' : status.role);
    const healthy = self || (isLeader && peer?.recentActive === true);
    const matchIndex = self ? status.lastIndex : (peer?.matchIndex ?? 0);
    return {
      name: server.id,
      address: server.address,
      suffrage: capitalized(server.suffrage),
      role,
      healthy,
      matchIndex,
    };
  });
  const leader = node.leader;
  return {
    members,
    leader: leader?.id ?? '',
    leaderAddress: leader?.address ?? '',
    term: status.term,
    commitIndex: status.commitIndex,
    appliedIndex: node.appliedIndex,
  };
}

function forwardCluster<Request, Response>(
  deps: ClusterServiceDeps,
  pick: (client: ClusterServiceClient) => UnaryMethod<Request, Response>,
  deadlineMs: number,
) {
  return (address: string) =>
    (request: Request): Promise<Response> => {
      const client = deps.peers.cluster(address);
      return callUnary(pick(client).bind(client), request, deadlineMs, forwardedMetadata());
    };
}

async function addMaster(deps: ClusterServiceDeps, request: AddMasterRequest__Output): Promise<AddMasterResponse> {
  if (request.name === '' || request.address === '')
    throw new MasterError('invalid-argument', 'name and address: required');
  const existing = deps.node.latestConfiguration().servers.find((server) => server.id === request.name);
  if (existing !== undefined && existing.address !== request.address) {
    throw new MasterError(
      'invalid-argument',
      `name: a master named ${request.name} is already a member at ${existing.address}`,
    );
  }
  if (existing?.suffrage !== 'voter')
    await deps.node.addVoter(request.name, request.address, { timeoutMs: deps.joinTimeoutMs });
  return { secretKey: Buffer.from(deps.cipher.key), clusterId: '' };
}

async function removeMaster(
  deps: ClusterServiceDeps,
  request: RemoveMasterRequest__Output,
): Promise<RemoveMasterResponse> {
  const known = deps.node.latestConfiguration().servers.some((server) => server.id === request.name);
  if (!known) throw new MasterError('invalid-argument', `name: no master named "${request.name}" is a member`);
  await deps.node.removeServer(request.name, { timeoutMs: deps.joinTimeoutMs });
  return {};
}

async function readIndex(deps: ClusterServiceDeps): Promise<ReadIndexResponse> {
  if (deps.node.state !== 'leader') {
    const leader = deps.node.leader;
    throw new MasterError(
      'not-leader',
      `read index: this master is not the leader${leader === null ? '' : `; the leader is ${leader.id} at ${leader.address}`}`,
      leader?.address ?? '',
    );
  }
  return { index: await deps.node.readIndex({ timeoutMs: deps.readTimeoutMs }) };
}

async function members(deps: ClusterServiceDeps, metadata: Metadata): Promise<MembersResponse> {
  if (deps.node.state === 'leader') return localMembers(deps.node);
  try {
    return await routeToLeader(
      deps,
      metadata,
      () => Promise.resolve(localMembers(deps.node)),
      forwardCluster(deps, (client) => client.Members, deps.forwardTimeoutMs),
      {},
    );
  } catch {
    // Without a reachable leader, this master's own view still says who it knows.
    return localMembers(deps.node);
  }
}

/** Streams a consistent copy of the state, in the state's chunks, waiting for the client as it reads. */
async function saveSnapshot(
  deps: ClusterServiceDeps,
  call: ServerWritableStream<SnapshotRequest__Output, SnapshotChunk>,
): Promise<void> {
  await deps.reads.linearizable();
  const snapshot = deps.state.snapshot();
  const sink: SnapshotSink = {
    id: 'save',
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (call.cancelled) {
          reject(new MasterError('closed', 'the client cancelled the snapshot'));
          return;
        }
        if (call.write({ data: Buffer.from(chunk) })) resolve();
        else call.once('drain', () => resolve());
      }),
    close: () => Promise.reject(new MasterError('invalid-argument', 'not a stored snapshot')),
    cancel: () => Promise.resolve(),
  };
  try {
    await snapshot.persist(sink);
  } finally {
    snapshot.release();
  }
}

export function clusterServiceHandlers(deps: ClusterServiceDeps): ClusterServiceHandlers {
  return {
    Members: unaryHandler<MembersRequest__Output, MembersResponse>('Members', deps.observe, (call) =>
      members(deps, call.metadata),
    ),
    AddMaster: unaryHandler<AddMasterRequest__Output, AddMasterResponse>('AddMaster', deps.observe, (call) =>
      routeToLeader(
        deps,
        call.metadata,
        () => addMaster(deps, call.request),
        forwardCluster(deps, (client) => client.AddMaster, deps.joinTimeoutMs),
        call.request,
      ),
    ),
    RemoveMaster: unaryHandler<RemoveMasterRequest__Output, RemoveMasterResponse>(
      'RemoveMaster',
      deps.observe,
      (call) =>
        routeToLeader(
          deps,
          call.metadata,
          () => removeMaster(deps, call.request),
          forwardCluster(deps, (client) => client.RemoveMaster, deps.joinTimeoutMs),
          call.request,
        ),
    ),
    ReadIndex: unaryHandler<ReadIndexRequest__Output, ReadIndexResponse>('ReadIndex', deps.observe, () =>
      readIndex(deps),
    ),
    SaveSnapshot: (call) => {
      saveSnapshot(deps, call).then(
        () => call.end(),
        (error: unknown) => {
          if (!call.cancelled) call.emit('error', toServiceError(error));
        },
      );
    },
  };
}
