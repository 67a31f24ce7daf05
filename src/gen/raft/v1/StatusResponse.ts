// Original file: proto/raft/v1/testkv.proto

import type { Long } from '@grpc/proto-loader';

export interface StatusResponse {
  'id'?: (string);
  'role'?: (string);
  'term'?: (number | string | Long);
  'leaderId'?: (string);
  'leaderAddress'?: (string);
  'commitIndex'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  'lastLogIndex'?: (number | string | Long);
  'keys'?: (number | string | Long);
  'stateDigest'?: (string);
}

export interface StatusResponse__Output {
  'id': (string);
  'role': (string);
  'term': (number);
  'leaderId': (string);
  'leaderAddress': (string);
  'commitIndex': (number);
  'appliedIndex': (number);
  'lastLogIndex': (number);
  'keys': (number);
  'stateDigest': (string);
}
