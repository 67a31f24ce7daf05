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
import type { AccessReviewRequest__Output } from '../gen/orca/v1/AccessReviewRequest.js';
import type { AccessReviewResponse } from '../gen/orca/v1/AccessReviewResponse.js';
import type { JoinRequest__Output } from '../gen/orca/v1/JoinRequest.js';
import type { JoinResponse } from '../gen/orca/v1/JoinResponse.js';
import type { RenewCertificateRequest__Output } from '../gen/orca/v1/RenewCertificateRequest.js';
import type { RenewCertificateResponse } from '../gen/orca/v1/RenewCertificateResponse.js';
import { systemMasters, type UserInfo } from '../auth/index.js';
import { mastersGroup, type AuthenticatedCall, type Authenticator } from './authentication.js';
import { toServiceError } from './grpc-status.js';
import { handleJoin, handleRenew, handleReview, type JoinServiceDeps } from './join-service.js';
import { ObjectError } from './object-error.js';
import type { ServiceAccountTokenService } from './service-account-tokens.js';
import type { ServiceAccountTokenRequest__Output } from '../gen/orca/v1/ServiceAccountTokenRequest.js';
import type { ServiceAccountTokenResponse } from '../gen/orca/v1/ServiceAccountTokenResponse.js';
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
  readonly authenticator: Authenticator;
  /** Joins, renewals and access reviews; absent on a master without security. */
  readonly joins?: JoinServiceDeps;
  /** A resource or Kind name as the Kind it means (`pods`, `po`, `Pod` → Pod). */
  readonly kindOf: (resource: string) => string | undefined;
  /** Pods' ServiceAccount tokens; absent on a master without security. */
  readonly serviceAccounts?: ServiceAccountTokenService;
  /** The master's authorize as a yes/no (for "can I?"). */
  readonly review: JoinServiceDeps['review'];
  /** This master's HTTP(S) address once it serves one ("" before, or without one): Members names it. */
  readonly httpAddress?: () => string;
}

/** Membership calls come from masters only (their certificates); a master without security lets everyone in. */
function requireMaster(deps: ClusterServiceDeps, call: AuthenticatedCall, what: string): void {
  if (!deps.authenticator.secure) return;
  const peer = deps.authenticator.peer(call);
  if (peer === undefined || !peer.groups.includes(mastersGroup))
    throw new ObjectError('forbidden', `${describeUser(peer)} cannot ${what}: only masters of this cluster may`);
}

/** Administration (removing a master, saving a snapshot): cluster admins (system:masters) and masters. */
async function requireAdmin(deps: ClusterServiceDeps, call: AuthenticatedCall, what: string): Promise<void> {
  if (!deps.authenticator.secure) return;
  const caller = await deps.authenticator.authenticate(call);
  if (!caller.groups.includes(systemMasters) && !caller.groups.includes(mastersGroup))
    throw new ObjectError('forbidden', `user "${caller.name}" cannot ${what}: it needs the system:masters group`);
}

function describeUser(user: UserInfo | undefined): string {
  return user === undefined ? 'a caller without a cluster certificate' : `user "${user.name}"`;
}

function joinsOf(deps: ClusterServiceDeps): JoinServiceDeps {
  if (deps.joins === undefined)
    throw new MasterError(
      'invalid-argument',
      'this cluster runs without security (--insecure): there is nothing to join by token',
    );
  return deps.joins;
}

/** The addresses in a peer certificate's subjectAltName (`DNS:a, IP Address:1.2.3.4`), to renew it with the same ones. */
function peerAddresses(call: AuthenticatedCall): string[] {
  const context = call.getAuthContext?.() as { sslPeerCertificate?: { subjectaltname?: string } } | null | undefined;
  const text = context?.sslPeerCertificate?.subjectaltname ?? '';
  return text
    .split(',')
    .map((part) => part.trim().replace(/^(DNS|IP Address):/, ''))
    .filter((part) => part !== '');
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
  const answer = await membersAnywhere(deps, metadata);
  return { ...answer, httpAddress: deps.httpAddress?.() ?? '' };
}

async function membersAnywhere(deps: ClusterServiceDeps, metadata: Metadata): Promise<MembersResponse> {
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
    Members: unaryHandler<MembersRequest__Output, MembersResponse>('Members', deps.observe, async (call) => {
      await deps.authenticator.authenticate(call);
      return members(deps, call.metadata);
    }),
    AddMaster: unaryHandler<AddMasterRequest__Output, AddMasterResponse>('AddMaster', deps.observe, (call) => {
      requireMaster(deps, call, 'add a master');
      return routeToLeader(
        deps,
        call.metadata,
        () => addMaster(deps, call.request),
        forwardCluster(deps, (client) => client.AddMaster, deps.joinTimeoutMs),
        call.request,
      );
    }),
    RemoveMaster: unaryHandler<RemoveMasterRequest__Output, RemoveMasterResponse>(
      'RemoveMaster',
      deps.observe,
      async (call) => {
        await requireAdmin(deps, call, 'remove a master');
        return routeToLeader(
          deps,
          call.metadata,
          () => removeMaster(deps, call.request),
          forwardCluster(deps, (client) => client.RemoveMaster, deps.joinTimeoutMs),
          call.request,
        );
      },
    ),
    ReadIndex: unaryHandler<ReadIndexRequest__Output, ReadIndexResponse>('ReadIndex', deps.observe, (call) => {
      requireMaster(deps, call, 'ask for a read index');
      return readIndex(deps);
    }),
    Join: unaryHandler<JoinRequest__Output, JoinResponse>('Join', deps.observe, (call) =>
      handleJoin(joinsOf(deps), call.request),
    ),
    RenewCertificate: unaryHandler<RenewCertificateRequest__Output, RenewCertificateResponse>(
      'RenewCertificate',
      deps.observe,
      (call) => handleRenew(joinsOf(deps), deps.authenticator.peer(call), call.request, peerAddresses(call)),
    ),
    ReviewAccess: unaryHandler<AccessReviewRequest__Output, AccessReviewResponse>(
      'ReviewAccess',
      deps.observe,
      async (call) => handleReview(deps, await deps.authenticator.authenticate(call), call.request, deps.kindOf),
    ),
    IssueServiceAccountToken: unaryHandler<ServiceAccountTokenRequest__Output, ServiceAccountTokenResponse>(
      'IssueServiceAccountToken',
      deps.observe,
      async (call) => {
        const caller = await deps.authenticator.authenticate(call);
        if (deps.serviceAccounts === undefined)
          throw new MasterError(
            'invalid-argument',
            'this cluster runs without security (--insecure): it issues no tokens',
          );
        return deps.serviceAccounts.issue(caller, call.request);
      },
    ),
    SaveSnapshot: (call) => {
      requireAdmin(deps, call, 'save a snapshot')
        .then(() => saveSnapshot(deps, call))
        .then(
          () => call.end(),
          (error: unknown) => {
            if (!call.cancelled) call.emit('error', toServiceError(error));
          },
        );
    },
  };
}
