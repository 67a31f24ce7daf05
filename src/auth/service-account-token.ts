/**
 * ServiceAccount tokens, as Kubernetes' projected (bound) tokens: ES256 JWTs
 * whose claims name the ServiceAccount (and the pod they are bound to), so a
 * pod's token works with tools that read Kubernetes tokens. The signing key
 * signs; every key in the verification list verifies, so keys rotate by
 * adding the new public key everywhere first, then switching the signing key,
 * then dropping the old public key once its tokens have expired.
 *
 * This decides whether a token is genuine and current. Whether the
 * ServiceAccount (and pod) it names still exist with the same uids is the
 * caller's check, against the state, as Kubernetes' token authenticator does.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { CompactSign, compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { AuthTypedError } from './auth-error.js';

export type ServiceAccountTokenErrorCode =
  /** Not a JWT, too long, not ES256, or claims not of a ServiceAccount token. */
  | 'malformed'
  /** The signature does not verify with the key the token names (or, with no `kid`, with any key). */
  | 'bad-signature'
  /** Past its `exp`, or before its `nbf`. */
  | 'expired'
  /** The audience asked for is not among the token's `aud`. */
  | 'wrong-audience'
  /** Issued by another issuer. */
  | 'wrong-issuer'
  /** Its `kid` names no key in the verification list (a key already rotated out). */
  | 'unknown-key'
  /** A bad option or issue request (bad key, expiration out of range, empty audience); the message names it. */
  | 'invalid-argument';

/** Why a token was refused, or an issue request was bad. Messages never contain the token. */
export class ServiceAccountTokenError extends AuthTypedError<ServiceAccountTokenErrorCode> {
  override readonly name = 'ServiceAccountTokenError';
}

/** A token longer than this is refused before it is parsed. */
export const serviceAccountTokenBytesMax = 16 * 1024;
/** Default lifetime of an issued token: an hour, as Kubernetes' projected volume default. */
export const tokenExpirationSecondsDefault = 3600;
/** Kubernetes' minimum: ten minutes, so a kubelet-style refresher has time to renew. */
export const tokenExpirationSecondsMin = 600;
/** A week: a longer-lived token is a long-lived credential; rotate instead. */
export const tokenExpirationSecondsMax = 86400 * 7;
/** Tolerated clock difference between the master that issued a token and the one verifying it, on `nbf`. */
export const tokenNotBeforeLeewaySeconds = 60;
/** The most verification keys. */
export const verificationKeysMax = 100;
/** The most audiences of one token. */
export const tokenAudiencesMax = 100;
const stringMax = 253;

/** The claims of a token, as Kubernetes writes them. */
export interface ServiceAccountTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly nbf: number;
  readonly 'kubernetes.io': {
    readonly namespace: string;
    readonly serviceaccount: { readonly name: string; readonly uid: string };
    readonly pod?: { readonly name: string; readonly uid: string };
  };
}

export interface ServiceAccountTokensOptions {
  /** The signing key: P-256, PKCS#8 PEM. Its public key is always accepted for verification. */
  readonly privateKeyPem: string;
  /** Further public keys (SPKI PEM) accepted for verification: keys being rotated in or out. */
  readonly publicKeyPems: readonly string[];
  /** The `iss` claim, e.g. 'https://kubernetes.default.svc.cluster.local'. */
  readonly issuer: string;
  /** Epoch milliseconds; tests pass their own. */
  readonly clock?: () => number;
}

export interface IssueTokenRequest {
  readonly namespace: string;
  /** The ServiceAccount's name. */
  readonly name: string;
  /** The ServiceAccount's uid. */
  readonly uid: string;
  /** Who the token is for; a verifier accepts it only for one of these. At least one. */
  readonly audiences: readonly string[];
  /** Lifetime; default 3600, from 600 to 604800 (a week). */
  readonly expirationSeconds?: number;
  /** The pod the token is bound to: both or neither. */
  readonly podName?: string;
  readonly podUid?: string;
}

/** Who a verified token speaks for. */
export interface ServiceAccountIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly podName?: string;
  readonly podUid?: string;
  /** `system:serviceaccount:NS:NAME`. */
  readonly user: string;
  /** `system:serviceaccounts`, `system:serviceaccounts:NS`, `system:authenticated`. */
  readonly groups: string[];
}

interface VerificationKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** Issues and verifies ServiceAccount tokens. */
export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly signingKid: string;
  private readonly keys: readonly VerificationKey[];
  private readonly issuer: string;
  private readonly clock: () => number;

  constructor(options: ServiceAccountTokensOptions) {
    if (options.issuer === '' || options.issuer.length > 2048) invalid('issuer: must be 1 to 2048 characters');
    if (options.publicKeyPems.length > verificationKeysMax) {
      invalid(`publicKeyPems: at most ${verificationKeysMax} keys`);
    }
    this.privateKey = readKey(() => createPrivateKey(options.privateKeyPem), 'privateKeyPem');
    const signingPublic = createPublicKey(this.privateKey);
    this.signingKid = keyId(signingPublic);
    const others = options.publicKeyPems.map((pem, index) =>
      readKey(() => createPublicKey(pem), `publicKeyPems[${index}]`),
    );
    const byKid = new Map<string, KeyObject>();
    for (const key of [signingPublic, ...others]) byKid.set(keyId(key), key);
    this.keys = [...byKid].map(([kid, key]) => ({ kid, key }));
    this.issuer = options.issuer;
    this.clock = options.clock ?? Date.now;
  }

  /** A signed token for a ServiceAccount (and pod), with Kubernetes' claims and a `kid` header. */
  async issue(request: IssueTokenRequest): Promise<string> {
    const claims = this.claimsFor(request);
    const payload = new TextEncoder().encode(JSON.stringify(claims));
    return new CompactSign(payload).setProtectedHeader({ alg: 'ES256', kid: this.signingKid }).sign(this.privateKey);
  }

  /** The claims `issue` signs; throws ServiceAccountTokenError('invalid-argument') on a bad request. */
  private claimsFor(request: IssueTokenRequest): ServiceAccountTokenClaims {
    checkIssueRequest(request);
    const expirationSeconds = request.expirationSeconds ?? tokenExpirationSecondsDefault;
    const now = Math.floor(this.clock() / 1000);
    const pod =
      request.podName === undefined || request.podUid === undefined
        ? {}
        : { pod: { name: request.podName, uid: request.podUid } };
    return {
      iss: this.issuer,
      sub: serviceAccountUser(request.namespace, request.name),
      aud: [...request.audiences],
      exp: now + expirationSeconds,
      iat: now,
      nbf: now,
      'kubernetes.io': {
        namespace: request.namespace,
        serviceaccount: { name: request.name, uid: request.uid },
        ...pod,
      },
    };
  }

  /**
   * The identity of a genuine, current token meant for `audience`; throws
   * ServiceAccountTokenError with the reason otherwise.
   */
  async verify(token: string, options: { readonly audience: string }): Promise<ServiceAccountIdentity> {
    const claims = readClaims(await this.verifySignature(token));
    if (claims.iss !== this.issuer) refuse('wrong-issuer', 'the token was issued by another issuer');
    const nowSeconds = this.clock() / 1000;
    if (nowSeconds >= claims.exp) refuse('expired', 'the token has expired');
    if (claims.nbf !== undefined && nowSeconds + tokenNotBeforeLeewaySeconds < claims.nbf) {
      refuse('expired', 'the token is not valid yet');
    }
    if (!claims.aud.includes(options.audience)) refuse('wrong-audience', 'the token is not meant for this audience');
    const { namespace, serviceaccount, pod } = claims.kubernetes;
    return {
      namespace,
      name: serviceaccount.name,
      uid: serviceaccount.uid,
      ...(pod === undefined ? {} : { podName: pod.name, podUid: pod.uid }),
      user: serviceAccountUser(namespace, serviceaccount.name),
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    };
  }

  /** The payload of a token whose signature verifies with the key it names (or any key, with no `kid`). */
  private async verifySignature(token: string): Promise<Uint8Array> {
    if (typeof token !== 'string' || token.length > serviceAccountTokenBytesMax) {
      refuse('malformed', `the token is not a string of at most ${serviceAccountTokenBytesMax} bytes`);
    }
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
      refuse('malformed', 'the token is not a compact JWS');
    }
    let header: { alg?: unknown; kid?: unknown };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      refuse('malformed', 'the token header cannot be read');
    }
    if (header.alg !== 'ES256') refuse('malformed', 'the token is not signed with ES256');
    const candidates = typeof header.kid === 'string' ? this.keys.filter((key) => key.kid === header.kid) : this.keys;
    if (header.kid !== undefined && candidates.length === 0) {
      refuse('unknown-key', 'the token names a signing key that is not (or no longer) trusted');
    }
    for (const candidate of candidates) {
      try {
        return (await compactVerify(token, candidate.key, { algorithms: ['ES256'] })).payload;
      } catch (error: unknown) {
        if (!(error instanceof joseErrors.JWSSignatureVerificationFailed)) {
          refuse('malformed', 'the token cannot be verified as a JWS');
        }
      }
    }
    return refuse('bad-signature', 'the token signature does not verify');
  }
}

/** The Kubernetes user name of a ServiceAccount: `system:serviceaccount:NS:NAME`. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The `kid` of a public key, as Kubernetes computes it: base64url (unpadded) of the SHA-256 of its SPKI DER. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

/** A new P-256 signing key: the private key in PKCS#8 PEM, the public key in SPKI PEM. */
export async function generateSigningKey(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function refuse(code: ServiceAccountTokenErrorCode, message: string): never {
  throw new ServiceAccountTokenError(code, message);
}

function invalid(message: string): never {
  throw new ServiceAccountTokenError('invalid-argument', message);
}

function readKey(read: () => KeyObject, field: string): KeyObject {
  let key: KeyObject;
  try {
    key = read();
  } catch {
    invalid(`${field}: not a PEM key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    invalid(`${field}: must be a P-256 (ES256) key`);
  }
  return key;
}

/** DNS-1123 subdomain, as Kubernetes names; a ':' would make the user name ambiguous. */
const namePattern = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function checkIssueRequest(request: IssueTokenRequest): void {
  for (const field of ['namespace', 'name'] as const) {
    const value = request[field];
    if (value.length > stringMax || !namePattern.test(value)) invalid(`${field}: must be a DNS-1123 name`);
  }
  if (request.uid === '' || request.uid.length > stringMax) invalid(`uid: must be 1 to ${stringMax} characters`);
  const audiences = request.audiences;
  if (audiences.length === 0 || audiences.length > tokenAudiencesMax) {
    invalid(`audiences: must have 1 to ${tokenAudiencesMax} entries`);
  }
  if (audiences.some((audience) => audience === '' || audience.length > 2048)) {
    invalid('audiences: each must be 1 to 2048 characters');
  }
  const seconds = request.expirationSeconds ?? tokenExpirationSecondsDefault;
  if (!Number.isSafeInteger(seconds) || seconds < tokenExpirationSecondsMin || seconds > tokenExpirationSecondsMax) {
    invalid(`expirationSeconds: must be an integer from ${tokenExpirationSecondsMin} to ${tokenExpirationSecondsMax}`);
  }
  if ((request.podName === undefined) !== (request.podUid === undefined)) {
    invalid('podName, podUid: give both or neither');
  }
  if (request.podName !== undefined && (request.podName.length > stringMax || !namePattern.test(request.podName))) {
    invalid('podName: must be a DNS-1123 name');
  }
  if (request.podUid !== undefined && (request.podUid === '' || request.podUid.length > stringMax)) {
    invalid(`podUid: must be 1 to ${stringMax} characters`);
  }
}

interface VerifiedClaims {
  readonly iss: unknown;
  readonly aud: readonly string[];
  readonly exp: number;
  readonly nbf: number | undefined;
  readonly kubernetes: {
    readonly namespace: string;
    readonly serviceaccount: { readonly name: string; readonly uid: string };
    readonly pod: { readonly name: string; readonly uid: string } | undefined;
  };
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The claims of a signed payload, refused as malformed unless shaped as a ServiceAccount token. */
function readClaims(payload: Uint8Array): VerifiedClaims {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    refuse('malformed', 'the token payload is not JSON');
  }
  if (!isMapping(claims)) refuse('malformed', 'the token payload is not a JSON object');
  const audience = typeof claims['aud'] === 'string' ? [claims['aud']] : claims['aud'];
  if (!Array.isArray(audience) || !audience.every((entry) => typeof entry === 'string')) {
    refuse('malformed', 'the token has no audience');
  }
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) {
    refuse('malformed', 'the token has no valid exp or nbf');
  }
  const kubernetes = readKubernetesClaim(claims['kubernetes.io']);
  if (claims['sub'] !== serviceAccountUser(kubernetes.namespace, kubernetes.serviceaccount.name)) {
    refuse('malformed', 'the token subject does not match its ServiceAccount');
  }
  return { iss: claims['iss'], aud: audience as string[], exp, nbf, kubernetes };
}

function readKubernetesClaim(value: unknown): VerifiedClaims['kubernetes'] {
  if (!isMapping(value) || typeof value['namespace'] !== 'string') {
    refuse('malformed', 'the token has no kubernetes.io claim');
  }
  const serviceaccount = readNameAndUid(value['serviceaccount']);
  if (serviceaccount === undefined) refuse('malformed', 'the token names no ServiceAccount');
  const pod = value['pod'] === undefined ? undefined : readNameAndUid(value['pod']);
  if (value['pod'] !== undefined && pod === undefined) refuse('malformed', 'the token pod claim is malformed');
  return { namespace: value['namespace'], serviceaccount, pod };
}

function readNameAndUid(value: unknown): { name: string; uid: string } | undefined {
  if (!isMapping(value)) return undefined;
  const { name, uid } = value;
  return typeof name === 'string' && typeof uid === 'string' && name !== '' ? { name, uid } : undefined;
}
