// Original file: proto/orca/v1/networking.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { IngressSpec as _orca_v1_IngressSpec, IngressSpec__Output as _orca_v1_IngressSpec__Output } from '../../orca/v1/IngressSpec.js';
import type { IngressStatus as _orca_v1_IngressStatus, IngressStatus__Output as _orca_v1_IngressStatus__Output } from '../../orca/v1/IngressStatus.js';

export interface Ingress {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_IngressSpec | null);
  'status'?: (_orca_v1_IngressStatus | null);
}

export interface Ingress__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_IngressSpec__Output | null);
  'status': (_orca_v1_IngressStatus__Output | null);
}
