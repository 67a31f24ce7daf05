// Original file: proto/orca/v1/services.proto

import type { Operation as _orca_v1_Operation, Operation__Output as _orca_v1_Operation__Output } from '../../orca/v1/Operation.js';

export interface TransactRequest {
  'operations'?: (_orca_v1_Operation)[];
}

export interface TransactRequest__Output {
  'operations': (_orca_v1_Operation__Output)[];
}
