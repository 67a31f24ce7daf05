// Original file: proto/orca/v1/worker.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExecOutput as _orca_v1_ExecOutput, ExecOutput__Output as _orca_v1_ExecOutput__Output } from '../../orca/v1/ExecOutput.js';
import type { ExecRequest as _orca_v1_ExecRequest, ExecRequest__Output as _orca_v1_ExecRequest__Output } from '../../orca/v1/ExecRequest.js';
import type { LogChunk as _orca_v1_LogChunk, LogChunk__Output as _orca_v1_LogChunk__Output } from '../../orca/v1/LogChunk.js';
import type { LogsRequest as _orca_v1_LogsRequest, LogsRequest__Output as _orca_v1_LogsRequest__Output } from '../../orca/v1/LogsRequest.js';
import type { PodStreamFrame as _orca_v1_PodStreamFrame, PodStreamFrame__Output as _orca_v1_PodStreamFrame__Output } from '../../orca/v1/PodStreamFrame.js';

export interface WorkerServiceClient extends grpc.Client {
  Exec(argument: _orca_v1_ExecRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_ExecOutput__Output>;
  Exec(argument: _orca_v1_ExecRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_ExecOutput__Output>;
  exec(argument: _orca_v1_ExecRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_ExecOutput__Output>;
  exec(argument: _orca_v1_ExecRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_ExecOutput__Output>;
  
  Logs(argument: _orca_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_LogChunk__Output>;
  Logs(argument: _orca_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_LogChunk__Output>;
  logs(argument: _orca_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_LogChunk__Output>;
  logs(argument: _orca_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_LogChunk__Output>;
  
  Stream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>;
  Stream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>;
  stream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>;
  stream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>;
  
}

export interface WorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  Exec: grpc.handleServerStreamingCall<_orca_v1_ExecRequest__Output, _orca_v1_ExecOutput>;
  
  Logs: grpc.handleServerStreamingCall<_orca_v1_LogsRequest__Output, _orca_v1_LogChunk>;
  
  Stream: grpc.handleBidiStreamingCall<_orca_v1_PodStreamFrame__Output, _orca_v1_PodStreamFrame>;
  
}

export interface WorkerServiceDefinition extends grpc.ServiceDefinition {
  Exec: MethodDefinition<_orca_v1_ExecRequest, _orca_v1_ExecOutput, _orca_v1_ExecRequest__Output, _orca_v1_ExecOutput__Output>
  Logs: MethodDefinition<_orca_v1_LogsRequest, _orca_v1_LogChunk, _orca_v1_LogsRequest__Output, _orca_v1_LogChunk__Output>
  Stream: MethodDefinition<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output, _orca_v1_PodStreamFrame__Output>
}
