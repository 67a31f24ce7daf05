// Original file: proto/orca/v1/services.proto

import type { Consistency as _orca_v1_Consistency, Consistency__Output as _orca_v1_Consistency__Output } from '../../orca/v1/Consistency.js';

export interface ListRequest {
  'kind'?: (string);
  'namespace'?: (string);
  'labelSelector'?: (string);
  'fieldSelector'?: (string);
  'limit'?: (number);
  'continue'?: (string);
  'consistency'?: (_orca_v1_Consistency);
}

export interface ListRequest__Output {
  'kind': (string);
  'namespace': (string);
  'labelSelector': (string);
  'fieldSelector': (string);
  'limit': (number);
  'continue': (string);
  'consistency': (_orca_v1_Consistency__Output);
}
