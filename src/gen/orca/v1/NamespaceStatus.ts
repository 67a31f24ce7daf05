// Original file: proto/orca/v1/core.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';

export interface NamespaceStatus {
  'phase'?: (string);
  'conditions'?: (_orca_v1_Condition)[];
}

export interface NamespaceStatus__Output {
  'phase': (string);
  'conditions': (_orca_v1_Condition__Output)[];
}
