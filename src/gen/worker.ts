import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExecOutput as _orca_v1_ExecOutput, ExecOutput__Output as _orca_v1_ExecOutput__Output } from './orca/v1/ExecOutput.js';
import type { ExecRequest as _orca_v1_ExecRequest, ExecRequest__Output as _orca_v1_ExecRequest__Output } from './orca/v1/ExecRequest.js';
import type { LogChunk as _orca_v1_LogChunk, LogChunk__Output as _orca_v1_LogChunk__Output } from './orca/v1/LogChunk.js';
import type { LogsRequest as _orca_v1_LogsRequest, LogsRequest__Output as _orca_v1_LogsRequest__Output } from './orca/v1/LogsRequest.js';
import type { PodStreamCloseChannel as _orca_v1_PodStreamCloseChannel, PodStreamCloseChannel__Output as _orca_v1_PodStreamCloseChannel__Output } from './orca/v1/PodStreamCloseChannel.js';
import type { PodStreamData as _orca_v1_PodStreamData, PodStreamData__Output as _orca_v1_PodStreamData__Output } from './orca/v1/PodStreamData.js';
import type { PodStreamExit as _orca_v1_PodStreamExit, PodStreamExit__Output as _orca_v1_PodStreamExit__Output } from './orca/v1/PodStreamExit.js';
import type { PodStreamFrame as _orca_v1_PodStreamFrame, PodStreamFrame__Output as _orca_v1_PodStreamFrame__Output } from './orca/v1/PodStreamFrame.js';
import type { PodStreamOpen as _orca_v1_PodStreamOpen, PodStreamOpen__Output as _orca_v1_PodStreamOpen__Output } from './orca/v1/PodStreamOpen.js';
import type { PodStreamStarted as _orca_v1_PodStreamStarted, PodStreamStarted__Output as _orca_v1_PodStreamStarted__Output } from './orca/v1/PodStreamStarted.js';
import type { TerminalSize as _orca_v1_TerminalSize, TerminalSize__Output as _orca_v1_TerminalSize__Output } from './orca/v1/TerminalSize.js';
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
      PodStreamChannel: EnumTypeDefinition
      PodStreamCloseChannel: MessageTypeDefinition<_orca_v1_PodStreamCloseChannel, _orca_v1_PodStreamCloseChannel__Output>
      PodStreamData: MessageTypeDefinition<_orca_v1_PodStreamData, _orca_v1_PodStreamData__Output>
      PodStreamExit: MessageTypeDefinition<_orca_v1_PodStreamExit, _orca_v1_PodStreamExit__Output>
      PodStreamFrame: MessageTypeDefinition<_orca_v1_PodStreamFrame, _orca_v1_PodStreamFrame__Output>
      PodStreamKind: EnumTypeDefinition
      PodStreamOpen: MessageTypeDefinition<_orca_v1_PodStreamOpen, _orca_v1_PodStreamOpen__Output>
      PodStreamStarted: MessageTypeDefinition<_orca_v1_PodStreamStarted, _orca_v1_PodStreamStarted__Output>
      TerminalSize: MessageTypeDefinition<_orca_v1_TerminalSize, _orca_v1_TerminalSize__Output>
      WorkerService: SubtypeConstructor<typeof grpc.Client, _orca_v1_WorkerServiceClient> & { service: _orca_v1_WorkerServiceDefinition }
    }
  }
}

