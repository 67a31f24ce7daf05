// Original file: proto/orca/v1/services.proto

import type { ObjectKey as _orca_v1_ObjectKey, ObjectKey__Output as _orca_v1_ObjectKey__Output } from '../../orca/v1/ObjectKey.js';

export interface CheckOperation {
  'key'?: (_orca_v1_ObjectKey | null);
  'resourceVersion'?: (string);
}

export interface CheckOperation__Output {
  'key': (_orca_v1_ObjectKey__Output | null);
  'resourceVersion': (string);
}
