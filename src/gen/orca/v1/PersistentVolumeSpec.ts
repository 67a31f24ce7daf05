// Original file: proto/orca/v1/storage.proto

import type { HostPathVolumeSource as _orca_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _orca_v1_HostPathVolumeSource__Output } from '../../orca/v1/HostPathVolumeSource.js';
import type { LocalVolumeSource as _orca_v1_LocalVolumeSource, LocalVolumeSource__Output as _orca_v1_LocalVolumeSource__Output } from '../../orca/v1/LocalVolumeSource.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from '../../orca/v1/ObjectReference.js';
import type { VolumeNodeAffinity as _orca_v1_VolumeNodeAffinity, VolumeNodeAffinity__Output as _orca_v1_VolumeNodeAffinity__Output } from '../../orca/v1/VolumeNodeAffinity.js';

export interface PersistentVolumeSpec {
  'capacity'?: ({[key: string]: string});
  'hostPath'?: (_orca_v1_HostPathVolumeSource | null);
  'local'?: (_orca_v1_LocalVolumeSource | null);
  'accessModes'?: (string)[];
  'claimRef'?: (_orca_v1_ObjectReference | null);
  'persistentVolumeReclaimPolicy'?: (string);
  'storageClassName'?: (string);
  'mountOptions'?: (string)[];
  'volumeMode'?: (string);
  'nodeAffinity'?: (_orca_v1_VolumeNodeAffinity | null);
  '_volumeMode'?: "volumeMode";
}

export interface PersistentVolumeSpec__Output {
  'capacity': ({[key: string]: string});
  'hostPath': (_orca_v1_HostPathVolumeSource__Output | null);
  'local': (_orca_v1_LocalVolumeSource__Output | null);
  'accessModes': (string)[];
  'claimRef': (_orca_v1_ObjectReference__Output | null);
  'persistentVolumeReclaimPolicy': (string);
  'storageClassName': (string);
  'mountOptions': (string)[];
  'volumeMode'?: (string);
  'nodeAffinity': (_orca_v1_VolumeNodeAffinity__Output | null);
  '_volumeMode'?: "volumeMode";
}
