// Original file: proto/orca/v1/version.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetVersionRequest as _orca_v1_GetVersionRequest, GetVersionRequest__Output as _orca_v1_GetVersionRequest__Output } from '../../orca/v1/GetVersionRequest.js';
import type { VersionInfo as _orca_v1_VersionInfo, VersionInfo__Output as _orca_v1_VersionInfo__Output } from '../../orca/v1/VersionInfo.js';

export interface VersionServiceClient extends grpc.Client {
  GetVersion(argument: _orca_v1_GetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _orca_v1_GetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _orca_v1_GetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _orca_v1_GetVersionRequest, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _orca_v1_GetVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _orca_v1_GetVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _orca_v1_GetVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _orca_v1_GetVersionRequest, callback: grpc.requestCallback<_orca_v1_VersionInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface VersionServiceHandlers extends grpc.UntypedServiceImplementation {
  GetVersion: grpc.handleUnaryCall<_orca_v1_GetVersionRequest__Output, _orca_v1_VersionInfo>;
  
}

export interface VersionServiceDefinition extends grpc.ServiceDefinition {
  GetVersion: MethodDefinition<_orca_v1_GetVersionRequest, _orca_v1_VersionInfo, _orca_v1_GetVersionRequest__Output, _orca_v1_VersionInfo__Output>
}
