/**
 * The edge where typed errors become gRPC statuses (STYLE.md rule 9). Every
 * handler funnels its failures through toServiceError: a failure is classified
 * once as an ObjectError (object-error.ts), and its code becomes a status by
 * the one table below, so a user sees a status code and one clear message,
 * never a stack trace.
 */
import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import type { FieldError } from '../api/index.js';
import { toObjectError, type ObjectErrorCode } from './object-error.js';

/** Trailer naming the leader's address on UNAVAILABLE, so a client can go there directly. */
export const leaderMetadataKey = 'orca-leader';
/** Trailer carrying an invalid object's field errors as JSON, so a forwarded refusal keeps its field paths. */
export const fieldErrorsMetadataKey = 'orca-field-errors';
const fieldErrorsBytesMax = 8 * 1024;

export type GrpcFailure = Partial<StatusObject> & { code: status; details: string };

/** The core's error codes as gRPC statuses: the one mapping of the gRPC adapter. */
export const grpcStatusOf: Readonly<Record<ObjectErrorCode, status>> = {
  invalid: status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  'already-exists': status.ALREADY_EXISTS,
  conflict: status.ABORTED,
  'precondition-failed': status.ABORTED,
  fenced: status.ABORTED,
  expired: status.OUT_OF_RANGE,
  'too-large': status.RESOURCE_EXHAUSTED,
  'not-leader': status.UNAVAILABLE,
  unavailable: status.UNAVAILABLE,
  // A proposal that timed out: the client re-checks or retries, as for any unanswered call.
  uncertain: status.UNAVAILABLE,
  'failed-precondition': status.FAILED_PRECONDITION,
  closed: status.UNAVAILABLE,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  internal: status.INTERNAL,
};

function failure(
  code: status,
  details: string,
  leaderAddress = '',
  fieldErrors: readonly FieldError[] = [],
): GrpcFailure {
  const metadata = new Metadata();
  if (leaderAddress !== '') metadata.set(leaderMetadataKey, leaderAddress);
  if (fieldErrors.length > 0) {
    const text = JSON.stringify(fieldErrors.map(({ path, message }) => ({ path, message })));
    if (text.length <= fieldErrorsBytesMax) metadata.set(fieldErrorsMetadataKey, text);
  }
  return { code, details, metadata };
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'details' in error;
}

export function toServiceError(error: unknown): GrpcFailure {
  // A status a forwarded call already answered (the leader's) passes through as it is.
  if (isServiceError(error)) return { code: error.code, details: error.details, metadata: error.metadata };
  const classified = toObjectError(error);
  return failure(grpcStatusOf[classified.code], classified.message, classified.leaderAddress, classified.fieldErrors);
}
