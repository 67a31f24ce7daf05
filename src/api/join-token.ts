/**
 * Join tokens (part of the object model: the token Secret's shape, shared by
 * the master, the worker and the CLI): `K10<sha256 of the cluster CA's DER, hex>::<id>.<secret>`, the
 * shape of k3s's secure tokens over kubeadm's bootstrap tokens.
 *
 * - The CA hash lets a joiner check the CA a master presents before it sends
 *   anything secret: a man in the middle who shows another CA is refused, and
 *   one who shows the real CA cannot prove the leaf it presents.
 * - `id.secret` is a bootstrap token (6 and 16 characters of [a-z0-9]), kept as
 *   a Secret `kube-system/bootstrap-token-<id>` of type
 *   `bootstrap.kubernetes.io/token` in the replicated state, so creating,
 *   listing and revoking tokens are object writes governed by RBAC, and a
 *   revoked token is a deleted Secret. The secret is compared in constant time.
 * - Each token has a role: `worker` tokens join workers, `master` tokens join
 *   masters (and carry the cluster's sealing secret to them).
 */
import { randomInt, timingSafeEqual } from 'node:crypto';

export type JoinTokenErrorCode = 'malformed' | 'unknown' | 'expired' | 'wrong-role' | 'ca-mismatch';

/** A token that cannot be used; the message never repeats the token's secret. */
export class JoinTokenError extends Error {
  override readonly name = 'JoinTokenError';
  constructor(
    readonly code: JoinTokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type JoinRole = 'worker' | 'master';

export interface ParsedJoinToken {
  /** sha256 hex of the CA's DER the token pins. */
  readonly caHash: string;
  readonly id: string;
  readonly secret: string;
}

/** What is stored for one token (the Secret's data, decoded). */
export interface JoinTokenRecord {
  readonly id: string;
  readonly secret: string;
  readonly role: JoinRole;
  /** RFC 3339; absent = never expires. */
  readonly expiration?: string;
  readonly description?: string;
}

export const joinTokenSecretType = 'bootstrap.kubernetes.io/token';
export const joinTokenNamespace = 'kube-system';
export const joinTokenNamePrefix = 'bootstrap-token-';
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const tokenPattern = /^K10([0-9a-f]{64})::([a-z0-9]{6})\.([a-z0-9]{16})$/;
const tokenLengthMax = 256;

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A fresh `id.secret` pair. */
export function generateTokenPair(): { id: string; secret: string } {
  return { id: randomString(6), secret: randomString(16) };
}

export function formatJoinToken(caHash: string, id: string, secret: string): string {
  return `K10${caHash}::${id}.${secret}`;
}

export function parseJoinToken(token: string): ParsedJoinToken {
  const trimmed = token.trim();
  const match = trimmed.length <= tokenLengthMax ? tokenPattern.exec(trimmed) : null;
  if (match === null)
    throw new JoinTokenError(
      'malformed',
      'the join token is not of the form K10<64 hex digits>::<6 characters>.<16 characters> (make one with `orca token create`)',
    );
  return { caHash: match[1] ?? '', id: match[2] ?? '', secret: match[3] ?? '' };
}

/** The name of the Secret that keeps token `id`. */
export function joinTokenSecretName(id: string): string {
  return `${joinTokenNamePrefix}${id}`;
}

/**
 * Check a presented `id.secret` against its record: unknown, wrong secret,
 * wrong role and expired are refused with one message each (an unknown id and
 * a wrong secret read the same, so probing learns nothing).
 */
export function checkJoinToken(
  presented: Pick<ParsedJoinToken, 'id' | 'secret'>,
  record: JoinTokenRecord | undefined,
  role: JoinRole,
  now: Date,
): void {
  const same =
    record !== undefined &&
    record.secret.length === presented.secret.length &&
    timingSafeEqual(Buffer.from(record.secret), Buffer.from(presented.secret));
  if (record === undefined || !same)
    throw new JoinTokenError(
      'unknown',
      `join token ${presented.id} is not known to the cluster (revoked or never made)`,
    );
  if (record.expiration !== undefined && !(Date.parse(record.expiration) > now.getTime()))
    throw new JoinTokenError('expired', `join token ${presented.id} expired at ${record.expiration}`);
  if (record.role !== role)
    throw new JoinTokenError('wrong-role', `join token ${presented.id} joins ${record.role}s, not ${role}s`);
}

/** The Secret's string data for a record (the master seals it at rest like every Secret). */
export function joinTokenSecretData(record: JoinTokenRecord): Record<string, string> {
  const data: Record<string, string> = {
    'token-id': record.id,
    'token-secret': record.secret,
    'usage-bootstrap-authentication': 'true',
    'orca-role': record.role,
  };
  if (record.expiration !== undefined) data['expiration'] = record.expiration;
  if (record.description !== undefined) data['description'] = record.description;
  return data;
}

/** A record from a Secret's decoded string data; undefined when it is not a well-formed token Secret. */
export function joinTokenRecordFrom(data: Readonly<Record<string, string>>): JoinTokenRecord | undefined {
  const id = data['token-id'];
  const secret = data['token-secret'];
  const role = data['orca-role'] ?? 'worker';
  if (id === undefined || secret === undefined || (role !== 'worker' && role !== 'master')) return undefined;
  return {
    id,
    secret,
    role,
    ...(data['expiration'] === undefined ? {} : { expiration: data['expiration'] }),
    ...(data['description'] === undefined ? {} : { description: data['description'] }),
  };
}
