// Original file: proto/orca/v1/rbac.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { Subject as _orca_v1_Subject, Subject__Output as _orca_v1_Subject__Output } from '../../orca/v1/Subject.js';
import type { RoleRef as _orca_v1_RoleRef, RoleRef__Output as _orca_v1_RoleRef__Output } from '../../orca/v1/RoleRef.js';

export interface ClusterRoleBinding {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'subjects'?: (_orca_v1_Subject)[];
  'roleRef'?: (_orca_v1_RoleRef | null);
}

export interface ClusterRoleBinding__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'subjects': (_orca_v1_Subject__Output)[];
  'roleRef': (_orca_v1_RoleRef__Output | null);
}
