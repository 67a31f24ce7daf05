// Original file: proto/orca/v1/rbac.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { PolicyRule as _orca_v1_PolicyRule, PolicyRule__Output as _orca_v1_PolicyRule__Output } from '../../orca/v1/PolicyRule.js';

export interface ClusterRole {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'rules'?: (_orca_v1_PolicyRule)[];
}

export interface ClusterRole__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'rules': (_orca_v1_PolicyRule__Output)[];
}
