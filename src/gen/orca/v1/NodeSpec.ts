// Original file: proto/orca/v1/core.proto

import type { Taint as _orca_v1_Taint, Taint__Output as _orca_v1_Taint__Output } from '../../orca/v1/Taint.js';

export interface NodeSpec {
  'podCidr'?: (string);
  'podCidrs'?: (string)[];
  'providerId'?: (string);
  'unschedulable'?: (boolean);
  'taints'?: (_orca_v1_Taint)[];
}

export interface NodeSpec__Output {
  'podCidr': (string);
  'podCidrs': (string)[];
  'providerId': (string);
  'unschedulable': (boolean);
  'taints': (_orca_v1_Taint__Output)[];
}
