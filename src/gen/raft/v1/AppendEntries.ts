// Original file: proto/raft/v1/raft.proto

import type { LogEntry as _raft_v1_LogEntry, LogEntry__Output as _raft_v1_LogEntry__Output } from '../../raft/v1/LogEntry.js';
import type { Long } from '@grpc/proto-loader';

export interface AppendEntries {
  'prevLogIndex'?: (number | string | Long);
  'prevLogTerm'?: (number | string | Long);
  'entries'?: (_raft_v1_LogEntry)[];
  'leaderCommit'?: (number | string | Long);
}

export interface AppendEntries__Output {
  'prevLogIndex': (number);
  'prevLogTerm': (number);
  'entries': (_raft_v1_LogEntry__Output)[];
  'leaderCommit': (number);
}
