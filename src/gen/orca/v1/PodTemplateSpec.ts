// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { PodSpec as _orca_v1_PodSpec, PodSpec__Output as _orca_v1_PodSpec__Output } from '../../orca/v1/PodSpec.js';

export interface PodTemplateSpec {
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_PodSpec | null);
}

export interface PodTemplateSpec__Output {
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_PodSpec__Output | null);
}
