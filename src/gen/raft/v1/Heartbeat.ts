// Original file: proto/raft/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'commit'?: (number | string | Long);
  'context'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'commit': (number);
  'context': (number);
}
