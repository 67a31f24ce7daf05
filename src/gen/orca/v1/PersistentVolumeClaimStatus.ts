// Original file: proto/orca/v1/storage.proto

import type { Condition as _orca_v1_Condition, Condition__Output as _orca_v1_Condition__Output } from '../../orca/v1/Condition.js';

export interface PersistentVolumeClaimStatus {
  'phase'?: (string);
  'accessModes'?: (string)[];
  'capacity'?: ({[key: string]: string});
  'conditions'?: (_orca_v1_Condition)[];
}

export interface PersistentVolumeClaimStatus__Output {
  'phase': (string);
  'accessModes': (string)[];
  'capacity': ({[key: string]: string});
  'conditions': (_orca_v1_Condition__Output)[];
}
