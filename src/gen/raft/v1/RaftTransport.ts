// Original file: proto/raft/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { InstallSnapshotAck as _raft_v1_InstallSnapshotAck, InstallSnapshotAck__Output as _raft_v1_InstallSnapshotAck__Output } from '../../raft/v1/InstallSnapshotAck.js';
import type { MessageBatch as _raft_v1_MessageBatch, MessageBatch__Output as _raft_v1_MessageBatch__Output } from '../../raft/v1/MessageBatch.js';
import type { SendAck as _raft_v1_SendAck, SendAck__Output as _raft_v1_SendAck__Output } from '../../raft/v1/SendAck.js';
import type { SnapshotChunk as _raft_v1_SnapshotChunk, SnapshotChunk__Output as _raft_v1_SnapshotChunk__Output } from '../../raft/v1/SnapshotChunk.js';

export interface RaftTransportClient extends grpc.Client {
  InstallSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  InstallSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  InstallSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  InstallSnapshot(callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  installSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  installSnapshot(callback: grpc.requestCallback<_raft_v1_InstallSnapshotAck__Output>): grpc.ClientWritableStream<_raft_v1_SnapshotChunk>;
  
  Send(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  Send(metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  Send(options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  Send(callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  send(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  send(metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  send(options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  send(callback: grpc.requestCallback<_raft_v1_SendAck__Output>): grpc.ClientWritableStream<_raft_v1_MessageBatch>;
  
}

export interface RaftTransportHandlers extends grpc.UntypedServiceImplementation {
  InstallSnapshot: grpc.handleClientStreamingCall<_raft_v1_SnapshotChunk__Output, _raft_v1_InstallSnapshotAck>;
  
  Send: grpc.handleClientStreamingCall<_raft_v1_MessageBatch__Output, _raft_v1_SendAck>;
  
}

export interface RaftTransportDefinition extends grpc.ServiceDefinition {
  InstallSnapshot: MethodDefinition<_raft_v1_SnapshotChunk, _raft_v1_InstallSnapshotAck, _raft_v1_SnapshotChunk__Output, _raft_v1_InstallSnapshotAck__Output>
  Send: MethodDefinition<_raft_v1_MessageBatch, _raft_v1_SendAck, _raft_v1_MessageBatch__Output, _raft_v1_SendAck__Output>
}
