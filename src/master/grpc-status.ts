/**
 * The edge where typed errors become gRPC statuses (STYLE.md rule 9). Every
 * handler funnels its failures through toServiceError, so a user sees a status
 * code and one clear message, never a stack trace.
 */
import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { ApiError } from '../api/index.js';
import { isRaftError, type RaftError } from '../raft/index.js';
import { isStateError, type StateError } from '../state/index.js';
import { isMasterError, type MasterError } from './master-error.js';
import { isSecretCipherError } from './secret-cipher.js';

/** Trailer naming the leader's address on UNAVAILABLE, so a client can go there directly. */
export const leaderMetadataKey = 'orca-leader';

export type GrpcFailure = Partial<StatusObject> & { code: status; details: string };

function failure(code: status, details: string, leaderAddress = ''): GrpcFailure {
  const metadata = new Metadata();
  if (leaderAddress !== '') metadata.set(leaderMetadataKey, leaderAddress);
  return { code, details, metadata };
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'details' in error;
}

const stateCodes: Record<StateError['code'], status> = {
  'conflict': status.ABORTED,
  'precondition-failed': status.ABORTED,
  'not-found': status.NOT_FOUND,
  'already-exists': status.ALREADY_EXISTS,
  'invalid': status.INVALID_ARGUMENT,
  'expired': status.OUT_OF_RANGE,
  'resource-exhausted': status.RESOURCE_EXHAUSTED,
  'closed': status.UNAVAILABLE,
  'bad-snapshot': status.INVALID_ARGUMENT,
};

const masterCodes: Record<MasterError['code'], status> = {
  'invalid-config': status.INVALID_ARGUMENT,
  'unavailable': status.UNAVAILABLE,
  'not-leader': status.UNAVAILABLE,
  'invalid-argument': status.INVALID_ARGUMENT,
  'join-failed': status.FAILED_PRECONDITION,
  'restore-failed': status.FAILED_PRECONDITION,
  'closed': status.UNAVAILABLE,
};

function fromRaft(error: RaftError): GrpcFailure {
  const leader = error.leader?.address ?? '';
  const named = leader === '' ? 'no leader is known' : `the last known leader is ${error.leader?.id ?? ''} at ${leader}`;
  switch (error.code) {
    case 'timeout':
      return failure(status.UNAVAILABLE, `${error.message} (${named})`, leader);
    case 'too-large':
      return failure(status.RESOURCE_EXHAUSTED, error.message);
    case 'unknown-server':
      return failure(status.NOT_FOUND, error.message);
    case 'configuration-change-in-progress':
      return failure(status.ABORTED, `${error.message}: retry once the current membership change is done`);
    default:
      return failure(status.UNAVAILABLE, `${error.message} (${named})`, leader);
  }
}

export function toServiceError(error: unknown): GrpcFailure {
  if (isServiceError(error)) return { code: error.code, details: error.details, metadata: error.metadata };
  if (isStateError(error)) return failure(stateCodes[error.code], error.message);
  if (isRaftError(error)) return fromRaft(error);
  if (isMasterError(error)) return failure(masterCodes[error.code], error.message, error.leaderAddress);
  if (error instanceof ApiError) return failure(error.code === 'TOO_LARGE' ? status.RESOURCE_EXHAUSTED : status.INVALID_ARGUMENT, error.message);
  if (isSecretCipherError(error)) {
    // A Secret that does not open means this master holds another cluster's key: an operator's fix, not a bug.
    const code = error.code === 'invalid-object' ? status.INVALID_ARGUMENT : error.code === 'decrypt-failed' ? status.FAILED_PRECONDITION : status.INTERNAL;
    return failure(code, error.message);
  }
  return failure(status.INTERNAL, `internal error: ${error instanceof Error ? error.message : String(error)}`);
}
