// Original file: proto/orca/v1/core.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';
import type { NodeAddress as _orca_v1_NodeAddress, NodeAddress__Output as _orca_v1_NodeAddress__Output } from '../../orca/v1/NodeAddress.js';
import type { NodeSystemInfo as _orca_v1_NodeSystemInfo, NodeSystemInfo__Output as _orca_v1_NodeSystemInfo__Output } from '../../orca/v1/NodeSystemInfo.js';

export interface NodeStatus {
  'capacity'?: ({[key: string]: string});
  'allocatable'?: ({[key: string]: string});
  'phase'?: (string);
  'conditions'?: (_orca_v1_Condition)[];
  'addresses'?: (_orca_v1_NodeAddress)[];
  'nodeInfo'?: (_orca_v1_NodeSystemInfo | null);
}

export interface NodeStatus__Output {
  'capacity': ({[key: string]: string});
  'allocatable': ({[key: string]: string});
  'phase': (string);
  'conditions': (_orca_v1_Condition__Output)[];
  'addresses': (_orca_v1_NodeAddress__Output)[];
  'nodeInfo': (_orca_v1_NodeSystemInfo__Output | null);
}
