/**
 * ServiceAccount tokens on the master: issuing them for pods (Kubernetes'
 * TokenRequest, `create serviceaccounts/token`, asked by the worker that runs
 * the pod) and accepting them as bearer tokens.
 *
 * The signing key (P-256) is the cluster's, sealed in the replicated state
 * beside the CA key (cluster-security.ts); every master verifies with it. A
 * token is accepted only while its ServiceAccount exists with the uid the
 * token names, and — for a pod-bound token — while that pod exists with its
 * uid: deleting either revokes the token at once, as in Kubernetes.
 */
import { createPublicKey } from 'node:crypto';
import { isAuthTypedError, ServiceAccountTokens, tokenExpirationSecondsDefault, type UserInfo } from '../auth/index.js';
import type { ServiceAccountTokenRequest__Output } from '../gen/orca/v1/ServiceAccountTokenRequest.js';
import type { ServiceAccountTokenResponse } from '../gen/orca/v1/ServiceAccountTokenResponse.js';
import type { StateMachine } from '../state/index.js';
import type { MasterSecurity } from './cluster-security.js';
import type { ObjectCore } from './object-core.js';
import { ObjectError } from './object-error.js';

/** The issuer and the default audience of the API, as Kubernetes' defaults. */
export const serviceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountTokenDeps {
  readonly security: MasterSecurity;
  readonly state: Pick<StateMachine, 'get'>;
  readonly core: Pick<ObjectCore, 'authorize'>;
}

function uidOf(object: unknown): string {
  return (object as { metadata?: { uid?: string } } | undefined)?.metadata?.uid ?? '';
}

export class ServiceAccountTokenService {
  private tokens: ServiceAccountTokens | undefined;

  constructor(private readonly deps: ServiceAccountTokenDeps) {}

  /** A bearer-token authenticator: undefined when the token is not a JWT of this cluster's. */
  authenticate = async (token: string): Promise<UserInfo | undefined> => {
    if (token.split('.').length !== 3) return undefined;
    const tokens = this.signer();
    if (tokens === undefined) return undefined;
    let identity;
    try {
      identity = await tokens.verify(token, { audience: serviceAccountIssuer });
    } catch (error: unknown) {
      if (isAuthTypedError(error)) return undefined;
      throw error;
    }
    const account = this.deps.state.get('ServiceAccount', identity.namespace, identity.name);
    if (account === undefined || uidOf(account) !== identity.uid) return undefined;
    if (identity.podName !== undefined) {
      const pod = this.deps.state.get('Pod', identity.namespace, identity.podName);
      if (pod === undefined || uidOf(pod) !== (identity.podUid ?? '')) return undefined;
    }
    return { name: identity.user, groups: identity.groups, uid: identity.uid };
  };

  async issue(caller: UserInfo, request: ServiceAccountTokenRequest__Output): Promise<ServiceAccountTokenResponse> {
    const namespace = request.namespace === '' ? 'default' : request.namespace;
    await this.deps.core.authorize({
      user: caller,
      verb: 'create',
      kind: 'ServiceAccount',
      subresource: 'token',
      namespace,
      name: request.name,
      dryRun: false,
    });
    const account = this.deps.state.get('ServiceAccount', namespace, request.name);
    if (account === undefined)
      throw new ObjectError('not-found', `ServiceAccount ${namespace}/${request.name} not found`);
    let pod: { name: string; uid: string } | undefined;
    if (request.podName !== '') {
      const stored = this.deps.state.get('Pod', namespace, request.podName);
      if (stored === undefined || (request.podUid !== '' && uidOf(stored) !== request.podUid))
        throw new ObjectError('not-found', `pod ${namespace}/${request.podName} not found`);
      pod = { name: request.podName, uid: uidOf(stored) };
    }
    const tokens = this.signer();
    if (tokens === undefined)
      throw new ObjectError('unavailable', 'this master does not hold the ServiceAccount signing key yet');
    const expirationSeconds =
      Number(request.expirationSeconds) > 0 ? Number(request.expirationSeconds) : tokenExpirationSecondsDefault;
    try {
      const token = await tokens.issue({
        namespace,
        name: request.name,
        uid: uidOf(account),
        audiences: request.audiences.length === 0 ? [serviceAccountIssuer] : request.audiences,
        expirationSeconds,
        ...(pod === undefined ? {} : { podName: pod.name, podUid: pod.uid }),
      });
      return {
        token,
        expiration: new Date(Date.now() + expirationSeconds * 1000).toISOString(),
        caPem: this.deps.security.caPem,
      };
    } catch (error: unknown) {
      if (isAuthTypedError(error)) throw new ObjectError('invalid', error.message);
      throw error;
    }
  }

  private signer(): ServiceAccountTokens | undefined {
    if (this.tokens !== undefined) return this.tokens;
    const privateKeyPem = this.deps.security.serviceAccountKey();
    if (privateKeyPem === undefined) return undefined;
    const publicKeyPem = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    this.tokens = new ServiceAccountTokens({
      privateKeyPem,
      publicKeyPems: [publicKeyPem],
      issuer: serviceAccountIssuer,
    });
    return this.tokens;
  }
}
