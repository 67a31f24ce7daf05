// Original file: proto/raft/v1/raft.proto

import type { Configuration as _raft_v1_Configuration, Configuration__Output as _raft_v1_Configuration__Output } from '../../raft/v1/Configuration.js';
import type { Long } from '@grpc/proto-loader';

export interface SnapshotMeta {
  'id'?: (string);
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'configuration'?: (_raft_v1_Configuration | null);
  'configurationIndex'?: (number | string | Long);
  'size'?: (number | string | Long);
}

export interface SnapshotMeta__Output {
  'id': (string);
  'index': (number);
  'term': (number);
  'configuration': (_raft_v1_Configuration__Output | null);
  'configurationIndex': (number);
  'size': (number);
}
