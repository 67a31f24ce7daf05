import { status as GrpcStatus } from '@grpc/grpc-js';
import { WorkerTypedError } from '../../worker-error.js';

/** Why a CRI call failed, independent of gRPC so that callers branch on meaning. */
export const CriErrorCode = {
  /** The sandbox, container or image does not exist (gRPC NOT_FOUND). */
  notFound: 'not-found',
  alreadyExists: 'already-exists',
  invalidArgument: 'invalid-argument',
  failedPrecondition: 'failed-precondition',
  /** The call's deadline passed before the runtime answered. */
  deadlineExceeded: 'deadline-exceeded',
  /** The runtime is not reachable (socket missing, daemon down). */
  unavailable: 'unavailable',
  permissionDenied: 'permission-denied',
  resourceExhausted: 'resource-exhausted',
  unimplemented: 'unimplemented',
  cancelled: 'cancelled',
  /** The runtime answered, but without a part the CRI contract requires. */
  invalidResponse: 'invalid-response',
  internal: 'internal',
  unknown: 'unknown',
} as const;
export type CriErrorCode = (typeof CriErrorCode)[keyof typeof CriErrorCode];

/** A failed CRI call: `code` says why, `method` which call, `grpcCode` what the wire said. */
export class CriError extends WorkerTypedError<CriErrorCode> {
  override readonly name = 'CriError';

  constructor(
    code: CriErrorCode,
    readonly method: string,
    message: string,
    readonly grpcCode?: GrpcStatus,
    options?: { cause?: unknown },
  ) {
    super(code, `${method}: ${message}`, options);
  }
}

const codeByGrpcStatus = new Map<number, CriErrorCode>([
  [GrpcStatus.NOT_FOUND, CriErrorCode.notFound],
  [GrpcStatus.ALREADY_EXISTS, CriErrorCode.alreadyExists],
  [GrpcStatus.INVALID_ARGUMENT, CriErrorCode.invalidArgument],
  [GrpcStatus.OUT_OF_RANGE, CriErrorCode.invalidArgument],
  [GrpcStatus.FAILED_PRECONDITION, CriErrorCode.failedPrecondition],
  [GrpcStatus.DEADLINE_EXCEEDED, CriErrorCode.deadlineExceeded],
  [GrpcStatus.UNAVAILABLE, CriErrorCode.unavailable],
  [GrpcStatus.PERMISSION_DENIED, CriErrorCode.permissionDenied],
  [GrpcStatus.UNAUTHENTICATED, CriErrorCode.permissionDenied],
  [GrpcStatus.RESOURCE_EXHAUSTED, CriErrorCode.resourceExhausted],
  [GrpcStatus.UNIMPLEMENTED, CriErrorCode.unimplemented],
  [GrpcStatus.CANCELLED, CriErrorCode.cancelled],
  [GrpcStatus.ABORTED, CriErrorCode.failedPrecondition],
  [GrpcStatus.INTERNAL, CriErrorCode.internal],
  [GrpcStatus.DATA_LOSS, CriErrorCode.internal],
  [GrpcStatus.UNKNOWN, CriErrorCode.unknown],
]);

function grpcStatusOf(error: unknown): GrpcStatus | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'number' && code in GrpcStatus ? (code as GrpcStatus) : undefined;
}

/** Turns whatever a gRPC call rejected with into a CriError for `method`. */
export function criErrorFrom(error: unknown, method: string): CriError {
  if (error instanceof CriError) return error;
  const grpcCode = grpcStatusOf(error);
  const code = grpcCode === undefined ? CriErrorCode.unknown : (codeByGrpcStatus.get(grpcCode) ?? CriErrorCode.unknown);
  const details =
    typeof error === 'object' && error !== null && 'details' in error
      ? (error as { details: unknown }).details
      : undefined;
  const message =
    typeof details === 'string' && details !== '' ? details : error instanceof Error ? error.message : String(error);
  return new CriError(code, method, message, grpcCode, { cause: error });
}
