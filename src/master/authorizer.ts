/**
 * The master's authorization: the one `authorize` the object core calls for
 * every request (object-core.ts), deny by default. In order:
 *
 * 1. `system:masters` (cluster admins, the leader's own clients) — allowed.
 * 2. The node authorizer (src/auth/node-authorizer.ts) for workers: allow and
 *    deny are final, so no RBAC binding widens what a worker may do.
 * 3. RBAC over the replicated Roles, ClusterRoles and their bindings, plus the
 *    default ClusterRoles (cluster-admin, admin, edit, view, system:basic-user)
 *    which the leader keeps in the state as well.
 * 4. Writes of Roles and bindings pass the escalation check: a caller grants
 *    only what it holds, unless it may `escalate` / `bind`.
 *
 * The RBAC index is rebuilt only after an RBAC object changed (a watch on the
 * four kinds bumps a generation), so a request costs a few map lookups. The
 * node graph reads this replica's pods (a worker's pods by spec.nodeName).
 * A refusal is an ObjectError `forbidden` whose message says who may not do
 * what where: `user "dev" cannot list secrets in namespace "prod"`.
 */
import { kindInfo, type OrcaObject, type Pod } from '../api/index.js';
import {
  authorizeNode,
  bindAttributes,
  checkEscalation,
  defaultClusterRoleBindings,
  defaultClusterRoles,
  describeDenial,
  escalateAttributes,
  MemoryNodeGraph,
  RbacIndex,
  systemMasters,
  type BindingLike,
  type NodeGraph,
  type PolicyRule,
  type RequestAttributes,
  type RoleLike,
  type RoleRef,
} from '../auth/index.js';
import type { JsonObject, StateMachine } from '../state/index.js';
import type { AccessRequest } from './object-core.js';
import { ObjectError } from './object-error.js';
import { listFilters, parseSelection } from './object-selection.js';

const rbacKinds = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The core's request as Kubernetes' authorizers see it. */
export function attributesOf(request: AccessRequest): RequestAttributes {
  const info = kindInfo(request.kind);
  const resource = info?.plural ?? request.kind.toLowerCase();
  const verbs: Record<AccessRequest['verb'], string> = {
    create: 'create',
    update: 'update',
    updateStatus: 'update',
    delete: 'delete',
    check: 'get',
    get: 'get',
    list: 'list',
    watch: 'watch',
  };
  return {
    user: request.user,
    verb: verbs[request.verb],
    apiGroup: groupOf(info?.apiVersion ?? 'v1'),
    resource,
    subresource: request.verb === 'updateStatus' ? 'status' : (request.subresource ?? ''),
    namespace:
      info?.namespaced === false ? '' : request.namespace === '' && request.name !== '' ? 'default' : request.namespace,
    name: request.name,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function rulesOf(object: JsonObject | OrcaObject): PolicyRule[] {
  const rules = (object as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return [];
  return rules.map((rule: Record<string, unknown>) => ({
    apiGroups: strings(rule['apiGroups']),
    resources: strings(rule['resources']),
    verbs: strings(rule['verbs']),
    resourceNames: strings(rule['resourceNames']),
    nonResourceUrls: strings(rule['nonResourceUrls']),
  }));
}

function metaOf(object: JsonObject | OrcaObject): { namespace: string; name: string } {
  const metadata = (object as { metadata?: { namespace?: string; name?: string } }).metadata ?? {};
  return { namespace: metadata.namespace ?? '', name: metadata.name ?? '' };
}

function roleRefOf(object: JsonObject | OrcaObject): RoleRef {
  const ref = (object as { roleRef?: { kind?: string; name?: string; apiGroup?: string } }).roleRef ?? {};
  return { kind: ref.kind ?? '', name: ref.name ?? '', apiGroup: ref.apiGroup ?? '' };
}

function bindingOf(object: JsonObject | OrcaObject, clusterScoped: boolean): BindingLike {
  const subjects = (object as { subjects?: { kind?: string; name?: string; namespace?: string }[] }).subjects ?? [];
  const { namespace, name } = metaOf(object);
  return {
    namespace: clusterScoped ? '' : namespace,
    name,
    roleRef: roleRefOf(object),
    subjects: subjects.map((s) => ({ kind: s.kind ?? '', name: s.name ?? '', namespace: s.namespace ?? '' })),
  };
}

function roleOf(object: JsonObject | OrcaObject, clusterScoped: boolean): RoleLike {
  const { namespace, name } = metaOf(object);
  return { namespace: clusterScoped ? '' : namespace, name, rules: rulesOf(object) };
}

/** A worker's view: its pods' node and what they use, read from this replica. */
class StateNodeGraph implements NodeGraph {
  constructor(private readonly state: Pick<StateMachine, 'get' | 'list'>) {}

  podNodeName(namespace: string, name: string): string | undefined {
    const pod = this.state.get('Pod', namespace, name) as { spec?: { nodeName?: string } } | undefined;
    const node = pod?.spec?.nodeName ?? '';
    return node === '' ? undefined : node;
  }

  nodeReferences(node: string): ReturnType<NodeGraph['nodeReferences']> {
    const pods = this.state.list({
      kind: 'Pod',
      ...listFilters(parseSelection('', `spec.nodeName=${node}`)),
      limit: 0,
    }).items as unknown as Pod[];
    return new MemoryNodeGraph(pods).nodeReferences(node);
  }
}

export interface ClusterAuthorizerOptions {
  readonly state: Pick<StateMachine, 'get' | 'list' | 'watch' | 'appliedIndex'>;
}

export class ClusterAuthorizer {
  private index: RbacIndex | null = null;
  private readonly graph: NodeGraph;
  private closed = false;
  private watching: { close(): void } | null = null;

  constructor(private readonly options: ClusterAuthorizerOptions) {
    this.graph = new StateNodeGraph(options.state);
    this.follow();
  }

  /** The core's authorize: throws `forbidden`, or returns. */
  authorize = (request: AccessRequest): void => {
    const decision = this.decide(request);
    if (!decision.allowed) throw new ObjectError('forbidden', decision.reason);
  };

  /** Allowed or not, and why (for "can I?" and for authorize). */
  decide(request: AccessRequest): { allowed: boolean; reason: string } {
    if (request.user.groups.includes(systemMasters)) return { allowed: true, reason: 'system:masters' };
    const attributes = attributesOf(request);
    const node = authorizeNode(attributes, this.graph, request.object, request.fieldSelector);
    if (node.decision === 'deny') return { allowed: false, reason: node.reason };
    if (node.decision === 'allow') return { allowed: true, reason: node.reason };
    const index = this.rbac();
    const decision = index.authorize(attributes);
    if (!decision.allowed) return { allowed: false, reason: describeDenial(attributes) };
    if (
      request.object !== undefined &&
      rbacKinds.has(request.kind) &&
      (request.verb === 'create' || request.verb === 'update')
    )
      return this.escalation(index, request, request.object);
    return decision;
  }

  close(): void {
    this.closed = true;
    this.watching?.close();
  }

  private escalation(
    index: RbacIndex,
    request: AccessRequest,
    object: OrcaObject,
  ): { allowed: boolean; reason: string } {
    const clusterScoped = request.kind.startsWith('Cluster');
    const { namespace, name } = metaOf(object);
    const scope = clusterScoped ? '' : namespace === '' ? 'default' : namespace;
    const isRole = request.kind === 'Role' || request.kind === 'ClusterRole';
    const roleRef = isRole ? undefined : roleRefOf(object);
    const result = checkEscalation(
      index,
      request.user,
      scope,
      isRole
        ? { kind: 'role', rules: rulesOf(object) }
        : { kind: 'binding', roleRef: roleRef ?? { kind: '', name: '' } },
      (verb) =>
        index.authorize(
          verb === 'escalate'
            ? escalateAttributes(request.user, { namespace: scope, name })
            : bindAttributes(request.user, scope, roleRef ?? { kind: '', name: '' }),
        ).allowed,
    );
    return { allowed: result.allowed, reason: result.reason };
  }

  private rbac(): RbacIndex {
    if (this.index !== null) return this.index;
    const { state } = this.options;
    const all = (kind: string): JsonObject[] => state.list({ kind, limit: 0 }).items;
    const stored = (kind: string, clusterScoped: boolean) => all(kind).map((o) => ({ o, clusterScoped }));
    const storedClusterRoles = stored('ClusterRole', true).map(({ o }) => roleOf(o, true));
    const names = new Set(storedClusterRoles.map((r) => r.name));
    const storedClusterBindings = stored('ClusterRoleBinding', true).map(({ o }) => bindingOf(o, true));
    const bindingNames = new Set(storedClusterBindings.map((b) => b.name));
    this.index = new RbacIndex({
      roles: stored('Role', false).map(({ o }) => roleOf(o, false)),
      // The defaults hold from the first request, before the leader has written them (and if one is deleted).
      clusterRoles: [...storedClusterRoles, ...defaultClusterRoles.filter((r) => !names.has(r.name))],
      roleBindings: stored('RoleBinding', false).map(({ o }) => bindingOf(o, false)),
      clusterRoleBindings: [
        ...storedClusterBindings,
        ...defaultClusterRoleBindings.filter((b) => !bindingNames.has(b.name)),
      ],
    });
    return this.index;
  }

  /** Drop the index whenever an RBAC object changes; follow again if the watch ends. */
  private follow(): void {
    if (this.closed) return;
    const watch = this.options.state.watch({
      fromRevision: this.options.state.appliedIndex(),
      filter: (event) => rbacKinds.has(event.kind),
    });
    this.watching = watch;
    void (async () => {
      try {
        for await (const event of watch) {
          void event;
          this.index = null;
        }
      } catch {
        // An expired or closed watch: start over from now.
      }
      this.index = null;
      if (!this.closed) setTimeout(() => this.follow(), 100).unref();
    })();
  }
}
