// Original file: proto/orca/v1/core.proto

import type { EmptyDirVolumeSource as _orca_v1_EmptyDirVolumeSource, EmptyDirVolumeSource__Output as _orca_v1_EmptyDirVolumeSource__Output } from '../../orca/v1/EmptyDirVolumeSource.js';
import type { HostPathVolumeSource as _orca_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _orca_v1_HostPathVolumeSource__Output } from '../../orca/v1/HostPathVolumeSource.js';
import type { ConfigMapVolumeSource as _orca_v1_ConfigMapVolumeSource, ConfigMapVolumeSource__Output as _orca_v1_ConfigMapVolumeSource__Output } from '../../orca/v1/ConfigMapVolumeSource.js';
import type { SecretVolumeSource as _orca_v1_SecretVolumeSource, SecretVolumeSource__Output as _orca_v1_SecretVolumeSource__Output } from '../../orca/v1/SecretVolumeSource.js';
import type { PersistentVolumeClaimVolumeSource as _orca_v1_PersistentVolumeClaimVolumeSource, PersistentVolumeClaimVolumeSource__Output as _orca_v1_PersistentVolumeClaimVolumeSource__Output } from '../../orca/v1/PersistentVolumeClaimVolumeSource.js';
import type { DownwardAPIVolumeSource as _orca_v1_DownwardAPIVolumeSource, DownwardAPIVolumeSource__Output as _orca_v1_DownwardAPIVolumeSource__Output } from '../../orca/v1/DownwardAPIVolumeSource.js';

export interface Volume {
  'name'?: (string);
  'emptyDir'?: (_orca_v1_EmptyDirVolumeSource | null);
  'hostPath'?: (_orca_v1_HostPathVolumeSource | null);
  'configMap'?: (_orca_v1_ConfigMapVolumeSource | null);
  'secret'?: (_orca_v1_SecretVolumeSource | null);
  'persistentVolumeClaim'?: (_orca_v1_PersistentVolumeClaimVolumeSource | null);
  'downwardApi'?: (_orca_v1_DownwardAPIVolumeSource | null);
}

export interface Volume__Output {
  'name': (string);
  'emptyDir': (_orca_v1_EmptyDirVolumeSource__Output | null);
  'hostPath': (_orca_v1_HostPathVolumeSource__Output | null);
  'configMap': (_orca_v1_ConfigMapVolumeSource__Output | null);
  'secret': (_orca_v1_SecretVolumeSource__Output | null);
  'persistentVolumeClaim': (_orca_v1_PersistentVolumeClaimVolumeSource__Output | null);
  'downwardApi': (_orca_v1_DownwardAPIVolumeSource__Output | null);
}
