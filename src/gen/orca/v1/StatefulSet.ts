// Original file: proto/orca/v1/apps.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { StatefulSetSpec as _orca_v1_StatefulSetSpec, StatefulSetSpec__Output as _orca_v1_StatefulSetSpec__Output } from '../../orca/v1/StatefulSetSpec.js';
import type { StatefulSetStatus as _orca_v1_StatefulSetStatus, StatefulSetStatus__Output as _orca_v1_StatefulSetStatus__Output } from '../../orca/v1/StatefulSetStatus.js';

export interface StatefulSet {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_StatefulSetSpec | null);
  'status'?: (_orca_v1_StatefulSetStatus | null);
}

export interface StatefulSet__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_StatefulSetSpec__Output | null);
  'status': (_orca_v1_StatefulSetStatus__Output | null);
}
