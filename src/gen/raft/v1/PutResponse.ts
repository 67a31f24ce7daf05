// Original file: proto/raft/v1/testkv.proto

import type { Long } from '@grpc/proto-loader';

export interface PutResponse {
  'index'?: (number | string | Long);
}

export interface PutResponse__Output {
  'index': (number);
}
