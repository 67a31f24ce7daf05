// Original file: proto/orca/v1/services.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AccessReviewRequest as _orca_v1_AccessReviewRequest, AccessReviewRequest__Output as _orca_v1_AccessReviewRequest__Output } from '../../orca/v1/AccessReviewRequest.js';
import type { AccessReviewResponse as _orca_v1_AccessReviewResponse, AccessReviewResponse__Output as _orca_v1_AccessReviewResponse__Output } from '../../orca/v1/AccessReviewResponse.js';
import type { AddMasterRequest as _orca_v1_AddMasterRequest, AddMasterRequest__Output as _orca_v1_AddMasterRequest__Output } from '../../orca/v1/AddMasterRequest.js';
import type { AddMasterResponse as _orca_v1_AddMasterResponse, AddMasterResponse__Output as _orca_v1_AddMasterResponse__Output } from '../../orca/v1/AddMasterResponse.js';
import type { JoinRequest as _orca_v1_JoinRequest, JoinRequest__Output as _orca_v1_JoinRequest__Output } from '../../orca/v1/JoinRequest.js';
import type { JoinResponse as _orca_v1_JoinResponse, JoinResponse__Output as _orca_v1_JoinResponse__Output } from '../../orca/v1/JoinResponse.js';
import type { MembersRequest as _orca_v1_MembersRequest, MembersRequest__Output as _orca_v1_MembersRequest__Output } from '../../orca/v1/MembersRequest.js';
import type { MembersResponse as _orca_v1_MembersResponse, MembersResponse__Output as _orca_v1_MembersResponse__Output } from '../../orca/v1/MembersResponse.js';
import type { ReadIndexRequest as _orca_v1_ReadIndexRequest, ReadIndexRequest__Output as _orca_v1_ReadIndexRequest__Output } from '../../orca/v1/ReadIndexRequest.js';
import type { ReadIndexResponse as _orca_v1_ReadIndexResponse, ReadIndexResponse__Output as _orca_v1_ReadIndexResponse__Output } from '../../orca/v1/ReadIndexResponse.js';
import type { RemoveMasterRequest as _orca_v1_RemoveMasterRequest, RemoveMasterRequest__Output as _orca_v1_RemoveMasterRequest__Output } from '../../orca/v1/RemoveMasterRequest.js';
import type { RemoveMasterResponse as _orca_v1_RemoveMasterResponse, RemoveMasterResponse__Output as _orca_v1_RemoveMasterResponse__Output } from '../../orca/v1/RemoveMasterResponse.js';
import type { RenewCertificateRequest as _orca_v1_RenewCertificateRequest, RenewCertificateRequest__Output as _orca_v1_RenewCertificateRequest__Output } from '../../orca/v1/RenewCertificateRequest.js';
import type { RenewCertificateResponse as _orca_v1_RenewCertificateResponse, RenewCertificateResponse__Output as _orca_v1_RenewCertificateResponse__Output } from '../../orca/v1/RenewCertificateResponse.js';
import type { ServiceAccountTokenRequest as _orca_v1_ServiceAccountTokenRequest, ServiceAccountTokenRequest__Output as _orca_v1_ServiceAccountTokenRequest__Output } from '../../orca/v1/ServiceAccountTokenRequest.js';
import type { ServiceAccountTokenResponse as _orca_v1_ServiceAccountTokenResponse, ServiceAccountTokenResponse__Output as _orca_v1_ServiceAccountTokenResponse__Output } from '../../orca/v1/ServiceAccountTokenResponse.js';
import type { SnapshotChunk as _orca_v1_SnapshotChunk, SnapshotChunk__Output as _orca_v1_SnapshotChunk__Output } from '../../orca/v1/SnapshotChunk.js';
import type { SnapshotRequest as _orca_v1_SnapshotRequest, SnapshotRequest__Output as _orca_v1_SnapshotRequest__Output } from '../../orca/v1/SnapshotRequest.js';

export interface ClusterServiceClient extends grpc.Client {
  AddMaster(argument: _orca_v1_AddMasterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  AddMaster(argument: _orca_v1_AddMasterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  AddMaster(argument: _orca_v1_AddMasterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  AddMaster(argument: _orca_v1_AddMasterRequest, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  addMaster(argument: _orca_v1_AddMasterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  addMaster(argument: _orca_v1_AddMasterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  addMaster(argument: _orca_v1_AddMasterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  addMaster(argument: _orca_v1_AddMasterRequest, callback: grpc.requestCallback<_orca_v1_AddMasterResponse__Output>): grpc.ClientUnaryCall;
  
  IssueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  issueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  issueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  issueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  issueServiceAccountToken(argument: _orca_v1_ServiceAccountTokenRequest, callback: grpc.requestCallback<_orca_v1_ServiceAccountTokenResponse__Output>): grpc.ClientUnaryCall;
  
  Join(argument: _orca_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _orca_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _orca_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _orca_v1_JoinRequest, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _orca_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _orca_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _orca_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _orca_v1_JoinRequest, callback: grpc.requestCallback<_orca_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  
  Members(argument: _orca_v1_MembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  Members(argument: _orca_v1_MembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  Members(argument: _orca_v1_MembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  Members(argument: _orca_v1_MembersRequest, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  members(argument: _orca_v1_MembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  members(argument: _orca_v1_MembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  members(argument: _orca_v1_MembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  members(argument: _orca_v1_MembersRequest, callback: grpc.requestCallback<_orca_v1_MembersResponse__Output>): grpc.ClientUnaryCall;
  
  ReadIndex(argument: _orca_v1_ReadIndexRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  ReadIndex(argument: _orca_v1_ReadIndexRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  ReadIndex(argument: _orca_v1_ReadIndexRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  ReadIndex(argument: _orca_v1_ReadIndexRequest, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  readIndex(argument: _orca_v1_ReadIndexRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  readIndex(argument: _orca_v1_ReadIndexRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  readIndex(argument: _orca_v1_ReadIndexRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  readIndex(argument: _orca_v1_ReadIndexRequest, callback: grpc.requestCallback<_orca_v1_ReadIndexResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveMaster(argument: _orca_v1_RemoveMasterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  RemoveMaster(argument: _orca_v1_RemoveMasterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  RemoveMaster(argument: _orca_v1_RemoveMasterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  RemoveMaster(argument: _orca_v1_RemoveMasterRequest, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  removeMaster(argument: _orca_v1_RemoveMasterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  removeMaster(argument: _orca_v1_RemoveMasterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  removeMaster(argument: _orca_v1_RemoveMasterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  removeMaster(argument: _orca_v1_RemoveMasterRequest, callback: grpc.requestCallback<_orca_v1_RemoveMasterResponse__Output>): grpc.ClientUnaryCall;
  
  RenewCertificate(argument: _orca_v1_RenewCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewCertificate(argument: _orca_v1_RenewCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewCertificate(argument: _orca_v1_RenewCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewCertificate(argument: _orca_v1_RenewCertificateRequest, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewCertificate(argument: _orca_v1_RenewCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewCertificate(argument: _orca_v1_RenewCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewCertificate(argument: _orca_v1_RenewCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewCertificate(argument: _orca_v1_RenewCertificateRequest, callback: grpc.requestCallback<_orca_v1_RenewCertificateResponse__Output>): grpc.ClientUnaryCall;
  
  ReviewAccess(argument: _orca_v1_AccessReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  ReviewAccess(argument: _orca_v1_AccessReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  ReviewAccess(argument: _orca_v1_AccessReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  ReviewAccess(argument: _orca_v1_AccessReviewRequest, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  reviewAccess(argument: _orca_v1_AccessReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  reviewAccess(argument: _orca_v1_AccessReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  reviewAccess(argument: _orca_v1_AccessReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  reviewAccess(argument: _orca_v1_AccessReviewRequest, callback: grpc.requestCallback<_orca_v1_AccessReviewResponse__Output>): grpc.ClientUnaryCall;
  
  SaveSnapshot(argument: _orca_v1_SnapshotRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_SnapshotChunk__Output>;
  SaveSnapshot(argument: _orca_v1_SnapshotRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_SnapshotChunk__Output>;
  saveSnapshot(argument: _orca_v1_SnapshotRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_SnapshotChunk__Output>;
  saveSnapshot(argument: _orca_v1_SnapshotRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_orca_v1_SnapshotChunk__Output>;
  
}

export interface ClusterServiceHandlers extends grpc.UntypedServiceImplementation {
  AddMaster: grpc.handleUnaryCall<_orca_v1_AddMasterRequest__Output, _orca_v1_AddMasterResponse>;
  
  IssueServiceAccountToken: grpc.handleUnaryCall<_orca_v1_ServiceAccountTokenRequest__Output, _orca_v1_ServiceAccountTokenResponse>;
  
  Join: grpc.handleUnaryCall<_orca_v1_JoinRequest__Output, _orca_v1_JoinResponse>;
  
  Members: grpc.handleUnaryCall<_orca_v1_MembersRequest__Output, _orca_v1_MembersResponse>;
  
  ReadIndex: grpc.handleUnaryCall<_orca_v1_ReadIndexRequest__Output, _orca_v1_ReadIndexResponse>;
  
  RemoveMaster: grpc.handleUnaryCall<_orca_v1_RemoveMasterRequest__Output, _orca_v1_RemoveMasterResponse>;
  
  RenewCertificate: grpc.handleUnaryCall<_orca_v1_RenewCertificateRequest__Output, _orca_v1_RenewCertificateResponse>;
  
  ReviewAccess: grpc.handleUnaryCall<_orca_v1_AccessReviewRequest__Output, _orca_v1_AccessReviewResponse>;
  
  SaveSnapshot: grpc.handleServerStreamingCall<_orca_v1_SnapshotRequest__Output, _orca_v1_SnapshotChunk>;
  
}

export interface ClusterServiceDefinition extends grpc.ServiceDefinition {
  AddMaster: MethodDefinition<_orca_v1_AddMasterRequest, _orca_v1_AddMasterResponse, _orca_v1_AddMasterRequest__Output, _orca_v1_AddMasterResponse__Output>
  IssueServiceAccountToken: MethodDefinition<_orca_v1_ServiceAccountTokenRequest, _orca_v1_ServiceAccountTokenResponse, _orca_v1_ServiceAccountTokenRequest__Output, _orca_v1_ServiceAccountTokenResponse__Output>
  Join: MethodDefinition<_orca_v1_JoinRequest, _orca_v1_JoinResponse, _orca_v1_JoinRequest__Output, _orca_v1_JoinResponse__Output>
  Members: MethodDefinition<_orca_v1_MembersRequest, _orca_v1_MembersResponse, _orca_v1_MembersRequest__Output, _orca_v1_MembersResponse__Output>
  ReadIndex: MethodDefinition<_orca_v1_ReadIndexRequest, _orca_v1_ReadIndexResponse, _orca_v1_ReadIndexRequest__Output, _orca_v1_ReadIndexResponse__Output>
  RemoveMaster: MethodDefinition<_orca_v1_RemoveMasterRequest, _orca_v1_RemoveMasterResponse, _orca_v1_RemoveMasterRequest__Output, _orca_v1_RemoveMasterResponse__Output>
  RenewCertificate: MethodDefinition<_orca_v1_RenewCertificateRequest, _orca_v1_RenewCertificateResponse, _orca_v1_RenewCertificateRequest__Output, _orca_v1_RenewCertificateResponse__Output>
  ReviewAccess: MethodDefinition<_orca_v1_AccessReviewRequest, _orca_v1_AccessReviewResponse, _orca_v1_AccessReviewRequest__Output, _orca_v1_AccessReviewResponse__Output>
  SaveSnapshot: MethodDefinition<_orca_v1_SnapshotRequest, _orca_v1_SnapshotChunk, _orca_v1_SnapshotRequest__Output, _orca_v1_SnapshotChunk__Output>
}
