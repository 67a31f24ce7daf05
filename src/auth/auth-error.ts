/**
 * Typed errors of src/auth. Every operating error an auth component throws is
 * an AuthTypedError with a `code` (one subclass per component: the audit
 * policy's, the ServiceAccount tokens', ...). Callers branch on `code`; the
 * API edge maps it to a status. Broken invariants are assertions, never caught.
 */

/**
 * The base of src/auth's typed errors: callers branch on `code`, users read
 * `message`. Not abstract so a small component may throw it as is, but each
 * component should prefer its own subclass with a narrow `code` union.
 */
export class AuthTypedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

export function isAuthTypedError(error: unknown): error is AuthTypedError {
  return error instanceof AuthTypedError;
}
