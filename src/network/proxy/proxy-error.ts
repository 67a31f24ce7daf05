/** Why a service-proxy operation failed; callers branch on `code`, users read `message`. */
export const ProxyErrorCode = {
  /** An option is out of range or malformed. */
  config: 'config',
  /** `nft` rejected a script or could not be run; the message carries its stderr. */
  nft: 'nft',
  /** A limit (script bytes, run time) was exceeded. */
  limit: 'limit',
  /** The proxy was stopped while the caller waited. */
  closed: 'closed',
  /** A broken invariant: a bug, not an operating condition. */
  internal: 'internal',
} as const;
export type ProxyErrorCode = (typeof ProxyErrorCode)[keyof typeof ProxyErrorCode];

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  /** What nft printed on failure ('' for other codes). */
  readonly stderr: string;

  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    options?: { cause?: unknown; stderr?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.stderr = options?.stderr ?? '';
  }
}

export function isProxyError(error: unknown, code?: ProxyErrorCode): error is ProxyError {
  return error instanceof ProxyError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Crash on a programmer error: the rules would be wrong, so stop rather than program them. */
export function assertProxy(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ProxyError('internal', message);
}
