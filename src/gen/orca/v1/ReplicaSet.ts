// Original file: proto/orca/v1/apps.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { ReplicaSetSpec as _orca_v1_ReplicaSetSpec, ReplicaSetSpec__Output as _orca_v1_ReplicaSetSpec__Output } from '../../orca/v1/ReplicaSetSpec.js';
import type { ReplicaSetStatus as _orca_v1_ReplicaSetStatus, ReplicaSetStatus__Output as _orca_v1_ReplicaSetStatus__Output } from '../../orca/v1/ReplicaSetStatus.js';

export interface ReplicaSet {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_ReplicaSetSpec | null);
  'status'?: (_orca_v1_ReplicaSetStatus | null);
}

export interface ReplicaSet__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_ReplicaSetSpec__Output | null);
  'status': (_orca_v1_ReplicaSetStatus__Output | null);
}
