// Original file: proto/raft/v1/raft.proto

import type { AppendEntries as _raft_v1_AppendEntries, AppendEntries__Output as _raft_v1_AppendEntries__Output } from '../../raft/v1/AppendEntries.js';
import type { AppendEntriesResponse as _raft_v1_AppendEntriesResponse, AppendEntriesResponse__Output as _raft_v1_AppendEntriesResponse__Output } from '../../raft/v1/AppendEntriesResponse.js';
import type { Heartbeat as _raft_v1_Heartbeat, Heartbeat__Output as _raft_v1_Heartbeat__Output } from '../../raft/v1/Heartbeat.js';
import type { HeartbeatResponse as _raft_v1_HeartbeatResponse, HeartbeatResponse__Output as _raft_v1_HeartbeatResponse__Output } from '../../raft/v1/HeartbeatResponse.js';
import type { RequestVote as _raft_v1_RequestVote, RequestVote__Output as _raft_v1_RequestVote__Output } from '../../raft/v1/RequestVote.js';
import type { RequestVoteResponse as _raft_v1_RequestVoteResponse, RequestVoteResponse__Output as _raft_v1_RequestVoteResponse__Output } from '../../raft/v1/RequestVoteResponse.js';
import type { InstallSnapshot as _raft_v1_InstallSnapshot, InstallSnapshot__Output as _raft_v1_InstallSnapshot__Output } from '../../raft/v1/InstallSnapshot.js';
import type { InstallSnapshotResponse as _raft_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _raft_v1_InstallSnapshotResponse__Output } from '../../raft/v1/InstallSnapshotResponse.js';
import type { TimeoutNow as _raft_v1_TimeoutNow, TimeoutNow__Output as _raft_v1_TimeoutNow__Output } from '../../raft/v1/TimeoutNow.js';
import type { Long } from '@grpc/proto-loader';

export interface RaftMessage {
  'from'?: (string);
  'to'?: (string);
  'term'?: (number | string | Long);
  'appendEntries'?: (_raft_v1_AppendEntries | null);
  'appendEntriesResponse'?: (_raft_v1_AppendEntriesResponse | null);
  'heartbeat'?: (_raft_v1_Heartbeat | null);
  'heartbeatResponse'?: (_raft_v1_HeartbeatResponse | null);
  'requestVote'?: (_raft_v1_RequestVote | null);
  'requestVoteResponse'?: (_raft_v1_RequestVoteResponse | null);
  'installSnapshot'?: (_raft_v1_InstallSnapshot | null);
  'installSnapshotResponse'?: (_raft_v1_InstallSnapshotResponse | null);
  'timeoutNow'?: (_raft_v1_TimeoutNow | null);
  'body'?: "appendEntries"|"appendEntriesResponse"|"heartbeat"|"heartbeatResponse"|"requestVote"|"requestVoteResponse"|"installSnapshot"|"installSnapshotResponse"|"timeoutNow";
}

export interface RaftMessage__Output {
  'from': (string);
  'to': (string);
  'term': (number);
  'appendEntries'?: (_raft_v1_AppendEntries__Output | null);
  'appendEntriesResponse'?: (_raft_v1_AppendEntriesResponse__Output | null);
  'heartbeat'?: (_raft_v1_Heartbeat__Output | null);
  'heartbeatResponse'?: (_raft_v1_HeartbeatResponse__Output | null);
  'requestVote'?: (_raft_v1_RequestVote__Output | null);
  'requestVoteResponse'?: (_raft_v1_RequestVoteResponse__Output | null);
  'installSnapshot'?: (_raft_v1_InstallSnapshot__Output | null);
  'installSnapshotResponse'?: (_raft_v1_InstallSnapshotResponse__Output | null);
  'timeoutNow'?: (_raft_v1_TimeoutNow__Output | null);
  'body'?: "appendEntries"|"appendEntriesResponse"|"heartbeat"|"heartbeatResponse"|"requestVote"|"requestVoteResponse"|"installSnapshot"|"installSnapshotResponse"|"timeoutNow";
}
