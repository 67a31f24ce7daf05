/** Why a worker operation failed; callers branch on `code`, users read `message`. */
export const WorkerErrorCode = {
  config: 'config',
  /** The image could not be pulled (bad name, registry unreachable, not found). */
  imagePull: 'image-pull',
  /** imagePullPolicy Never and the image is absent. */
  imageNeverPull: 'image-never-pull',
  notFound: 'not-found',
  runtime: 'runtime',
  /** A ConfigMap, Secret or key a container needs is missing. */
  configMissing: 'config-missing',
  volume: 'volume',
  closed: 'closed',
} as const;
export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode];

/**
 * The base of the worker's typed errors: the worker's own (WorkerError) and a
 * runtime's (CriError). Callers branch on `code`, users read `message`.
 */
export abstract class WorkerTypedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class WorkerError extends WorkerTypedError<WorkerErrorCode> {
  override readonly name = 'WorkerError';
  constructor(code: WorkerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function isWorkerError(error: unknown, code?: WorkerErrorCode): error is WorkerError {
  return error instanceof WorkerError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
