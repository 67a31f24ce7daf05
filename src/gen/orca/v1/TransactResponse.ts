// Original file: proto/orca/v1/services.proto

import type { OperationResult as _orca_v1_OperationResult, OperationResult__Output as _orca_v1_OperationResult__Output } from '../../orca/v1/OperationResult.js';

export interface TransactResponse {
  'results'?: (_orca_v1_OperationResult)[];
  'resourceVersion'?: (string);
}

export interface TransactResponse__Output {
  'results': (_orca_v1_OperationResult__Output)[];
  'resourceVersion': (string);
}
