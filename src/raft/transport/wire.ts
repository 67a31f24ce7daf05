/**
 * The raft.v1 service as grpc-js sees it, loaded once from the .proto with the
 * loader options the generated types assume (src/gen/loader.ts).
 */
import { loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { loaderOptions, protoDir } from '../../gen/loader.js';
import type { RaftTransportClient, RaftTransportDefinition } from '../../gen/raft/v1/RaftTransport.js';
import { assert } from '../errors.js';

export interface RaftWire {
  readonly service: RaftTransportDefinition;
  readonly Client: new (...args: ConstructorParameters<ServiceClientConstructor>) => RaftTransportClient;
}

let loaded: RaftWire | null = null;

export function raftWire(): RaftWire {
  if (loaded !== null) return loaded;
  const root = protoDir();
  const definition = loadSync(join(root, 'raft/v1/raft.proto'), { ...loaderOptions, includeDirs: [root] });
  const grpcObject = loadPackageDefinition(definition) as unknown as {
    raft?: { v1?: { RaftTransport?: ServiceClientConstructor } };
  };
  const constructor = grpcObject.raft?.v1?.RaftTransport;
  assert(constructor !== undefined, 'raft.v1.RaftTransport missing from raft/v1/raft.proto');
  loaded = {
    service: constructor.service as RaftTransportDefinition,
    Client: constructor as unknown as RaftWire['Client'],
  };
  return loaded;
}
