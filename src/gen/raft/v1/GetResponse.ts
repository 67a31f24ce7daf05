// Original file: proto/raft/v1/testkv.proto

import type { Long } from '@grpc/proto-loader';

export interface GetResponse {
  'found'?: (boolean);
  'value'?: (string);
  'readIndex'?: (number | string | Long);
}

export interface GetResponse__Output {
  'found': (boolean);
  'value': (string);
  'readIndex': (number);
}
