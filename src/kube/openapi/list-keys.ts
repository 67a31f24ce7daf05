/**
 * How strategic merge patch and server-side apply treat lists (and the one
 * struct with retainKeys), as Kubernetes 1.32 declares them in its types:
 * `kubectl apply` computes its patch from these extensions of the OpenAPI
 * document, so a list missing here would be replaced whole instead of merged by
 * key (a second container added by apply would drop the first).
 *
 * TODO: this table should come from the patch module's `patchMetaFor` once it
 * exists (src/kube/patch), so that the document and the server's own merge can
 * never disagree; until then a test pins the lists kubectl users rely on.
 *
 * Keyed by orca.v1 message, then by Kubernetes field name.
 */
export interface PatchMeta {
  readonly patchStrategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  readonly patchMergeKey?: string;
  /** Server-side apply's view of the list (OpenAPI `x-kubernetes-list-type`). */
  readonly listType?: 'map' | 'set' | 'atomic';
  readonly listMapKeys?: readonly string[];
}

/** A list merged by one key that is also its only map key: containers by name, conditions by type. */
function byKey(key: string): PatchMeta {
  return { patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: [key] };
}

const byType = byKey('type');

export const patchMeta: Readonly<Record<string, Readonly<Record<string, PatchMeta>>>> = {
  ObjectMeta: {
    ownerReferences: byKey('uid'),
    finalizers: { patchStrategy: 'merge', listType: 'set' },
  },
  NamespaceStatus: { conditions: byType },
  NodeSpec: { podCIDRs: { patchStrategy: 'merge', listType: 'set' } },
  NodeStatus: { addresses: byType, conditions: byType },
  PodSpec: {
    volumes: { ...byKey('name'), patchStrategy: 'merge,retainKeys' },
    initContainers: byKey('name'),
    containers: byKey('name'),
    imagePullSecrets: byKey('name'),
    hostAliases: byKey('ip'),
    topologySpreadConstraints: {
      patchStrategy: 'merge',
      patchMergeKey: 'topologyKey',
      listType: 'map',
      listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
    },
  },
  Container: {
    ports: {
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    env: byKey('name'),
    volumeMounts: byKey('mountPath'),
  },
  PodStatus: {
    conditions: byType,
    podIPs: byKey('ip'),
    hostIPs: { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
  },
  ContainerStatus: { volumeMounts: byKey('mountPath') },
  ServiceSpec: {
    ports: { patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] },
  },
  ServiceStatus: { conditions: byType },
  ServiceAccount: { secrets: byKey('name') },
  PersistentVolumeClaimStatus: { conditions: byType },
  ReplicaSetStatus: { conditions: byType },
  DeploymentSpec: { strategy: { patchStrategy: 'retainKeys' } },
  DeploymentStatus: { conditions: byType },
  StatefulSetStatus: { conditions: byType },
  DaemonSetStatus: { conditions: byType },
  JobStatus: { conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' } },
};

/** The patch extensions of one field, as OpenAPI properties carry them (v2 and v3 alike). */
export function patchExtensions(message: string, field: string): Record<string, unknown> {
  const meta = patchMeta[message]?.[field];
  if (meta === undefined) return {};
  const extensions: Record<string, unknown> = {};
  if (meta.listMapKeys !== undefined) extensions['x-kubernetes-list-map-keys'] = [...meta.listMapKeys];
  if (meta.listType !== undefined) extensions['x-kubernetes-list-type'] = meta.listType;
  if (meta.patchMergeKey !== undefined) extensions['x-kubernetes-patch-merge-key'] = meta.patchMergeKey;
  if (meta.patchStrategy !== undefined) extensions['x-kubernetes-patch-strategy'] = meta.patchStrategy;
  return extensions;
}
