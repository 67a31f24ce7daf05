// Original file: proto/raft/v1/raft.proto

import type { SnapshotMeta as _raft_v1_SnapshotMeta, SnapshotMeta__Output as _raft_v1_SnapshotMeta__Output } from '../../raft/v1/SnapshotMeta.js';

export interface InstallSnapshot {
  'snapshot'?: (_raft_v1_SnapshotMeta | null);
}

export interface InstallSnapshot__Output {
  'snapshot': (_raft_v1_SnapshotMeta__Output | null);
}
