import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetVersionRequest as _orca_v1_GetVersionRequest, GetVersionRequest__Output as _orca_v1_GetVersionRequest__Output } from './orca/v1/GetVersionRequest.js';
import type { VersionInfo as _orca_v1_VersionInfo, VersionInfo__Output as _orca_v1_VersionInfo__Output } from './orca/v1/VersionInfo.js';
import type { VersionServiceClient as _orca_v1_VersionServiceClient, VersionServiceDefinition as _orca_v1_VersionServiceDefinition } from './orca/v1/VersionService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  orca: {
    v1: {
      GetVersionRequest: MessageTypeDefinition<_orca_v1_GetVersionRequest, _orca_v1_GetVersionRequest__Output>
      VersionInfo: MessageTypeDefinition<_orca_v1_VersionInfo, _orca_v1_VersionInfo__Output>
      VersionService: SubtypeConstructor<typeof grpc.Client, _orca_v1_VersionServiceClient> & { service: _orca_v1_VersionServiceDefinition }
    }
  }
}

