/**
 * A secure master's security parts, assembled in one place: who calls
 * (authentication.ts), may they (authorizer.ts), what was done (the audit
 * log), ServiceAccount tokens, joins, and the upkeep of its own certificate
 * and keys. A master without security gets the insecure authenticator, an
 * authorize that allows everything and no audit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrcaObject } from '../api/index.js';
import {
  AuditLog,
  defaultAuditPolicy,
  defaultClusterRoleBindings,
  defaultClusterRoles,
  leaderUser,
  parseAuditPolicy,
  type AuditPolicy,
} from '../auth/index.js';
import { startCertificateRenewal } from '../client/index.js';
import type { Logger } from '../log/index.js';
import type { StateMachine } from '../state/index.js';
import {
  ClusterAuthenticator,
  insecureAuthenticator,
  parseTokenAuthFile,
  staticTokenAuthenticator,
  type Authenticator,
  type TokenAuthenticator,
} from './authentication.js';
import { attributesOf, ClusterAuthorizer } from './authorizer.js';
import { caSecretName, caSecretNamespace, type MasterSecurity } from './cluster-security.js';
import type { MasterSecurityConfig } from './config.js';
import { MasterError } from './master-error.js';
import { isObjectError } from './object-error.js';
import type { AccessRequest, AuditSink, Authorize, ObjectCore } from './object-core.js';
import { ServiceAccountTokenService } from './service-account-tokens.js';

/**
 * What a secure cluster keeps in its state from the start, as Kubernetes'
 * bootstrap policy: the default ClusterRoles and ClusterRoleBindings, and the
 * Secret `kube-system/orca-cluster-ca` with the CA certificate and the sealed
 * CA and ServiceAccount keys (omitted while this master has not learned them).
 */
export function securityDefaults(security: MasterSecurity): OrcaObject[] {
  const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  const roles: OrcaObject[] = defaultClusterRoles.map((role) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role.name, labels },
    rules: role.rules.map((rule) => ({ ...rule })),
  })) as unknown as OrcaObject[];
  const bindings: OrcaObject[] = defaultClusterRoleBindings.map((binding) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: binding.name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...binding.roleRef },
    subjects: binding.subjects.map((subject) => ({
      ...subject,
      ...(subject.kind === 'ServiceAccount' ? {} : { apiGroup: 'rbac.authorization.k8s.io' }),
    })),
  })) as unknown as OrcaObject[];
  const data = security.caSecretData();
  const secret: OrcaObject[] =
    data === undefined
      ? []
      : [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: caSecretName, namespace: caSecretNamespace },
            type: 'orca.dev/cluster-ca',
            data,
          } as unknown as OrcaObject,
        ];
  return [...roles, ...bindings, ...secret];
}

export interface SecurityParts {
  readonly authenticator: Authenticator;
  readonly authorize?: Authorize;
  readonly audit?: AuditSink;
  readonly review: (request: AccessRequest) => Promise<{ allowed: boolean; reason: string }>;
  readonly serviceAccounts?: ServiceAccountTokenService;
  /** Start renewing this master's certificate and learning the keys, once the core (which authorizes token requests) exists. */
  start(core: Pick<ObjectCore, 'authorize' | 'get'>): void;
  close(): Promise<void>;
}

/** The leader's in-process work is not audited: the objects' history and Events tell it, and it is most of the traffic. */
const leaderQuiet: AuditPolicy['rules'][number] = { level: 'None', users: [leaderUser.name] };

function auditPolicy(config: MasterSecurityConfig): AuditPolicy {
  const base =
    config.auditPolicyFile === undefined
      ? defaultAuditPolicy
      : parseAuditPolicy(readFileSync(config.auditPolicyFile, 'utf8'));
  return { rules: [leaderQuiet, ...base.rules] };
}

function auditSink(log: AuditLog): AuditSink {
  return {
    record(request, code, latencyMs) {
      const attributes = attributesOf(request);
      log.record({
        user: request.user.name,
        groups: request.user.groups,
        verb: attributes.verb,
        apiGroup: attributes.apiGroup,
        kind: request.kind,
        resource: attributes.resource,
        subresource: attributes.subresource,
        namespace: attributes.namespace,
        name: request.name,
        code,
        latencyMs: Math.round(latencyMs * 1000) / 1000,
        ...(request.object === undefined ? {} : { requestObject: request.object }),
      });
    },
  };
}

export interface SecurityPartsOptions {
  readonly dataDir: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly config: MasterSecurityConfig | undefined;
  readonly security: MasterSecurity | undefined;
  readonly state: StateMachine;
  readonly logger: Logger;
}

export function insecureParts(): SecurityParts {
  return {
    authenticator: insecureAuthenticator,
    review: () => Promise.resolve({ allowed: true, reason: 'this cluster runs without security' }),
    start: () => undefined,
    close: () => Promise.resolve(),
  };
}

export function securityParts(options: SecurityPartsOptions): SecurityParts {
  const { security, config, state, logger } = options;
  if (security === undefined || config === undefined) return insecureParts();
  const authorizer = new ClusterAuthorizer({ state });
  let core: Pick<ObjectCore, 'authorize'> | null = null;
  const serviceAccounts = new ServiceAccountTokenService({
    security,
    state,
    core: {
      authorize: (access) => {
        if (core === null) throw new MasterError('unavailable', 'the master is starting');
        return core.authorize(access);
      },
    },
  });
  const tokenCheckers: TokenAuthenticator[] = [serviceAccounts.authenticate];
  if (config.tokenAuthFile !== undefined) {
    try {
      tokenCheckers.push(staticTokenAuthenticator(parseTokenAuthFile(readFileSync(config.tokenAuthFile, 'utf8'))));
    } catch (error: unknown) {
      throw new MasterError(
        'invalid-config',
        `token-auth-file: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const auditLog = new AuditLog({
    file: config.auditLogFile ?? join(options.dataDir, 'audit.log'),
    policy: auditPolicy(config),
    onError: (error) => logger.warn({ error: error.message }, 'audit log write failed'),
  });
  let stopRenewal: (() => void) | null = null;
  let closed = false;
  let keyTimer: NodeJS.Timeout | null = null;
  return {
    authenticator: new ClusterAuthenticator(tokenCheckers),
    authorize: authorizer.authorize,
    audit: auditSink(auditLog),
    review: (request) => Promise.resolve(authorizer.decide(request)),
    serviceAccounts,
    start: (started) => {
      core = started;
      stopRenewal = startCertificateRenewal({
        renewAt: () => security.renewAt(),
        renew: () => security.renewOwn(options.name, options.addresses),
        onRenewed: () => logger.info({ until: security.renewAt().toISOString() }, 'renewed this master certificate'),
        onError: (error) => logger.warn({ error: String(error) }, 'renewing this master certificate failed; retrying'),
      });
      // A master that joined learns the CA and ServiceAccount keys from the replicated Secret.
      const learn = (): void => {
        keyTimer = null;
        if (security.hasKeys()) return;
        // Read through the core: Secrets are sealed at rest, the core opens them.
        started
          .get(
            { kind: 'Secret', namespace: caSecretNamespace, name: caSecretName },
            { caller: leaderUser, consistency: 'local' },
          )
          .then(
            (secret) => {
              const data = (secret as { data?: Record<string, string> }).data;
              if (data !== undefined) security.learnKeys(data);
              logger.info({}, 'learned the cluster CA and ServiceAccount keys from the replicated state');
            },
            (error: unknown) => {
              if (!isObjectError(error, 'not-found'))
                logger.error(
                  { error: String(error) },
                  'the replicated cluster CA Secret does not open with this cluster token',
                );
            },
          )
          .finally(() => {
            if (!security.hasKeys() && !closed) keyTimer = setTimeout(learn, 500).unref();
          });
      };
      learn();
    },
    close: async () => {
      closed = true;
      stopRenewal?.();
      if (keyTimer !== null) clearTimeout(keyTimer);
      authorizer.close();
      await auditLog.close();
    },
  };
}
