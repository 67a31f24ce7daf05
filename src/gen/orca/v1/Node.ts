// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { NodeSpec as _orca_v1_NodeSpec, NodeSpec__Output as _orca_v1_NodeSpec__Output } from '../../orca/v1/NodeSpec.js';
import type { NodeStatus as _orca_v1_NodeStatus, NodeStatus__Output as _orca_v1_NodeStatus__Output } from '../../orca/v1/NodeStatus.js';

export interface Node {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'spec'?: (_orca_v1_NodeSpec | null);
  'status'?: (_orca_v1_NodeStatus | null);
}

export interface Node__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'spec': (_orca_v1_NodeSpec__Output | null);
  'status': (_orca_v1_NodeStatus__Output | null);
}
