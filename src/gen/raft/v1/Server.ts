// Original file: proto/raft/v1/raft.proto

import type { Suffrage as _raft_v1_Suffrage, Suffrage__Output as _raft_v1_Suffrage__Output } from '../../raft/v1/Suffrage.js';

export interface Server {
  'id'?: (string);
  'address'?: (string);
  'suffrage'?: (_raft_v1_Suffrage);
}

export interface Server__Output {
  'id': (string);
  'address': (string);
  'suffrage': (_raft_v1_Suffrage__Output);
}
