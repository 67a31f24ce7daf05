/**
 * Role-based access control as in Kubernetes (plugin/pkg/auth/authorizer/rbac
 * and pkg/registry/rbac/validation): additive rules, deny by default.
 *
 * - A ClusterRoleBinding grants its role's rules in every namespace and at the
 *   cluster scope; a RoleBinding grants them in its own namespace only, whether
 *   it points at a Role of that namespace or at a ClusterRole.
 * - A binding to a role that does not exist grants nothing (and is not an
 *   error: the role may be created later).
 * - Members of `system:masters` are always allowed, before any rule is read.
 *
 * Pure: the master builds an RbacIndex from the stored Roles and bindings
 * (mapped to the structural types below) and asks it; it rebuilds the index
 * when one of them changes. The index looks bindings up by the user name and
 * groups a subject matches, so a decision reads only the caller's bindings.
 *
 * Limits (asserted on the index, refused on a write by checkEscalation):
 * rulesPerRoleMax rules per role, subjectsPerBindingMax subjects per binding.
 */
import assert from 'node:assert/strict';

import { combinedResource, describeDenial, type RequestAttributes } from './attributes.js';
import { serviceAccountUserName, systemMasters, type UserInfo } from './user-info.js';

/** The API group of Role, ClusterRole, RoleBinding and ClusterRoleBinding. */
export const rbacGroup = 'rbac.authorization.k8s.io';
/** Matches every verb, API group, resource or (as a suffix) non-resource URL. */
export const wildcard = '*';
/** At most this many rules in one Role or ClusterRole. */
export const rulesPerRoleMax = 1_000;
/** At most this many subjects in one binding. */
export const subjectsPerBindingMax = 1_000;
/** An escalation check breaks requested rules into single permissions; refused beyond this many. */
export const coverPermissionsMax = 100_000;
/** A refusal lists at most this many missing permissions, then says how many more. */
export const missingShownMax = 20;

/** One rule of a role: verbs × apiGroups × resources (× resourceNames), or verbs × nonResourceUrls. */
export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceUrls?: readonly string[];
}

/** A Role (namespace set) or a ClusterRole (namespace ''). */
export interface RoleLike {
  readonly namespace: string;
  readonly name: string;
  readonly rules: readonly PolicyRule[];
}

/** Who a binding grants to. Kinds other than User, Group and ServiceAccount match no one. */
export interface Subject {
  /** 'User' | 'Group' | 'ServiceAccount'. */
  readonly kind: string;
  readonly name: string;
  /** For a ServiceAccount; a RoleBinding's own namespace when absent. */
  readonly namespace?: string;
}

/** The role a binding grants: a Role of the binding's namespace, or a ClusterRole. */
export interface RoleRef {
  /** 'Role' | 'ClusterRole'; anything else grants nothing. */
  readonly kind: string;
  readonly name: string;
  /** rbac.authorization.k8s.io; checked by validation, not here (as in Kubernetes). */
  readonly apiGroup?: string;
}

/** A RoleBinding (namespace set) or a ClusterRoleBinding (namespace ''). */
export interface BindingLike {
  readonly namespace: string;
  readonly name: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
}

/** Everything RBAC decides from, as stored. */
export interface RbacPolicy {
  readonly roles: readonly RoleLike[];
  readonly clusterRoles: readonly RoleLike[];
  readonly roleBindings: readonly BindingLike[];
  readonly clusterRoleBindings: readonly BindingLike[];
}

/** An authorizer's answer; `reason` is what the audit log and a refused user read. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** What cluster-admin holds, and what a member of system:masters is taken to hold. */
export const superuserRules: readonly PolicyRule[] = [
  { apiGroups: [wildcard], resources: [wildcard], verbs: [wildcard] },
  { nonResourceUrls: [wildcard], verbs: [wildcard] },
];

function invariant(condition: unknown, message: string): asserts condition {
  assert.ok(condition, `auth invariant violated: ${message}`);
}

// ---- Matching one rule against one request (Kubernetes' rbac/v1 evaluation helpers) ----

/** The rule names the verb, or `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((ruleVerb) => ruleVerb === wildcard || ruleVerb === verb);
}

/** The rule names the API group, or `*`. */
export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return (rule.apiGroups ?? []).some((ruleGroup) => ruleGroup === wildcard || ruleGroup === apiGroup);
}

/**
 * Kubernetes' ResourceMatches: a rule resource matches when it is `*` (every
 * resource and subresource), the exact `resource[/subresource]`, or
 * `*\/SUB` for a request of subresource SUB on any resource. Nothing else is a
 * pattern: `pods/*` is a literal name that matches no request, as in
 * Kubernetes, and `pods` does not match `pods/log`.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (ruleResource) =>
      ruleResource === wildcard ||
      ruleResource === combined ||
      (subresource !== '' && ruleResource === `${wildcard}/${subresource}`),
  );
}

/** A rule without resourceNames matches any name; one with them matches only those, never the empty name of a list. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** A rule URL matches exactly, or as a prefix when it ends in `*`. */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceUrls ?? []).some(
    (ruleUrl) => ruleUrl === path || (ruleUrl.endsWith(wildcard) && path.startsWith(ruleUrl.slice(0, -1))),
  );
}

/** Whether one rule allows the request (Kubernetes' RuleAllows). */
export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (attributes.path !== undefined) return nonResourceUrlMatches(rule, attributes.path);
  return (
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, combinedResource(attributes), attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}

// ---- Limits ----

/** Why a role breaks a limit, or undefined: for the write path to refuse it before it is stored. */
export function roleLimitError(role: RoleLike): string | undefined {
  return role.rules.length > rulesPerRoleMax
    ? `role "${role.name}" has ${role.rules.length} rules, more than ${rulesPerRoleMax}`
    : undefined;
}

/** Why a binding breaks a limit, or undefined. */
export function bindingLimitError(binding: BindingLike): string | undefined {
  return binding.subjects.length > subjectsPerBindingMax
    ? `binding "${binding.name}" has ${binding.subjects.length} subjects, more than ${subjectsPerBindingMax}`
    : undefined;
}

// ---- The index ----

/** Whether a binding's subject is this user (Kubernetes' appliesToUser). */
export function subjectApplies(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const userName = subjectUserName(subject, bindingNamespace);
      return userName !== undefined && userName === user.name;
    }
    default:
      return false;
  }
}

/** The user name a User or ServiceAccount subject matches; undefined for a ServiceAccount with no namespace to use. */
function subjectUserName(subject: Subject, bindingNamespace: string): string | undefined {
  if (subject.kind === 'User') return subject.name;
  const namespace = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
  return namespace === '' ? undefined : serviceAccountUserName(namespace, subject.name);
}

/** The bindings of one scope (the cluster, or one namespace), looked up by what their subjects match. */
class BindingScope {
  readonly bindings: BindingLike[] = [];
  private readonly byUser = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();

  add(binding: BindingLike): void {
    const ordinal = this.bindings.push(binding) - 1;
    for (const subject of binding.subjects) {
      if (subject.kind === 'Group') append(this.byGroup, subject.name, ordinal);
      if (subject.kind !== 'User' && subject.kind !== 'ServiceAccount') continue;
      const userName = subjectUserName(subject, binding.namespace);
      if (userName !== undefined) append(this.byUser, userName, ordinal);
    }
  }

  /** The bindings that may apply to the user, in the order they were added, each once. */
  candidates(user: UserInfo): BindingLike[] {
    const ordinals = new Set<number>(this.byUser.get(user.name) ?? []);
    for (const group of user.groups) for (const ordinal of this.byGroup.get(group) ?? []) ordinals.add(ordinal);
    return [...ordinals].sort((a, b) => a - b).map((ordinal) => this.bindings[ordinal] as BindingLike);
  }
}

function append(map: Map<string, number[]>, key: string, ordinal: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [ordinal]);
  else if (list[list.length - 1] !== ordinal) list.push(ordinal);
}

/** The RBAC authorizer over one snapshot of the policy. */
export class RbacIndex {
  private readonly roles = new Map<string, RoleLike>();
  private readonly clusterRoles = new Map<string, RoleLike>();
  private readonly clusterScope = new BindingScope();
  private readonly namespaceScopes = new Map<string, BindingScope>();

  constructor(policy: RbacPolicy) {
    for (const role of policy.roles) this.addRole(role, true);
    for (const role of policy.clusterRoles) this.addRole(role, false);
    for (const binding of policy.roleBindings) this.addBinding(binding, true);
    for (const binding of policy.clusterRoleBindings) this.addBinding(binding, false);
  }

  private addRole(role: RoleLike, namespaced: boolean): void {
    invariant((role.namespace !== '') === namespaced, `role "${role.name}": namespace "${role.namespace}"`);
    const limit = roleLimitError(role);
    invariant(limit === undefined, limit ?? '');
    const map = namespaced ? this.roles : this.clusterRoles;
    const key = namespaced ? `${role.namespace}/${role.name}` : role.name;
    invariant(!map.has(key), `role "${key}" given twice`);
    map.set(key, role);
  }

  private addBinding(binding: BindingLike, namespaced: boolean): void {
    invariant((binding.namespace !== '') === namespaced, `binding "${binding.name}": namespace "${binding.namespace}"`);
    const limit = bindingLimitError(binding);
    invariant(limit === undefined, limit ?? '');
    if (!namespaced) return this.clusterScope.add(binding);
    let scope = this.namespaceScopes.get(binding.namespace);
    if (scope === undefined) this.namespaceScopes.set(binding.namespace, (scope = new BindingScope()));
    scope.add(binding);
  }

  /**
   * The rules a binding in `bindingNamespace` ('' for a ClusterRoleBinding)
   * grants through `roleRef`, or undefined when the role does not exist (a
   * ClusterRoleBinding cannot name a Role: there is no namespace to find it in).
   */
  roleReferenceRules(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[] | undefined {
    if (roleRef.kind === 'ClusterRole') return this.clusterRoles.get(roleRef.name)?.rules;
    if (roleRef.kind === 'Role' && bindingNamespace !== '')
      return this.roles.get(`${bindingNamespace}/${roleRef.name}`)?.rules;
    return undefined;
  }

  /** The bindings that grant the user something in `namespace`: the cluster's first, then the namespace's. */
  private bindingsFor(user: UserInfo, namespace: string): BindingLike[] {
    const cluster = this.clusterScope.candidates(user);
    const local = namespace === '' ? undefined : this.namespaceScopes.get(namespace);
    return local === undefined ? cluster : [...cluster, ...local.candidates(user)];
  }

  /** Allowed when some rule of some role bound to the user allows the request; otherwise denied. */
  authorize(attributes: RequestAttributes): Decision {
    const { user } = attributes;
    if (user.groups.includes(systemMasters))
      return { allowed: true, reason: `allowed: user ${JSON.stringify(user.name)} is in group "${systemMasters}"` };
    // A non-resource request is answered by ClusterRoleBindings only, as in Kubernetes.
    const namespace = attributes.path === undefined ? attributes.namespace : '';
    for (const binding of this.bindingsFor(user, namespace)) {
      const rules = this.roleReferenceRules(binding.roleRef, binding.namespace);
      const subject = binding.subjects.find((candidate) => subjectApplies(candidate, user, binding.namespace));
      if (rules === undefined || subject === undefined) continue;
      if (rules.some((rule) => ruleAllows(attributes, rule)))
        return { allowed: true, reason: allowedBy(binding, subject) };
    }
    return { allowed: false, reason: describeDenial(attributes) };
  }

  /**
   * Every rule the user holds in `namespace` ('' = only what ClusterRoleBindings
   * grant, which is what counts cluster-wide), as Kubernetes' RulesFor. A
   * member of system:masters holds superuserRules.
   */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    if (user.groups.includes(systemMasters)) return [...superuserRules];
    const rules: PolicyRule[] = [];
    for (const binding of this.bindingsFor(user, namespace)) {
      if (!binding.subjects.some((subject) => subjectApplies(subject, user, binding.namespace))) continue;
      rules.push(...(this.roleReferenceRules(binding.roleRef, binding.namespace) ?? []));
    }
    return rules;
  }
}

/** Kubernetes' wording: `allowed by RoleBinding "prod/viewers" of ClusterRole "view" to Group "devs"`. */
function allowedBy(binding: BindingLike, subject: Subject): string {
  const kind = binding.namespace === '' ? 'ClusterRoleBinding' : 'RoleBinding';
  const name = binding.namespace === '' ? binding.name : `${binding.namespace}/${binding.name}`;
  return `allowed by ${kind} ${JSON.stringify(name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${subject.kind} ${JSON.stringify(subject.name)}`;
}

// ---- Escalation: may the caller grant these rules? (Kubernetes' validation.Covers and ConfirmNoEscalation) ----

/** Whether held rules cover requested ones, and if not, the single permissions that are missing. */
export type CoversResult = { readonly ok: true } | { readonly ok: false; readonly missing: PolicyRule[] };

/** How many single permissions `breakdownRule` makes of these rules, without making them. */
export function breakdownCount(rules: readonly PolicyRule[]): number {
  let count = 0;
  for (const rule of rules) {
    const verbs = rule.verbs?.length ?? 0;
    const names = Math.max(1, rule.resourceNames?.length ?? 0);
    count += (rule.apiGroups?.length ?? 0) * (rule.resources?.length ?? 0) * verbs * names;
    count += (rule.nonResourceUrls?.length ?? 0) * verbs;
  }
  return count;
}

/**
 * One rule as single permissions: one group, one resource, one verb (and one
 * name); or one URL and one verb. Each is then covered by one held rule or
 * by none, which is what makes the comparison exact (Kubernetes' BreakdownRule).
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const permissions: PolicyRule[] = [];
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs ?? []) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (names.length === 0) permissions.push(base);
        else for (const name of names) permissions.push({ ...base, resourceNames: [name] });
      }
  for (const url of rule.nonResourceUrls ?? [])
    for (const verb of rule.verbs ?? []) permissions.push({ nonResourceUrls: [url], verbs: [verb] });
  return permissions;
}

function hasAll(set: readonly string[] | undefined, items: readonly string[] | undefined): boolean {
  return (items ?? []).every((item) => (set ?? []).includes(item));
}

/** `*` or every requested resource, where `*\/SUB` also covers `R/SUB` (Kubernetes' resourceCoversAll). */
function resourcesCovered(held: readonly string[] | undefined, requested: readonly string[] | undefined): boolean {
  const set = held ?? [];
  if (set.includes(wildcard)) return true;
  return (requested ?? []).every((resource) => {
    if (set.includes(resource)) return true;
    const slash = resource.indexOf('/');
    return slash >= 0 && set.includes(`${wildcard}/${resource.slice(slash + 1)}`);
  });
}

function urlsCovered(held: readonly string[] | undefined, requested: readonly string[] | undefined): boolean {
  return (requested ?? []).every((path) => nonResourceUrlMatches({ nonResourceUrls: held ?? [] }, path));
}

/** Whether one held rule covers one requested rule (Kubernetes' ruleCovers). */
export function ruleCovers(held: PolicyRule, requested: PolicyRule): boolean {
  const verbs = (held.verbs ?? []).includes(wildcard) || hasAll(held.verbs, requested.verbs);
  const groups = (held.apiGroups ?? []).includes(wildcard) || hasAll(held.apiGroups, requested.apiGroups);
  const heldNames = held.resourceNames ?? [];
  // A held rule limited to names covers only requests limited to some of those names.
  const names =
    (requested.resourceNames ?? []).length === 0
      ? heldNames.length === 0
      : heldNames.length === 0 || hasAll(heldNames, requested.resourceNames);
  return (
    verbs &&
    groups &&
    names &&
    resourcesCovered(held.resources, requested.resources) &&
    urlsCovered(held.nonResourceUrls, requested.nonResourceUrls)
  );
}

/**
 * Kubernetes' validation.Covers: every single permission of `requested` is
 * covered by some held rule. A `*` held covers anything in its field; a `*`
 * requested is covered only by a `*` held. The caller keeps
 * breakdownCount(requested) within coverPermissionsMax (asserted).
 */
export function covers(held: readonly PolicyRule[], requested: readonly PolicyRule[]): CoversResult {
  invariant(breakdownCount(requested) <= coverPermissionsMax, 'covers: too many requested permissions');
  const missing: PolicyRule[] = [];
  for (const rule of requested)
    for (const permission of breakdownRule(rule))
      if (!held.some((heldRule) => ruleCovers(heldRule, permission))) missing.push(permission);
  return missing.length === 0 ? { ok: true } : { ok: false, missing };
}

/** A rule as one line: `{apiGroups:[""], resources:["pods"], verbs:["create"]}`, fields that are set only. */
export function describeRule(rule: PolicyRule): string {
  const fields = (['apiGroups', 'resources', 'resourceNames', 'nonResourceUrls', 'verbs'] as const)
    .filter((field) => rule[field] !== undefined && (rule[field] ?? []).length > 0)
    .map((field) => `${field}:[${(rule[field] ?? []).map((value) => JSON.stringify(value)).join(', ')}]`);
  return `{${fields.join(', ')}}`;
}

/** What is being written: a Role/ClusterRole with its rules, or a RoleBinding/ClusterRoleBinding with its roleRef. */
export type EscalationRequest =
  | { readonly kind: 'role'; readonly rules: readonly PolicyRule[] }
  | { readonly kind: 'binding'; readonly roleRef: RoleRef };

export type EscalationResult =
  | { readonly allowed: true; readonly reason: string }
  | { readonly allowed: false; readonly reason: string; readonly missing: readonly PolicyRule[] };

/**
 * May `user` write this Role or binding without gaining what they lack?
 * `namespace` is the object's: the Role's or RoleBinding's, '' for a
 * ClusterRole or ClusterRoleBinding (then only what the user holds
 * cluster-wide counts). In Kubernetes' order:
 *
 * 1. A role over rulesPerRoleMax rules, or rules that break down into more
 *    than coverPermissionsMax permissions, is refused, for everyone.
 * 2. A member of system:masters may (EscalationAllowed).
 * 3. A Role/ClusterRole: the user may if allowed `escalate` on it; a binding:
 *    if allowed `bind` on the role it references. `verbOnRoleAllowed` asks the
 *    master's authorizers, with escalateAttributes / bindAttributes.
 * 4. Otherwise the user must hold every rule being granted, in that namespace
 *    (ConfirmNoEscalation). For a binding those are the referenced role's rules;
 *    a binding to a role that does not exist is refused at this step.
 */
export function checkEscalation(
  index: RbacIndex,
  user: UserInfo,
  namespace: string,
  request: EscalationRequest,
  verbOnRoleAllowed: (verb: 'escalate' | 'bind') => boolean,
): EscalationResult {
  const who = JSON.stringify(user.name);
  if (request.kind === 'role' && request.rules.length > rulesPerRoleMax)
    return refused(`the role has ${request.rules.length} rules, more than ${rulesPerRoleMax}`);
  if (user.groups.includes(systemMasters))
    return { allowed: true, reason: `user ${who} is in group "${systemMasters}"` };
  const verb = request.kind === 'role' ? 'escalate' : 'bind';
  if (verbOnRoleAllowed(verb)) return { allowed: true, reason: `user ${who} may ${verb} the role` };
  const rules = request.kind === 'role' ? request.rules : index.roleReferenceRules(request.roleRef, namespace);
  if (rules === undefined) {
    const { kind, name } = request.kind === 'binding' ? request.roleRef : { kind: '', name: '' };
    return refused(`user ${who} may not bind ${kind} ${JSON.stringify(name)}, and it does not exist`);
  }
  const count = breakdownCount(rules);
  if (count > coverPermissionsMax)
    return refused(`the rules break down into ${count} permissions, more than the ${coverPermissionsMax} checked`);
  const result = covers(index.rulesFor(user, namespace), rules);
  if (result.ok) return { allowed: true, reason: `user ${who} holds every permission granted` };
  return refused(escalationMessage(user, result.missing), result.missing);
}

function refused(reason: string, missing: readonly PolicyRule[] = []): EscalationResult {
  return { allowed: false, reason, missing };
}

/** Kubernetes' wording, with at most missingShownMax permissions listed. */
function escalationMessage(user: UserInfo, missing: readonly PolicyRule[]): string {
  const shown = missing.slice(0, missingShownMax).map(describeRule).join('; ');
  const more = missing.length > missingShownMax ? ` (and ${missing.length - missingShownMax} more)` : '';
  const groups = user.groups.map((group) => JSON.stringify(group)).join(',');
  return `user ${JSON.stringify(user.name)} (groups=[${groups}]) is attempting to grant RBAC permissions not currently held: ${shown}${more}`;
}

/** The request to authorize for step 3 when writing a Role (namespace set) or ClusterRole (''): `escalate` on it. */
export function escalateAttributes(
  user: UserInfo,
  role: { readonly namespace: string; readonly name: string },
): RequestAttributes {
  const resource = role.namespace === '' ? 'clusterroles' : 'roles';
  return {
    user,
    verb: 'escalate',
    apiGroup: rbacGroup,
    resource,
    subresource: '',
    namespace: role.namespace,
    name: role.name,
  };
}

/**
 * The request to authorize for step 3 when writing a binding in
 * `bindingNamespace` ('' for a ClusterRoleBinding): `bind` on the referenced
 * role, asked in the binding's namespace, so that a user may be allowed to
 * bind a ClusterRole in some namespaces only (Kubernetes' BindingAuthorized).
 */
export function bindAttributes(user: UserInfo, bindingNamespace: string, roleRef: RoleRef): RequestAttributes {
  const resource = roleRef.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  return {
    user,
    verb: 'bind',
    apiGroup: rbacGroup,
    resource,
    subresource: '',
    namespace: bindingNamespace,
    name: roleRef.name,
  };
}
