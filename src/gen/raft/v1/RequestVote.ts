// Original file: proto/raft/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RequestVote {
  'preVote'?: (boolean);
  'leadershipTransfer'?: (boolean);
  'lastLogIndex'?: (number | string | Long);
  'lastLogTerm'?: (number | string | Long);
}

export interface RequestVote__Output {
  'preVote': (boolean);
  'leadershipTransfer': (boolean);
  'lastLogIndex': (number);
  'lastLogTerm': (number);
}
