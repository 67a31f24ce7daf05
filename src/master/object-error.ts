/**
 * The object core's typed error: one class, one code per way a request can
 * fail, whatever layer the failure came from. `toObjectError` is the one place
 * where the state machine's, Raft's, the API model's, the Secret cipher's and
 * the master's own errors are classified; each adapter then maps these codes
 * once, in a table at its edge (gRPC status in grpc-status.ts, ClientError codes
 * in leader-client.ts).
 */
import { status } from '@grpc/grpc-js';
import { ApiError, ManifestError, ValidationError, type FieldError } from '../api/index.js';
import { isRaftError, type RaftError } from '../raft/index.js';
import { isStateError, type StateError } from '../state/index.js';
import { isMasterError, MasterTypedError, type MasterError } from './master-error.js';
import { isSecretCipherError, type SecretCipherError } from './secret-cipher.js';

export type ObjectErrorCode =
  /** The request or object breaks a rule; the message names the field path. */
  | 'invalid'
  | 'not-found'
  | 'already-exists'
  /** A resourceVersion compare-and-swap or a transaction check failed. */
  | 'conflict'
  /** A delete precondition (uid) did not hold. */
  | 'precondition-failed'
  /** The write was fenced to a term that is over: its leader was deposed, nothing was written. */
  | 'fenced'
  /** A revision older than the kept window: list again. */
  | 'expired'
  /** Over a limit: object, command or message size, watchers. */
  | 'too-large'
  /** This master does not lead (or its term is over): the write was not proposed. */
  | 'not-leader'
  /** No leader is known or reachable; the message names the last known one. */
  | 'unavailable'
  /** The proposal timed out: it may still commit. */
  | 'uncertain'
  /** The cluster is not in a state that allows the request (a join, a restore, a Secret that does not open). */
  | 'failed-precondition'
  /** The master or its state machine is closing. */
  | 'closed'
  /** The caller has no identity the cluster accepts. */
  | 'unauthenticated'
  /** Authorization refused the request; the message says who may not do what where. */
  | 'forbidden'
  | 'internal';

export class ObjectError extends MasterTypedError<ObjectErrorCode> {
  override readonly name = 'ObjectError';

  constructor(
    code: ObjectErrorCode,
    message: string,
    /** The leader's address as last known, when the failure names one (gRPC puts it in the `orca-leader` trailer). */
    readonly leaderAddress: string = '',
    /** An invalid object's broken rules, each at its field path (the REST API's Status causes). */
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(code, message);
  }

  /** The same failure, its message placed (`operations[2]: …`). */
  at(place: string): ObjectError {
    return new ObjectError(this.code, `${place}: ${this.message}`, this.leaderAddress, this.fieldErrors);
  }
}

export function isObjectError(error: unknown, code?: ObjectErrorCode): error is ObjectError {
  return error instanceof ObjectError && (code === undefined || error.code === code);
}

const stateCodes: Record<StateError['code'], ObjectErrorCode> = {
  conflict: 'conflict',
  'precondition-failed': 'precondition-failed',
  'not-found': 'not-found',
  'already-exists': 'already-exists',
  invalid: 'invalid',
  expired: 'expired',
  'resource-exhausted': 'too-large',
  closed: 'closed',
  'bad-snapshot': 'invalid',
};

const masterCodes: Record<MasterError['code'], ObjectErrorCode> = {
  'invalid-config': 'invalid',
  'invalid-argument': 'invalid',
  unavailable: 'unavailable',
  'not-leader': 'not-leader',
  'join-failed': 'failed-precondition',
  'restore-failed': 'failed-precondition',
  closed: 'closed',
};

const cipherCodes: Record<SecretCipherError['code'], ObjectErrorCode> = {
  'invalid-object': 'invalid',
  // A Secret that does not open means this master holds another cluster's key: an operator's fix, not a bug.
  'decrypt-failed': 'failed-precondition',
  'key-malformed': 'internal',
  'key-io': 'internal',
  'key-conflict': 'internal',
  'malformed-envelope': 'internal',
};

function fromRaft(error: RaftError): ObjectError {
  const leader = error.leader?.address ?? '';
  const named =
    leader === '' ? 'no leader is known' : `the last known leader is ${error.leader?.id ?? ''} at ${leader}`;
  switch (error.code) {
    case 'too-large':
      return new ObjectError('too-large', error.message);
    case 'unknown-server':
      return new ObjectError('not-found', error.message);
    case 'configuration-change-in-progress':
      return new ObjectError('conflict', `${error.message}: retry once the current membership change is done`);
    case 'timeout':
      // A proposal that timed out may still commit.
      return new ObjectError('uncertain', `${error.message} (${named})`, leader);
    case 'not-leader':
      return new ObjectError('not-leader', `${error.message} (${named})`, leader);
    default:
      return new ObjectError('unavailable', `${error.message} (${named})`, leader);
  }
}

/** Any failure on the way through the core as its ObjectError; an ObjectError passes through. */
export function toObjectError(error: unknown): ObjectError {
  if (error instanceof ObjectError) return error;
  if (isStateError(error)) {
    // The state machine refuses a fenced entry of a deposed leader by a typed reason, never by its message.
    if (error.reason === 'fenced') return new ObjectError('fenced', error.message);
    return new ObjectError(stateCodes[error.code], error.message);
  }
  if (isRaftError(error)) return fromRaft(error);
  if (isMasterError(error)) return new ObjectError(masterCodes[error.code], error.message, error.leaderAddress);
  if (error instanceof ApiError) {
    const fields = error instanceof ValidationError || error instanceof ManifestError ? error.fieldErrors : [];
    return new ObjectError(error.code === 'too-large' ? 'too-large' : 'invalid', error.message, '', fields);
  }
  if (isSecretCipherError(error)) return new ObjectError(cipherCodes[error.code], error.message);
  const fromPeer = fromServiceError(error);
  if (fromPeer !== undefined) return fromPeer;
  return new ObjectError('internal', `internal error: ${error instanceof Error ? error.message : String(error)}`);
}

/** The field errors a forwarding peer's INVALID_ARGUMENT carries in its `orca-field-errors` trailer. */
function fieldErrorsOf(error: Error): FieldError[] {
  const metadata = (error as { metadata?: { get?: (key: string) => unknown[] } }).metadata;
  const text = metadata?.get?.('orca-field-errors')[0];
  if (typeof text !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (entry): entry is FieldError =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as FieldError).path === 'string' &&
          typeof (entry as FieldError).message === 'string',
      )
      .slice(0, 256);
  } catch {
    return [];
  }
}

/**
 * A status another master answered (a forwarded read index, a forwarded call)
 * keeps its meaning: a leaderless moment stays `unavailable`, so that callers
 * retry it, instead of turning into an internal error.
 */
function fromServiceError(error: unknown): ObjectError | undefined {
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'number') return undefined;
  const { code, details } = error as Error & { code: number; details?: unknown };
  const message = typeof details === 'string' && details !== '' ? details : error.message;
  const codes: Partial<Record<number, ObjectErrorCode>> = {
    [status.UNAVAILABLE]: 'unavailable',
    [status.DEADLINE_EXCEEDED]: 'unavailable',
    [status.NOT_FOUND]: 'not-found',
    [status.ALREADY_EXISTS]: 'already-exists',
    [status.ABORTED]: 'conflict',
    [status.FAILED_PRECONDITION]: 'failed-precondition',
    [status.INVALID_ARGUMENT]: 'invalid',
    [status.UNAUTHENTICATED]: 'unauthenticated',
    [status.PERMISSION_DENIED]: 'forbidden',
  };
  const mapped = codes[code];
  return mapped === undefined ? undefined : new ObjectError(mapped, message, '', fieldErrorsOf(error));
}
