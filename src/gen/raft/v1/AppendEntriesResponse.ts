// Original file: proto/raft/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendEntriesResponse {
  'success'?: (boolean);
  'matchIndex'?: (number | string | Long);
  'rejectHint'?: (number | string | Long);
  'rejectHintTerm'?: (number | string | Long);
}

export interface AppendEntriesResponse__Output {
  'success': (boolean);
  'matchIndex': (number);
  'rejectHint': (number);
  'rejectHintTerm': (number);
}
