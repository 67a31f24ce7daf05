import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CriError, CriErrorCode, criErrorFrom } from './cri-error.js';

function grpcError(code: GrpcStatus, details: string): Error {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

describe('criErrorFrom', () => {
  it('lets callers tell a missing container from other failures (gRPC NOT_FOUND → not_found)', () => {
    const error = criErrorFrom(grpcError(GrpcStatus.NOT_FOUND, 'container "abc" not found'), 'ContainerStatus');
    expect(error).toBeInstanceOf(CriError);
    expect(error.code).toBe(CriErrorCode.notFound);
    expect(error.grpcCode).toBe(GrpcStatus.NOT_FOUND);
    expect(error.message).toBe('ContainerStatus: container "abc" not found');
  });

  it('maps a runtime that is down and a call that ran out of time to their own codes', () => {
    expect(criErrorFrom(grpcError(GrpcStatus.UNAVAILABLE, 'connect ENOENT'), 'Version').code).toBe(
      CriErrorCode.unavailable,
    );
    expect(criErrorFrom(grpcError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline'), 'PullImage').code).toBe(
      CriErrorCode.deadlineExceeded,
    );
  });

  it('keeps an error that is not from gRPC, as unknown, with its message', () => {
    const error = criErrorFrom(new TypeError('boom'), 'ExecSync');
    expect(error.code).toBe(CriErrorCode.unknown);
    expect(error.grpcCode).toBeUndefined();
    expect(error.message).toBe('ExecSync: boom');
  });

  it('returns a CriError unchanged', () => {
    const original = new CriError(CriErrorCode.invalidResponse, 'ContainerStatus', 'no status');
    expect(criErrorFrom(original, 'Other')).toBe(original);
  });
});
