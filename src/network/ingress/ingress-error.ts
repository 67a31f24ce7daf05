/** Why an ingress proxy operation failed; callers branch on `code`, users read `message`. */
export const IngressErrorCode = {
  /** An option is out of range or malformed. */
  config: 'config',
  /** A listener could not bind its address. */
  listen: 'listen',
  /** The proxy was used after stop(). */
  closed: 'closed',
  /** A certificate could not be generated or loaded. */
  certificate: 'certificate',
  /** The benchmark could not set up or drive its processes. */
  bench: 'bench',
} as const;
export type IngressErrorCode = (typeof IngressErrorCode)[keyof typeof IngressErrorCode];

export class IngressError extends Error {
  override readonly name = 'IngressError';
  constructor(
    readonly code: IngressErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isIngressError(error: unknown, code?: IngressErrorCode): error is IngressError {
  return error instanceof IngressError && (code === undefined || error.code === code);
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
