// Original file: proto/orca/v1/storage.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { PersistentVolumeSpec as _orca_v1_PersistentVolumeSpec, PersistentVolumeSpec__Output as _orca_v1_PersistentVolumeSpec__Output } from '../../orca/v1/PersistentVolumeSpec.js';
import type { PersistentVolumeStatus as _orca_v1_PersistentVolumeStatus, PersistentVolumeStatus__Output as _orca_v1_PersistentVolumeStatus__Output } from '../../orca/v1/PersistentVolumeStatus.js';

export interface PersistentVolume {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_PersistentVolumeSpec | null);
  'status'?: (_orca_v1_PersistentVolumeStatus | null);
}

export interface PersistentVolume__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_PersistentVolumeSpec__Output | null);
  'status': (_orca_v1_PersistentVolumeStatus__Output | null);
}
