// Original file: proto/orca/v1/apps.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { DaemonSetSpec as _orca_v1_DaemonSetSpec, DaemonSetSpec__Output as _orca_v1_DaemonSetSpec__Output } from '../../orca/v1/DaemonSetSpec.js';
import type { DaemonSetStatus as _orca_v1_DaemonSetStatus, DaemonSetStatus__Output as _orca_v1_DaemonSetStatus__Output } from '../../orca/v1/DaemonSetStatus.js';

export interface DaemonSet {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_DaemonSetSpec | null);
  'status'?: (_orca_v1_DaemonSetStatus | null);
}

export interface DaemonSet__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_DaemonSetSpec__Output | null);
  'status': (_orca_v1_DaemonSetStatus__Output | null);
}
