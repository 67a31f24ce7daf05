/**
 * The client's one error class. Every failure a caller can branch on has a code;
 * gRPC status codes are mapped here, at the edge, and the server's message (which
 * names the field path for validation errors) is kept as is.
 */
import { status, type Metadata } from '@grpc/grpc-js';

export type ClientErrorCode =
  | 'not-found'
  | 'already-exists'
  /** A resourceVersion compare-and-swap or a transaction check failed (gRPC ABORTED). */
  | 'conflict'
  /** The cluster is not in a state that allows the request (a join or restore refused). */
  | 'failed-precondition'
  /** The server refused the object; the message names the field path (INVALID_ARGUMENT). */
  | 'invalid'
  /** A watch or list revision older than the kept window (OUT_OF_RANGE): list again. */
  | 'expired'
  /** No master answered, or none had a leader, within the attempts and the deadline. */
  | 'unavailable'
  | 'deadline-exceeded'
  /** Over a server limit: object size, watchers (RESOURCE_EXHAUSTED). */
  | 'too-large'
  /** A write may or may not have been applied and could not be safely re-checked. */
  | 'uncertain'
  | 'canceled'
  | 'closed'
  /** The caller has no identity the cluster accepts: no or a foreign certificate, a bad token (UNAUTHENTICATED). */
  | 'unauthenticated'
  /** The caller is known but may not do this (PERMISSION_DENIED); the message says who may not do what where. */
  | 'forbidden'
  /** The client was configured wrongly (no servers, a bad limit). */
  | 'config'
  | 'internal';

export interface ClientErrorDetails {
  /** The gRPC status code when the error came from a call. */
  readonly grpcCode?: number;
  /** The leader address the server named in its `orca-leader` trailer, if any. */
  readonly leaderHint?: string;
  /** True when the request surely never reached a master (or the master said it did not apply it). */
  readonly notSent?: boolean;
}

export class ClientError extends Error {
  override readonly name: string = 'ClientError';
  readonly grpcCode: number | undefined;
  readonly leaderHint: string | undefined;
  readonly notSent: boolean;

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    details: ClientErrorDetails = {},
  ) {
    super(message);
    this.grpcCode = details.grpcCode;
    this.leaderHint = details.leaderHint;
    this.notSent = details.notSent ?? false;
  }
}

export function isClientError(error: unknown, code?: ClientErrorCode): error is ClientError {
  return error instanceof ClientError && (code === undefined || error.code === code);
}

const codeByStatus = new Map<number, ClientErrorCode>([
  [status.NOT_FOUND, 'not-found'],
  [status.ALREADY_EXISTS, 'already-exists'],
  [status.ABORTED, 'conflict'],
  [status.FAILED_PRECONDITION, 'failed-precondition'],
  [status.INVALID_ARGUMENT, 'invalid'],
  [status.OUT_OF_RANGE, 'expired'],
  [status.UNAVAILABLE, 'unavailable'],
  [status.DEADLINE_EXCEEDED, 'deadline-exceeded'],
  [status.RESOURCE_EXHAUSTED, 'too-large'],
  [status.CANCELLED, 'canceled'],
  [status.UNAUTHENTICATED, 'unauthenticated'],
  [status.PERMISSION_DENIED, 'forbidden'],
]);

interface StatusLike {
  code?: unknown;
  details?: unknown;
  message?: unknown;
  metadata?: unknown;
}

function isStatusLike(error: unknown): error is StatusLike & { code: number } {
  return typeof error === 'object' && error !== null && typeof (error as StatusLike).code === 'number';
}

/** The leader address a server put in the `orca-leader` trailer, or named in its message. */
export function leaderHintOf(details: string, metadata: Metadata | undefined): string | undefined {
  const fromTrailer = metadata?.get('orca-leader')[0];
  if (typeof fromTrailer === 'string' && fromTrailer !== '') return fromTrailer;
  const match = /leader\b[^\n]*?\b((?:\d{1,3}\.){3}\d{1,3}:\d{1,5}|\[[0-9a-f:]+\]:\d{1,5}|[a-z0-9.-]+:\d{1,5})\b/i.exec(
    details,
  );
  return match?.[1];
}

/** Any error from a gRPC call as a ClientError; a ClientError passes through. */
export function toClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  if (isStatusLike(error)) {
    const details =
      typeof error.details === 'string' && error.details !== ''
        ? error.details
        : String(error.message ?? 'request failed');
    const metadata = isMetadata(error.metadata) ? error.metadata : undefined;
    const code = codeByStatus.get(error.code) ?? 'internal';
    return new ClientError(code, details, {
      grpcCode: error.code,
      leaderHint: code === 'unavailable' ? leaderHintOf(details, metadata) : undefined,
      notSent: wasNotSent(error.code, details, metadata),
    });
  }
  return new ClientError('internal', error instanceof Error ? error.message : String(error));
}

function isMetadata(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && typeof (value as Metadata).get === 'function';
}

/**
 * grpc-js reports a call that never left this process (no connection could be
 * made) with these messages, and a master says "was not applied" when a new
 * leader replaced the entry; only such a failure proves a write was not applied.
 */
const notSentPatterns = [
  /\bwas not applied\b/i,
  /No connection established/i,
  /Failed to connect/i,
  /ECONNREFUSED/,
  /Name resolution failed/i,
  /DNS resolution failed/i,
  /EHOSTUNREACH/,
  /ENETUNREACH/,
];

/** A master may say, with the `orca-not-applied` trailer, that it refused a write before proposing it. */
function wasNotSent(code: number, details: string, metadata: Metadata | undefined): boolean {
  if (metadata?.get('orca-not-applied')[0] !== undefined) return true;
  return code === status.UNAVAILABLE && notSentPatterns.some((pattern) => pattern.test(details));
}
