/**
 * Every failure of the REST API as Kubernetes' `Status` object (meta/v1), so
 * kubectl prints its usual messages: `Error from server (NotFound): pods "x"
 * not found`, `... is invalid: spec.replicas: Invalid value: ...`. The one
 * table from the object core's error codes to HTTP codes and reasons lives here.
 */
import { isObjectError, type ObjectError, type ObjectErrorCode } from '../master/index.js';

export type Json = Record<string, unknown>;

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'InternalError';

/** What a Status names: the resource (plural), its group and the object's name. */
export interface StatusSubject {
  readonly group?: string;
  /** The resource (`pods`), which Kubernetes puts in details.kind. */
  readonly resource?: string;
  readonly name?: string;
}

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

/** A failure the REST layer decided itself (a bad path, an unknown content type), with its HTTP code and reason. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(
    readonly httpCode: number,
    readonly reason: StatusReason,
    message: string,
    readonly causes: readonly StatusCause[] = [],
  ) {
    super(message);
  }
}

const codes: Record<ObjectErrorCode, { http: number; reason: StatusReason }> = {
  invalid: { http: 422, reason: 'Invalid' },
  'not-found': { http: 404, reason: 'NotFound' },
  'already-exists': { http: 409, reason: 'AlreadyExists' },
  conflict: { http: 409, reason: 'Conflict' },
  'precondition-failed': { http: 409, reason: 'Conflict' },
  fenced: { http: 503, reason: 'ServiceUnavailable' },
  expired: { http: 410, reason: 'Expired' },
  'too-large': { http: 413, reason: 'RequestEntityTooLarge' },
  'not-leader': { http: 503, reason: 'ServiceUnavailable' },
  unavailable: { http: 503, reason: 'ServiceUnavailable' },
  uncertain: { http: 504, reason: 'Timeout' },
  'failed-precondition': { http: 400, reason: 'BadRequest' },
  closed: { http: 503, reason: 'ServiceUnavailable' },
  unauthenticated: { http: 401, reason: 'Unauthorized' },
  forbidden: { http: 403, reason: 'Forbidden' },
  internal: { http: 500, reason: 'InternalError' },
};

/** The object a failure is about when the path does not name it (a create's name is in its body). */
const failureNames = new WeakMap<object, string>();

export function withObjectName(error: unknown, name: string): unknown {
  if (typeof error === 'object' && error !== null && name !== '') failureNames.set(error, name);
  return error;
}

/** The Status for a failure, and its HTTP code. Anything that is not a typed error is an InternalError without its stack. */
export function statusOf(error: unknown, given: StatusSubject = {}): { code: number; body: Json } {
  const named = typeof error === 'object' && error !== null ? failureNames.get(error) : undefined;
  const subject = (given.name ?? '') === '' && named !== undefined ? { ...given, name: named } : given;
  if (error instanceof KubeError)
    return { code: error.httpCode, body: status(error.httpCode, error.reason, error.message, subject, error.causes) };
  const objectError = isObjectError(error) ? error : undefined;
  if (objectError === undefined) {
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { code: 500, body: status(500, 'InternalError', message, subject, []) };
  }
  const { http, reason } = codes[objectError.code];
  const causes: StatusCause[] = objectError.fieldErrors.map((field) => ({
    reason: 'FieldValueInvalid',
    message: field.message,
    field: field.path,
  }));
  return { code: http, body: status(http, reason, kubernetesMessage(objectError, subject), subject, causes) };
}

/**
 * Kubernetes' own wording where kubectl users grep for it: `pods "web" not
 * found`, `pods "web" already exists`; the core's message otherwise.
 */
function kubernetesMessage(error: ObjectError, subject: StatusSubject): string {
  const resource =
    subject.group === undefined || subject.group === '' ? subject.resource : `${subject.resource}.${subject.group}`;
  if (resource !== undefined && subject.name !== undefined && subject.name !== '') {
    if (error.code === 'not-found') return `${resource} "${subject.name}" not found`;
    if (error.code === 'already-exists') return `${resource} "${subject.name}" already exists`;
    if (error.code === 'conflict')
      return `Operation cannot be fulfilled on ${resource} "${subject.name}": ${error.message.includes('resourceVersion') ? error.message : `the object has been modified; please apply your changes to the latest version and try again (${error.message})`}`;
    if (error.code === 'invalid' && error.fieldErrors.length > 0)
      return `${kindTitle(subject)} "${subject.name}" is invalid: ${error.fieldErrors.map((field) => `${field.path}: Invalid value: ${field.message}`).join(', ')}`;
  }
  return error.message;
}

function kindTitle(subject: StatusSubject): string {
  const resource = subject.resource ?? '';
  return subject.group === undefined || subject.group === '' ? resource : `${resource}.${subject.group}`;
}

export function status(
  code: number,
  reason: StatusReason,
  message: string,
  subject: StatusSubject,
  causes: readonly StatusCause[],
): Json {
  const details: Json = {};
  if (subject.name !== undefined && subject.name !== '') details['name'] = subject.name;
  if (subject.group !== undefined && subject.group !== '') details['group'] = subject.group;
  if (subject.resource !== undefined && subject.resource !== '') details['kind'] = subject.resource;
  if (causes.length > 0) details['causes'] = causes.map((cause) => ({ ...cause }));
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(Object.keys(details).length === 0 ? {} : { details }),
    code,
  };
}

/** A successful delete's answer when no object is left to return. */
export function successStatus(subject: StatusSubject, uid: string): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: subject.name ?? '', group: subject.group ?? '', kind: subject.resource ?? '', uid },
  };
}
