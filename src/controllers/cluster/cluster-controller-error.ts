/** Typed errors of the cluster controllers. */
export type ClusterControllerErrorCode = 'invalid-argument';

export class ClusterControllerError extends Error {
  override readonly name = 'ClusterControllerError';

  constructor(readonly code: ClusterControllerErrorCode, message: string) {
    super(message);
  }
}
