// Original file: proto/raft/v1/raft.proto

import type { RaftMessage as _raft_v1_RaftMessage, RaftMessage__Output as _raft_v1_RaftMessage__Output } from '../../raft/v1/RaftMessage.js';

export interface SnapshotChunk {
  'header'?: (_raft_v1_RaftMessage | null);
  'data'?: (Buffer | Uint8Array | string);
  'content'?: "header"|"data";
}

export interface SnapshotChunk__Output {
  'header'?: (_raft_v1_RaftMessage__Output | null);
  'data'?: (Buffer);
  'content'?: "header"|"data";
}
