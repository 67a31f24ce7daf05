/**
 * The one error of the patch engine. Its code says what the REST layer answers
 * (patchErrorStatus), and its message is the one Kubernetes gives where
 * Kubernetes has one, so kubectl prints what its users know.
 */
import type { StatusReason } from '../status.js';

export type PatchErrorCode =
  /** The patch is not a patch of its type (bad JSON, a bad directive): 400. */
  | 'invalid-patch'
  /** The patch is well formed but cannot apply to this object (a missing path, a list of lists): 422. */
  | 'unprocessable'
  /** A JSON Patch `test` operation found another value: 422. */
  | 'test-failed'
  /** Server-side apply met fields that other managers own: 409. */
  | 'conflict'
  /** No such patch type, or a strategic merge patch of a kind with no schema: 415. */
  | 'unsupported'
  /** The patch or its result is over a limit (patchLimits): 413. */
  | 'too-large';

/** One field of an apply conflict, shaped as Kubernetes' StatusCause of type FieldManagerConflict. */
export interface PatchErrorCause {
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

export class PatchError extends Error {
  override readonly name = 'PatchError';
  constructor(
    readonly code: PatchErrorCode,
    message: string,
    readonly causes: readonly PatchErrorCause[] = [],
  ) {
    super(message);
  }
}

export function isPatchError(error: unknown): error is PatchError {
  return error instanceof PatchError;
}

/** What the REST API answers for each code: Kubernetes' HTTP code and Status reason for the same failure. */
export const patchErrorStatus: Readonly<
  Record<PatchErrorCode, { readonly httpCode: number; readonly reason: StatusReason }>
> = {
  'invalid-patch': { httpCode: 400, reason: 'BadRequest' },
  unprocessable: { httpCode: 422, reason: 'Invalid' },
  'test-failed': { httpCode: 422, reason: 'Invalid' },
  conflict: { httpCode: 409, reason: 'Conflict' },
  unsupported: { httpCode: 415, reason: 'UnsupportedMediaType' },
  'too-large': { httpCode: 413, reason: 'RequestEntityTooLarge' },
};

/** Limits on what a patch may ask (STYLE.md: a limit on everything). */
export const patchLimits = {
  /** A patch body larger than this is refused before it is parsed (Kubernetes' request body limit). */
  bodyBytesMax: 3 * 1024 * 1024,
  /** Operations in one JSON Patch (Kubernetes' maxJSONPatchOperations). */
  jsonPatchOperationsMax: 10_000,
  /** Nesting of objects and lists in a patch; no Kubernetes object comes near it. */
  depthMax: 100,
  /** Values (objects, lists, scalars) in a patch, or in what a JSON Patch's copies can grow an object to. */
  nodesMax: 1_000_000,
} as const;
