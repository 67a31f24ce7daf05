import { describe, expect, it } from 'vitest';

import type { RequestAttributes } from './attributes.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from './default-roles.js';
import {
  RbacIndex,
  breakdownCount,
  checkEscalation,
  coverPermissionsMax,
  covers,
  escalateAttributes,
  bindAttributes,
  rulesPerRoleMax,
  subjectsPerBindingMax,
  type BindingLike,
  type PolicyRule,
  type RbacPolicy,
  type RoleLike,
  type Subject,
} from './rbac.js';
import { serviceAccountUser, systemAuthenticated, systemMasters, type UserInfo } from './user-info.js';

const dev: UserInfo = { name: 'dev', groups: [systemAuthenticated] };
const alice: UserInfo = { name: 'alice', groups: ['team-a', systemAuthenticated] };
const ann: UserInfo = { name: 'ann', groups: [systemAuthenticated] };
const carol: UserInfo = { name: 'carol', groups: [systemAuthenticated] };
const lab: UserInfo = { name: 'lab-user', groups: [systemAuthenticated] };
const mon: UserInfo = { name: 'mon', groups: [systemAuthenticated] };
const root: UserInfo = { name: 'root', groups: [systemMasters] };
const ci = serviceAccountUser('build', 'ci');

function binding(namespace: string, name: string, roleRef: BindingLike['roleRef'], subjects: Subject[]): BindingLike {
  return { namespace, name, roleRef, subjects };
}
const clusterRole = (name: string) => ({ kind: 'ClusterRole', name });
const role = (name: string) => ({ kind: 'Role', name });
const user = (name: string): Subject => ({ kind: 'User', name });

const roles: RoleLike[] = [
  {
    namespace: 'prod',
    name: 'config-reader',
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['app-config'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db'] },
    ],
  },
  {
    namespace: 'lab',
    name: 'lab',
    rules: [
      { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['*'], resources: ['*/scale'], verbs: ['update'] },
      { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ],
  },
];
const clusterRoles: RoleLike[] = [
  ...defaultClusterRoles,
  { namespace: '', name: 'metrics-reader', rules: [{ nonResourceUrls: ['/metrics', '/debug/*'], verbs: ['get'] }] },
  {
    namespace: '',
    name: 'role-manager',
    rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['create'] }],
  },
];
const roleBindings: BindingLike[] = [
  binding('prod', 'dev-view', clusterRole('view'), [user('dev')]),
  binding('prod', 'dev-roles', clusterRole('role-manager'), [user('dev')]),
  binding('prod', 'dev-metrics', clusterRole('metrics-reader'), [user('dev')]),
  binding('team-a', 'team-edit', clusterRole('edit'), [{ kind: 'Group', name: 'team-a' }]),
  binding('build', 'ci-edit', clusterRole('edit'), [{ kind: 'ServiceAccount', name: 'ci' }]),
  binding('prod', 'ann-admin', clusterRole('admin'), [user('ann')]),
  binding('prod', 'carol-config', role('config-reader'), [user('carol')]),
  binding('lab', 'lab', role('lab'), [user('lab-user')]),
  binding('prod', 'to-missing-role', role('nope'), [user('carol')]),
  binding('prod', 'to-missing-cluster-role', clusterRole('nope'), [user('carol')]),
  binding('prod', 'unknown-kind', { kind: 'Banana', name: 'view' }, [user('carol')]),
  binding('prod', 'unknown-subject-kind', clusterRole('edit'), [{ kind: 'Robot', name: 'carol' }]),
];
const clusterRoleBindings: BindingLike[] = [
  ...defaultClusterRoleBindings,
  binding('', 'mon-metrics', clusterRole('metrics-reader'), [user('mon')]),
  // A ServiceAccount subject of a ClusterRoleBinding needs a namespace: this one matches no one.
  binding('', 'sa-without-namespace', clusterRole('cluster-admin'), [{ kind: 'ServiceAccount', name: 'ci' }]),
  // A ClusterRoleBinding cannot grant a Role: there is no namespace to find it in.
  binding('', 'cluster-to-role', role('config-reader'), [user('carol')]),
];
const policy: RbacPolicy = { roles, clusterRoles, roleBindings, clusterRoleBindings };
const index = new RbacIndex(policy);

function ask(who: UserInfo, verb: string, resource: string, namespace: string, more: Partial<RequestAttributes> = {}) {
  const [base = '', subresource = ''] = resource.split('/');
  return index.authorize({ user: who, verb, apiGroup: '', resource: base, subresource, namespace, name: '', ...more });
}
const allowed = (...args: Parameters<typeof ask>) => ask(...args).allowed;

describe('RbacIndex.authorize: a user bound to view in one namespace', () => {
  it('can read pods, logs and configmaps there', () => {
    expect(allowed(dev, 'list', 'pods', 'prod')).toBe(true);
    expect(allowed(dev, 'get', 'pods/log', 'prod', { name: 'web-1' })).toBe(true);
    expect(allowed(dev, 'watch', 'configmaps', 'prod')).toBe(true);
    expect(allowed(dev, 'get', 'deployments', 'prod', { apiGroup: 'apps', name: 'web' })).toBe(true);
  });

  it('cannot read secrets, exec, or write', () => {
    expect(allowed(dev, 'get', 'secrets', 'prod', { name: 'db' })).toBe(false);
    expect(allowed(dev, 'list', 'secrets', 'prod')).toBe(false);
    expect(allowed(dev, 'create', 'pods/exec', 'prod', { name: 'web-1' })).toBe(false);
    expect(allowed(dev, 'delete', 'pods', 'prod', { name: 'web-1' })).toBe(false);
    expect(allowed(dev, 'update', 'deployments/scale', 'prod', { apiGroup: 'apps', name: 'web' })).toBe(false);
  });

  it('has nothing in another namespace, across all namespaces, or at the cluster scope', () => {
    expect(allowed(dev, 'list', 'pods', 'staging')).toBe(false);
    expect(allowed(dev, 'list', 'pods', '')).toBe(false);
    expect(allowed(dev, 'list', 'nodes', '')).toBe(false);
  });

  it('is refused in the words of describeDenial, and allowed naming the binding', () => {
    expect(ask(dev, 'list', 'secrets', 'prod')).toEqual({
      allowed: false,
      reason: 'user "dev" cannot list secrets in namespace "prod"',
    });
    expect(ask(dev, 'list', 'pods', 'prod').reason).toBe(
      'allowed by RoleBinding "prod/dev-view" of ClusterRole "view" to User "dev"',
    );
  });
});

describe('RbacIndex.authorize: subjects', () => {
  it('a Group subject grants to every member', () => {
    expect(allowed(alice, 'create', 'secrets', 'team-a')).toBe(true);
    expect(ask(alice, 'create', 'secrets', 'team-a').reason).toContain('to Group "team-a"');
    expect(allowed({ name: 'bob', groups: ['team-a'] }, 'delete', 'pods', 'team-a', { name: 'x' })).toBe(true);
    expect(allowed({ name: 'bob', groups: ['team-b'] }, 'delete', 'pods', 'team-a', { name: 'x' })).toBe(false);
  });

  it('a ServiceAccount subject without namespace means the RoleBinding namespace', () => {
    expect(allowed(ci, 'create', 'deployments', 'build', { apiGroup: 'apps' })).toBe(true);
    expect(allowed(serviceAccountUser('other', 'ci'), 'create', 'deployments', 'build', { apiGroup: 'apps' })).toBe(
      false,
    );
    // ...and in a ClusterRoleBinding it matches no one (else ci would be cluster-admin here).
    expect(allowed(ci, 'create', 'deployments', 'prod', { apiGroup: 'apps' })).toBe(false);
  });

  it('a subject of unknown kind matches no one', () => {
    expect(allowed(carol, 'create', 'pods', 'prod')).toBe(false);
  });

  it('system:masters is always allowed, whatever the request', () => {
    expect(allowed(root, 'delete', 'nodes', '', { name: 'w1' })).toBe(true);
    expect(allowed(root, 'frobnicate', 'anything', 'x', { apiGroup: 'weird.example' })).toBe(true);
  });

  it('system:authenticated may ask "can I" through system:basic-user', () => {
    expect(allowed(dev, 'create', 'selfsubjectaccessreviews', '', { apiGroup: 'authorization.k8s.io' })).toBe(true);
    expect(
      allowed({ name: 'anon', groups: [] }, 'create', 'selfsubjectaccessreviews', '', {
        apiGroup: 'authorization.k8s.io',
      }),
    ).toBe(false);
  });
});

describe('RbacIndex.authorize: rules', () => {
  it('resourceNames restrict by name, and never match a request without one', () => {
    expect(allowed(carol, 'get', 'configmaps', 'prod', { name: 'app-config' })).toBe(true);
    expect(allowed(carol, 'get', 'configmaps', 'prod', { name: 'other' })).toBe(false);
    expect(allowed(carol, 'get', 'configmaps', 'prod')).toBe(false);
    expect(allowed(carol, 'get', 'secrets', 'prod', { name: 'db' })).toBe(true);
    expect(allowed(carol, 'list', 'secrets', 'prod')).toBe(false);
  });

  it('wildcards cover every verb and resource of the named group only', () => {
    expect(allowed(lab, 'deletecollection', 'statefulsets', 'lab', { apiGroup: 'apps' })).toBe(true);
    expect(allowed(lab, 'patch', 'deployments/status', 'lab', { apiGroup: 'apps', name: 'web' })).toBe(true);
    expect(allowed(lab, 'create', 'jobs', 'lab', { apiGroup: 'batch' })).toBe(false);
  });

  it('*/SUB matches that subresource of any resource; pods/* is no pattern; pods is not pods/log', () => {
    expect(allowed(lab, 'update', 'jobs/scale', 'lab', { apiGroup: 'batch', name: 'x' })).toBe(true);
    expect(allowed(lab, 'update', 'jobs', 'lab', { apiGroup: 'batch', name: 'x' })).toBe(false);
    expect(allowed(lab, 'get', 'pods', 'lab', { name: 'x' })).toBe(true);
    expect(allowed(lab, 'get', 'pods/log', 'lab', { name: 'x' })).toBe(false);
  });

  it('a binding to a missing role, or to a role of unknown kind, grants nothing', () => {
    expect(index.roleReferenceRules(role('nope'), 'prod')).toBeUndefined();
    expect(index.roleReferenceRules(clusterRole('nope'), 'prod')).toBeUndefined();
    expect(index.roleReferenceRules({ kind: 'Banana', name: 'view' }, 'prod')).toBeUndefined();
    expect(allowed(carol, 'list', 'pods', 'prod')).toBe(false);
  });

  it('a ClusterRoleBinding cannot grant a Role', () => {
    expect(allowed(carol, 'get', 'configmaps', 'staging', { name: 'app-config' })).toBe(false);
  });

  it('non-resource paths are granted by ClusterRoleBindings only, exactly or by a trailing *', () => {
    const path = (who: UserInfo, url: string) =>
      index.authorize({
        user: who,
        verb: 'get',
        apiGroup: '',
        resource: '',
        subresource: '',
        namespace: '',
        name: '',
        path: url,
      }).allowed;
    expect(path(mon, '/metrics')).toBe(true);
    expect(path(mon, '/debug/pprof/heap')).toBe(true);
    expect(path(mon, '/metricsx')).toBe(false);
    expect(path(dev, '/metrics')).toBe(false);
    expect(path(root, '/anything')).toBe(true);
  });
});

describe('RbacIndex.rulesFor', () => {
  it('is what the cluster grants plus what the namespace grants', () => {
    const inProd = index.rulesFor(dev, 'prod');
    expect(inProd.length).toBeGreaterThan(5);
    expect(index.rulesFor(dev, 'staging')).toEqual([
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
    ]);
    expect(index.rulesFor(root, '')).toContainEqual({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
  });
});

describe('RbacIndex limits and invariants', () => {
  const empty: RbacPolicy = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  const oneRule: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };

  it(`refuses a role of more than ${rulesPerRoleMax} rules and a binding of more than ${subjectsPerBindingMax} subjects`, () => {
    const rules = Array.from({ length: rulesPerRoleMax + 1 }, () => oneRule);
    expect(() => new RbacIndex({ ...empty, roles: [{ namespace: 'a', name: 'big', rules }] })).toThrow(
      /more than 1000/,
    );
    const subjects = Array.from({ length: subjectsPerBindingMax + 1 }, (_, i) => user(`u${i}`));
    expect(
      () => new RbacIndex({ ...empty, roleBindings: [binding('a', 'big', clusterRole('view'), subjects)] }),
    ).toThrow(/more than 1000/);
    expect(
      () => new RbacIndex({ ...empty, roles: [{ namespace: 'a', name: 'ok', rules: rules.slice(1) }] }),
    ).not.toThrow();
  });

  it('refuses a role given twice and a namespace on the wrong side', () => {
    const twice = { namespace: 'a', name: 'r', rules: [oneRule] };
    expect(() => new RbacIndex({ ...empty, roles: [twice, twice] })).toThrow(/twice/);
    expect(() => new RbacIndex({ ...empty, clusterRoles: [twice] })).toThrow(/invariant/);
    expect(() => new RbacIndex({ ...empty, roleBindings: [binding('', 'b', clusterRole('view'), [])] })).toThrow(
      /invariant/,
    );
  });
});

describe('covers', () => {
  const rule = (verbs: string[], resources: string[], apiGroups = ['']): PolicyRule => ({
    apiGroups,
    resources,
    verbs,
  });

  it('a held * covers anything in its field; a requested * only a held *', () => {
    expect(covers([rule(['*'], ['pods'])], [rule(['get', 'delete'], ['pods'])])).toEqual({ ok: true });
    expect(covers([rule(['get', 'list'], ['pods'])], [rule(['*'], ['pods'])])).toEqual({
      ok: false,
      missing: [rule(['*'], ['pods'])],
    });
    expect(covers([rule(['get'], ['*'], ['*'])], [rule(['get'], ['deployments'], ['apps'])])).toEqual({ ok: true });
    expect(covers([rule(['get'], ['*'])], [rule(['get'], ['deployments'], ['*'])]).ok).toBe(false);
  });

  it('lists exactly the single permissions that are missing', () => {
    const result = covers([rule(['get'], ['pods'])], [rule(['get', 'create'], ['pods', 'secrets'])]);
    expect(result).toEqual({
      ok: false,
      missing: [rule(['create'], ['pods']), rule(['get'], ['secrets']), rule(['create'], ['secrets'])],
    });
  });

  it('subresources: * and */SUB cover them, the bare resource does not', () => {
    expect(covers([rule(['get'], ['*'])], [rule(['get'], ['pods/log'])]).ok).toBe(true);
    expect(covers([rule(['get'], ['*/log'])], [rule(['get'], ['pods/log'])]).ok).toBe(true);
    expect(covers([rule(['get'], ['pods'])], [rule(['get'], ['pods/log'])]).ok).toBe(false);
    expect(covers([rule(['get'], ['*/log'])], [rule(['get'], ['pods'])]).ok).toBe(false);
  });

  it('resourceNames: held names cover only requests for those names', () => {
    const named = (names: string[]) => ({ ...rule(['get'], ['secrets']), resourceNames: names });
    expect(covers([named(['a', 'b'])], [named(['a'])]).ok).toBe(true);
    expect(covers([named(['a'])], [named(['a', 'c'])])).toEqual({ ok: false, missing: [named(['c'])] });
    expect(covers([named(['a'])], [rule(['get'], ['secrets'])]).ok).toBe(false);
    expect(covers([rule(['get'], ['secrets'])], [named(['a'])]).ok).toBe(true);
  });

  it('non-resource URLs: exact or by a held trailing *', () => {
    const urls = (paths: string[]): PolicyRule => ({ nonResourceUrls: paths, verbs: ['get'] });
    expect(covers([urls(['/debug/*'])], [urls(['/debug/pprof'])]).ok).toBe(true);
    expect(covers([urls(['/debug/*'])], [urls(['/metrics'])]).ok).toBe(false);
    expect(covers([urls(['/metrics'])], [urls(['/metrics'])]).ok).toBe(true);
  });

  it('counts permissions without building them', () => {
    expect(
      breakdownCount([
        { apiGroups: ['', 'apps'], resources: ['a', 'b', 'c'], verbs: ['get', 'list'], resourceNames: ['x', 'y'] },
      ]),
    ).toBe(24);
    expect(breakdownCount([{ nonResourceUrls: ['/a', '/b'], verbs: ['get'] }])).toBe(2);
  });
});

describe('checkEscalation', () => {
  const createPods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['create'] };
  const readPods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };
  const never = () => false;

  it('a view user cannot create a Role granting create pods, and is told what is missing', () => {
    const result = checkEscalation(index, dev, 'prod', { kind: 'role', rules: [createPods, readPods] }, never);
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.missing).toEqual([createPods]);
    expect(result.reason).toBe(
      'user "dev" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held: ' +
        '{apiGroups:[""], resources:["pods"], verbs:["create"]}',
    );
  });

  it('a view user can create a Role granting what view holds, in that namespace only', () => {
    expect(checkEscalation(index, dev, 'prod', { kind: 'role', rules: [readPods] }, never).allowed).toBe(true);
    expect(checkEscalation(index, dev, 'staging', { kind: 'role', rules: [readPods] }, never).allowed).toBe(false);
    // A ClusterRole counts only what the user holds cluster-wide.
    expect(checkEscalation(index, dev, '', { kind: 'role', rules: [readPods] }, never).allowed).toBe(false);
  });

  it('escalate on the role lets the user grant more than they hold', () => {
    const asked: string[] = [];
    const result = checkEscalation(index, dev, 'prod', { kind: 'role', rules: [createPods] }, (verb) => {
      asked.push(verb);
      return true;
    });
    expect(result.allowed).toBe(true);
    expect(asked).toEqual(['escalate']);
  });

  it('an admin can bind edit in its namespace but not cluster-admin, and not elsewhere', () => {
    expect(checkEscalation(index, ann, 'prod', { kind: 'binding', roleRef: clusterRole('edit') }, never).allowed).toBe(
      true,
    );
    expect(checkEscalation(index, ann, 'prod', { kind: 'binding', roleRef: clusterRole('admin') }, never).allowed).toBe(
      true,
    );
    expect(
      checkEscalation(index, ann, 'prod', { kind: 'binding', roleRef: clusterRole('cluster-admin') }, never).allowed,
    ).toBe(false);
    expect(
      checkEscalation(index, ann, 'staging', { kind: 'binding', roleRef: clusterRole('view') }, never).allowed,
    ).toBe(false);
  });

  it('bind on the role lets the user bind it; a missing role is refused without bind', () => {
    const binds = (verb: string) => verb === 'bind';
    expect(
      checkEscalation(index, dev, 'prod', { kind: 'binding', roleRef: clusterRole('cluster-admin') }, binds).allowed,
    ).toBe(true);
    const missing = checkEscalation(index, dev, 'prod', { kind: 'binding', roleRef: role('nope') }, never);
    expect(missing).toMatchObject({
      allowed: false,
      reason: 'user "dev" may not bind Role "nope", and it does not exist',
    });
    expect(checkEscalation(index, dev, 'prod', { kind: 'binding', roleRef: role('nope') }, binds).allowed).toBe(true);
  });

  it('system:masters may grant anything; nobody may write a role over the limits', () => {
    expect(
      checkEscalation(
        index,
        root,
        '',
        { kind: 'role', rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
        never,
      ).allowed,
    ).toBe(true);
    const tooMany = Array.from({ length: rulesPerRoleMax + 1 }, () => readPods);
    expect(checkEscalation(index, root, 'prod', { kind: 'role', rules: tooMany }, () => true).allowed).toBe(false);
    const many = Array.from({ length: 1_000 }, (_, i) => `r${i}`);
    const huge: PolicyRule = {
      apiGroups: [''],
      resources: many,
      verbs: ['get', 'list', 'watch'],
      resourceNames: many.slice(0, 40),
    };
    expect(breakdownCount([huge])).toBeGreaterThan(coverPermissionsMax);
    const result = checkEscalation(index, dev, 'prod', { kind: 'role', rules: [huge] }, never);
    expect(result).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('break down into 120000 permissions'),
    });
  });

  it('gives the attributes the master authorizes escalate and bind with', () => {
    expect(escalateAttributes(dev, { namespace: 'prod', name: 'r' })).toMatchObject({
      verb: 'escalate',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'roles',
      namespace: 'prod',
      name: 'r',
    });
    expect(bindAttributes(dev, 'prod', clusterRole('edit'))).toMatchObject({
      verb: 'bind',
      resource: 'clusterroles',
      namespace: 'prod',
      name: 'edit',
    });
  });
});
