// Original file: proto/orca/v1/apps.proto

import type { LabelSelector as _orca_v1_LabelSelector, LabelSelector__Output as _orca_v1_LabelSelector__Output } from '../../orca/v1/LabelSelector.js';
import type { PodTemplateSpec as _orca_v1_PodTemplateSpec, PodTemplateSpec__Output as _orca_v1_PodTemplateSpec__Output } from '../../orca/v1/PodTemplateSpec.js';

export interface ReplicaSetSpec {
  'replicas'?: (number);
  'minReadySeconds'?: (number);
  'selector'?: (_orca_v1_LabelSelector | null);
  'template'?: (_orca_v1_PodTemplateSpec | null);
  '_replicas'?: "replicas";
}

export interface ReplicaSetSpec__Output {
  'replicas'?: (number);
  'minReadySeconds': (number);
  'selector': (_orca_v1_LabelSelector__Output | null);
  'template': (_orca_v1_PodTemplateSpec__Output | null);
  '_replicas'?: "replicas";
}
