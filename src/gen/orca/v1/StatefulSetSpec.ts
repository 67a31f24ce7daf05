// Original file: proto/orca/v1/apps.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from '../../orca/v1/PodTemplateSpec.js';
import type { PersistentVolumeClaim as _orca_v1_PersistentVolumeClaim, PersistentVolumeClaim__Output as _orca_v1_PersistentVolumeClaim__Output } from '../../orca/v1/PersistentVolumeClaim.js';
import type { StatefulSetUpdateStrategy as _orca_v1_StatefulSetUpdateStrategy, StatefulSetUpdateStrategy__Output as _orca_v1_StatefulSetUpdateStrategy__Output } from '../../orca/v1/StatefulSetUpdateStrategy.js';
import type { StatefulSetPersistentVolumeClaimRetentionPolicy as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetPersistentVolumeClaimRetentionPolicy__Output as _orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output } from '../../orca/v1/StatefulSetPersistentVolumeClaimRetentionPolicy.js';

export interface StatefulSetSpec {
  'replicas'?: (number);
  'selector'?: (_orca_v1_LabelSelector | null);
  'template'?: (_orca_v1_PodTemplateSpec | null);
  'volumeClaimTemplates'?: (_orca_v1_PersistentVolumeClaim)[];
  'serviceName'?: (string);
  'podManagementPolicy'?: (string);
  'updateStrategy'?: (_orca_v1_StatefulSetUpdateStrategy | null);
  'revisionHistoryLimit'?: (number);
  'minReadySeconds'?: (number);
  'persistentVolumeClaimRetentionPolicy'?: (_orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy | null);
  '_replicas'?: "replicas";
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
}

export interface StatefulSetSpec__Output {
  'replicas'?: (number);
  'selector': (_orca_v1_LabelSelector__Output | null);
  'template': (_orca_v1_PodTemplateSpec__Output | null);
  'volumeClaimTemplates': (_orca_v1_PersistentVolumeClaim__Output)[];
  'serviceName': (string);
  'podManagementPolicy': (string);
  'updateStrategy': (_orca_v1_StatefulSetUpdateStrategy__Output | null);
  'revisionHistoryLimit'?: (number);
  'minReadySeconds': (number);
  'persistentVolumeClaimRetentionPolicy': (_orca_v1_StatefulSetPersistentVolumeClaimRetentionPolicy__Output | null);
  '_replicas'?: "replicas";
  '_revisionHistoryLimit'?: "revisionHistoryLimit";
}
