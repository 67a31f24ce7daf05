// Original file: proto/raft/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface InstallSnapshotResponse {
  'success'?: (boolean);
  'lastIndex'?: (number | string | Long);
}

export interface InstallSnapshotResponse__Output {
  'success': (boolean);
  'lastIndex': (number);
}
