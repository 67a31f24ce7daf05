/** The data path's typed error: one code per kind of failure, mapped to a message at the edge. */
export type NetworkErrorCode =
  /** An external command (ip, nft) failed; the message carries its stderr. */
  | 'command-failed'
  /** The options given cannot work (a bad address, a port out of range). */
  | 'invalid-config'
  /** This machine cannot do it (not root, a tool missing): the component stays off and says why. */
  | 'unsupported';

export class NetworkError extends Error {
  constructor(readonly code: NetworkErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

export function isNetworkError(error: unknown, code?: NetworkErrorCode): error is NetworkError {
  return error instanceof NetworkError && (code === undefined || error.code === code);
}
