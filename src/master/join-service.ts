/**
 * The ClusterService calls of security: Join (by token), RenewCertificate (by
 * the certificate being renewed) and ReviewAccess ("can I?").
 *
 * Join: the token's CA hash must be this cluster's; its `id.secret` must match
 * a live `bootstrap-token-<id>` Secret of the right role (read linearizably);
 * then the CSR's key is signed with the names the master decides. A refused
 * join writes nothing: the token check only reads.
 */
import {
  checkJoinToken,
  JoinTokenError,
  joinTokenNamespace,
  joinTokenRecordFrom,
  joinTokenSecretName,
  parseJoinToken,
  type JoinRole,
  type JoinTokenRecord,
} from '../api/index.js';
import {
  isAuthTypedError,
  issueCertificate,
  leaderUser,
  nodeUserPrefix,
  systemNodes,
  type UserInfo,
} from '../auth/index.js';
import type { AccessReviewRequest__Output } from '../gen/orca/v1/AccessReviewRequest.js';
import type { AccessReviewResponse } from '../gen/orca/v1/AccessReviewResponse.js';
import type { JoinRequest__Output } from '../gen/orca/v1/JoinRequest.js';
import type { JoinResponse } from '../gen/orca/v1/JoinResponse.js';
import type { RenewCertificateRequest__Output } from '../gen/orca/v1/RenewCertificateRequest.js';
import type { RenewCertificateResponse } from '../gen/orca/v1/RenewCertificateResponse.js';
import { certificateNames, masterSubject, type MasterSecurity } from './cluster-security.js';
import { mastersGroup } from './authentication.js';
import type { AccessRequest, ObjectCore } from './object-core.js';
import { isObjectError, ObjectError } from './object-error.js';

export interface JoinServiceDeps {
  readonly security: MasterSecurity;
  readonly core: Pick<ObjectCore, 'get'>;
  /** The cluster's Secret key, for joining masters. */
  readonly secretKey: Uint8Array;
  /** Answers whether a caller may do something (the master's authorize, without audit). */
  readonly review: (request: AccessRequest) => Promise<{ allowed: boolean; reason: string }>;
  readonly now?: () => Date;
}

const namePattern = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;
const addressesMax = 16;

async function tokenRecord(deps: JoinServiceDeps, id: string): Promise<JoinTokenRecord | undefined> {
  try {
    const secret = await deps.core.get(
      { kind: 'Secret', namespace: joinTokenNamespace, name: joinTokenSecretName(id) },
      { caller: leaderUser },
    );
    const data = (secret as { data?: Record<string, string> }).data ?? {};
    const decoded = Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
    );
    return joinTokenRecordFrom(decoded);
  } catch (error: unknown) {
    if (isObjectError(error, 'not-found')) return undefined;
    throw error;
  }
}

function refuse(message: string): never {
  throw new ObjectError('unauthenticated', message);
}

export async function handleJoin(deps: JoinServiceDeps, request: JoinRequest__Output): Promise<JoinResponse> {
  const role = request.role as JoinRole;
  if (role !== 'worker' && role !== 'master') throw new ObjectError('invalid', 'role: must be worker or master');
  if (!namePattern.test(request.name))
    throw new ObjectError(
      'invalid',
      `name: "${request.name}" must be a DNS label (lowercase letters, digits, - and .)`,
    );
  if (request.addresses.length > addressesMax) throw new ObjectError('invalid', `addresses: at most ${addressesMax}`);
  let token;
  try {
    token = parseJoinToken(request.token);
    if (token.caHash !== deps.security.caHash) refuse('the join token pins another cluster CA');
    checkJoinToken(token, await tokenRecord(deps, token.id), role, deps.now?.() ?? new Date());
  } catch (error: unknown) {
    if (error instanceof JoinTokenError) refuse(`join refused: ${error.message}`);
    throw error;
  }
  const subject =
    role === 'master'
      ? masterSubject(request.name, request.addresses)
      : {
          commonName: `${nodeUserPrefix}${request.name}`,
          organizations: [systemNodes],
          ...certificateNames(request.addresses),
          usages: ['server' as const, 'client' as const],
        };
  const certificatePem = await sign(deps, request.csrPem, subject);
  return {
    certificatePem,
    caPem: deps.security.caPem,
    clusterToken: role === 'master' ? deps.security.clusterToken : '',
    secretKey: role === 'master' ? Buffer.from(deps.secretKey) : Buffer.alloc(0),
  };
}

async function sign(
  deps: JoinServiceDeps,
  csrPem: string,
  subject: Omit<Parameters<typeof issueCertificate>[1], 'csrPem' | 'validMs'>,
): Promise<string> {
  try {
    return await issueCertificate(deps.security.signer(), {
      csrPem,
      ...subject,
      validMs: deps.security.certificateValidMs,
    });
  } catch (error: unknown) {
    if (isAuthTypedError(error)) throw new ObjectError('invalid', `csrPem: ${error.message}`);
    throw error;
  }
}

/** A member renews its own certificate: the same name and groups, the addresses it names (a worker's) or its own. */
export async function handleRenew(
  deps: JoinServiceDeps,
  peer: UserInfo | undefined,
  request: RenewCertificateRequest__Output,
  addresses: readonly string[],
): Promise<RenewCertificateResponse> {
  if (peer === undefined) refuse('renewing a certificate needs the current one (a client certificate of this cluster)');
  const isNode = peer.name.startsWith(nodeUserPrefix) && peer.groups.includes(systemNodes);
  const isMaster = peer.groups.includes(mastersGroup);
  if (!isNode && !isMaster) throw new ObjectError('forbidden', `user "${peer.name}" cannot renew a member certificate`);
  const subject = isMaster
    ? masterSubject(peer.name, addresses)
    : {
        commonName: peer.name,
        organizations: [systemNodes],
        ...certificateNames(addresses),
        usages: ['server' as const, 'client' as const],
      };
  return { certificatePem: await sign(deps, request.csrPem, subject) };
}

/** Map `pods`, `Pod`, `pods/log` to the Kind and subresource the core's authorize understands. */
export async function handleReview(
  deps: Pick<JoinServiceDeps, 'review'>,
  caller: UserInfo,
  request: AccessReviewRequest__Output,
  kindOf: (resource: string) => string | undefined,
): Promise<AccessReviewResponse> {
  const [resource = '', subresource = ''] = request.resource.split('/');
  const kind = kindOf(resource);
  if (kind === undefined) throw new ObjectError('invalid', `resource: unknown resource "${request.resource}"`);
  const verbs: Record<string, AccessRequest['verb']> = {
    get: 'get',
    list: 'list',
    watch: 'watch',
    create: 'create',
    update: subresource === 'status' ? 'updateStatus' : 'update',
    patch: subresource === 'status' ? 'updateStatus' : 'update',
    delete: 'delete',
  };
  const verb = verbs[request.verb];
  if (verb === undefined) throw new ObjectError('invalid', `verb: one of ${Object.keys(verbs).join(', ')}`);
  const decision = await deps.review({
    user: caller,
    verb,
    kind,
    namespace: request.namespace,
    name: request.name,
    dryRun: true,
    ...(subresource !== '' && subresource !== 'status' ? { subresource } : {}),
  });
  return { allowed: decision.allowed, reason: decision.reason, user: caller.name, groups: [...caller.groups] };
}
