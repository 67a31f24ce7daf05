// Original file: proto/orca/v1/networking.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { IngressClassSpec as _orca_v1_IngressClassSpec, IngressClassSpec__Output as _orca_v1_IngressClassSpec__Output } from '../../orca/v1/IngressClassSpec.js';

export interface IngressClass {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_IngressClassSpec | null);
}

export interface IngressClass__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_IngressClassSpec__Output | null);
}
