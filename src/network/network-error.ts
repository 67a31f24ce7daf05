/**
 * The data path's one error type (routes, service proxy, cluster DNS,
 * ingress): callers branch on `code`, users read `message`. Broken invariants
 * are not errors of this kind: they go through `assertNetwork` and crash.
 */
import { assertIn } from '../assert.js';

export const NetworkErrorCode = {
  /** An option or flag is out of range or malformed; the message names it. */
  config: 'config',
  /** A socket could not listen on its address (in use, not root). */
  listen: 'listen',
  /** Used after stop(), or stopped while the caller waited. */
  closed: 'closed',
  /** A certificate could not be generated or loaded. */
  certificate: 'certificate',
  /** `nft` rejected a script or could not be run; `detail` carries its stderr. */
  nft: 'nft',
  /** Another command (ip) failed; the message carries its stderr. */
  commandFailed: 'command-failed',
  /** A limit (script bytes, run time) was exceeded. */
  limit: 'limit',
  /** A benchmark could not set up or drive its processes. */
  bench: 'bench',
} as const;
export type NetworkErrorCode = (typeof NetworkErrorCode)[keyof typeof NetworkErrorCode];

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  /** What a failed command printed ('' otherwise). */
  readonly stderr: string;

  constructor(
    readonly code: NetworkErrorCode,
    message: string,
    options?: { cause?: unknown; stderr?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.stderr = options?.stderr ?? '';
  }
}

export function isNetworkError(error: unknown, code?: NetworkErrorCode): error is NetworkError {
  return error instanceof NetworkError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `code` of a Node system error (ECONNREFUSED, …), or '' for anything else. */
export function systemErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('code' in error)) return '';
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** A programmer error in the data path (the rules or routes would be wrong): crash rather than program them. */
export const assertNetwork: (condition: unknown, message: string) => asserts condition = assertIn('network');
