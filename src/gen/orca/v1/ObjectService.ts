// Original file: proto/orca/v1/services.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateRequest as _orca_v1_CreateRequest, CreateRequest__Output as _orca_v1_CreateRequest__Output } from '../../orca/v1/CreateRequest.js';
import type { DeleteRequest as _orca_v1_DeleteRequest, DeleteRequest__Output as _orca_v1_DeleteRequest__Output } from '../../orca/v1/DeleteRequest.js';
import type { DeleteResponse as _orca_v1_DeleteResponse, DeleteResponse__Output as _orca_v1_DeleteResponse__Output } from '../../orca/v1/DeleteResponse.js';
import type { GetRequest as _orca_v1_GetRequest, GetRequest__Output as _orca_v1_GetRequest__Output } from '../../orca/v1/GetRequest.js';
import type { ListRequest as _orca_v1_ListRequest, ListRequest__Output as _orca_v1_ListRequest__Output } from '../../orca/v1/ListRequest.js';
import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from '../../orca/v1/Object.js';
import type { ObjectList as _orca_v1_ObjectList, ObjectList__Output as _orca_v1_ObjectList__Output } from '../../orca/v1/ObjectList.js';
import type { TransactRequest as _orca_v1_TransactRequest, TransactRequest__Output as _orca_v1_TransactRequest__Output } from '../../orca/v1/TransactRequest.js';
import type { TransactResponse as _orca_v1_TransactResponse, TransactResponse__Output as _orca_v1_TransactResponse__Output } from '../../orca/v1/TransactResponse.js';
import type { UpdateRequest as _orca_v1_UpdateRequest, UpdateRequest__Output as _orca_v1_UpdateRequest__Output } from '../../orca/v1/UpdateRequest.js';
import type { WatchEvent as _orca_v1_WatchEvent, WatchEvent__Output as _orca_v1_WatchEvent__Output } from '../../orca/v1/WatchEvent.js';
import type { WatchRequest as _orca_v1_WatchRequest, WatchRequest__Output as _orca_v1_WatchRequest__Output } from '../../orca/v1/WatchRequest.js';

export interface ObjectServiceClient extends grpc.Client {
  Create(argument: _orca_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Create(argument: _orca_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Create(argument: _orca_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Create(argument: _orca_v1_CreateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  create(argument: _orca_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  create(argument: _orca_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  create(argument: _orca_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  create(argument: _orca_v1_CreateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _orca_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _orca_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _orca_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _orca_v1_DeleteRequest, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _orca_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _orca_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _orca_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _orca_v1_DeleteRequest, callback: grpc.requestCallback<_orca_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _orca_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Get(argument: _orca_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Get(argument: _orca_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Get(argument: _orca_v1_GetRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  get(argument: _orca_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  get(argument: _orca_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  get(argument: _orca_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  get(argument: _orca_v1_GetRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  
  List(argument: _orca_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  List(argument: _orca_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  List(argument: _orca_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  List(argument: _orca_v1_ListRequest, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  list(argument: _orca_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  list(argument: _orca_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  list(argument: _orca_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  list(argument: _orca_v1_ListRequest, callback: grpc.requestCallback<_orca_v1_ObjectList__Output>): grpc.ClientUnaryCall;
  
  Transact(argument: _orca_v1_TransactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  Transact(argument: _orca_v1_TransactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  Transact(argument: _orca_v1_TransactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  Transact(argument: _orca_v1_TransactRequest, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  transact(argument: _orca_v1_TransactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  transact(argument: _orca_v1_TransactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  transact(argument: _orca_v1_TransactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  transact(argument: _orca_v1_TransactRequest, callback: grpc.requestCallback<_orca_v1_TransactResponse__Output>): grpc.ClientUnaryCall;
  
  Update(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Update(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Update(argument: _orca_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  Update(argument: _orca_v1_UpdateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  update(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  update(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  update(argument: _orca_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  update(argument: _orca_v1_UpdateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  
  UpdateStatus(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _orca_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _orca_v1_UpdateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _orca_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _orca_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _orca_v1_UpdateRequest, callback: grpc.requestCallback<_orca_v1_Object__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _orca_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_WatchEvent__Output>;
  Watch(argument: _orca_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_WatchEvent__Output>;
  watch(argument: _orca_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_WatchEvent__Output>;
  watch(argument: _orca_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_WatchEvent__Output>;
  
}

export interface ObjectServiceHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_orca_v1_CreateRequest__Output, _orca_v1_Object>;
  
  Delete: grpc.handleUnaryCall<_orca_v1_DeleteRequest__Output, _orca_v1_DeleteResponse>;
  
  Get: grpc.handleUnaryCall<_orca_v1_GetRequest__Output, _orca_v1_Object>;
  
  List: grpc.handleUnaryCall<_orca_v1_ListRequest__Output, _orca_v1_ObjectList>;
  
  Transact: grpc.handleUnaryCall<_orca_v1_TransactRequest__Output, _orca_v1_TransactResponse>;
  
  Update: grpc.handleUnaryCall<_orca_v1_UpdateRequest__Output, _orca_v1_Object>;
  
  UpdateStatus: grpc.handleUnaryCall<_orca_v1_UpdateRequest__Output, _orca_v1_Object>;
  
  Watch: grpc.handleServerStreamingCall<_orca_v1_WatchRequest__Output, _orca_v1_WatchEvent>;
  
}

export interface ObjectServiceDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_orca_v1_CreateRequest, _orca_v1_Object, _orca_v1_CreateRequest__Output, _orca_v1_Object__Output>
  Delete: MethodDefinition<_orca_v1_DeleteRequest, _orca_v1_DeleteResponse, _orca_v1_DeleteRequest__Output, _orca_v1_DeleteResponse__Output>
  Get: MethodDefinition<_orca_v1_GetRequest, _orca_v1_Object, _orca_v1_GetRequest__Output, _orca_v1_Object__Output>
  List: MethodDefinition<_orca_v1_ListRequest, _orca_v1_ObjectList, _orca_v1_ListRequest__Output, _orca_v1_ObjectList__Output>
  Transact: MethodDefinition<_orca_v1_TransactRequest, _orca_v1_TransactResponse, _orca_v1_TransactRequest__Output, _orca_v1_TransactResponse__Output>
  Update: MethodDefinition<_orca_v1_UpdateRequest, _orca_v1_Object, _orca_v1_UpdateRequest__Output, _orca_v1_Object__Output>
  UpdateStatus: MethodDefinition<_orca_v1_UpdateRequest, _orca_v1_Object, _orca_v1_UpdateRequest__Output, _orca_v1_Object__Output>
  Watch: MethodDefinition<_orca_v1_WatchRequest, _orca_v1_WatchEvent, _orca_v1_WatchRequest__Output, _orca_v1_WatchEvent__Output>
}
