// The registry of every kind Orca serves: how manifests name it, how the CLI
// names it, where it lives. The one place to add a kind (with its proto message
// and its `Object` oneof field).
import type { KindName } from './model.js';

export interface KindInfo {
  readonly kind: KindName;
  readonly apiVersion: string;
  /** Lower-case plural, the CLI's and the API's resource name: `deployments`. */
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** The proto message name in package orca.v1. */
  readonly messageName: string;
  /** The field of the `Object` oneof that carries this kind. */
  readonly objectField: string;
}

function info(
  kind: KindName,
  apiVersion: string,
  plural: string,
  shortNames: readonly string[],
  namespaced: boolean,
  objectField: string,
): KindInfo {
  return {
    kind,
    apiVersion,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    messageName: kind,
    objectField,
  };
}

/** The group of Roles and bindings, which a binding's roleRef.apiGroup names. */
export const rbacGroup = 'rbac.authorization.k8s.io';
const rbacVersion = `${rbacGroup}/v1`;

export const kinds: readonly KindInfo[] = [
  info('Namespace', 'v1', 'namespaces', ['ns'], false, 'namespace'),
  info('Node', 'v1', 'nodes', ['no'], false, 'node'),
  info('Pod', 'v1', 'pods', ['po'], true, 'pod'),
  info('Service', 'v1', 'services', ['svc'], true, 'service'),
  info('Endpoints', 'v1', 'endpoints', ['ep'], true, 'endpoints'),
  info('ConfigMap', 'v1', 'configmaps', ['cm'], true, 'configMap'),
  info('Secret', 'v1', 'secrets', [], true, 'secret'),
  info('ServiceAccount', 'v1', 'serviceaccounts', ['sa'], true, 'serviceAccount'),
  info('Event', 'v1', 'events', ['ev'], true, 'event'),
  info('PersistentVolume', 'v1', 'persistentvolumes', ['pv'], false, 'persistentVolume'),
  info('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', ['pvc'], true, 'persistentVolumeClaim'),
  info('Lease', 'coordination.k8s.io/v1', 'leases', [], true, 'lease'),
  info('ReplicaSet', 'apps/v1', 'replicasets', ['rs'], true, 'replicaSet'),
  info('Deployment', 'apps/v1', 'deployments', ['deploy'], true, 'deployment'),
  info('StatefulSet', 'apps/v1', 'statefulsets', ['sts'], true, 'statefulSet'),
  info('DaemonSet', 'apps/v1', 'daemonsets', ['ds'], true, 'daemonSet'),
  info('Job', 'batch/v1', 'jobs', [], true, 'job'),
  info('CronJob', 'batch/v1', 'cronjobs', ['cj'], true, 'cronJob'),
  info('Ingress', 'networking.k8s.io/v1', 'ingresses', ['ing'], true, 'ingress'),
  info('IngressClass', 'networking.k8s.io/v1', 'ingressclasses', [], false, 'ingressClass'),
  info('Role', rbacVersion, 'roles', [], true, 'role'),
  info('ClusterRole', rbacVersion, 'clusterroles', [], false, 'clusterRole'),
  info('RoleBinding', rbacVersion, 'rolebindings', [], true, 'roleBinding'),
  info('ClusterRoleBinding', rbacVersion, 'clusterrolebindings', [], false, 'clusterRoleBinding'),
];

const byKind = new Map<string, KindInfo>(kinds.map((entry) => [entry.kind, entry]));
const byResourceName = new Map<string, KindInfo>();
for (const entry of kinds) {
  for (const name of [entry.plural, entry.singular, entry.kind.toLowerCase(), ...entry.shortNames])
    byResourceName.set(name, entry);
}

/** The kind named exactly as in a manifest (`Deployment`), or undefined. */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** The kind a CLI user means by `deploy`, `deployments`, `deployment` or `Deployment`, or undefined. */
export function resolveResourceName(name: string): KindInfo | undefined {
  return byResourceName.get(name.toLowerCase());
}

/** The kind for an apiVersion + kind pair, or undefined when Orca does not serve it at that version. */
export function kindFor(apiVersion: string, kind: string): KindInfo | undefined {
  const entry = byKind.get(kind);
  return entry !== undefined && entry.apiVersion === apiVersion ? entry : undefined;
}
