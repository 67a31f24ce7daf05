// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { NamespaceSpec as _orca_v1_NamespaceSpec, NamespaceSpec__Output as _orca_v1_NamespaceSpec__Output } from '../../orca/v1/NamespaceSpec.js';
import type { NamespaceStatus as _orca_v1_NamespaceStatus, NamespaceStatus__Output as _orca_v1_NamespaceStatus__Output } from '../../orca/v1/NamespaceStatus.js';

export interface Namespace {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_NamespaceSpec | null);
  'status'?: (_orca_v1_NamespaceStatus | null);
}

export interface Namespace__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_NamespaceSpec__Output | null);
  'status': (_orca_v1_NamespaceStatus__Output | null);
}
