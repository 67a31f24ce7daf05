// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { EndpointSubset as _orca_v1_EndpointSubset, EndpointSubset__Output as _orca_v1_EndpointSubset__Output } from '../../orca/v1/EndpointSubset.js';

export interface Endpoints {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'subsets'?: (_orca_v1_EndpointSubset)[];
}

export interface Endpoints__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'subsets': (_orca_v1_EndpointSubset__Output)[];
}
