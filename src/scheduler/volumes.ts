/**
 * Volume binding, Kubernetes' VolumeBinding filter for the volumes Orca has:
 *
 * - every PersistentVolumeClaim a pod mounts must exist ("persistentvolumeclaim
 *   "data-db-0" not found" otherwise, and the pod waits);
 * - a claim bound to a volume with required node affinity holds the pod to the
 *   nodes that affinity names ("node(s) had volume node affinity conflict");
 * - a `local` volume without node affinity has no node yet: it is tied to the
 *   node its first pod is placed on, in the same transaction as the binding
 *   (WaitForFirstConsumer), and from then on its pods go back to that node.
 *   That is how a StatefulSet pod's storage follows its name: `db-1` deleted
 *   or evicted comes back to the node that holds `data-db-1`'s files, and waits
 *   for that node rather than start empty elsewhere.
 *
 * A claim that names no volume keeps a folder on whichever worker runs the pod
 * and constrains nothing (hostPath volumes likewise). Pure functions over the
 * snapshot; the pin a placement makes is written by bindingOperations.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/index.js';
import { matchesTerm, type NodeFacts } from './node-affinity.js';

export const volumeAffinityConflict = 'node(s) had volume node affinity conflict';

export interface VolumeIndex {
  /** By `namespace/name`. */
  readonly claims: ReadonlyMap<string, PersistentVolumeClaim>;
  /** By name. */
  readonly volumes: ReadonlyMap<string, PersistentVolume>;
}

export const emptyVolumeIndex: VolumeIndex = Object.freeze({ claims: new Map(), volumes: new Map() });

export function buildVolumeIndex(
  claims: readonly PersistentVolumeClaim[],
  volumes: readonly PersistentVolume[],
): VolumeIndex {
  return {
    claims: new Map(
      claims.map((claim) => [`${claim.metadata?.namespace ?? 'default'}/${claim.metadata?.name ?? ''}`, claim]),
    ),
    volumes: new Map(volumes.map((volume) => [volume.metadata?.name ?? '', volume])),
  };
}

/** What a pod's claims ask of a node. */
export type VolumeNeeds =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly message: string }
  | {
      readonly kind: 'constrained';
      /** Volumes whose node affinity every candidate node must match. */
      readonly pinned: readonly PersistentVolume[];
      /** Local volumes with no node yet: the chosen node becomes theirs. */
      readonly unpinned: readonly PersistentVolume[];
    };

const none: VolumeNeeds = Object.freeze({ kind: 'none' });

export function hasNodeAffinity(volume: PersistentVolume): boolean {
  return (volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []).length > 0;
}

function isLocal(volume: PersistentVolume): boolean {
  return (volume.spec?.local?.path ?? '') !== '';
}

export function podVolumeNeeds(pod: Pod, index: VolumeIndex): VolumeNeeds {
  const namespace = pod.metadata?.namespace ?? 'default';
  const pinned: PersistentVolume[] = [];
  const unpinned: PersistentVolume[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName === undefined) continue;
    const claim = index.claims.get(`${namespace}/${claimName}`);
    if (claim === undefined) return { kind: 'refused', message: `persistentvolumeclaim "${claimName}" not found` };
    if ((claim.metadata?.deletionTimestamp ?? '') !== '')
      return { kind: 'refused', message: `persistentvolumeclaim "${claimName}" is being deleted` };
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') continue;
    const bound = index.volumes.get(volumeName);
    if (bound === undefined)
      return {
        kind: 'refused',
        message: `persistentvolumeclaim "${claimName}" is bound to persistentvolume "${volumeName}", which does not exist`,
      };
    if (hasNodeAffinity(bound)) pinned.push(bound);
    else if (isLocal(bound)) unpinned.push(bound);
  }
  return pinned.length === 0 && unpinned.length === 0 ? none : { kind: 'constrained', pinned, unpinned };
}

/**
 * The node matches every pinned volume's affinity, and every unpinned volume
 * this call already tied to a node (`pins`: volume name → node name) is tied to it.
 */
export function volumesFit(needs: VolumeNeeds, node: NodeFacts, pins: ReadonlyMap<string, string>): boolean {
  if (needs.kind !== 'constrained') return true;
  for (const volume of needs.pinned) {
    const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
    if (!terms.some((term) => matchesTerm(term, node))) return false;
  }
  for (const volume of needs.unpinned) {
    const pinnedTo = pins.get(volume.metadata?.name ?? '');
    if (pinnedTo !== undefined && pinnedTo !== node.name) return false;
  }
  return true;
}

/**
 * The pod's unpinned volumes not yet tied to a node in this call, now recorded in
 * `pins` as tied to `nodeName`: the pins its placement must write.
 */
export function takePins(needs: VolumeNeeds, nodeName: string, pins: Map<string, string>): PersistentVolume[] {
  if (needs.kind !== 'constrained') return [];
  return needs.unpinned.filter((volume) => {
    const name = volume.metadata?.name ?? '';
    if (pins.has(name)) return false;
    pins.set(name, nodeName);
    return true;
  });
}

/** The volume tied to one node by name (matchFields metadata.name, exact whatever the node's labels say). */
export function pinnedToNode(volume: PersistentVolume, nodeName: string): PersistentVolume {
  const required = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
  return { ...volume, spec: { ...volume.spec, nodeAffinity: { required } } };
}
