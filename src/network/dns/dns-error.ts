/** Why a cluster DNS operation failed; callers branch on `code`, users read `message`. */
export const DnsErrorCode = {
  /** An option is out of range or malformed; the message names the field. */
  config: 'config',
  /** The UDP or TCP socket could not be bound. */
  bind: 'bind',
  closed: 'closed',
} as const;
export type DnsErrorCode = (typeof DnsErrorCode)[keyof typeof DnsErrorCode];

export class DnsError extends Error {
  override readonly name = 'DnsError';
  constructor(
    readonly code: DnsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDnsError(error: unknown, code?: DnsErrorCode): error is DnsError {
  return error instanceof DnsError && (code === undefined || error.code === code);
}
