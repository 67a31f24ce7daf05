// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { PodSpec as _orca_v1_PodSpec, PodSpec__Output as _orca_v1_PodSpec__Output } from '../../orca/v1/PodSpec.js';
import type { PodStatus as _orca_v1_PodStatus, PodStatus__Output as _orca_v1_PodStatus__Output } from '../../orca/v1/PodStatus.js';

export interface Pod {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_PodSpec | null);
  'status'?: (_orca_v1_PodStatus | null);
}

export interface Pod__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_PodSpec__Output | null);
  'status': (_orca_v1_PodStatus__Output | null);
}
