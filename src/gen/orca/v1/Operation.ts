// Original file: proto/orca/v1/services.proto

import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from '../../orca/v1/Object.js';
import type { DeleteRequest as _orca_v1_DeleteRequest, DeleteRequest__Output as _orca_v1_DeleteRequest__Output } from '../../orca/v1/DeleteRequest.js';
import type { CheckOperation as _orca_v1_CheckOperation, CheckOperation__Output as _orca_v1_CheckOperation__Output } from '../../orca/v1/CheckOperation.js';

export interface Operation {
  'create'?: (_orca_v1_Object | null);
  'update'?: (_orca_v1_Object | null);
  'updateStatus'?: (_orca_v1_Object | null);
  'delete'?: (_orca_v1_DeleteRequest | null);
  'check'?: (_orca_v1_CheckOperation | null);
  'op'?: "create"|"update"|"updateStatus"|"delete"|"check";
}

export interface Operation__Output {
  'create'?: (_orca_v1_Object__Output | null);
  'update'?: (_orca_v1_Object__Output | null);
  'updateStatus'?: (_orca_v1_Object__Output | null);
  'delete'?: (_orca_v1_DeleteRequest__Output | null);
  'check'?: (_orca_v1_CheckOperation__Output | null);
  'op'?: "create"|"update"|"updateStatus"|"delete"|"check";
}
