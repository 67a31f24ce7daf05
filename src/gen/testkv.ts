import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetRequest as _raft_v1_GetRequest, GetRequest__Output as _raft_v1_GetRequest__Output } from './raft/v1/GetRequest.js';
import type { GetResponse as _raft_v1_GetResponse, GetResponse__Output as _raft_v1_GetResponse__Output } from './raft/v1/GetResponse.js';
import type { PutRequest as _raft_v1_PutRequest, PutRequest__Output as _raft_v1_PutRequest__Output } from './raft/v1/PutRequest.js';
import type { PutResponse as _raft_v1_PutResponse, PutResponse__Output as _raft_v1_PutResponse__Output } from './raft/v1/PutResponse.js';
import type { StatusRequest as _raft_v1_StatusRequest, StatusRequest__Output as _raft_v1_StatusRequest__Output } from './raft/v1/StatusRequest.js';
import type { StatusResponse as _raft_v1_StatusResponse, StatusResponse__Output as _raft_v1_StatusResponse__Output } from './raft/v1/StatusResponse.js';
import type { TestKvClient as _raft_v1_TestKvClient, TestKvDefinition as _raft_v1_TestKvDefinition } from './raft/v1/TestKv.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  raft: {
    v1: {
      GetRequest: MessageTypeDefinition<_raft_v1_GetRequest, _raft_v1_GetRequest__Output>
      GetResponse: MessageTypeDefinition<_raft_v1_GetResponse, _raft_v1_GetResponse__Output>
      PutRequest: MessageTypeDefinition<_raft_v1_PutRequest, _raft_v1_PutRequest__Output>
      PutResponse: MessageTypeDefinition<_raft_v1_PutResponse, _raft_v1_PutResponse__Output>
      StatusRequest: MessageTypeDefinition<_raft_v1_StatusRequest, _raft_v1_StatusRequest__Output>
      StatusResponse: MessageTypeDefinition<_raft_v1_StatusResponse, _raft_v1_StatusResponse__Output>
      TestKv: SubtypeConstructor<typeof grpc.Client, _raft_v1_TestKvClient> & { service: _raft_v1_TestKvDefinition }
    }
  }
}

