/** What went wrong in the object model, for callers that branch on it (the API edge maps it to a gRPC status). */
export type ApiErrorCode =
  | 'invalid-object' // one or more field errors: see ValidationError.fieldErrors
  | 'invalid-manifest' // text that is not a Kubernetes-shaped manifest
  | 'unknown-kind'
  | 'invalid-quantity'
  | 'invalid-selector'
  | 'too-large';

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One broken rule, named by the field path a user can find in their YAML. */
export interface FieldError {
  /** Kubernetes-style path: `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
}

export function renderFieldError(error: FieldError): string {
  return error.path === '' ? error.message : `${error.path}: ${error.message}`;
}

/** Every field error of one object at once, so a user fixes them in one pass. */
export class ValidationError extends ApiError {
  override readonly name: string = 'ValidationError';
  constructor(
    readonly fieldErrors: readonly FieldError[],
    /** Names the object, e.g. `Deployment default/web`, in the message. */
    subject = '',
    code: ApiErrorCode = 'invalid-object',
  ) {
    super(code, describe(fieldErrors, subject));
  }
}

function describe(fieldErrors: readonly FieldError[], subject: string): string {
  const lines = fieldErrors.map(renderFieldError).join('; ');
  return subject === '' ? lines : `${subject} is invalid: ${lines}`;
}

/** A manifest that cannot be read as Orca objects; names the document (0-based) and, where it can, the fields. */
export class ManifestError extends ApiError {
  override readonly name: string = 'ManifestError';
  constructor(
    readonly documentIndex: number,
    readonly fieldErrors: readonly FieldError[],
    code: ApiErrorCode = 'invalid-manifest',
    subject = '',
  ) {
    super(
      code,
      `document ${documentIndex}${subject === '' ? '' : ` (${subject})`}: ${fieldErrors.map(renderFieldError).join('; ')}`,
    );
  }
}
