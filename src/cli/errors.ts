/**
 * Errors a user sees from the `orca` command: one clear line and an exit code,
 * never a stack trace.
 */
export type CliErrorCode =
  | 'usage'
  | 'unavailable'
  | 'not-built'
  | 'failed'
  /** The cluster did not accept the credentials (no, a foreign or an expired certificate, a bad token). */
  | 'unauthenticated'
  /** The cluster knows the user, who may not do this; also `orca auth can-i`'s "no". */
  | 'forbidden';

// kubectl ends on 1 for a refusal as for any failed request; scripts tell them apart by the message.
const exitCodes: Record<CliErrorCode, number> = {
  usage: 2,
  unavailable: 3,
  'not-built': 4,
  failed: 1,
  unauthenticated: 1,
  forbidden: 1,
};

export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }

  get exitCode(): number {
    return exitCodes[this.code];
  }
}

/** The one line a user sees for any failure, with the exit code to end on. */
export function describeFailure(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError) return { line: `error: ${error.message}`, exitCode: error.exitCode };
  if (error instanceof Error) return { line: `error: ${error.message}`, exitCode: 1 };
  return { line: `error: ${String(error)}`, exitCode: 1 };
}
