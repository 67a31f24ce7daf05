// Original file: proto/raft/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'context'?: (number | string | Long);
}

export interface HeartbeatResponse__Output {
  'context': (number);
}
