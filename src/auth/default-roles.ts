/**
 * The ClusterRoles and ClusterRoleBindings every cluster starts with, modelled
 * on Kubernetes' bootstrap policy (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy/policy.go: clusterRoles() and the system:aggregate-to-*
 * roles), cut down to the kinds Orca serves and the subresources it has.
 *
 * - view: read what is in a namespace, except Secrets and the escalating
 *   subresources (exec, attach, port-forward): reading a Secret reveals a
 *   ServiceAccount token, which may hold more than view.
 * - edit: view, plus writes to everything a namespace's workloads are made of,
 *   Secrets, exec/attach/port-forward; not Roles or RoleBindings, and not the
 *   `/status` subresources or quotas that the system and admins own.
 * - admin: edit, plus Roles and RoleBindings in the namespace (granting only
 *   what admin itself holds: see checkEscalation).
 * - cluster-admin: everything, bound to the group system:masters.
 * - system:basic-user: anyone authenticated may ask "can I?".
 *
 * Cluster-scoped kinds (nodes, persistentvolumes, ingressclasses,
 * storageclasses, namespaces beyond reading) are outside view/edit/admin, as
 * in Kubernetes: those roles are meant for RoleBindings in one namespace.
 * Rules for kinds Orca does not serve yet (networkpolicies, resourcequotas,
 * limitranges) are kept so the roles read as Kubernetes' do and stay right
 * when the kinds arrive; a rule for a resource nobody requests grants nothing.
 */
import { coreGroup } from './attributes.js';
import { rbacGroup, superuserRules, type BindingLike, type PolicyRule, type RoleLike } from './rbac.js';
import { systemAuthenticated, systemMasters } from './user-info.js';

const appsGroup = 'apps';
const batchGroup = 'batch';
const networkingGroup = 'networking.k8s.io';
const coordinationGroup = 'coordination.k8s.io';
const authorizationGroup = 'authorization.k8s.io';

/** Kubernetes' `Read`, `Write` and `ReadWrite` verb sets. */
export const readVerbs: readonly string[] = ['get', 'list', 'watch'];
export const writeVerbs: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const readWriteVerbs: readonly string[] = [...readVerbs, ...writeVerbs];

function rule(verbs: readonly string[], apiGroup: string, resources: readonly string[]): PolicyRule {
  return { apiGroups: [apiGroup], resources, verbs };
}

/** system:aggregate-to-view, less replicationcontrollers, endpointslices, controllerrevisions, HPAs, PDBs and extensions/*. */
const viewRules: readonly PolicyRule[] = [
  rule(readVerbs, coreGroup, [
    'pods',
    'serviceaccounts',
    'services',
    'services/status',
    'endpoints',
    'persistentvolumeclaims',
    'persistentvolumeclaims/status',
    'configmaps',
  ]),
  rule(readVerbs, coreGroup, [
    'limitranges',
    'resourcequotas',
    'events',
    'pods/status',
    'resourcequotas/status',
    'namespaces/status',
    'pods/log',
  ]),
  // Reading namespaces at the namespace scope means reading *this* namespace (Kubernetes' comment).
  rule(readVerbs, coreGroup, ['namespaces']),
  rule(readVerbs, appsGroup, [
    'statefulsets',
    'statefulsets/status',
    'statefulsets/scale',
    'daemonsets',
    'daemonsets/status',
    'deployments',
    'deployments/status',
    'deployments/scale',
    'replicasets',
    'replicasets/status',
    'replicasets/scale',
  ]),
  rule(readVerbs, batchGroup, ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
  rule(readVerbs, networkingGroup, ['networkpolicies', 'ingresses', 'ingresses/status']),
];

/** system:aggregate-to-edit, less pods/proxy, services/proxy, replicationcontrollers, deployments/rollback, HPAs, PDBs and extensions/*. */
const editRules: readonly PolicyRule[] = [
  // Read on the escalating resources: whoever can exec into a pod can read what it mounts.
  rule(readVerbs, coreGroup, ['pods/attach', 'pods/exec', 'pods/portforward', 'secrets']),
  // Whoever can create pods with any ServiceAccount can act as it anyway.
  rule(['impersonate'], coreGroup, ['serviceaccounts']),
  rule(writeVerbs, coreGroup, ['pods', 'pods/attach', 'pods/exec', 'pods/portforward']),
  rule(['create'], coreGroup, ['pods/eviction']),
  rule(writeVerbs, coreGroup, [
    'serviceaccounts',
    'services',
    'persistentvolumeclaims',
    'configmaps',
    'secrets',
    'events',
  ]),
  rule(['create'], coreGroup, ['serviceaccounts/token']),
  rule(writeVerbs, appsGroup, [
    'statefulsets',
    'statefulsets/scale',
    'daemonsets',
    'deployments',
    'deployments/scale',
    'replicasets',
    'replicasets/scale',
  ]),
  rule(writeVerbs, batchGroup, ['jobs', 'cronjobs']),
  rule(writeVerbs, networkingGroup, ['networkpolicies', 'ingresses']),
  rule(readWriteVerbs, coordinationGroup, ['leases']),
];

/** system:aggregate-to-admin. */
const adminRules: readonly PolicyRule[] = [
  rule(['create'], authorizationGroup, ['localsubjectaccessreviews']),
  rule(readWriteVerbs, rbacGroup, ['roles', 'rolebindings']),
];

function clusterRole(name: string, rules: readonly PolicyRule[]): RoleLike {
  return { namespace: '', name, rules };
}

/** Kubernetes' view ⊂ edit ⊂ admin (by aggregation there, by concatenation here), cluster-admin, system:basic-user. */
export const defaultClusterRoles: readonly RoleLike[] = [
  clusterRole('cluster-admin', superuserRules),
  clusterRole('admin', [...viewRules, ...editRules, ...adminRules]),
  clusterRole('edit', [...viewRules, ...editRules]),
  clusterRole('view', viewRules),
  // Kubernetes' system:basic-user: ask the API what you yourself may do.
  clusterRole('system:basic-user', [
    rule(['create'], authorizationGroup, ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
  ]),
];

function clusterRoleBinding(name: string, group: string): BindingLike {
  return {
    namespace: '',
    name,
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name },
    subjects: [{ kind: 'Group', name: group }],
  };
}

/** Kubernetes' cluster-admin → system:masters and system:basic-user → system:authenticated. */
export const defaultClusterRoleBindings: readonly BindingLike[] = [
  clusterRoleBinding('cluster-admin', systemMasters),
  clusterRoleBinding('system:basic-user', systemAuthenticated),
];
