import { describe, expect, it } from 'vitest';

import type { RequestAttributes } from './attributes.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from './default-roles.js';
import { RbacIndex, covers, rulesPerRoleMax, type RoleLike } from './rbac.js';
import { systemAuthenticated } from './user-info.js';

function rolesNamed(name: string): RoleLike {
  const role = defaultClusterRoles.find((candidate) => candidate.name === name);
  if (role === undefined) throw new Error(`no default role ${name}`);
  return role;
}

/** One user per default role, bound in namespace "prod" (cluster-admin cluster-wide). */
const index = new RbacIndex({
  roles: [],
  clusterRoles: defaultClusterRoles,
  roleBindings: ['admin', 'edit', 'view'].map((name) => ({
    namespace: 'prod',
    name,
    roleRef: { kind: 'ClusterRole', name },
    subjects: [{ kind: 'User', name }],
  })),
  clusterRoleBindings: [
    ...defaultClusterRoleBindings,
    {
      namespace: '',
      name: 'ops',
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'ops' }],
    },
  ],
});

function can(role: string, verb: string, resource: string, apiGroup = '', namespace = 'prod'): boolean {
  const [base = '', subresource = ''] = resource.split('/');
  const attributes: RequestAttributes = {
    user: { name: role, groups: [systemAuthenticated] },
    verb,
    apiGroup,
    resource: base,
    subresource,
    namespace,
    name: 'x',
  };
  return index.authorize(attributes).allowed;
}

describe('default ClusterRoles', () => {
  it.each([
    // [role, verb, resource, apiGroup, expected]
    ['view', 'get', 'pods', '', true],
    ['view', 'get', 'pods/log', '', true],
    ['view', 'get', 'deployments/scale', 'apps', true],
    ['view', 'get', 'ingresses', 'networking.k8s.io', true],
    ['view', 'get', 'secrets', '', false],
    ['view', 'create', 'pods/exec', '', false],
    ['view', 'get', 'pods/exec', '', false],
    ['view', 'create', 'pods/portforward', '', false],
    ['view', 'delete', 'pods', '', false],
    ['view', 'get', 'roles', 'rbac.authorization.k8s.io', false],
    ['view', 'get', 'leases', 'coordination.k8s.io', false],
    ['edit', 'get', 'secrets', '', true],
    ['edit', 'create', 'secrets', '', true],
    ['edit', 'create', 'pods/exec', '', true],
    ['edit', 'create', 'pods/attach', '', true],
    ['edit', 'update', 'deployments/scale', 'apps', true],
    ['edit', 'create', 'cronjobs', 'batch', true],
    ['edit', 'update', 'leases', 'coordination.k8s.io', true],
    ['edit', 'update', 'pods/status', '', false],
    ['edit', 'create', 'roles', 'rbac.authorization.k8s.io', false],
    ['edit', 'create', 'rolebindings', 'rbac.authorization.k8s.io', false],
    ['admin', 'create', 'rolebindings', 'rbac.authorization.k8s.io', true],
    ['admin', 'delete', 'roles', 'rbac.authorization.k8s.io', true],
    ['admin', 'create', 'secrets', '', true],
    ['admin', 'create', 'clusterroles', 'rbac.authorization.k8s.io', false],
    ['ops', 'delete', 'nodes', '', true],
    ['ops', 'escalate', 'clusterroles', 'rbac.authorization.k8s.io', true],
  ])('%s %s %s (%s): %s', (role, verb, resource, apiGroup, expected) => {
    expect(can(role, verb, resource, apiGroup)).toBe(expected);
  });

  it('a RoleBinding to a default role grants nothing outside its namespace, nor on cluster-scoped kinds', () => {
    expect(can('admin', 'get', 'pods', '', 'staging')).toBe(false);
    expect(can('admin', 'get', 'nodes', '', '')).toBe(false);
    expect(can('edit', 'create', 'ingressclasses', 'networking.k8s.io', '')).toBe(false);
  });

  it('nest: admin covers edit, edit covers view, and not the other way', () => {
    const rules = (name: string) => rolesNamed(name).rules;
    expect(covers(rules('admin'), rules('edit')).ok).toBe(true);
    expect(covers(rules('edit'), rules('view')).ok).toBe(true);
    expect(covers(rules('cluster-admin'), rules('admin')).ok).toBe(true);
    expect(covers(rules('view'), rules('edit')).ok).toBe(false);
    expect(covers(rules('edit'), rules('admin')).ok).toBe(false);
    expect(covers(rules('admin'), rules('cluster-admin')).ok).toBe(false);
  });

  it('are well formed and within the limits', () => {
    for (const role of defaultClusterRoles) {
      expect(role.namespace).toBe('');
      expect(role.rules.length).toBeLessThanOrEqual(rulesPerRoleMax);
      for (const rule of role.rules) expect(rule.verbs?.length ?? 0).toBeGreaterThan(0);
    }
    for (const binding of defaultClusterRoleBindings)
      expect(defaultClusterRoles.map((role) => role.name)).toContain(binding.roleRef.name);
  });
});
