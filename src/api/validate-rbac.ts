// Validation of the rbac.authorization.k8s.io kinds, after Kubernetes' own
// (pkg/apis/rbac/validation): every rule grants verbs on something, every
// binding names one role and whom it grants it to. The authorizer in src/auth
// evaluates these objects as they are, so what it cannot read is refused here.
import { checkEnum, checkName, fail, isBlank, required, type Errors } from './field-checks.js';
import { rbacGroup } from './kinds.js';
import { bindingSubjectsMax, roleRulesMax, ruleEntriesMax } from './limits.js';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject } from './model.js';
import { dnsLabelError, dnsSubdomainError, pathSegmentNameError } from './names.js';

const subjectKinds = ['User', 'Group', 'ServiceAccount'];

function checkCount(errors: Errors, path: string, count: number, max: number): boolean {
  return count <= max ? true : fail(errors, path, `must have at most ${max} items, not ${count}`);
}

export function validateRole(errors: Errors, object: Role): void {
  validateRules(errors, object.rules, { namespaced: true });
}

export function validateClusterRole(errors: Errors, object: ClusterRole): void {
  validateRules(errors, object.rules, { namespaced: false });
}

function validateRules(errors: Errors, rules: readonly PolicyRule[] | undefined, scope: { namespaced: boolean }): void {
  const list = rules ?? [];
  if (!checkCount(errors, 'rules', list.length, roleRulesMax)) return;
  list.forEach((rule, index) => validatePolicyRule(errors, `rules[${index}]`, rule, scope.namespaced));
}

/** A rule is about resources (apiGroups + resources) or about non-resource URLs, never both; the latter only cluster-wide. */
function validatePolicyRule(errors: Errors, path: string, rule: PolicyRule, namespaced: boolean): void {
  const lists: [string, readonly string[]][] = [
    ['verbs', rule.verbs ?? []],
    ['apiGroups', rule.apiGroups ?? []],
    ['resources', rule.resources ?? []],
    ['resourceNames', rule.resourceNames ?? []],
    ['nonResourceURLs', rule.nonResourceUrls ?? []],
  ];
  for (const [name, values] of lists) checkCount(errors, `${path}.${name}`, values.length, ruleEntriesMax);
  if ((rule.verbs ?? []).length === 0) fail(errors, `${path}.verbs`, 'required: verbs must contain at least one value');
  const apiGroups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if ((rule.nonResourceUrls ?? []).length > 0) {
    if (namespaced) fail(errors, `${path}.nonResourceURLs`, 'namespaced rules cannot apply to non-resource URLs');
    if (apiGroups.length > 0 || resources.length > 0)
      fail(errors, `${path}.nonResourceURLs`, 'rules cannot apply to both regular resources and non-resource URLs');
    return;
  }
  if (apiGroups.length === 0)
    fail(errors, `${path}.apiGroups`, 'required: resource rules must supply at least one api group');
  if (resources.length === 0)
    fail(errors, `${path}.resources`, 'required: resource rules must supply at least one resource');
}

export function validateRoleBinding(errors: Errors, object: RoleBinding): void {
  validateRoleRef(errors, object.roleRef, ['Role', 'ClusterRole']);
  validateSubjects(errors, object.subjects);
}

/** A ClusterRoleBinding grants cluster-wide, so it can only name a ClusterRole (a Role lives in one namespace). */
export function validateClusterRoleBinding(errors: Errors, object: ClusterRoleBinding): void {
  validateRoleRef(errors, object.roleRef, ['ClusterRole']);
  validateSubjects(errors, object.subjects);
}

function validateRoleRef(errors: Errors, roleRef: RoleRef | undefined, kinds: readonly string[]): void {
  if (roleRef === undefined) {
    fail(errors, 'roleRef', 'required');
    return;
  }
  checkEnum(errors, 'roleRef.apiGroup', roleRef.apiGroup, [rbacGroup], { required: true });
  checkEnum(errors, 'roleRef.kind', roleRef.kind, kinds, { required: true });
  checkName(errors, 'roleRef.name', roleRef.name, pathSegmentNameError);
}

function validateSubjects(errors: Errors, subjects: readonly Subject[] | undefined): void {
  const list = subjects ?? [];
  if (!checkCount(errors, 'subjects', list.length, bindingSubjectsMax)) return;
  list.forEach((subject, index) => validateSubject(errors, `subjects[${index}]`, subject));
}

/**
 * A ServiceAccount is named by namespace and name in the core group (the
 * RoleBinding defaulter fills in its own namespace); Users and Groups are
 * names the authenticator asserts, in the rbac group.
 */
function validateSubject(errors: Errors, path: string, subject: Subject): void {
  if (!checkEnum(errors, `${path}.kind`, subject.kind, subjectKinds, { required: true })) return;
  if (subject.kind === 'ServiceAccount') {
    checkName(errors, `${path}.name`, subject.name, dnsSubdomainError);
    checkName(errors, `${path}.namespace`, subject.namespace, dnsLabelError);
    if (!isBlank(subject.apiGroup))
      fail(errors, `${path}.apiGroup`, `unsupported value "${subject.apiGroup}": supported values: ""`);
    return;
  }
  required(errors, `${path}.name`, subject.name);
  checkEnum(errors, `${path}.apiGroup`, subject.apiGroup, [rbacGroup], { required: true });
}

/**
 * roleRef is fixed once a binding exists, as in Kubernetes: granting another
 * role means a new binding, so no one who may only update a binding can widen
 * what it grants. An empty apiGroup counts as the rbac group (its default).
 */
export function validateBindingUpdate(
  errors: Errors,
  updated: RoleBinding | ClusterRoleBinding,
  stored: RoleBinding | ClusterRoleBinding,
): void {
  const before = stored.roleRef ?? {};
  const after = updated.roleRef ?? {};
  const group = (ref: RoleRef): string => (isBlank(ref.apiGroup) ? rbacGroup : ref.apiGroup);
  if (
    group(before) !== group(after) ||
    (before.kind ?? '') !== (after.kind ?? '') ||
    (before.name ?? '') !== (after.name ?? '')
  )
    fail(errors, 'roleRef', 'cannot change roleRef');
}
