// Original file: proto/raft/v1/raft.proto

import type { Server as _raft_v1_Server, Server__Output as _raft_v1_Server__Output } from '../../raft/v1/Server.js';

export interface Configuration {
  'servers'?: (_raft_v1_Server)[];
}

export interface Configuration__Output {
  'servers': (_raft_v1_Server__Output)[];
}
