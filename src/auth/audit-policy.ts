/**
 * The audit policy, as Kubernetes' `audit.k8s.io/v1` `Policy`: an ordered list
 * of rules, the first rule that matches a request decides how much of it is
 * written, and a request no rule matches is not written at all (level None),
 * exactly as in Kubernetes so a policy written for a Kubernetes cluster means
 * the same thing here. Pure: parsing, validation and matching, no I/O.
 *
 * Not supported (refused when present, so a policy never silently means less
 * than its author thinks): `omitManagedFields`. Accepted and ignored:
 * `omitStages` (Orca writes one event per request, when it completes, so
 * there are no stages to omit) and `metadata`.
 */
import { parseDocument } from 'yaml';
import { renderFieldError, type FieldError } from '../api/errors.js';
import { AuthTypedError } from './auth-error.js';

/** How much of a request is written, from nothing to the request and response bodies. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** Every level, least to most; the index is the order `auditLevelAtLeast` compares. */
export const auditLevels: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** Resources of one API group a rule matches (Kubernetes' `GroupResources`). */
export interface AuditGroupResources {
  /** The API group; '' (or absent) is the core group. Compared exactly: no wildcard, as in Kubernetes. */
  readonly group?: string;
  /**
   * Resource names; absent or empty means every resource of the group. An entry
   * may name a subresource (`pods/log`), and may be `*` (every resource and
   * subresource), `*\/log` (that subresource of every resource) or `pods/*`
   * (pods and every subresource of pods).
   */
  readonly resources?: readonly string[];
  /** Object names; absent or empty means any. Needs `resources`. */
  readonly resourceNames?: readonly string[];
}

/** One rule: every field present must match; an absent or empty list matches anything. */
export interface AuditPolicyRule {
  readonly level: AuditLevel;
  /** User names (`alice`, `system:serviceaccount:ns:name`). */
  readonly users?: readonly string[];
  /** Matches when the user is in any of these groups. */
  readonly userGroups?: readonly string[];
  /** Request verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`). */
  readonly verbs?: readonly string[];
  /** Present: the rule matches resource requests only, of these resources. */
  readonly resources?: readonly AuditGroupResources[];
  /** Present: the rule matches resource requests only, in these namespaces ('' is cluster-scoped). */
  readonly namespaces?: readonly string[];
  /** Present: the rule matches non-resource requests only (a path, `/healthz`; a trailing `*` is a prefix). */
  readonly nonResourceUrls?: readonly string[];
}

/** An ordered list of rules; the first that matches wins, none matching means None. */
export interface AuditPolicy {
  readonly rules: readonly AuditPolicyRule[];
}

/** What the policy looks at in a request. A resource request has a non-empty `resource`. */
export interface AuditAttributes {
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  /** '' for the core group. */
  readonly apiGroup: string;
  /** Plural resource name (`pods`); '' for a non-resource request. */
  readonly resource: string;
  /** `log`, `exec`, `status`, or ''. */
  readonly subresource: string;
  /** '' for cluster-scoped resources and non-resource requests. */
  readonly namespace: string;
  /** The object's name; '' for list, watch and create without a name. */
  readonly name: string;
  /** The request path of a non-resource request (`/healthz`); ignored for resource requests. */
  readonly path?: string;
}

/** The most rules a policy may have. */
export const auditPolicyRulesMax = 1000;
/** The most entries in any one list of a rule. */
export const auditPolicyListMax = 1000;
/** The longest string (user, group, resource, ...) a policy may hold. */
export const auditPolicyStringMax = 1024;
/** The largest policy text accepted by `parseAuditPolicy`. */
export const auditPolicyTextBytesMax = 4 * 1024 * 1024;
/** The most field errors one AuditPolicyError reports (the rest are counted in its message). */
const fieldErrorsMax = 50;

export type AuditPolicyErrorCode = 'invalid-audit-policy';

/** A policy text or object that breaks a rule; `fieldErrors` name each field (`rules[2].level`). */
export class AuditPolicyError extends AuthTypedError<AuditPolicyErrorCode> {
  override readonly name = 'AuditPolicyError';

  constructor(readonly fieldErrors: readonly FieldError[]) {
    super('invalid-audit-policy', `audit policy is invalid: ${fieldErrors.map(renderFieldError).join('; ')}`);
  }
}

/**
 * The policy used when none is configured. Choices, kept few on purpose so an
 * operator can read the whole policy at a glance:
 * - None for reads (get, list, watch) of Events and Leases: every controller
 *   and worker reads them all the time and they carry nothing worth auditing.
 * - None for the nodes' own Lease renewals (group `system:nodes`, update and
 *   patch of leases): a heartbeat every few seconds per node would be most of
 *   the log and tells nothing a Node's status does not.
 * - Request for writes to RBAC (`rbac.authorization.k8s.io`): who was granted
 *   what is the first question after an incident, and the Role or binding
 *   itself is the answer; these writes are rare, so the bodies cost little.
 *   (Secrets need no rule of their own: the audit log redacts their data at
 *   every level.)
 * - Metadata for everything else: who did what to which object, and the
 *   result, without bodies (which may be large or sensitive).
 */
export const defaultAuditPolicy: AuditPolicy = {
  rules: [
    {
      level: 'None',
      verbs: ['get', 'list', 'watch'],
      resources: [
        { group: '', resources: ['events'] },
        { group: 'coordination.k8s.io', resources: ['leases'] },
      ],
    },
    {
      level: 'None',
      userGroups: ['system:nodes'],
      verbs: ['update', 'patch'],
      resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }],
    },
    {
      level: 'Request',
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      resources: [{ group: 'rbac.authorization.k8s.io' }],
    },
    { level: 'Metadata' },
  ],
};

/** Whether `level` writes at least as much as `minimum`. */
export function auditLevelAtLeast(level: AuditLevel, minimum: AuditLevel): boolean {
  return auditLevels.indexOf(level) >= auditLevels.indexOf(minimum);
}

/** The level of the first rule that matches the request; None when no rule does (as Kubernetes). */
export function auditLevel(policy: AuditPolicy, attributes: AuditAttributes): AuditLevel {
  for (const rule of policy.rules) {
    if (ruleMatches(rule, attributes)) return rule.level;
  }
  return 'None';
}

function present(list: readonly unknown[] | undefined): list is readonly unknown[] {
  return list !== undefined && list.length > 0;
}

function ruleMatches(rule: AuditPolicyRule, attributes: AuditAttributes): boolean {
  if (present(rule.users) && !rule.users.includes(attributes.user)) return false;
  if (present(rule.userGroups) && !attributes.groups.some((group) => rule.userGroups?.includes(group))) return false;
  if (present(rule.verbs) && !rule.verbs.includes(attributes.verb)) return false;
  if (present(rule.namespaces) || present(rule.resources)) return resourceMatches(rule, attributes);
  if (present(rule.nonResourceUrls)) return nonResourceMatches(rule.nonResourceUrls, attributes);
  return true;
}

function resourceMatches(rule: AuditPolicyRule, attributes: AuditAttributes): boolean {
  if (attributes.resource === '') return false;
  if (present(rule.namespaces) && !rule.namespaces.includes(attributes.namespace)) return false;
  if (!present(rule.resources)) return true;
  return rule.resources.some((groupResources) => groupMatches(groupResources, attributes));
}

function groupMatches(groupResources: AuditGroupResources, attributes: AuditAttributes): boolean {
  if ((groupResources.group ?? '') !== attributes.apiGroup) return false;
  if (!present(groupResources.resources)) return true;
  if (present(groupResources.resourceNames) && !groupResources.resourceNames.includes(attributes.name)) return false;
  return groupResources.resources.some((entry) => resourceEntryMatches(entry, attributes));
}

/** Kubernetes' forms: `pods`, `pods/log`, `*`, `*\/log`, `pods/*`. */
function resourceEntryMatches(entry: string, attributes: AuditAttributes): boolean {
  const { resource, subresource } = attributes;
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  if (entry === '*' || entry === combined) return true;
  if (subresource !== '' && entry.startsWith('*/') && entry.slice(2) === subresource) return true;
  return entry.endsWith('/*') && entry.slice(0, -2) === resource;
}

function nonResourceMatches(urls: readonly string[], attributes: AuditAttributes): boolean {
  if (attributes.resource !== '') return false;
  const path = attributes.path ?? '';
  return urls.some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

/**
 * Reads a Kubernetes `audit.k8s.io/v1` `kind: Policy` document, in YAML or
 * JSON. Throws AuditPolicyError naming every broken field.
 */
export function parseAuditPolicy(text: string): AuditPolicy {
  if (Buffer.byteLength(text, 'utf8') > auditPolicyTextBytesMax) {
    throw new AuditPolicyError([{ path: '', message: `must be at most ${auditPolicyTextBytesMax} bytes` }]);
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    throw new AuditPolicyError([{ path: '', message: `is not YAML or JSON: ${firstError.message}` }]);
  }
  let value: unknown;
  try {
    // A small alias budget: a policy needs no aliases, and a billion-laughs document must not expand.
    value = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error: unknown) {
    throw new AuditPolicyError([{ path: '', message: `cannot be read: ${(error as Error).message}` }]);
  }
  return validateAuditPolicy(value);
}

/**
 * Checks a policy already decoded from YAML or JSON (a Kubernetes-shaped
 * object with `apiVersion`, `kind`, `rules`) and returns it in Orca's shape.
 */
export function validateAuditPolicy(value: unknown): AuditPolicy {
  const errors: FieldError[] = [];
  const policy = readPolicy(value, errors);
  if (errors.length > 0) {
    const shown = errors.slice(0, fieldErrorsMax);
    if (errors.length > fieldErrorsMax) {
      shown.push({ path: '', message: `and ${errors.length - fieldErrorsMax} more errors` });
    }
    throw new AuditPolicyError(shown);
  }
  return policy;
}

const policyFields = new Set(['apiVersion', 'kind', 'metadata', 'rules', 'omitStages']);
const ruleFields = new Set([
  'level',
  'users',
  'userGroups',
  'verbs',
  'resources',
  'namespaces',
  'nonResourceURLs',
  'omitStages',
]);
const groupResourcesFields = new Set(['group', 'resources', 'resourceNames']);
const stages = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkFields(value: Mapping, allowed: ReadonlySet<string>, path: string, errors: FieldError[]): void {
  for (const key of Object.keys(value)) {
    if (allowed.has(key)) continue;
    const message =
      key === 'omitManagedFields' ? 'is not supported by Orca' : `unknown field (known: ${[...allowed].join(', ')})`;
    errors.push({ path: join(path, key), message });
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function readPolicy(value: unknown, errors: FieldError[]): AuditPolicy {
  if (!isMapping(value)) {
    errors.push({ path: '', message: 'must be a mapping with apiVersion, kind and rules' });
    return { rules: [] };
  }
  checkFields(value, policyFields, '', errors);
  if (value['apiVersion'] !== 'audit.k8s.io/v1')
    errors.push({ path: 'apiVersion', message: 'must be audit.k8s.io/v1' });
  if (value['kind'] !== 'Policy') errors.push({ path: 'kind', message: 'must be Policy' });
  if (value['metadata'] !== undefined && value['metadata'] !== null && !isMapping(value['metadata'])) {
    errors.push({ path: 'metadata', message: 'must be a mapping' });
  }
  readStages(value['omitStages'], 'omitStages', errors);
  const rulesValue = value['rules'] ?? [];
  if (!Array.isArray(rulesValue)) {
    errors.push({ path: 'rules', message: 'must be a list' });
    return { rules: [] };
  }
  if (rulesValue.length > auditPolicyRulesMax) {
    errors.push({ path: 'rules', message: `must have at most ${auditPolicyRulesMax} rules, has ${rulesValue.length}` });
    return { rules: [] };
  }
  const rules = rulesValue.map((rule: unknown, index) => readRule(rule, `rules[${index}]`, errors));
  return { rules };
}

function readRule(value: unknown, path: string, errors: FieldError[]): AuditPolicyRule {
  if (!isMapping(value)) {
    errors.push({ path, message: 'must be a mapping' });
    return { level: 'None' };
  }
  checkFields(value, ruleFields, path, errors);
  const level = value['level'];
  if (typeof level !== 'string' || !(auditLevels as readonly string[]).includes(level)) {
    errors.push({ path: join(path, 'level'), message: `must be one of ${auditLevels.join(', ')}` });
  }
  readStages(value['omitStages'], join(path, 'omitStages'), errors);
  const noWildcard = { wildcard: false };
  const rule: Mutable<AuditPolicyRule> = { level: level as AuditLevel };
  setList(rule, 'users', readStrings(value['users'], join(path, 'users'), errors, noWildcard));
  setList(rule, 'userGroups', readStrings(value['userGroups'], join(path, 'userGroups'), errors, noWildcard));
  setList(rule, 'verbs', readStrings(value['verbs'], join(path, 'verbs'), errors, noWildcard));
  setList(
    rule,
    'namespaces',
    readStrings(value['namespaces'], join(path, 'namespaces'), errors, { wildcard: false, empty: true }),
  );
  const urls = readStrings(value['nonResourceURLs'], join(path, 'nonResourceURLs'), errors, { wildcard: true });
  for (const [index, url] of (urls ?? []).entries())
    checkNonResourceUrl(url, `${join(path, 'nonResourceURLs')}[${index}]`, errors);
  setList(rule, 'nonResourceUrls', urls);
  const resources = readResourcesList(value['resources'], join(path, 'resources'), errors);
  if (resources !== undefined) rule.resources = resources;
  if (present(rule.nonResourceUrls) && (present(rule.resources) || present(rule.namespaces))) {
    errors.push({ path: join(path, 'nonResourceURLs'), message: 'cannot be combined with resources or namespaces' });
  }
  return rule;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function setList<K extends 'users' | 'userGroups' | 'verbs' | 'namespaces' | 'nonResourceUrls'>(
  rule: Mutable<AuditPolicyRule>,
  key: K,
  list: readonly string[] | undefined,
): void {
  if (list !== undefined) rule[key] = list;
}

function readStages(value: unknown, path: string, errors: FieldError[]): void {
  const list = readStrings(value, path, errors, { wildcard: false });
  for (const [index, stage] of (list ?? []).entries()) {
    if (!stages.includes(stage))
      errors.push({ path: `${path}[${index}]`, message: `must be one of ${stages.join(', ')}` });
  }
}

interface StringRules {
  /** Whether `*` may appear (it means nothing in users, groups, verbs and namespaces: Kubernetes compares exactly). */
  readonly wildcard: boolean;
  /** Whether '' is a valid entry (the cluster scope in `namespaces`, the core group). */
  readonly empty?: boolean;
}

function readStrings(value: unknown, path: string, errors: FieldError[], rules: StringRules): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.push({ path, message: 'must be a list of strings' });
    return undefined;
  }
  if (value.length > auditPolicyListMax) {
    errors.push({ path, message: `must have at most ${auditPolicyListMax} entries, has ${value.length}` });
    return undefined;
  }
  const strings: string[] = [];
  for (const [index, entry] of value.entries()) {
    const message = stringProblem(entry, rules);
    if (message === '') strings.push(entry as string);
    else errors.push({ path: `${path}[${index}]`, message });
  }
  return strings;
}

function stringProblem(entry: unknown, rules: StringRules): string {
  if (typeof entry !== 'string') return 'must be a string';
  if (entry === '' && rules.empty !== true) return 'must not be empty';
  if (entry.length > auditPolicyStringMax) return `must be at most ${auditPolicyStringMax} characters`;
  if (!rules.wildcard && entry === '*') return 'no wildcard here: leave the list out to match everything';
  return '';
}

function checkNonResourceUrl(url: string, path: string, errors: FieldError[]): void {
  if (url !== '*' && !url.startsWith('/')) errors.push({ path, message: "must start with '/' (or be '*')" });
  else if (url.slice(0, -1).includes('*')) errors.push({ path, message: "may have '*' only at its end" });
}

function readResourcesList(value: unknown, path: string, errors: FieldError[]): AuditGroupResources[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.push({ path, message: 'must be a list of {group, resources, resourceNames}' });
    return undefined;
  }
  if (value.length > auditPolicyListMax) {
    errors.push({ path, message: `must have at most ${auditPolicyListMax} entries, has ${value.length}` });
    return undefined;
  }
  return value.map((entry: unknown, index) => readGroupResources(entry, `${path}[${index}]`, errors));
}

function readGroupResources(value: unknown, path: string, errors: FieldError[]): AuditGroupResources {
  if (!isMapping(value)) {
    errors.push({ path, message: 'must be a mapping with group, resources, resourceNames' });
    return {};
  }
  checkFields(value, groupResourcesFields, path, errors);
  const group = value['group'] ?? '';
  if (typeof group !== 'string' || group.length > auditPolicyStringMax || group === '*') {
    errors.push({
      path: join(path, 'group'),
      message: "must be an API group name ('' for the core group; no wildcard)",
    });
  }
  const resources = readStrings(value['resources'], join(path, 'resources'), errors, { wildcard: true });
  for (const [index, resource] of (resources ?? []).entries()) {
    checkResourceEntry(resource, `${join(path, 'resources')}[${index}]`, errors);
  }
  const names = readStrings(value['resourceNames'], join(path, 'resourceNames'), errors, { wildcard: false });
  if (present(names) && !present(resources)) {
    errors.push({ path: join(path, 'resourceNames'), message: 'needs at least one entry in resources' });
  }
  const result: Mutable<AuditGroupResources> = { group: typeof group === 'string' ? group : '' };
  if (resources !== undefined) result.resources = resources;
  if (names !== undefined) result.resourceNames = names;
  return result;
}

/** `pods`, `pods/log`, `*`, `*\/log`, `pods/*`: at most one '/', and '*' only as a whole part. */
function checkResourceEntry(entry: string, path: string, errors: FieldError[]): void {
  const parts = entry.split('/');
  const wellFormed = parts.length <= 2 && parts.every((part) => part !== '' && (part === '*' || !part.includes('*')));
  if (!wellFormed)
    errors.push({ path, message: "must be 'resource', 'resource/subresource', '*', '*/sub' or 'resource/*'" });
}
