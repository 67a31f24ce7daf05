/**
 * `--join ADDR`: ask a master of the cluster (any; a follower forwards to the
 * leader) to add this one. The leader adds it as a non-voter, waits for it to
 * catch up and promotes it; the answer carries the cluster's Secret key, which
 * this master keeps in its data directory. Retries while the cluster is
 * unreachable or busy with another membership change, until joinTimeoutMs.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { AddMasterRequest } from '../gen/orca/v1/AddMasterRequest.js';
import type { AddMasterResponse__Output } from '../gen/orca/v1/AddMasterResponse.js';
import type { MembersRequest } from '../gen/orca/v1/MembersRequest.js';
import type { MembersResponse__Output } from '../gen/orca/v1/MembersResponse.js';
import { MasterError } from './master-error.js';
import { callUnary, type PeerClients } from './peer-clients.js';

export interface JoinOptions {
  readonly peers: PeerClients;
  readonly target: string;
  readonly name: string;
  readonly address: string;
  readonly joinTimeoutMs: number;
  readonly isClosed: () => boolean;
  /** Tell the local Raft node where a member lives: the leader's first appends reach us before any log entry names it. */
  readonly learnAddress: (id: string, address: string) => void;
}

const retryable = new Set<number>([status.UNAVAILABLE, status.ABORTED, status.DEADLINE_EXCEEDED]);
const retryDelayMs = 200;

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

/** Resolves with the cluster's Secret key once this master is a voter. */
export async function joinCluster(options: JoinOptions): Promise<Uint8Array> {
  const deadline = Date.now() + options.joinTimeoutMs;
  let lastError = '';
  while (Date.now() < deadline && !options.isClosed()) {
    try {
      const client = options.peers.cluster(options.target);
      const members = await callUnary<MembersRequest, MembersResponse__Output>(
        client.Members.bind(client),
        {},
        Math.max(1, deadline - Date.now()),
      );
      for (const member of members.members) options.learnAddress(member.name, member.address);
      if (members.leader !== '' && members.leaderAddress !== '')
        options.learnAddress(members.leader, members.leaderAddress);
      const response = await callUnary<AddMasterRequest, AddMasterResponse__Output>(
        client.AddMaster.bind(client),
        { name: options.name, address: options.address },
        Math.max(1, deadline - Date.now()),
      );
      return response.secretKey;
    } catch (error: unknown) {
      if (isServiceError(error) && !retryable.has(error.code)) {
        throw new MasterError('join-failed', `joining the cluster at ${options.target} failed: ${error.details}`);
      }
      lastError = error instanceof Error ? error.message : String(error);
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
  throw new MasterError(
    'join-failed',
    `joining the cluster at ${options.target} did not complete within ${options.joinTimeoutMs} ms${lastError === '' ? '' : `: ${lastError}`}`,
  );
}
