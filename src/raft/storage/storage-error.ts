/**
 * The typed error of raft-ts's stores: operating errors a caller can handle or
 * report (a damaged file, a file from a newer version). Broken invariants are
 * assertions (errors.ts), not StorageErrors.
 */
import { RaftTypedError } from '../errors.js';

export type StorageErrorCode =
  /** A store file is not what this code wrote: not a database, missing rows, a gap in the log. */
  | 'corrupt'
  /** The file was written by a newer schema than this code understands. */
  | 'schema-too-new'
  /** Snapshot data does not match the checksum recorded when it was published. */
  | 'checksum-mismatch'
  /** No published snapshot has this id. */
  | 'not-found'
  /** A snapshot is larger than the store accepts. */
  | 'too-large'
  /** The underlying file system or database failed. */
  | 'io';

export class StorageError extends RaftTypedError<StorageErrorCode> {
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StorageError';
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
