// Original file: proto/orca/v1/core.proto

import type { ObjectFieldSelector as _orca_v1_ObjectFieldSelector, ObjectFieldSelector__Output as _orca_v1_ObjectFieldSelector__Output } from '../../orca/v1/ObjectFieldSelector.js';
import type { ResourceFieldSelector as _orca_v1_ResourceFieldSelector, ResourceFieldSelector__Output as _orca_v1_ResourceFieldSelector__Output } from '../../orca/v1/ResourceFieldSelector.js';
import type { ConfigMapKeySelector as _orca_v1_ConfigMapKeySelector, ConfigMapKeySelector__Output as _orca_v1_ConfigMapKeySelector__Output } from '../../orca/v1/ConfigMapKeySelector.js';
import type { SecretKeySelector as _orca_v1_SecretKeySelector, SecretKeySelector__Output as _orca_v1_SecretKeySelector__Output } from '../../orca/v1/SecretKeySelector.js';

export interface EnvVarSource {
  'fieldRef'?: (_orca_v1_ObjectFieldSelector | null);
  'resourceFieldRef'?: (_orca_v1_ResourceFieldSelector | null);
  'configMapKeyRef'?: (_orca_v1_ConfigMapKeySelector | null);
  'secretKeyRef'?: (_orca_v1_SecretKeySelector | null);
}

export interface EnvVarSource__Output {
  'fieldRef': (_orca_v1_ObjectFieldSelector__Output | null);
  'resourceFieldRef': (_orca_v1_ResourceFieldSelector__Output | null);
  'configMapKeyRef': (_orca_v1_ConfigMapKeySelector__Output | null);
  'secretKeyRef': (_orca_v1_SecretKeySelector__Output | null);
}
