import { describe, expect, it } from 'vitest';
import {
  AuditPolicyError,
  auditLevel,
  auditLevelAtLeast,
  auditPolicyRulesMax,
  defaultAuditPolicy,
  parseAuditPolicy,
  validateAuditPolicy,
  type AuditAttributes,
  type AuditPolicy,
} from './audit-policy.js';
import { AuthTypedError } from './auth-error.js';

function request(overrides: Partial<AuditAttributes> = {}): AuditAttributes {
  return {
    user: 'alice',
    groups: ['system:authenticated'],
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    namespace: 'default',
    name: 'web-0',
    ...overrides,
  };
}

function errorOf(action: () => unknown): AuditPolicyError {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof AuditPolicyError) return error;
    throw error;
  }
  throw new Error('expected an AuditPolicyError');
}

describe('auditLevel', () => {
  it('takes the first matching rule, even when a later one is more specific', () => {
    const policy: AuditPolicy = {
      rules: [
        { level: 'Metadata', verbs: ['get'] },
        { level: 'RequestResponse', users: ['alice'] },
      ],
    };
    expect(auditLevel(policy, request())).toBe('Metadata');
    expect(auditLevel(policy, request({ verb: 'create' }))).toBe('RequestResponse');
  });

  it('is None when no rule matches (as Kubernetes)', () => {
    const policy: AuditPolicy = { rules: [{ level: 'Request', users: ['bob'] }] };
    expect(auditLevel(policy, request())).toBe('None');
    expect(auditLevel({ rules: [] }, request())).toBe('None');
  });

  it('matches a user by any of their groups', () => {
    const policy: AuditPolicy = { rules: [{ level: 'Request', userGroups: ['system:nodes', 'admins'] }] };
    expect(auditLevel(policy, request({ groups: ['system:authenticated', 'admins'] }))).toBe('Request');
    expect(auditLevel(policy, request({ groups: ['system:authenticated'] }))).toBe('None');
  });

  it('tells a resource from its subresources', () => {
    const policy: AuditPolicy = {
      rules: [
        { level: 'None', resources: [{ resources: ['pods/log'] }] },
        { level: 'Request', resources: [{ group: '', resources: ['pods'] }] },
        { level: 'Metadata' },
      ],
    };
    expect(auditLevel(policy, request({ subresource: 'log' }))).toBe('None');
    expect(auditLevel(policy, request())).toBe('Request');
    // pods/exec is neither `pods` nor `pods/log`.
    expect(auditLevel(policy, request({ subresource: 'exec' }))).toBe('Metadata');
  });

  it('understands the wildcard forms *, */sub and resource/*', () => {
    const starSub: AuditPolicy = { rules: [{ level: 'Request', resources: [{ resources: ['*/status'] }] }] };
    expect(auditLevel(starSub, request({ resource: 'nodes', subresource: 'status' }))).toBe('Request');
    expect(auditLevel(starSub, request({ resource: 'nodes' }))).toBe('None');
    const resourceStar: AuditPolicy = { rules: [{ level: 'Request', resources: [{ resources: ['pods/*'] }] }] };
    expect(auditLevel(resourceStar, request({ subresource: 'exec' }))).toBe('Request');
    expect(auditLevel(resourceStar, request())).toBe('Request');
    expect(auditLevel(resourceStar, request({ resource: 'services' }))).toBe('None');
    const star: AuditPolicy = { rules: [{ level: 'Request', resources: [{ resources: ['*'] }] }] };
    expect(auditLevel(star, request({ subresource: 'log' }))).toBe('Request');
  });

  it('compares the API group exactly, absent meaning the core group', () => {
    const policy: AuditPolicy = { rules: [{ level: 'Request', resources: [{ resources: ['deployments'] }] }] };
    expect(auditLevel(policy, request({ apiGroup: 'apps', resource: 'deployments' }))).toBe('None');
    const apps: AuditPolicy = { rules: [{ level: 'Request', resources: [{ group: 'apps' }] }] };
    expect(auditLevel(apps, request({ apiGroup: 'apps', resource: 'deployments' }))).toBe('Request');
    expect(auditLevel(apps, request())).toBe('None');
  });

  it('matches resource names when listed', () => {
    const policy: AuditPolicy = {
      rules: [{ level: 'Request', resources: [{ resources: ['configmaps'], resourceNames: ['cluster-info'] }] }],
    };
    expect(auditLevel(policy, request({ resource: 'configmaps', name: 'cluster-info' }))).toBe('Request');
    expect(auditLevel(policy, request({ resource: 'configmaps', name: 'other' }))).toBe('None');
  });

  it('matches namespaces, with the empty string for cluster-scoped resources', () => {
    const policy: AuditPolicy = { rules: [{ level: 'Request', namespaces: ['kube-system', ''] }] };
    expect(auditLevel(policy, request({ namespace: 'kube-system' }))).toBe('Request');
    expect(auditLevel(policy, request({ resource: 'nodes', namespace: '' }))).toBe('Request');
    expect(auditLevel(policy, request())).toBe('None');
    // A namespace rule never matches a non-resource request.
    expect(auditLevel(policy, request({ resource: '', namespace: '', path: '/healthz' }))).toBe('None');
  });

  it('matches non-resource paths, with a trailing * as a prefix, and never a resource request', () => {
    const policy: AuditPolicy = {
      rules: [{ level: 'None', nonResourceUrls: ['/healthz*', '/metrics'] }, { level: 'Metadata' }],
    };
    const nonResource = { resource: '', namespace: '', name: '' };
    expect(auditLevel(policy, request({ ...nonResource, path: '/healthz/ready' }))).toBe('None');
    expect(auditLevel(policy, request({ ...nonResource, path: '/metrics' }))).toBe('None');
    expect(auditLevel(policy, request({ ...nonResource, path: '/version' }))).toBe('Metadata');
    expect(auditLevel(policy, request({ path: '/metrics' }))).toBe('Metadata');
  });

  it('orders levels', () => {
    expect(auditLevelAtLeast('Request', 'Metadata')).toBe(true);
    expect(auditLevelAtLeast('Metadata', 'Request')).toBe(false);
    expect(auditLevelAtLeast('RequestResponse', 'RequestResponse')).toBe(true);
  });
});

describe('defaultAuditPolicy', () => {
  it('skips reads of events and leases and node heartbeats, keeps bodies of RBAC writes, metadata for the rest', () => {
    const lease = { apiGroup: 'coordination.k8s.io', resource: 'leases' };
    expect(auditLevel(defaultAuditPolicy, request({ ...lease, verb: 'watch' }))).toBe('None');
    expect(auditLevel(defaultAuditPolicy, request({ resource: 'events', verb: 'list' }))).toBe('None');
    expect(auditLevel(defaultAuditPolicy, request({ ...lease, verb: 'update', groups: ['system:nodes'] }))).toBe(
      'None',
    );
    expect(auditLevel(defaultAuditPolicy, request({ ...lease, verb: 'update' }))).toBe('Metadata');
    const rbac = { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespace: '' };
    expect(auditLevel(defaultAuditPolicy, request({ ...rbac, verb: 'create' }))).toBe('Request');
    expect(auditLevel(defaultAuditPolicy, request({ ...rbac, verb: 'get' }))).toBe('Metadata');
    expect(auditLevel(defaultAuditPolicy, request({ resource: 'secrets', verb: 'get' }))).toBe('Metadata');
  });

  it('passes its own validation', () => {
    const asKubernetes = {
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      rules: defaultAuditPolicy.rules.map(({ nonResourceUrls, ...rule }) =>
        nonResourceUrls === undefined ? rule : { ...rule, nonResourceURLs: nonResourceUrls },
      ),
    };
    expect(validateAuditPolicy(asKubernetes)).toEqual(defaultAuditPolicy);
  });
});

describe('parseAuditPolicy', () => {
  it('reads a Kubernetes audit.k8s.io/v1 Policy in YAML', () => {
    const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["pods/log", "pods/status"]
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
  - level: None
    nonResourceURLs: ["/healthz*"]
  - level: Metadata
    namespaces: ["kube-system"]
  - level: Metadata
`);
    expect(policy.rules).toHaveLength(5);
    expect(policy.rules[0]).toEqual({
      level: 'RequestResponse',
      resources: [{ group: '', resources: ['pods/log', 'pods/status'] }],
    });
    expect(policy.rules[2]).toEqual({ level: 'None', nonResourceUrls: ['/healthz*'] });
    expect(auditLevel(policy, request({ subresource: 'log' }))).toBe('RequestResponse');
    expect(auditLevel(policy, request({ user: 'system:kube-proxy', verb: 'watch' }))).toBe('None');
    expect(auditLevel(policy, request())).toBe('Metadata');
  });

  it('reads JSON too', () => {
    const policy = parseAuditPolicy('{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Request"}]}');
    expect(policy).toEqual({ rules: [{ level: 'Request' }] });
  });

  it('names the field of a bad level', () => {
    const error = errorOf(() =>
      parseAuditPolicy(
        'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n- level: Metadata\n- level: Everything\n',
      ),
    );
    expect(error).toBeInstanceOf(AuthTypedError);
    expect(error.code).toBe('invalid-audit-policy');
    expect(error.message).toContain('rules[2].level: must be one of None, Metadata, Request, RequestResponse');
    expect(error.fieldErrors).toEqual([
      { path: 'rules[2].level', message: 'must be one of None, Metadata, Request, RequestResponse' },
    ]);
  });

  it('reports every broken field at once, each with its path', () => {
    const error = errorOf(() =>
      parseAuditPolicy(`
apiVersion: audit.k8s.io/v1beta1
kind: Policy
rules:
  - level: Metadata
    verbs: get
  - level: Request
    resources:
      - group: apps
        resources: ["deployments/*/x"]
        resourceNames: [web]
        bogus: 1
  - level: Request
    users: ["*"]
    nonResourceURLs: ["healthz"]
  - level: None
    namespaces: [default]
    nonResourceURLs: ["/x"]
  - level: Request
    omitManagedFields: true
`),
    );
    const paths = error.fieldErrors.map((fieldError) => fieldError.path);
    expect(paths).toEqual([
      'apiVersion',
      'rules[0].verbs',
      'rules[1].resources[0].bogus',
      'rules[1].resources[0].resources[0]',
      'rules[2].users[0]',
      'rules[2].nonResourceURLs[0]',
      'rules[3].nonResourceURLs',
      'rules[4].omitManagedFields',
    ]);
  });

  it('refuses a resourceNames list without resources, a wrong kind and unknown fields', () => {
    const error = errorOf(() =>
      validateAuditPolicy({
        apiVersion: 'audit.k8s.io/v1',
        kind: 'AuditPolicy',
        rule: [],
        rules: [{ level: 'None', resources: [{ resourceNames: ['x'] }] }],
      }),
    );
    expect(error.fieldErrors.map((fieldError) => fieldError.path)).toEqual([
      'rule',
      'kind',
      'rules[0].resources[0].resourceNames',
    ]);
  });

  it('refuses text that is not YAML, several documents, and a non-mapping', () => {
    expect(errorOf(() => parseAuditPolicy('rules: [level: None')).message).toContain('is not YAML or JSON');
    expect(errorOf(() => parseAuditPolicy('kind: Policy\n---\nkind: Policy\n')).message).toContain(
      'is not YAML or JSON',
    );
    expect(errorOf(() => parseAuditPolicy('- level: None\n')).fieldErrors[0]?.path).toBe('');
  });

  it('refuses more than the rule limit', () => {
    const rules = Array.from({ length: auditPolicyRulesMax + 1 }, () => ({ level: 'None' }));
    const error = errorOf(() =>
      parseAuditPolicy(JSON.stringify({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules })),
    );
    expect(error.fieldErrors).toEqual([
      { path: 'rules', message: `must have at most ${auditPolicyRulesMax} rules, has ${auditPolicyRulesMax + 1}` },
    ]);
    const atLimit = rules.slice(1);
    expect(
      parseAuditPolicy(JSON.stringify({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: atLimit })).rules,
    ).toHaveLength(auditPolicyRulesMax);
  });

  it('does not expand an alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let index = 1; index < 9; index += 1) {
      const previous = String.fromCharCode(96 + index);
      const name = String.fromCharCode(97 + index);
      lines.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(',')}]`);
    }
    expect(errorOf(() => parseAuditPolicy(lines.join('\n'))).message).toContain('alias');
  });
});
