// Original file: proto/orca/v1/coordination.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { LeaseSpec as _orca_v1_LeaseSpec, LeaseSpec__Output as _orca_v1_LeaseSpec__Output } from '../../orca/v1/LeaseSpec.js';

export interface Lease {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_LeaseSpec | null);
}

export interface Lease__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_LeaseSpec__Output | null);
}
