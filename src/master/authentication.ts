/**
 * Who is calling: the first step of every request (authenticate → authorize →
 * …), done once per call by the gRPC adapters, its answer handed to the object
 * core as the caller.
 *
 * In order:
 * 1. A client certificate the cluster CA signed (checked by TLS: grpc-js shows
 *    a peer certificate only when it verified) — user = CN, groups = O, as
 *    Kubernetes' x509 authenticator.
 *    - A master's certificate (O = orca:masters) may speak for another caller:
 *      a follower forwarding a write to the leader names the original caller
 *      in `orca-forwarded-user` / `orca-forwarded-groups`, and only a master's
 *      word for it is taken.
 * 2. `authorization: Bearer …`: a ServiceAccount token (a JWT signed by the
 *    cluster) or a static user token (`--token-auth-file`, kube-apiserver's
 *    CSV format: token,user,uid,"group1,group2").
 * 3. Nothing else: UNAUTHENTICATED.
 * Every authenticated caller is also in `system:authenticated`.
 */
import type { Metadata } from '@grpc/grpc-js';
import { insecureUser, systemAuthenticated, type UserInfo } from '../auth/index.js';
import { ObjectError } from './object-error.js';

/** The group of masters' own certificates. */
export const mastersGroup = 'orca:masters';
export const forwardedUserKey = 'orca-forwarded-user';
export const forwardedGroupsKey = 'orca-forwarded-groups';

/** What a gRPC server call offers authentication (grpc-js ≥ 1.14). */
export interface AuthenticatedCall {
  readonly metadata: Metadata;
  getAuthContext?(): { sslPeerCertificate?: { subject?: Record<string, string | string[] | undefined> } } | null;
}

export interface Authenticator {
  /** The caller, or an ObjectError `unauthenticated`. */
  authenticate(call: AuthenticatedCall): Promise<UserInfo>;
  /** The identity a call's TLS certificate proves, if any (no token, no forwarding): for member-only services. */
  peer(call: AuthenticatedCall): UserInfo | undefined;
  /** False for a master started without security: every call is `insecureUser`. */
  readonly secure: boolean;
}

/** Bearer token checks, tried in order; each answers undefined when the token is not of its kind. */
export type TokenAuthenticator = (token: string) => Promise<UserInfo | undefined>;

const groupsMax = 64;
const tokenBytesMax = 16 * 1024;

function values(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes(systemAuthenticated) ? user : { ...user, groups: [...user.groups, systemAuthenticated] };
}

/**
 * The TLS connection (HTTP/2 session) a grpc-js server call arrived on, found
 * through the call's own fields; undefined when grpc-js is laid out
 * otherwise, and then the identity is simply read again for each call.
 */
function sessionOf(call: AuthenticatedCall): object | undefined {
  let at: unknown = call;
  for (let depth = 0; depth < 4 && typeof at === 'object' && at !== null; depth += 1) {
    const stream = (at as { stream?: { session?: unknown } }).stream;
    if (typeof stream?.session === 'object' && stream.session !== null) return stream.session;
    at = (at as { call?: unknown; nextCall?: unknown }).call ?? (at as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}

/**
 * Identities by connection: a TLS 1.3 peer cannot change its certificate
 * within a connection, and reading it (getPeerCertificate) builds the whole
 * certificate as an object — the largest cost of security per request before
 * this cache. Entries go with their connection (a WeakMap).
 */
const identities = new WeakMap<object, UserInfo | null>();

/** The identity in a verified client certificate. */
export function certificateUser(call: AuthenticatedCall): UserInfo | undefined {
  const session = sessionOf(call);
  if (session !== undefined) {
    const known = identities.get(session);
    if (known !== undefined) return known ?? undefined;
    const user = readCertificateUser(call);
    identities.set(session, user ?? null);
    return user;
  }
  return readCertificateUser(call);
}

function readCertificateUser(call: AuthenticatedCall): UserInfo | undefined {
  const subject = call.getAuthContext?.()?.sslPeerCertificate?.subject;
  if (subject === undefined) return undefined;
  const name = values(subject['CN'])[0];
  if (name === undefined || name === '') return undefined;
  return withAuthenticated({ name, groups: values(subject['O']).slice(0, groupsMax) });
}

function forwardedUser(call: AuthenticatedCall): UserInfo | undefined {
  const name = call.metadata.get(forwardedUserKey)[0];
  if (typeof name !== 'string' || name === '') return undefined;
  const groupsText = call.metadata.get(forwardedGroupsKey)[0];
  let groups: string[] = [];
  if (typeof groupsText === 'string' && groupsText !== '') {
    const parsed: unknown = JSON.parse(groupsText);
    if (Array.isArray(parsed)) groups = parsed.filter((g): g is string => typeof g === 'string').slice(0, groupsMax);
  }
  return { name, groups };
}

/** Metadata a forwarding master adds so that the leader authorizes the original caller. */
export function forwardedIdentity(user: UserInfo, metadata: Metadata): Metadata {
  metadata.set(forwardedUserKey, user.name);
  metadata.set(forwardedGroupsKey, JSON.stringify(user.groups));
  return metadata;
}

function bearerToken(call: AuthenticatedCall): string | undefined {
  const header = call.metadata.get('authorization')[0];
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

export class ClusterAuthenticator implements Authenticator {
  readonly secure = true;

  constructor(private readonly tokens: readonly TokenAuthenticator[]) {}

  peer(call: AuthenticatedCall): UserInfo | undefined {
    return certificateUser(call);
  }

  async authenticate(call: AuthenticatedCall): Promise<UserInfo> {
    const fromCertificate = certificateUser(call);
    if (fromCertificate !== undefined) {
      if (!fromCertificate.groups.includes(mastersGroup)) return fromCertificate;
      return forwardedUser(call) ?? fromCertificate;
    }
    const token = bearerToken(call);
    if (token !== undefined) {
      if (token.length > tokenBytesMax) throw new ObjectError('unauthenticated', 'the bearer token is too long');
      for (const check of this.tokens) {
        const user = await check(token);
        if (user !== undefined) return withAuthenticated(user);
      }
      throw new ObjectError(
        'unauthenticated',
        'the bearer token is not valid (expired, revoked or not of this cluster)',
      );
    }
    throw new ObjectError(
      'unauthenticated',
      'no credentials: present a client certificate signed by the cluster CA or a bearer token (see `orca config`)',
    );
  }
}

/** A master without security: everyone is the insecure superuser (tests and `--insecure` only). */
export const insecureAuthenticator: Authenticator = {
  secure: false,
  authenticate: () => Promise.resolve(insecureUser),
  peer: () => insecureUser,
};

export interface StaticTokenUser extends UserInfo {
  readonly token: string;
}

/**
 * kube-apiserver's `--token-auth-file`: one `token,user,uid,"group1,group2"`
 * line per user; `#` comments. Errors name the line.
 */
export function parseTokenAuthFile(text: string): StaticTokenUser[] {
  const users: StaticTokenUser[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([^,]+),([^,]+),([^,]*)(?:,"?([^"]*)"?)?$/.exec(line);
    if (match === null)
      throw new ObjectError('invalid', `token file line ${index + 1}: expected token,user,uid[,"group1,group2"]`);
    const [, token = '', name = '', uid = '', groups = ''] = match;
    if (token.length < 16) throw new ObjectError('invalid', `token file line ${index + 1}: a token has 16+ characters`);
    users.push({
      token,
      name,
      uid,
      groups: groups
        .split(',')
        .map((g) => g.trim())
        .filter((g) => g !== ''),
    });
  }
  return users;
}

export function staticTokenAuthenticator(users: readonly StaticTokenUser[]): TokenAuthenticator {
  const byToken = new Map(users.map((user) => [user.token, user]));
  return (token) => {
    const user = byToken.get(token);
    return Promise.resolve(
      user === undefined ? undefined : { name: user.name, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}) },
    );
  };
}
