// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from '../../orca/v1/ObjectReference.js';
import type { LocalObjectReference as _orca_v1_LocalObjectReference, LocalObjectReference__Output as _orca_v1_LocalObjectReference__Output } from '../../orca/v1/LocalObjectReference.js';

export interface ServiceAccount {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'secrets'?: (_orca_v1_ObjectReference)[];
  'imagePullSecrets'?: (_orca_v1_LocalObjectReference)[];
  'automountServiceAccountToken'?: (boolean);
  '_automountServiceAccountToken'?: "automountServiceAccountToken";
}

export interface ServiceAccount__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'secrets': (_orca_v1_ObjectReference__Output)[];
  'imagePullSecrets': (_orca_v1_LocalObjectReference__Output)[];
  'automountServiceAccountToken'?: (boolean);
  '_automountServiceAccountToken'?: "automountServiceAccountToken";
}
