// Original file: proto/orca/v1/storage.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { VolumeResourceRequirements as _orca_v1_VolumeResourceRequirements, VolumeResourceRequirements__Output as _orca_v1_VolumeResourceRequirements__Output } from '../../orca/v1/VolumeResourceRequirements.js';

export interface PersistentVolumeClaimSpec {
  'accessModes'?: (string)[];
  'selector'?: (_orca_v1_LabelSelector | null);
  'resources'?: (_orca_v1_VolumeResourceRequirements | null);
  'volumeName'?: (string);
  'storageClassName'?: (string);
  'volumeMode'?: (string);
  '_storageClassName'?: "storageClassName";
  '_volumeMode'?: "volumeMode";
}

export interface PersistentVolumeClaimSpec__Output {
  'accessModes': (string)[];
  'selector': (_orca_v1_LabelSelector__Output | null);
  'resources': (_orca_v1_VolumeResourceRequirements__Output | null);
  'volumeName': (string);
  'storageClassName'?: (string);
  'volumeMode'?: (string);
  '_storageClassName'?: "storageClassName";
  '_volumeMode'?: "volumeMode";
}
