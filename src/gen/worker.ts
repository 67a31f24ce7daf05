import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExecOutput as _orca_v1_ExecOutput, ExecOutput__Output as _orca_v1_ExecOutput__Output } from './orca/v1/ExecOutput.js';
import type { ExecRequest as _orca_v1_ExecRequest, ExecRequest__Output as _orca_v1_ExecRequest__Output } from './orca/v1/ExecRequest.js';
import type { LogChunk as _orca_v1_LogChunk, LogChunk__Output as _orca_v1_LogChunk__Output } from './orca/v1/LogChunk.js';
import type { LogsRequest as _orca_v1_LogsRequest, LogsRequest__Output as _orca_v1_LogsRequest__Output } from './orca/v1/LogsRequest.js';
import type { WorkerServiceClient as _orca_v1_WorkerServiceClient, WorkerServiceDefinition as _orca_v1_WorkerServiceDefinition } from './orca/v1/WorkerService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      ExecOutput: MessageTypeDefinition<_orca_v1_ExecOutput, _orca_v1_ExecOutput__Output>
      ExecRequest: MessageTypeDefinition<_orca_v1_ExecRequest, _orca_v1_ExecRequest__Output>
      LogChunk: MessageTypeDefinition<_orca_v1_LogChunk, _orca_v1_LogChunk__Output>
      LogsRequest: MessageTypeDefinition<_orca_v1_LogsRequest, _orca_v1_LogsRequest__Output>
      WorkerService: SubtypeConstructor<typeof grpc.Client, _orca_v1_WorkerServiceClient> & { service: _orca_v1_WorkerServiceDefinition }
    }
  }
}

