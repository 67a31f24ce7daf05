// Original file: proto/raft/v1/raft.proto

import type { RaftMessage as _raft_v1_RaftMessage, RaftMessage__Output as _raft_v1_RaftMessage__Output } from '../../raft/v1/RaftMessage.js';

export interface MessageBatch {
  'messages'?: (_raft_v1_RaftMessage)[];
}

export interface MessageBatch__Output {
  'messages': (_raft_v1_RaftMessage__Output)[];
}
