import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AppendEntries as _raft_v1_AppendEntries, AppendEntries__Output as _raft_v1_AppendEntries__Output } from './raft/v1/AppendEntries.js';
import type { AppendEntriesResponse as _raft_v1_AppendEntriesResponse, AppendEntriesResponse__Output as _raft_v1_AppendEntriesResponse__Output } from './raft/v1/AppendEntriesResponse.js';
import type { Configuration as _raft_v1_Configuration, Configuration__Output as _raft_v1_Configuration__Output } from './raft/v1/Configuration.js';
import type { Heartbeat as _raft_v1_Heartbeat, Heartbeat__Output as _raft_v1_Heartbeat__Output } from './raft/v1/Heartbeat.js';
import type { HeartbeatResponse as _raft_v1_HeartbeatResponse, HeartbeatResponse__Output as _raft_v1_HeartbeatResponse__Output } from './raft/v1/HeartbeatResponse.js';
import type { InstallSnapshot as _raft_v1_InstallSnapshot, InstallSnapshot__Output as _raft_v1_InstallSnapshot__Output } from './raft/v1/InstallSnapshot.js';
import type { InstallSnapshotAck as _raft_v1_InstallSnapshotAck, InstallSnapshotAck__Output as _raft_v1_InstallSnapshotAck__Output } from './raft/v1/InstallSnapshotAck.js';
import type { InstallSnapshotResponse as _raft_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _raft_v1_InstallSnapshotResponse__Output } from './raft/v1/InstallSnapshotResponse.js';
import type { LogEntry as _raft_v1_LogEntry, LogEntry__Output as _raft_v1_LogEntry__Output } from './raft/v1/LogEntry.js';
import type { MessageBatch as _raft_v1_MessageBatch, MessageBatch__Output as _raft_v1_MessageBatch__Output } from './raft/v1/MessageBatch.js';
import type { RaftMessage as _raft_v1_RaftMessage, RaftMessage__Output as _raft_v1_RaftMessage__Output } from './raft/v1/RaftMessage.js';
import type { RaftTransportClient as _raft_v1_RaftTransportClient, RaftTransportDefinition as _raft_v1_RaftTransportDefinition } from './raft/v1/RaftTransport.js';
import type { RequestVote as _raft_v1_RequestVote, RequestVote__Output as _raft_v1_RequestVote__Output } from './raft/v1/RequestVote.js';
import type { RequestVoteResponse as _raft_v1_RequestVoteResponse, RequestVoteResponse__Output as _raft_v1_RequestVoteResponse__Output } from './raft/v1/RequestVoteResponse.js';
import type { SendAck as _raft_v1_SendAck, SendAck__Output as _raft_v1_SendAck__Output } from './raft/v1/SendAck.js';
import type { Server as _raft_v1_Server, Server__Output as _raft_v1_Server__Output } from './raft/v1/Server.js';
import type { SnapshotChunk as _raft_v1_SnapshotChunk, SnapshotChunk__Output as _raft_v1_SnapshotChunk__Output } from './raft/v1/SnapshotChunk.js';
import type { SnapshotMeta as _raft_v1_SnapshotMeta, SnapshotMeta__Output as _raft_v1_SnapshotMeta__Output } from './raft/v1/SnapshotMeta.js';
import type { TimeoutNow as _raft_v1_TimeoutNow, TimeoutNow__Output as _raft_v1_TimeoutNow__Output } from './raft/v1/TimeoutNow.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raft: {
    v1: {
      AppendEntries: MessageTypeDefinition<_raft_v1_AppendEntries, _raft_v1_AppendEntries__Output>
      AppendEntriesResponse: MessageTypeDefinition<_raft_v1_AppendEntriesResponse, _raft_v1_AppendEntriesResponse__Output>
      Configuration: MessageTypeDefinition<_raft_v1_Configuration, _raft_v1_Configuration__Output>
      EntryType: EnumTypeDefinition
      Heartbeat: MessageTypeDefinition<_raft_v1_Heartbeat, _raft_v1_Heartbeat__Output>
      HeartbeatResponse: MessageTypeDefinition<_raft_v1_HeartbeatResponse, _raft_v1_HeartbeatResponse__Output>
      InstallSnapshot: MessageTypeDefinition<_raft_v1_InstallSnapshot, _raft_v1_InstallSnapshot__Output>
      InstallSnapshotAck: MessageTypeDefinition<_raft_v1_InstallSnapshotAck, _raft_v1_InstallSnapshotAck__Output>
      InstallSnapshotResponse: MessageTypeDefinition<_raft_v1_InstallSnapshotResponse, _raft_v1_InstallSnapshotResponse__Output>
      LogEntry: MessageTypeDefinition<_raft_v1_LogEntry, _raft_v1_LogEntry__Output>
      MessageBatch: MessageTypeDefinition<_raft_v1_MessageBatch, _raft_v1_MessageBatch__Output>
      RaftMessage: MessageTypeDefinition<_raft_v1_RaftMessage, _raft_v1_RaftMessage__Output>
      RaftTransport: SubtypeConstructor<typeof grpc.Client, _raft_v1_RaftTransportClient> & { service: _raft_v1_RaftTransportDefinition }
      RequestVote: MessageTypeDefinition<_raft_v1_RequestVote, _raft_v1_RequestVote__Output>
      RequestVoteResponse: MessageTypeDefinition<_raft_v1_RequestVoteResponse, _raft_v1_RequestVoteResponse__Output>
      SendAck: MessageTypeDefinition<_raft_v1_SendAck, _raft_v1_SendAck__Output>
      Server: MessageTypeDefinition<_raft_v1_Server, _raft_v1_Server__Output>
      SnapshotChunk: MessageTypeDefinition<_raft_v1_SnapshotChunk, _raft_v1_SnapshotChunk__Output>
      SnapshotMeta: MessageTypeDefinition<_raft_v1_SnapshotMeta, _raft_v1_SnapshotMeta__Output>
      Suffrage: EnumTypeDefinition
      TimeoutNow: MessageTypeDefinition<_raft_v1_TimeoutNow, _raft_v1_TimeoutNow__Output>
    }
  }
}

