/**
 * The Node authorizer and NodeRestriction of Kubernetes, for Orca's workers:
 * a worker (user `system:node:NAME` in group `system:nodes`) may read what it
 * needs to run its pods and route traffic, write its own Node, Lease and pod
 * statuses, and read only the Secrets and ConfigMaps its own pods use.
 *
 * Decisions:
 * - Not a node identity: 'no-opinion' (RBAC decides).
 * - A node identity: 'allow' or 'deny', never 'no-opinion'. Kubernetes lets
 *   RBAC add to a node's powers; Orca does not, so no binding to
 *   `system:nodes` or to one worker's user can widen what a worker may do.
 * - Orca's addition: every worker runs the ingress proxy and terminates TLS,
 *   so it may list and watch Secrets of type kubernetes.io/tls in any
 *   namespace, when the request's field selector is exactly
 *   `type=kubernetes.io/tls`. The master must then return only such Secrets:
 *   this decision is only as good as the list's filter.
 * - Reading pods is not limited to the node's own, as in Kubernetes (a worker
 *   lists with `spec.nodeName=NAME`, but nothing forces it to).
 * - No mirror pods: a node may not create pods.
 *
 * Pure: what the stored pods reference comes through NodeGraph, which the
 * master keeps (MemoryNodeGraph builds one from pods).
 */
import type { OrcaObject, Pod } from '../api/index.js';
import { coreGroup, describeDenial, type RequestAttributes } from './attributes.js';
import { nodeUserPrefix, systemNodes } from './user-info.js';

/** The namespace of node Leases; a node's Lease is named like the node. */
export const nodeLeaseNamespace = 'kube-node-lease';
/** The one field selector under which a node may list or watch Secrets it was not given by a pod. */
export const tlsSecretFieldSelector = 'type=kubernetes.io/tls';

/** What the pods bound to one node use, as `namespace/name` keys (persistentVolumes: names). */
export interface NodeReferences {
  readonly secrets: ReadonlySet<string>;
  readonly configMaps: ReadonlySet<string>;
  readonly persistentVolumeClaims?: ReadonlySet<string>;
  /** The PersistentVolumes bound to those claims. */
  readonly persistentVolumes?: ReadonlySet<string>;
  readonly serviceAccounts?: ReadonlySet<string>;
}

/** The relations the node authorizer follows: pod → node, node → what its pods use. */
export interface NodeGraph {
  /** The node a stored pod is bound to (spec.nodeName), or undefined if absent or unbound. */
  podNodeName(namespace: string, name: string): string | undefined;
  nodeReferences(node: string): NodeReferences;
}

/** The authorizer's answer: 'no-opinion' leaves the request to the next authorizer. */
export interface NodeDecision {
  readonly decision: 'allow' | 'deny' | 'no-opinion';
  readonly reason: string;
}

interface NodeRequest {
  readonly attributes: RequestAttributes;
  readonly node: string;
  readonly graph: NodeGraph;
  readonly object: OrcaObject | undefined;
  readonly fieldSelector: string | undefined;
}

const readVerbs: readonly string[] = ['get', 'list', 'watch'];

function allow(request: NodeRequest, what: string): NodeDecision {
  return { decision: 'allow', reason: `allowed by the node authorizer: node ${JSON.stringify(request.node)} ${what}` };
}

function deny(request: NodeRequest, why: string): NodeDecision {
  return { decision: 'deny', reason: `${describeDenial(request.attributes)}: ${why}` };
}

function isRead(attributes: RequestAttributes): boolean {
  return attributes.subresource === '' && readVerbs.includes(attributes.verb);
}

function objectName(request: NodeRequest): string {
  return request.object?.metadata?.name ?? request.attributes.name;
}

/** Services, Endpoints, Namespaces, Ingresses, IngressClasses: the service proxy, DNS and ingress proxy watch them all. */
function authorizeRead(request: NodeRequest): NodeDecision {
  if (isRead(request.attributes)) return allow(request, `reads ${request.attributes.resource}`);
  return deny(request, 'a node may only read this resource');
}

function authorizeNodeObject(request: NodeRequest): NodeDecision {
  const { attributes, node } = request;
  if (isRead(attributes)) return allow(request, 'reads nodes');
  const own = objectName(request) === node && (attributes.verb === 'create' || attributes.name === node);
  const writes =
    (attributes.verb === 'create' && attributes.subresource === '') ||
    (['update', 'patch'].includes(attributes.verb) && ['', 'status'].includes(attributes.subresource));
  if (writes && own) return allow(request, `writes its own Node`);
  if (writes) return deny(request, `a node may write only its own Node ${JSON.stringify(node)}`);
  return deny(request, 'a node may read nodes and create, update or patch its own Node only');
}

function authorizePod(request: NodeRequest): NodeDecision {
  const { attributes, node, graph } = request;
  if (isRead(attributes)) return allow(request, 'reads pods');
  const statusWrite = attributes.subresource === 'status' && ['update', 'patch'].includes(attributes.verb);
  const deletion = attributes.subresource === '' && attributes.verb === 'delete';
  if (!statusWrite && !deletion)
    return deny(request, 'a node may read pods, and update the status of or delete pods bound to it, only');
  const key = `${attributes.namespace}/${attributes.name}`;
  const boundTo = graph.podNodeName(attributes.namespace, attributes.name);
  if (boundTo !== node) return deny(request, `pod ${key} is not bound to node ${JSON.stringify(node)}`);
  const written = request.object?.kind === 'Pod' ? request.object.spec?.nodeName : undefined;
  if (written !== undefined && written !== node)
    return deny(request, `a node may not move pod ${key} to node ${JSON.stringify(written)}`);
  return allow(request, `${deletion ? 'deletes' : 'updates the status of'} pod ${key} bound to it`);
}

type ReferenceKind = 'secrets' | 'configMaps' | 'persistentVolumeClaims' | 'serviceAccounts';

/** A namespaced object a pod bound to the node references, read (or for a token, created) by name. */
function authorizeReferenced(request: NodeRequest, kind: ReferenceKind, verbs: readonly string[]): NodeDecision {
  const { attributes, node } = request;
  if (!verbs.includes(attributes.verb)) return deny(request, `a node may only ${verbs.join(', ')} this resource`);
  if (attributes.namespace === '' || attributes.name === '')
    return deny(request, 'a node may read this resource only by namespace and name');
  const key = `${attributes.namespace}/${attributes.name}`;
  if (request.graph.nodeReferences(node)[kind]?.has(key) === true)
    return allow(request, `uses ${attributes.resource} ${key} in a pod bound to it`);
  return deny(request, `no pod bound to node ${JSON.stringify(node)} references ${key}`);
}

function authorizeSecret(request: NodeRequest): NodeDecision {
  const { attributes } = request;
  const listing = attributes.verb === 'list' || attributes.verb === 'watch';
  if (listing && attributes.subresource === '' && request.fieldSelector === tlsSecretFieldSelector)
    return allow(request, 'reads TLS secrets for the ingress proxy');
  if (attributes.subresource !== '') return deny(request, 'a node may not use subresources of secrets');
  if (listing && attributes.name === '')
    return deny(request, `a node may list secrets only by name, or with the field selector ${tlsSecretFieldSelector}`);
  return authorizeReferenced(request, 'secrets', readVerbs);
}

function authorizeNamed(kind: ReferenceKind, verbs: readonly string[], subresource: string) {
  return (request: NodeRequest): NodeDecision =>
    request.attributes.subresource === subresource
      ? authorizeReferenced(request, kind, verbs)
      : deny(request, `a node may not use this subresource`);
}

function authorizePersistentVolume(request: NodeRequest): NodeDecision {
  const { attributes, node } = request;
  if (attributes.verb !== 'get' || attributes.subresource !== '') return deny(request, 'a node may only get volumes');
  if (request.graph.nodeReferences(node).persistentVolumes?.has(attributes.name) === true)
    return allow(request, `uses persistent volume ${attributes.name} in a pod bound to it`);
  return deny(request, `no pod bound to node ${JSON.stringify(node)} uses this volume`);
}

/** Kubernetes' authorizeLease and NodeRestriction: the node's own Lease in kube-node-lease. */
function authorizeLease(request: NodeRequest): NodeDecision {
  const { attributes, node } = request;
  if (!['get', 'create', 'update', 'patch', 'delete'].includes(attributes.verb) || attributes.subresource !== '')
    return deny(request, 'a node may only get, create, update, patch or delete its own Lease');
  if (attributes.namespace !== nodeLeaseNamespace)
    return deny(request, `a node may use leases in namespace "${nodeLeaseNamespace}" only`);
  const name = attributes.verb === 'create' ? objectName(request) : attributes.name;
  if (name !== node || objectName(request) !== node)
    return deny(request, `a node may use only the Lease named like itself, ${JSON.stringify(node)}`);
  return allow(request, 'uses its own Lease');
}

function authorizeEvent(request: NodeRequest): NodeDecision {
  const { attributes } = request;
  if (['create', 'patch'].includes(attributes.verb) && attributes.subresource === '')
    return allow(request, 'records an event');
  return deny(request, 'a node may only create or patch events');
}

/** By `apiGroup|resource`. */
const authorizers = new Map<string, (request: NodeRequest) => NodeDecision>([
  [`${coreGroup}|nodes`, authorizeNodeObject],
  [`${coreGroup}|pods`, authorizePod],
  [`${coreGroup}|secrets`, authorizeSecret],
  [`${coreGroup}|configmaps`, authorizeNamed('configMaps', readVerbs, '')],
  [`${coreGroup}|persistentvolumeclaims`, authorizeNamed('persistentVolumeClaims', ['get'], '')],
  [`${coreGroup}|persistentvolumes`, authorizePersistentVolume],
  [`${coreGroup}|serviceaccounts`, authorizeNamed('serviceAccounts', ['create'], 'token')],
  [`${coreGroup}|events`, authorizeEvent],
  [`${coreGroup}|services`, authorizeRead],
  [`${coreGroup}|endpoints`, authorizeRead],
  [`${coreGroup}|namespaces`, authorizeRead],
  ['networking.k8s.io|ingresses', authorizeRead],
  ['networking.k8s.io|ingressclasses', authorizeRead],
  ['coordination.k8s.io|leases', authorizeLease],
]);

/**
 * The node authorizer's decision. `object` is the object being written
 * (create, update), as stored: NodeRestriction checks names in it that a
 * create's attributes may not carry. `fieldSelector` is the list or watch
 * request's, as the client sent it.
 */
export function authorizeNode(
  attributes: RequestAttributes,
  graph: NodeGraph,
  object?: OrcaObject,
  fieldSelector?: string,
): NodeDecision {
  const { user } = attributes;
  if (!user.groups.includes(systemNodes) || !user.name.startsWith(nodeUserPrefix))
    return { decision: 'no-opinion', reason: `user ${JSON.stringify(user.name)} is not a node` };
  const node = user.name.slice(nodeUserPrefix.length);
  const request: NodeRequest = { attributes, node, graph, object, fieldSelector };
  if (node === '') return deny(request, 'a node identity without a node name');
  if (attributes.path !== undefined) return deny(request, 'a node may not use non-resource paths');
  const authorizer = authorizers.get(`${attributes.apiGroup}|${attributes.resource}`);
  if (authorizer === undefined)
    return deny(request, 'nodes are authorized by the node authorizer only, and it allows nothing on this resource');
  return authorizer(request);
}

/** What one pod uses, by name within its namespace; each list sorted, without duplicates. */
export interface PodReferences {
  readonly secrets: string[];
  readonly configMaps: string[];
  readonly persistentVolumeClaims: string[];
  /** spec.serviceAccountName, `default` when unset. */
  readonly serviceAccount: string;
}

type PodSpec = NonNullable<Pod['spec']>;
type Container = NonNullable<PodSpec['containers']>[number];

/**
 * The Secrets, ConfigMaps and claims a pod references, from the field names of
 * Orca's objects (proto names in lowerCamelCase): volumes[].secret.secretName,
 * volumes[].configMap.name, volumes[].persistentVolumeClaim.claimName;
 * env[].valueFrom.secretKeyRef / configMapKeyRef .name and
 * envFrom[].secretRef / configMapRef .name of containers and initContainers;
 * imagePullSecrets[].name. (Orca has no projected volumes.)
 */
export function podReferences(pod: Pod): PodReferences {
  const spec: PodSpec = pod.spec ?? {};
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  const claims = new Set<string>();
  for (const volume of spec.volumes ?? []) {
    addName(secrets, volume.secret?.secretName);
    addName(configMaps, volume.configMap?.name);
    addName(claims, volume.persistentVolumeClaim?.claimName);
  }
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])])
    addContainerReferences(container, secrets, configMaps);
  for (const reference of spec.imagePullSecrets ?? []) addName(secrets, reference.name);
  // A pod that names no ServiceAccount runs as `default`, as Kubernetes' admission sets it.
  const serviceAccount =
    spec.serviceAccountName === undefined || spec.serviceAccountName === '' ? 'default' : spec.serviceAccountName;
  return {
    secrets: [...secrets].sort(),
    configMaps: [...configMaps].sort(),
    persistentVolumeClaims: [...claims].sort(),
    serviceAccount,
  };
}

function addContainerReferences(container: Container, secrets: Set<string>, configMaps: Set<string>): void {
  for (const variable of container.env ?? []) {
    addName(secrets, variable.valueFrom?.secretKeyRef?.name);
    addName(configMaps, variable.valueFrom?.configMapKeyRef?.name);
  }
  for (const source of container.envFrom ?? []) {
    addName(secrets, source.secretRef?.name);
    addName(configMaps, source.configMapRef?.name);
  }
}

function addName(names: Set<string>, name: string | undefined): void {
  if (name !== undefined && name !== '') names.add(name);
}

interface MutableReferences {
  readonly secrets: Set<string>;
  readonly configMaps: Set<string>;
  readonly persistentVolumeClaims: Set<string>;
  readonly persistentVolumes: Set<string>;
  readonly serviceAccounts: Set<string>;
}

const noReferences: NodeReferences = {
  secrets: new Set(),
  configMaps: new Set(),
  persistentVolumeClaims: new Set(),
  persistentVolumes: new Set(),
  serviceAccounts: new Set(),
};

/**
 * A NodeGraph over one snapshot of the pods, for tests and for a master that
 * rebuilds it when pods change. Only bound pods (spec.nodeName set) count.
 * `claimVolume` gives the PersistentVolume a claim is bound to, if any.
 */
export class MemoryNodeGraph implements NodeGraph {
  private readonly podNodes = new Map<string, string>();
  private readonly references = new Map<string, MutableReferences>();

  constructor(
    pods: Iterable<Pod>,
    claimVolume: (namespace: string, claim: string) => string | undefined = () => undefined,
  ) {
    for (const pod of pods) this.add(pod, claimVolume);
  }

  private add(pod: Pod, claimVolume: (namespace: string, claim: string) => string | undefined): void {
    const node = pod.spec?.nodeName ?? '';
    const namespace = pod.metadata?.namespace ?? '';
    if (node === '') return;
    this.podNodes.set(`${namespace}/${pod.metadata?.name ?? ''}`, node);
    let entry = this.references.get(node);
    if (entry === undefined) {
      entry = {
        secrets: new Set(),
        configMaps: new Set(),
        persistentVolumeClaims: new Set(),
        persistentVolumes: new Set(),
        serviceAccounts: new Set(),
      };
      this.references.set(node, entry);
    }
    const used = podReferences(pod);
    for (const name of used.secrets) entry.secrets.add(`${namespace}/${name}`);
    for (const name of used.configMaps) entry.configMaps.add(`${namespace}/${name}`);
    for (const name of used.persistentVolumeClaims) {
      entry.persistentVolumeClaims.add(`${namespace}/${name}`);
      const volume = claimVolume(namespace, name);
      if (volume !== undefined && volume !== '') entry.persistentVolumes.add(volume);
    }
    if (used.serviceAccount !== undefined) entry.serviceAccounts.add(`${namespace}/${used.serviceAccount}`);
  }

  podNodeName(namespace: string, name: string): string | undefined {
    return this.podNodes.get(`${namespace}/${name}`);
  }

  nodeReferences(node: string): NodeReferences {
    return this.references.get(node) ?? noReferences;
  }
}
