// Original file: proto/orca/v1/storage.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { PersistentVolumeClaimSpec as _orca_v1_PersistentVolumeClaimSpec, PersistentVolumeClaimSpec__Output as _orca_v1_PersistentVolumeClaimSpec__Output } from '../../orca/v1/PersistentVolumeClaimSpec.js';
import type { PersistentVolumeClaimStatus as _orca_v1_PersistentVolumeClaimStatus, PersistentVolumeClaimStatus__Output as _orca_v1_PersistentVolumeClaimStatus__Output } from '../../orca/v1/PersistentVolumeClaimStatus.js';

export interface PersistentVolumeClaim {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_PersistentVolumeClaimSpec | null);
  'status'?: (_orca_v1_PersistentVolumeClaimStatus | null);
}

export interface PersistentVolumeClaim__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_PersistentVolumeClaimSpec__Output | null);
  'status': (_orca_v1_PersistentVolumeClaimStatus__Output | null);
}
