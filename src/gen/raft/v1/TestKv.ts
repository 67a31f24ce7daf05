// Original file: proto/raft/v1/testkv.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetRequest as _raft_v1_GetRequest, GetRequest__Output as _raft_v1_GetRequest__Output } from '../../raft/v1/GetRequest.js';
import type { GetResponse as _raft_v1_GetResponse, GetResponse__Output as _raft_v1_GetResponse__Output } from '../../raft/v1/GetResponse.js';
import type { PutRequest as _raft_v1_PutRequest, PutRequest__Output as _raft_v1_PutRequest__Output } from '../../raft/v1/PutRequest.js';
import type { PutResponse as _raft_v1_PutResponse, PutResponse__Output as _raft_v1_PutResponse__Output } from '../../raft/v1/PutResponse.js';
import type { StatusRequest as _raft_v1_StatusRequest, StatusRequest__Output as _raft_v1_StatusRequest__Output } from '../../raft/v1/StatusRequest.js';
import type { StatusResponse as _raft_v1_StatusResponse, StatusResponse__Output as _raft_v1_StatusResponse__Output } from '../../raft/v1/StatusResponse.js';

export interface TestKvClient extends grpc.Client {
  Get(argument: _raft_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raft_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raft_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _raft_v1_GetRequest, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raft_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raft_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raft_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _raft_v1_GetRequest, callback: grpc.requestCallback<_raft_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  Put(argument: _raft_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raft_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raft_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _raft_v1_PutRequest, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raft_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raft_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raft_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _raft_v1_PutRequest, callback: grpc.requestCallback<_raft_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _raft_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raft_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raft_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _raft_v1_StatusRequest, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raft_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raft_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raft_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _raft_v1_StatusRequest, callback: grpc.requestCallback<_raft_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface TestKvHandlers extends grpc.UntypedServiceImplementation {
  Get: grpc.handleUnaryCall<_raft_v1_GetRequest__Output, _raft_v1_GetResponse>;
  
  Put: grpc.handleUnaryCall<_raft_v1_PutRequest__Output, _raft_v1_PutResponse>;
  
  Status: grpc.handleUnaryCall<_raft_v1_StatusRequest__Output, _raft_v1_StatusResponse>;
  
}

export interface TestKvDefinition extends grpc.ServiceDefinition {
  Get: MethodDefinition<_raft_v1_GetRequest, _raft_v1_GetResponse, _raft_v1_GetRequest__Output, _raft_v1_GetResponse__Output>
  Put: MethodDefinition<_raft_v1_PutRequest, _raft_v1_PutResponse, _raft_v1_PutRequest__Output, _raft_v1_PutResponse__Output>
  Status: MethodDefinition<_raft_v1_StatusRequest, _raft_v1_StatusResponse, _raft_v1_StatusRequest__Output, _raft_v1_StatusResponse__Output>
}
