// Original file: proto/orca/v1/services.proto

import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from '../../orca/v1/Object.js';

export interface DeleteResponse {
  'object'?: (_orca_v1_Object | null);
  'deleted'?: (boolean);
}

export interface DeleteResponse__Output {
  'object': (_orca_v1_Object__Output | null);
  'deleted': (boolean);
}
